/* sim/airports.c - the region's airports by ICAO code (published aerodrome reference points,
 * rounded to 0.001 degree; elevations in metres), for airliner routes and traffic generators. */
#include "sim/sim_internal.h"

#include <string.h>
#include <strings.h>

typedef struct airport {
    const char *icao;
    double lat, lon, elev;
} airport;

static const airport airports[] = {
    {"OTHH", 25.273, 51.608, 4},    /* Doha Hamad */
    {"OBBI", 26.271, 50.634, 2},    /* Bahrain */
    {"OMDB", 25.253, 55.364, 19},   /* Dubai */
    {"OMDW", 24.896, 55.161, 52},   /* Dubai World Central */
    {"OMAA", 24.433, 54.651, 27},   /* Abu Dhabi */
    {"OMSJ", 25.329, 55.517, 34},   /* Sharjah */
    {"OMAL", 24.262, 55.609, 265},  /* Al Ain */
    {"OMRK", 25.613, 55.939, 31},   /* Ras Al Khaimah */
    {"OERK", 24.958, 46.699, 625},  /* Riyadh */
    {"OEJN", 21.680, 39.157, 15},   /* Jeddah */
    {"OEDF", 26.471, 49.798, 22},   /* Dammam */
    {"OEMA", 24.553, 39.705, 654},  /* Madinah */
    {"OETB", 28.365, 36.619, 776},  /* Tabuk */
    {"OEAB", 18.240, 42.657, 2093}, /* Abha */
    {"OEGS", 26.303, 43.774, 648},  /* Qassim */
    {"OEHL", 27.438, 41.686, 1013}, /* Hail */
    {"OETF", 21.483, 40.544, 1478}, /* Taif */
    {"HECA", 30.122, 31.406, 116},  /* Cairo */
    {"HEBA", 30.918, 29.696, 54},   /* Alexandria Borg el Arab */
    {"HEGN", 27.178, 33.799, 16},   /* Hurghada */
    {"HESH", 27.977, 34.395, 43},   /* Sharm el-Sheikh */
    {"HELX", 25.671, 32.706, 89},   /* Luxor */
    {"HESN", 23.964, 32.820, 201},  /* Aswan */
    {"OJAI", 31.723, 35.993, 721},  /* Amman Queen Alia */
    {"OJAQ", 29.612, 35.018, 53},   /* Aqaba */
    {"OKKK", 29.241, 47.969, 63},   /* Kuwait */
    {"OOMS", 23.593, 58.284, 15},   /* Muscat */
};

int sim_airport_find(const char *code, double *lat, double *lon, double *elev_m)
{
    for (size_t i = 0; code && i < sizeof airports / sizeof *airports; i++)
        if (!strcasecmp(airports[i].icao, code)) {
            *lat = airports[i].lat;
            *lon = airports[i].lon;
            *elev_m = airports[i].elev;
            return 0;
        }
    return -1;
}

int sim_airport_count(void) { return (int)(sizeof airports / sizeof *airports); }
const char *sim_airport_code(int i) { return airports[i].icao; }
