/* cli/cli_node_make.c - `skyweave node --make-configs`: one node configuration per nation of a
 * scenario, so that a simulator run (`skyweave sim --udp-nation ...`) and the coalition's nodes
 * agree on sensors, ports and areas without anyone writing YAML by hand.
 *
 * Each nation's sensors are written inline with `source: 127.10.SAC.SIC`, the address that
 * `skyweave sim --udp-nation` sends each radar from on loopback, so the node's allow-list binds
 * every source to the one SAC/SIC it may send: a datagram from anywhere else is dropped and
 * counted.  Ports are P + the nation's index in the scenario, in the scenario's order. */
#include "cli_node.h"
#include "cli_util.h"

#include "core/time.h"
#include "sim/sim.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void write_sensor(FILE *f, const sw_sensor *x, int has_site)
{
    fprintf(f, "  - {id: %u, name: \"%s\", nation: %s, type: %s", x->id, x->name, x->nation,
            geo_sensor_type_name(x->type));
    if (x->sac || x->sic)
        fprintf(f, ", sac: %u, sic: %u, source: 127.10.%u.%u", x->sac, x->sic, x->sac, x->sic);
    if (has_site)
        fprintf(f, ",\n     lat_deg: %.8f, lon_deg: %.8f, alt_m: %.2f", x->lat_deg, x->lon_deg,
                x->alt_m);
    else
        fprintf(f, ",\n     x_m: %.2f, y_m: %.2f, z_m: %.2f", x->site[0], x->site[1], x->site[2]);
    fprintf(f, ",\n     sd_range_m: %.6g, sd_azimuth_deg: %.6g, sd_elevation_deg: %.6g, "
               "sd_xy_m: %.6g, sd_z_m: %.6g, scan_s: %.6g",
            x->sd_range_m, x->sd_az_rad / GEO_DEG, x->sd_el_rad / GEO_DEG, x->sd_xy_m, x->sd_z_m,
            x->scan_s);
    if (x->range_max_m > 0)
        fprintf(f, ", range_max_m: %.6g", x->range_max_m);
    fprintf(f, "}\n");
}

static void write_area(FILE *f, const sim_area *a)
{
    fprintf(f, "  - {nation: %s, name: \"%s\", priority: %d, ", a->nation, a->name, a->priority);
    if (a->is_circle)
        fprintf(f, "circle: {center: [%.6f, %.6f], radius_km: %.3f}}\n", a->lat_deg, a->lon_deg,
                a->radius_m / 1000.0);
    else {
        fprintf(f, "polygon: [");
        for (int k = 0; k < a->n; k++)
            fprintf(f, "%s[%.6f, %.6f]", k ? ", " : "", a->poly[k][0], a->poly[k][1]);
        fprintf(f, "]}\n");
    }
}

static int write_config(const sim_scenario *sc, int idx, const char *path, int port,
                        const char *keys, int domain)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "skyweave node: %s: %s\n", path, strerror(errno));
        return 1;
    }
    const char *code = sim_nation_info(sc, idx)->code;
    const geo_frame *o = sim_scenario_origin(sc);
    fprintf(f, "# node %s (%s) of scenario %s, written by `skyweave node --make-configs`\n"
               "# (docs/network.md).  Feed it with `skyweave sim --udp-nation %s=127.0.0.1:%d`.\n",
            code, sim_nation_info(sc, idx)->name, sim_scenario_name(sc), code, port);
    fprintf(f, "nation: %s\ncoalition: [", code);
    for (int i = 0; i < sim_nation_count(sc); i++)
        fprintf(f, "%s%s", i ? ", " : "", sim_nation_info(sc, i)->code);
    fprintf(f, "]\norigin: [%.8f, %.8f, %.2f]\n", o->lat / GEO_DEG, o->lon / GEO_DEG, o->alt);
    fprintf(f, "sensors:\n");
    int ns = 0;
    for (int i = 0; i < sim_sensor_count(sc); i++) {
        const sw_sensor *x = sim_sensor_info(sc, i);
        if (strcmp(x->nation, code))
            continue;
        write_sensor(f, x, sim_sensor_has_site(sc, i));
        ns++;
    }
    if (!ns)
        fprintf(f, "  []\n");
    fprintf(f, "inputs:\n  - {type: asterix_udp, listen: 127.0.0.1:%d}\n", port);
    /* a scenario with ballistic missiles needs the tracker to start tracks at their speed
     * (2-4 km/s; the default initiation gate is 1000 m/s) and to follow boost and re-entry
     * (the IMM's constant-acceleration model) and free fall after burn-out (its ballistic model),
     * as `skyweave track --max-speed 4000 --imm-ballistic` */
    int ballistic = 0;
    for (int i = 0; i < sim_target_count(sc); i++) {
        sim_target_info ti;
        sim_target_get(sc, i, &ti);
        ballistic |= ti.cls == SW_CLS_BALLISTIC;
    }
    if (ballistic && sim_scenario_dim(sc) == 3)
        fprintf(f, "tracker: {dim: 3, max_speed: 4000, imm_ballistic: true}  # ballistic threats\n");
    else
        fprintf(f, "tracker: {dim: %d}\n", sim_scenario_dim(sc));
    /* the fusion engine visits its whole table every cycle: size it to the picture */
    fprintf(f, "fusion: {max_tracks: 4096}\n");
    int na = 0;
    for (int i = 0; i < sim_area_count(sc); i++)
        if (!strcmp(sim_area_info(sc, i)->nation, code)) {
            if (!na++)
                fprintf(f, "defended_areas:\n");
            write_area(f, sim_area_info(sc, i));
        }
    fprintf(f, "dds: {mode: loopback%s", domain >= 0 ? ", domain: " : "");
    if (domain >= 0)
        fprintf(f, "%d", domain);
    fprintf(f, "}\n");
    if (keys)
        fprintf(f, "security: {dir: \"%s\"}\n", keys);
    else
        fprintf(f, "# no security: run the node with --insecure (test rigs only)\n");
    if (fclose(f)) {
        fprintf(stderr, "skyweave node: %s: write error\n", path);
        return 1;
    }
    return 0;
}

