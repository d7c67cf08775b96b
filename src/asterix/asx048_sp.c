/* asterix/asx048_sp.c - skyweave's content of the CAT048 Special Purpose field: a 3-D radar's
 * height above what I048/110 can hold (asterix.h says why and the layout). */
#include <math.h>

#include "asterix/asterix.h"

#define SP_LEN 7

void asx048_sp_height_put(asx048 *r, double h_ft)
{
    double v = floor(h_ft + 0.5);
    if (v > 2147483647.0)
        v = 2147483647.0;
    if (v < -2147483648.0)
        v = -2147483648.0;
    uint32_t u = (uint32_t)(int32_t)v;
    uint8_t *d = r->sp.data;
    d[0] = 'S';
    d[1] = 'W';
    d[2] = 1;
    d[3] = (uint8_t)(u >> 24);
    d[4] = (uint8_t)(u >> 16);
    d[5] = (uint8_t)(u >> 8);
    d[6] = (uint8_t)u;
    r->sp.len = SP_LEN;
    r->present |= 1ull << (ASX048_FRN_SP - 1);
}

int asx048_sp_height_get(const asx048 *r, double *h_ft)
{
    const uint8_t *d = r->sp.data;
    if (!ASX_HAS(r, 048, SP) || r->sp.len < SP_LEN || d[0] != 'S' || d[1] != 'W' || d[2] != 1)
        return 0;
    uint32_t u = (uint32_t)d[3] << 24 | (uint32_t)d[4] << 16 | (uint32_t)d[5] << 8 | d[6];
    *h_ft = (double)(int32_t)u;
    return 1;
}
