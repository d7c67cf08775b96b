/* bench/bench_asx_decode.c - ASTERIX decoding speed on one core.
 *
 *   bench_asx_decode FILE.ast [SECONDS]
 *
 * FILE is raw ASTERIX (bench_asx_gen makes a realistic one).  Figures, each over repeated passes
 * for about SECONDS (default 3):
 *   CAT048 into structs   asx_iter_decode on the file's CAT048 blocks (the hand-written path)
 *   all into structs      every record of the file, CAT034 by the table path
 *   table path            asx_iter_next + asx_decode, for comparison
 *   JSON in memory        asx_json_record into a buffer (the printer without I/O)
 *   encode                typed records back to octets */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asx_json.h"
#include "core/time.h"

static uint8_t *data, *only48;
static size_t len, len48;
static double secs = 3;
static volatile double sink;

typedef long (*pass_fn)(const uint8_t *b, size_t n);

static long pass_typed(const uint8_t *b, size_t n)
{
    static asx_any a;
    asx_iter it;
    asx_fault f;
    asx_iter_init(&it, b, n, NULL, -1);
    long k = 0;
    int ev;
    while ((ev = asx_iter_decode(&it, &a, &f)) != ASX_END)
        if (ev == ASX_RECORD) {
            k++;
            sink += a.c048.i040.rho_nm;
        }
    return k;
}

static long pass_table(const uint8_t *b, size_t n)
{
    static asx_any a;
    asx_iter it;
    asx_rec r;
    asx_fault f;
    asx_iter_init(&it, b, n, NULL, -1);
    long k = 0;
    int ev;
    while ((ev = asx_iter_next(&it, &r, &f)) != ASX_END)
        if (ev == ASX_RECORD && asx_decode(&r, &a, &f) == SW_OK)
            k++;
    return k;
}

static char jbuf[1 << 20];
static int drop(void *ctx, const char *p, size_t n)
{
    (void)ctx, (void)p;
    sink += (double)n;
    return 0;
}

static long pass_json(const uint8_t *b, size_t n)
{
    asx_jout o;
    asx_jout_init(&o, jbuf, sizeof jbuf, drop, NULL);
    asx_iter it;
    asx_rec r;
    asx_fault f;
    asx_iter_init(&it, b, n, NULL, -1);
    long k = 0;
    int ev;
    asx_jmeta m = {0, 0, NULL, NULL, 0, 0, -1};
    while ((ev = asx_iter_next(&it, &r, &f)) != ASX_END)
        if (ev == ASX_RECORD) {
            m.block = it.block;
            m.record = it.record;
            asx_json_record(&o, &m, &r);
            k++;
        }
    asx_jout_flush(&o);
    return k;
}

static long pass_encode(const uint8_t *b, size_t n)
{
    static asx_any a;
    static uint8_t out[65536];
    asx_iter it;
    asx_fault f;
    sw_err e;
    asx_iter_init(&it, b, n, NULL, -1);
    long k = 0;
    int ev;
    while ((ev = asx_iter_decode(&it, &a, &f)) != ASX_END)
        if (ev == ASX_RECORD) {
            size_t m;
            if (asx_encode(it.uap, &a, out, sizeof out, &m, &e) == SW_OK)
                k++;
        }
    return k;
}

static void run(const char *what, pass_fn fn, const uint8_t *b, size_t n)
{
    long recs = 0;
    int passes = 0;
    double t0 = sw_time_mono(), t;
    do {
        recs += fn(b, n);
        passes++;
    } while ((t = sw_time_mono() - t0) < secs);
    printf("%-22s %10.2f M records/s  (%ld records in %d passes, %.2f s)\n", what, recs / t / 1e6,
           recs, passes, t);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_asx_decode FILE.ast [SECONDS]\n");
        return 2;
    }
    if (argc > 2)
        secs = atof(argv[2]);
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return perror(argv[1]), 1;
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    data = malloc(len);
    only48 = malloc(len);
    if (!data || !only48 || fread(data, 1, len, f) != len)
        return fprintf(stderr, "cannot read %s\n", argv[1]), 1;
    fclose(f);
    /* the CAT048 blocks alone */
    for (size_t p = 0; p + 3 <= len;) {
        size_t n = (size_t)data[p + 1] << 8 | data[p + 2];
        if (n < 3 || p + n > len)
            break;
        if (data[p] == 48) {
            memcpy(only48 + len48, data + p, n);
            len48 += n;
        }
        p += n;
    }
    printf("%s: %zu octets, %zu of them CAT048 blocks\n", argv[1], len, len48);
    run("CAT048 into structs", pass_typed, only48, len48);
    run("all into structs", pass_typed, data, len);
    run("table path (all)", pass_table, data, len);
    run("JSON in memory (all)", pass_json, data, len);
    run("encode (all)", pass_encode, data, len);
    return 0;
}
