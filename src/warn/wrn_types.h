/* warn/wrn_types.h - the warning and its acknowledgement: the plain structs warn/ hands to the
 * network, the audit log and CAP export.
 *
 * Both map 1:1 onto the DDS types SkyWeave::Warning and SkyWeave::WarningAck (docs/warnings.md
 * gives the IDL): every field has a field of the same name on the wire, times are UTC seconds
 * here and int64 UTC nanoseconds on the wire, strings are fixed NUL-terminated arrays.  They hold
 * no pointers, so they can be copied, queued and sent as they are.
 *
 * The warning id is deterministic: (system track number << 32) | area id, where the area id is
 * the FNV-1a hash of "NATION/area name" (wrn_area_id).  Every node computes the same id for the
 * same threat and area, so a warning seen by several nodes is one warning, never a duplicate. */
#ifndef SW_WRN_TYPES_H
#define SW_WRN_TYPES_H

#include <stddef.h>
#include <stdint.h>

#define WRN_NATION_LEN 4     /* ISO 3166 alpha-2 or alpha-3 + NUL */
#define WRN_AREA_NAME 32
#define WRN_TEXT_LEN 160
#define WRN_OPERATOR_LEN 32

/* The state a warning message announces. */
typedef enum {
    WRN_ISSUE = 1,    /* first message: the threat points at the area */
    WRN_UPDATE = 2,   /* the prediction changed (ellipse shrank, time moved, probability moved) */
    WRN_RETRACT = 3,  /* the threat no longer points at the area (it may be issued again) */
    WRN_CLOSE = 4     /* final: impact, arrival passed, or the track was lost */
} wrn_state;

/* What the prediction is: an impact point (ballistic) or an arrival over the area (air-breathing). */
typedef enum { WRN_KIND_IMPACT = 1, WRN_KIND_ARRIVAL = 2 } wrn_kind;

typedef struct sw_warning {
    uint64_t id;               /* (stn << 32) | area_id: the same on every node */
    char issuer[WRN_NATION_LEN];   /* nation whose node made this message */
    uint32_t revision;         /* per issuer and id: 1, 2, 3 ... (acks name it) */
    double time;               /* UTC s: time of validity of the track state it was made from */
    double issued;             /* UTC s: when this issuer first issued it */
    double expires;            /* UTC s: lapses by itself after this (arrival + margin) */
    uint32_t stn;              /* the system track of the threat */
    uint32_t area_id;          /* wrn_area_id(threatened, area) */
    uint8_t state;             /* wrn_state */
    uint8_t cls;               /* sw_class of the threat */
    uint8_t priority;          /* the area's priority, 1 = highest */
    uint8_t kind;              /* wrn_kind */
    char threatened[WRN_NATION_LEN]; /* the nation warned */
    char area[WRN_AREA_NAME];  /* its defended area */
    float probability;         /* of impact / arrival inside the area, 0..1 */
    float cls_conf;            /* classification confidence 0..1 */
    double impact_lat_deg;     /* predicted impact point, or the air-breathing threat's */
    double impact_lon_deg;     /*   predicted position at its closest approach to the area */
    double ellipse_major_m;    /* 1-sigma semi-axes of the position error ellipse there */
    double ellipse_minor_m;
    double ellipse_orient_deg; /* major axis, clockwise from north, [0, 180) */
    double arrival;            /* UTC s: predicted impact / entry into the area */
    double arrival_sd_s;       /* its 1-sigma uncertainty */
    char text[WRN_TEXT_LEN];   /* one human line ("ballistic, impact Doha 12:03:10Z, p=0.93") */
} sw_warning;

/* A threatened nation's acknowledgement of one message (issuer, revision) of a warning.  It
 * acknowledges that revision and every earlier one of the same issuer.  sig is the Ed25519
 * signature of the acknowledging nation's audit key over wrn_ack_bytes(). */
typedef struct wrn_ack {
    uint64_t warning_id;
    char nation[WRN_NATION_LEN];   /* who acknowledges (the threatened nation) */
    char issuer[WRN_NATION_LEN];   /* whose message is acknowledged */
    uint32_t revision;
    uint8_t state;                 /* the wrn_state of that revision */
    uint8_t pad[3];
    double time;                   /* UTC s when acknowledged */
    char operator_id[WRN_OPERATOR_LEN]; /* "auto" for the node's automatic receipt */
    uint8_t sig[64];
} wrn_ack;

const char *wrn_state_name(int state);   /* "issue", "update", "retract", "close", "?" */
const char *wrn_class_name(int cls);     /* "unknown", "aircraft", "ballistic", "cruise", "drone" */
/* "0000002a9c1d33f0": the id as 16 lower-case hex digits; buf needs 17 bytes. */
char *wrn_id_hex(uint64_t id, char *buf);
/* Parses 1..16 hex digits; returns 0 and sets *id, or -1. */
int wrn_id_parse(const char *s, uint64_t *id);
/* A nation code: 2 or 3 upper-case letters, NUL-terminated within cap bytes. */
int wrn_nation_ok(const char *s, size_t cap);

#endif
