/* tests/net/sw_probe.c - an attacker / outsider participant for the network tests.
 *
 * Joins a domain with whatever identity it is given (or none), tries to write local tracks into
 * a partition with a chosen nation in the samples, and tries to read a partition, then prints
 * what happened on one line:
 *   writer=ok|refused reader=ok|refused matched=N written=N received=N
 * Positions are far outside any test scenario (900 km east), so a node's picture shows at once
 * whether an injected track got in. */
#include "net/net.h"

#include <dds/dds.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(void)
{
    fprintf(stderr, "usage: sw_probe --domain D [--keys DIR --id NAME | --insecure] "
                    "[--write-part P --write-as NATION --count N] [--read-part P] [--duration S]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *keys = NULL, *id = NULL, *wpart = NULL, *wnat = "QA", *rpart = NULL;
    int domain = 0, count = 20, insecure = 0;
    double duration = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--insecure")) {
            insecure = 1;
            continue;
        }
        if (i + 1 >= argc)
            usage();
        const char *a = argv[i], *v = argv[++i];
        if (!strcmp(a, "--domain"))
            domain = atoi(v);
        else if (!strcmp(a, "--keys"))
            keys = v;
        else if (!strcmp(a, "--id"))
            id = v;
        else if (!strcmp(a, "--write-part"))
            wpart = v;
        else if (!strcmp(a, "--write-as"))
            wnat = v;
        else if (!strcmp(a, "--read-part"))
            rpart = v;
        else if (!strcmp(a, "--count"))
            count = atoi(v);
        else if (!strcmp(a, "--duration"))
            duration = atof(v);
        else
            usage();
    }
    net_dds_config c;
    net_dds_config_default(&c);
    c.domain = domain;
    c.secure = !insecure;
    if (c.secure) {
        if (!keys || !id)
            usage();
        net_secfiles_in_dir(&c.sec, keys, id);
    }
    char *xml = NULL;
    sw_err err;
    if (net_xml_build(&c, &xml, &err)) {
        fprintf(stderr, "sw_probe: %s\n", err.msg);
        return 1;
    }
    dds_entity_t dom = dds_create_domain((dds_domainid_t)domain, xml);
    free(xml);
    dds_entity_t pp = dds_create_participant((dds_domainid_t)domain, NULL, NULL);
    if (dom < 0 || pp < 0) {
        printf("participant=refused (%s)\n", dds_strretcode(pp));
        return 0;
    }
    dds_entity_t tp = dds_create_topic(pp, &SkyWeave_LocalTrack_desc, "sw_local_track", NULL, NULL);
    dds_qos_t *q = dds_create_qos();
    dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_MSECS(200));
    dds_qset_durability(q, DDS_DURABILITY_TRANSIENT_LOCAL);
    dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 1);
    dds_entity_t wr = -1, rd = -1;
    const char *wres = "none", *rres = "none";
    if (wpart) {
        dds_qos_t *pq = dds_create_qos();
        dds_qset_partition1(pq, wpart);
        dds_entity_t pub = dds_create_publisher(pp, pq, NULL);
        dds_delete_qos(pq);
        wr = pub < 0 ? pub : dds_create_writer(pub, tp, q, NULL);
        wres = wr < 0 ? "refused" : "ok";
    }
    if (rpart) {
        dds_qos_t *pq = dds_create_qos();
        dds_qset_partition1(pq, rpart);
        dds_entity_t sub = dds_create_subscriber(pp, pq, NULL);
        dds_delete_qos(pq);
        rd = sub < 0 ? sub : dds_create_reader(sub, tp, q, NULL);
        rres = rd < 0 ? "refused" : "ok";
    }
    dds_delete_qos(q);
    int written = 0, received = 0;
    uint32_t matched = 0;
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        double el = (double)(now.tv_sec - t0.tv_sec) + 1e-9 * (double)(now.tv_nsec - t0.tv_nsec);
        if (el > duration)
            break;
        if (wr > 0 && written < count) {
            SkyWeave_LocalTrack s;
            memset(&s, 0, sizeof s);
            snprintf(s.nation, sizeof s.nation, "%s", wnat);
            s.track_id = 900000 + (uint32_t)written;
            struct timespec rt;
            clock_gettime(CLOCK_REALTIME, &rt);
            s.time_ns = s.t_first_ns = s.t_update_ns = s.plot_in_ns =
                (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec;
            s.status = SW_TRK_CONFIRMED;
            s.dim = 3;
            /* 900 km east of the equator/meridian origin is far from any test scenario; the
             * receiving node converts from ECEF, so put it far from Earth's surface origin too */
            s.pos_ecef[0] = 6378137.0 + 10000;
            s.pos_ecef[1] = 900000.0;
            s.pos_ecef[2] = 900000.0;
            for (int k = 0; k < 21; k++)
                s.cov_ecef[k] = 0;
            s.cov_ecef[0] = s.cov_ecef[6] = s.cov_ecef[11] = 1e4;
            s.cov_ecef[15] = s.cov_ecef[18] = s.cov_ecef[20] = 100;
            if (dds_write(wr, &s) >= 0)
                written++;
        }
        if (rd > 0) {
            SkyWeave_LocalTrack buf[16];
            void *ptr[16];
            dds_sample_info_t info[16];
            for (int k = 0; k < 16; k++)
                ptr[k] = &buf[k];
            int k = dds_take(rd, ptr, info, 16, 16);
            for (int j = 0; j < k; j++)
                received += info[j].valid_data;
        }
        if (wr > 0) {
            dds_publication_matched_status_t m;
            if (dds_get_publication_matched_status(wr, &m) >= 0 && m.current_count > matched)
                matched = m.current_count;
        }
        dds_sleepfor(DDS_MSECS(100));
    }
    printf("participant=ok writer=%s reader=%s matched=%u written=%d received=%d\n", wres, rres,
           matched, written, received);
    dds_delete(pp);
    dds_delete(dom);
    return 0;
}
