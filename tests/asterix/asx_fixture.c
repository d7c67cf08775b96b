/* tests/asterix/asx_fixture.c - fixtures made by our own encoder, for tshark to judge.
 *
 *   asx_fixture OUT.pcap OUT.raw [N]
 *
 * Writes N (default 8) records per category in which EVERY item of the UAP is present (every
 * subfield of every compound, two elements of every repetition, SP and RE), each field set to a
 * different value through the typed struct, then encoded with asx_encode.  The pcap (one block
 * per datagram, UDP port 8600) goes to tshark; the raw file is what we expect it to see.
 * I062/510 is left out: tshark 4.0 mis-sizes it (asterix-notes §7.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asterix.h"
#include "ingest/ing_pcap.h"

static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

/* A value that fits the field, well inside its range (tshark checks no ranges, but keep the
 * values plausible: no negative times, no latitudes past 90). */
static void set_field(const asx_field *f, uint8_t *base, uint64_t sel)
{
    if (f->off == ASX_NOFF)
        return;
    void *m = base + f->off;
    unsigned vb = f->bits > 3 ? f->bits - 2 : f->bits;
    uint64_t raw = next() & (vb >= 64 ? ~0ULL : (1ULL << vb) - 1);
    switch (f->store) {
    case ASX_S_U8: *(uint8_t *)m = (uint8_t)raw; break;
    case ASX_S_U16: *(uint16_t *)m = (uint16_t)raw; break;
    case ASX_S_U32: *(uint32_t *)m = (uint32_t)raw; break;
    case ASX_S_U64: *(uint64_t *)m = raw; break;
    case ASX_S_I32: *(int32_t *)m = (int32_t)(raw >> 1) * (raw & 1 ? -1 : 1); break;
    case ASX_S_F64: {
        const asx_field *sc = f->type == ASX_T_CASE && sel == 1 ? f->alt : f;
        double v = (double)raw * sc->lsb;
        if (f->type == ASX_T_SQ && (next() & 1))
            v = -v;
        *(double *)m = v;
        break;
    }
    case ASX_S_STR: {
        char *s = m;
        unsigned n = f->type == ASX_T_ICAO ? f->bits / 6 : f->bits / 8;
        for (unsigned i = 0; i < n; i++)
            s[i] = (char)(next() % 3 == 0 ? '0' + next() % 10 : 'A' + next() % 26);
        s[n] = 0;
        break;
    }
    default:
        break;
    }
}

static void set_fields(const asx_item *it, uint8_t *base)
{
    uint64_t sel = 0;
    for (unsigned i = 0; i < it->nf; i++) {
        set_field(&it->f[i], base, sel);
        if (it->f[i].store == ASX_S_U8)
            sel = *(uint8_t *)(base + it->f[i].off);
    }
}

static void fill(const asx_item *it, uint8_t *base)
{
    switch (it->var) {
    case ASX_V_FIXED:
        set_fields(it, base);
        break;
    case ASX_V_EXTENDED:
        set_fields(it, base);
        base[0] = it->nparts; /* every extent */
        break;
    case ASX_V_REP:
    case ASX_V_REPFX:
        *(uint16_t *)base = 2;
        for (unsigned i = 0; i < 2; i++)
            set_fields(it, base + it->eoff + i * it->esize);
        break;
    case ASX_V_COMPOUND: {
        uint32_t bits = 0;
        for (unsigned k = 0; k < it->nsub; k++) {
            if (it->sub[k].var == ASX_V_NONE)
                continue;
            bits |= 1u << k;
            fill(&it->sub[k], base + it->sub[k].off);
        }
        *(uint32_t *)base = bits;
        break;
    }
    case ASX_V_EXPLICIT: {
        asx_explicit *x = (asx_explicit *)base;
        x->len = (uint8_t)(1 + next() % 6);
        for (unsigned i = 0; i < x->len; i++)
            x->data[i] = (uint8_t)next();
        break;
    }
    default:
        break;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: asx_fixture OUT.pcap OUT.raw [N]\n");
        return 2;
    }
    int n = argc > 3 ? atoi(argv[3]) : 8;
    ing_pcap_writer *w;
    sw_err e;
    FILE *raw = fopen(argv[2], "wb");
    if (!raw || ing_pcap_create(&w, argv[1], &e))
        return fprintf(stderr, "asx_fixture: %s\n", raw ? e.msg : "cannot write raw"), 1;
    static asx_any rec;
    static uint8_t buf[65536];
    double ts = 1700000000.0;
    for (const asx_uap *const *u = asx_uaps; *u; u++) {
        for (int k = 0; k < n; k++) {
            memset(&rec, 0, sizeof rec);
            uint8_t *r = (uint8_t *)&rec;
            uint64_t present = 0;
            for (unsigned i = 0; i < (*u)->nfrn; i++) {
                const asx_item *it = &(*u)->items[i];
                if (it->var == ASX_V_NONE || ((*u)->cat == 62 && !strcmp(it->id, "510")))
                    continue;
                present |= 1ULL << i;
                fill(it, r + it->off);
            }
            *(uint64_t *)r = present;
            asx_writer wr;
            asx_writer_init(&wr, buf, sizeof buf, 65535);
            if (asx_writer_add(&wr, *u, &rec, &e))
                return fprintf(stderr, "asx_fixture: CAT%03d: %s\n", (*u)->cat, e.msg), 1;
            size_t len = asx_writer_finish(&wr);
            fwrite(buf, 1, len, raw);
            static const uint8_t lo[4] = {127, 0, 0, 1};
            if (ing_pcap_write(w, ts, lo, 40000, lo, 8600, buf, len, &e))
                return fprintf(stderr, "asx_fixture: %s\n", e.msg), 1;
            ts += 0.01;
        }
    }
    fclose(raw);
    return ing_pcap_finish(w, &e) ? 1 : 0;
}