int node_make_configs(int argc, char **argv)
{
    const char *scen = NULL, *out = NULL, *keys = NULL;
    double base = 18600, dom = -1;
    int insecure = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--insecure")) {
            insecure = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "skyweave node: '%s' needs a value or is unknown\n", a);
            return 2;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "--make-configs"))
            scen = v;
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--keys"))
            keys = v;
        else if (!strcmp(a, "--base-port")) {
            if (cli_num("node", a, v, &base) || base < 1 || base > 65000 || base != (int)base) {
                fprintf(stderr, "skyweave node: --base-port: 1..65000\n");
                return 2;
            }
        } else if (!strcmp(a, "--domain")) {
            if (cli_num("node", a, v, &dom) || dom < 0 || dom > 230)
                return 2;
        } else {
            fprintf(stderr, "skyweave node --make-configs: unknown option '%s'\n", a);
            return 2;
        }
    }
    if (!scen || !out) {
        fprintf(stderr, "skyweave node: --make-configs SCENARIO|default --out DIR [--base-port P] "
                        "[--keys DIR] [--insecure] [--domain N]\n");
        return 2;
    }
    if (!keys && !insecure) {
        fprintf(stderr, "skyweave node --make-configs: give --keys DIR (made by `skyweave keys`) "
                        "or --insecure\n");
        return 2;
    }
    sw_err err = {0};
    sim_scenario *sc = NULL;
    sw_rc rc = !strcmp(scen, "default")
                   ? sim_scenario_load_string(&sc, sim_default_scenario_text(),
                                              SIM_DEFAULT_SCENARIO_NAME, &err)
                   : sim_scenario_load(&sc, scen, &err);
    if (rc)
        return cli_fail("node", &err);
    int nn = sim_nation_count(sc);
    if (nn < 1 || nn > NET_MAX_NATIONS || base + nn > 65535) {
        fprintf(stderr, "skyweave node: %s: %d nations (1..%d, and ports must fit)\n", scen, nn,
                NET_MAX_NATIONS);
        sim_scenario_free(sc);
        return 1;
    }
    if (mkdir(out, 0755) && errno != EEXIST) {
        fprintf(stderr, "skyweave node: %s: %s\n", out, strerror(errno));
        sim_scenario_free(sc);
        return 1;
    }
    /* absolute, so the configs can be moved and the keys are still found */
    char keys_abs[PATH_MAX] = "";
    if (keys && !insecure && !realpath(keys, keys_abs)) {
        fprintf(stderr, "skyweave node: --keys %s: %s\n", keys, strerror(errno));
        sim_scenario_free(sc);
        return 1;
    }
    int st = 0;
    for (int i = 0; i < nn && !st; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s.yaml", out, sim_nation_info(sc, i)->code);
        st = write_config(sc, i, path, (int)base + i, keys_abs[0] ? keys_abs : NULL, (int)dom);
    }
    if (!st) {
        printf("skyweave sim%s%s", strcmp(scen, "default") ? " --scenario " : "",
               strcmp(scen, "default") ? scen : "");
        for (int i = 0; i < nn; i++)
            printf(" --udp-nation %s=127.0.0.1:%d", sim_nation_info(sc, i)->code, (int)base + i);
        printf("\n");
    }
    sim_scenario_free(sc);
    return st;
}
