/* bench/bench_asx_gen.c - a large, realistic radar recording made by our own encoder.
 *
 *   bench_asx_gen OUT.pcap OUT.ast [N_RECORDS]      (default 320000 CAT048 records)
 *
 * Eight Mode S radars (SAC 25, SIC 1..8, 4 to 5 s scans, 32 sectors) see 300 aircraft each that
 * fly straight at airliner speeds.  Every plot carries what the Croatian network's do (I048/010
 * 140 020 040 070 090 130 220 240 250 161 042 200 170 230); each sector's plots go out in one
 * datagram (split at 1400 octets) after a CAT034 sector crossing, with a north marker per turn.
 * OUT.pcap has the UDP frames, OUT.ast the same payloads back to back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asterix.h"
#include "ingest/ing_pcap.h"

#define RADARS 8
#define PLANES 300
#define NM 1852.0

typedef struct plane {
    double x, y, vx, vy, fl;
    uint32_t addr;
    uint16_t squawk, trn;
    char ident[9];
} plane;

static plane planes[RADARS][PLANES];
static uint64_t seed = 88172645463325252ULL;
static double rnd(void)
{
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return (double)(seed >> 11) / 9007199254740992.0;
}

static ing_pcap_writer *pw;
static FILE *raw;
static long n048, n034, ndg;

static void send(double t, int sic, const uint8_t *p, size_t n)
{
    uint8_t src[4] = {10, 17, 58, (uint8_t)(100 + sic)}, dst[4] = {232, 1, 1, (uint8_t)sic};
    sw_err e;
    if (ing_pcap_write(pw, t, src, 20000, dst, (uint16_t)(21100 + sic), p, n, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        exit(1);
    }
    fwrite(p, 1, n, raw);
    ndg++;
}

static void service(asx_writer *w, int sic, int type, double tod, int sector)
{
    static asx034 s;
    memset(&s, 0, sizeof s);
    s.present = 1 | 2 | 4 | (type == 2 ? 8 : 0) | (type == 1 ? 1u << (ASX034_FRN_050 - 1) : 0);
    s.i010.sac = 25;
    s.i010.sic = (uint8_t)sic;
    s.i000.msg_type = (uint8_t)type;
    s.i030.tod_s = tod;
    s.i020.sector_deg = sector * 11.25;
    s.i050.present = 1;
    sw_err e;
    if (asx_writer_add(w, asx_uap_find(34, NULL), &s, &e))
        exit(1);
    n034++;
}

static sw_rc plot(asx_writer *w, int sic, const plane *a, double tod, double rho, double theta)
{
    static asx048 r;
    r.present = 0;
#define SET(i) r.present |= 1ULL << (ASX048_FRN_##i - 1)
    SET(010), SET(140), SET(020), SET(040), SET(070), SET(090), SET(130), SET(220), SET(240),
        SET(250), SET(161), SET(042), SET(200), SET(170), SET(230);
    r.i010.sac = 25;
    r.i010.sic = (uint8_t)sic;
    r.i140.tod_s = tod;
    memset(&r.i020, 0, sizeof r.i020);
    r.i020.typ = rnd() < 0.6 ? 5 : 7;
    r.i040.rho_nm = rho / NM;
    r.i040.theta_deg = theta;
    memset(&r.i070, 0, sizeof r.i070);
    r.i070.mode3a = a->squawk;
    memset(&r.i090, 0, sizeof r.i090);
    r.i090.fl = a->fl;
    r.i130.present = 1 | 2 | 4;
    r.i130.srl_deg = 0.35 + 0.3 * rnd();
    r.i130.srr = (uint8_t)(6 + 10 * rnd());
    r.i130.sam_dbm = -70 - (int)(20 * rnd());
    r.i220.address = a->addr;
    memcpy(r.i240.ident, a->ident, 9);
    r.i250.n = 1;
    r.i250.e[0].mbdata = ((uint64_t)(seed & 0xffffffffffffULL) << 8) | 0x80;
    r.i250.e[0].bds1 = 4;
    r.i250.e[0].bds2 = 0;
    r.i161.trn = a->trn;
    r.i042.x_nm = fmax(fmin(a->x / NM, 255), -255);
    r.i042.y_nm = fmax(fmin(a->y / NM, 255), -255);
    r.i200.gsp_nmps = hypot(a->vx, a->vy) / NM;
    r.i200.hdg_deg = fmod(atan2(a->vx, a->vy) * 180 / M_PI + 360, 360);
    memset(&r.i170, 0, sizeof r.i170);
    r.i170.rad = 2;
    memset(&r.i230, 0, sizeof r.i230);
    r.i230.com = 1;
    r.i230.mssc = r.i230.arc = r.i230.aic = 1;
    r.i230.b1b = 5;
#undef SET
    sw_err e;
    sw_rc rc = asx_writer_add(w, asx_uap_find(48, NULL), &r, &e);
    if (rc && rc != SW_EFULL) {
        fprintf(stderr, "%s\n", e.msg);
        exit(1);
    }
    n048 += !rc;
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_asx_gen OUT.pcap OUT.ast [N_RECORDS]\n");
        return 2;
    }
    long want = argc > 3 ? atol(argv[3]) : 320000;
    sw_err e;
    if (ing_pcap_create(&pw, argv[1], &e) || !(raw = fopen(argv[2], "wb")))
        return fprintf(stderr, "bench_asx_gen: cannot write\n"), 1;
    for (int s = 0; s < RADARS; s++)
        for (int i = 0; i < PLANES; i++) {
            plane *a = &planes[s][i];
            double r = 20e3 + 330e3 * sqrt(rnd()), b = 2 * M_PI * rnd(), h = 2 * M_PI * rnd(),
                   v = 180 + 80 * rnd();
            a->x = r * sin(b), a->y = r * cos(b), a->vx = v * sin(h), a->vy = v * cos(h);
            a->fl = 100 + 10 * (int)(30 * rnd());
            a->addr = (uint32_t)(0x300000 + s * 4096 + i);
            a->squawk = (uint16_t)(rnd() * 4096);
            a->trn = (uint16_t)(s * PLANES + i);
            snprintf(a->ident, 9, "%c%c%c%04d", 'A' + (int)(26 * rnd()), 'A' + (int)(26 * rnd()),
                     'A' + (int)(26 * rnd()), (int)(10000 * rnd()));
        }
    double t0 = 1700000000.0 + 3 * 3600; /* 2023-11-14T22:13:20Z */
    static uint8_t buf[1400];
    asx_writer w;
    for (double t = 0; n048 < want; t += 1.0 / 8) { /* an eighth of a second per step */
        for (int s = 0; s < RADARS; s++) {
            double period = 4.0 + 0.125 * s, turn = fmod(t / period, 1.0);
            int sector = (int)(turn * 32), prev = (int)(fmod((t - 0.125) / period, 1.0) * 32);
            if (t > 0 && sector == prev)
                continue;
            double tod = fmod(t0 + t, 86400.0);
            asx_writer_init(&w, buf, sizeof buf, sizeof buf);
            service(&w, s + 1, sector == 0 ? 1 : 2, tod, sector);
            /* the plots of the sector the antenna has just swept */
            double lo = (sector + 31) % 32 * 11.25, hi = lo + 11.25;
            for (int i = 0; i < PLANES; i++) {
                plane *a = &planes[s][i];
                double x = a->x + a->vx * t, y = a->y + a->vy * t;
                double az = fmod(atan2(x, y) * 180 / M_PI + 360, 360), rho = hypot(x, y);
                if (az < lo || az >= hi || rho > 255 * NM)
                    continue;
                plane now = *a;
                now.x = x, now.y = y;
                if (plot(&w, s + 1, &now, tod, rho, az) == SW_EFULL) {
                    /* the datagram is full: send it, go on in the next */
                    send(t0 + t, s + 1, buf, asx_writer_finish(&w));
                    plot(&w, s + 1, &now, tod, rho, az);
                }
            }
            size_t n = asx_writer_finish(&w);
            if (n)
                send(t0 + t, s + 1, buf, n);
        }
    }
    fclose(raw);
    if (ing_pcap_finish(pw, &e))
        return fprintf(stderr, "%s\n", e.msg), 1;
    printf("%ld CAT048 + %ld CAT034 records in %ld datagrams\n", n048, n034, ndg);
    return 0;
}
