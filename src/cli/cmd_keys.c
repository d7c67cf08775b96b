/* cli/cmd_keys.c - `skyweave keys`: the coalition's PKI and signed DDS Security documents. */
#include "cli_util.h"
#include "net/net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_keys_summary[] = "make the coalition CA, nation keys and signed DDS Security documents";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave keys --nations QA,BH,... --out DIR [options]\n\n"
        "Creates a coalition CA, one certificate and key per nation, the DDS Security governance\n"
        "document (authentication and encryption required) and one permissions document per\n"
        "nation, S/MIME-signed by the CA; and each nation's Ed25519 audit-log key pair.\n\n"
        "  --nations LIST      coalition nations (ISO codes), in coalition order\n"
        "  --out DIR           output directory (must not hold a CA already)\n"
        "  --days N            validity of certificates and permissions (default 3650)\n"
        "  --no-release A:B    nation A releases nothing to B (repeatable; no partition granted)\n"
        "  --rtps-protection   encrypt whole RTPS messages (fast) instead of each sample\n"
        "  --allow-ddsperf     also permit ddsperf's DDSPerf* topics (benchmarks)\n"
        "  --monitor NAME      an identity that may only read node status (repeatable, max 4)\n\n"
        "Writes DIR/ca/coalition_ca.{pem,key}, DIR/governance.{xml,p7s} and per nation N:\n"
        "DIR/N/identity.{pem,key}, DIR/N/permissions.{xml,p7s}, DIR/N/audit.{sk,pk}.\n"
        "Keep DIR/ca/coalition_ca.key offline; give each nation only its own folder, the CA\n"
        "certificate and the governance document.\n");
}

static int nation_index(const net_keys_opts *o, const char *s, size_t n)
{
    for (int i = 0; i < o->n_nations; i++)
        if (strlen(o->nations[i]) == n && !strncmp(o->nations[i], s, n))
            return i;
    return -1;
}

int cmd_keys(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    net_keys_opts o;
    memset(&o, 0, sizeof o);
    o.days = 3650;
    const char *nations = NULL;
    const char *norel[64];
    int n_norel = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--rtps-protection"))
            o.rtps_protection = true;
        else if (!strcmp(a, "--allow-ddsperf"))
            o.allow_ddsperf = true;
        else if (!v) {
            fprintf(stderr, "skyweave keys: %s needs a value (or is unknown)\n", a);
            return 2;
        } else if (!strcmp(a, "--nations"))
            nations = argv[++i];
        else if (!strcmp(a, "--out"))
            snprintf(o.out, sizeof o.out, "%s", argv[++i]);
        else if (!strcmp(a, "--days")) {
            double d;
            if (cli_num("keys", a, argv[++i], &d) || d < 1 || d > 36500)
                return 2;
            o.days = (int)d;
        } else if (!strcmp(a, "--no-release") && n_norel < 64)
            norel[n_norel++] = argv[++i];
        else if (!strcmp(a, "--monitor") && o.n_monitors < 4) {
            snprintf(o.monitors[o.n_monitors++], 4, "%s", argv[++i]);
            if (!net_nation_ok(o.monitors[o.n_monitors - 1]) || strlen(argv[i]) > 3) {
                fprintf(stderr, "skyweave keys: --monitor: '%s' is not a 2-3 letter name\n", argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "skyweave keys: unknown option '%s'\n", a);
            return 2;
        }
    }
    if (!nations || !o.out[0]) {
        usage(stderr);
        return 2;
    }
    for (const char *p = nations; *p;) {
        size_t k = strcspn(p, ",");
        if (k < 2 || k > 3 || o.n_nations == NET_MAX_NATIONS) {
            fprintf(stderr, "skyweave keys: --nations: bad entry '%.*s' (2-3 letter codes, max %d)\n",
                    (int)k, p, NET_MAX_NATIONS);
            return 2;
        }
        if (nation_index(&o, p, k) >= 0) {
            fprintf(stderr, "skyweave keys: --nations: '%.*s' twice\n", (int)k, p);
            return 2;
        }
        memcpy(o.nations[o.n_nations], p, k);
        o.nations[o.n_nations++][k] = 0;
        p += k + (p[k] == ',');
    }
    for (int i = 0; i < n_norel; i++) {
        const char *c = strchr(norel[i], ':');
        int a = c ? nation_index(&o, norel[i], (size_t)(c - norel[i])) : -1;
        int b = c ? nation_index(&o, c + 1, strlen(c + 1)) : -1;
        if (a < 0 || b < 0 || a == b) {
            fprintf(stderr, "skyweave keys: --no-release: '%s' is not A:B of two coalition nations\n",
                    norel[i]);
            return 2;
        }
        o.deny[a] |= 1u << b;
    }
    sw_err err;
    sw_err_clear(&err);
    if (net_keys_make(&o, &err))
        return cli_fail("keys", &err);
    printf("skyweave keys: coalition of %d nations in %s (CA key: %s/ca/coalition_ca.key, keep "
           "it offline)\n", o.n_nations, o.out, o.out);
    return 0;
}
