/* cli/cmd_audit.c - `skyweave audit verify|show FILE`: check and read a node's signed audit log
 * of warnings (warn/wrn_audit.h, docs/warnings.md). */
#include "cli_util.h"
#include "warn/wrn_audit.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_audit_summary[] = "verify or show a signed audit log of warnings";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave audit verify FILE [--keys DIR | --pubkey HEX] [--open] [--head HASH]\n"
        "       skyweave audit show FILE\n\n"
        "verify  checks every entry of the hash-chained, Ed25519-signed log: layout, sequence,\n"
        "        chain link, hash and signature.  It prints a summary and exits 0 when the log\n"
        "        is intact, or names the first bad entry (entry, line, byte offset, why) and\n"
        "        exits 1.\n"
        "  --keys DIR     check signatures against DIR/<NODE>/audit.pk (as `skyweave keys` writes)\n"
        "  --pubkey HEX   ... or against this public key (64 hex digits)\n"
        "                 (neither: against the key the log declares in its first entry, which\n"
        "                 proves integrity but not authorship)\n"
        "  --open         accept a log without its final seal (a running or crashed node's);\n"
        "                 entries cut off the end of an open log cannot be detected ...\n"
        "  --head HASH    ... unless the hash of its last entry is known from elsewhere\n"
        "show    prints the entries one per line (seq, time, node, event, warning, details),\n"
        "        then the verification result (without keys: against the log's own key).\n");
}

static int verify(int argc, char **argv)
{
    const char *file = NULL, *keys = NULL, *pkhex = NULL, *head = NULL;
    int open = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--keys") && i + 1 < argc)
            keys = argv[++i];
        else if (!strcmp(argv[i], "--pubkey") && i + 1 < argc)
            pkhex = argv[++i];
        else if (!strcmp(argv[i], "--head") && i + 1 < argc)
            head = argv[++i];
        else if (!strcmp(argv[i], "--open"))
            open = 1;
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            fprintf(stderr, "skyweave audit verify: unexpected '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!file || (keys && pkhex)) {
        usage(stderr);
        return 2;
    }
    uint8_t pk[WRN_PK_BYTES];
    if (pkhex && (strlen(pkhex) != 64 || wrn_unhex(pkhex, 32, pk))) {
        fprintf(stderr, "skyweave audit verify: --pubkey: expected 64 hex digits\n");
        return 2;
    }
    if (head && strlen(head) != 64) {
        fprintf(stderr, "skyweave audit verify: --head: expected 64 hex digits\n");
        return 2;
    }
    wrn_audit_check chk = {.keys_dir = keys, .pk = pkhex ? pk : NULL, .allow_open = open,
                           .head = head};
    wrn_audit_report r;
    sw_err err;
    sw_rc rc = wrn_audit_verify(file, &chk, &r, &err);
    if (rc)
        return cli_fail("audit verify", &err);
    printf("%s: valid: %ld entries by %s, %s, last entry %s\n", file, r.entries, r.node,
           r.sealed ? "sealed" : "open (not sealed)", r.head);
    if (r.key_from_log)
        printf("note: checked against the key the log declares; give --keys or --pubkey to check "
               "who wrote it\n");
    return 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void show_entry(const cJSON *j)
{
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "seq");
    const cJSON *stn = cJSON_GetObjectItemCaseSensitive(j, "stn");
    const cJSON *rev = cJSON_GetObjectItemCaseSensitive(j, "rev");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "p");
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(j, "attempt");
    const cJSON *arev = cJSON_GetObjectItemCaseSensitive(j, "ack_rev");
    const char *t = str(j, "time");
    printf("%5.0f  %-24s %-3s %-12s", cJSON_IsNumber(seq) ? seq->valuedouble : -1, t ? t : "?",
           str(j, "node") ? str(j, "node") : "?", str(j, "event") ? str(j, "event") : "?");
    if (str(j, "warning"))
        printf(" %s", str(j, "warning"));
    if (cJSON_IsNumber(stn))
        printf(" stn %.0f", stn->valuedouble);
    if (str(j, "threatened"))
        printf(" %s/%s", str(j, "threatened"), str(j, "area") ? str(j, "area") : "?");
    if (str(j, "state"))
        printf(" %s", str(j, "state"));
    if (cJSON_IsNumber(rev))
        printf(" rev %.0f by %s", rev->valuedouble, str(j, "issuer") ? str(j, "issuer") : "?");
    if (str(j, "class"))
        printf(" %s", str(j, "class"));
    if (cJSON_IsNumber(p))
        printf(" p=%.2f", p->valuedouble);
    if (str(j, "arrival"))
        printf(" at %s", str(j, "arrival"));
    if (str(j, "ack_by"))
        printf(" ack by %s of %s rev %.0f (%s)", str(j, "ack_by"),
               str(j, "ack_of") ? str(j, "ack_of") : "?", cJSON_IsNumber(arev) ? arev->valuedouble : -1,
               str(j, "operator") ? str(j, "operator") : "?");
    if (str(j, "peer"))
        printf(" %s %s", !strcmp(str(j, "event") ? str(j, "event") : "", "received") ? "from" : "to",
               str(j, "peer"));
    if (cJSON_IsNumber(att))
        printf(" (attempt %.0f)", att->valuedouble);
    if (str(j, "note"))
        printf(" -- %s", str(j, "note"));
    if (str(j, "pk"))
        printf(" key %s", str(j, "pk"));
    if (str(j, "cut_sha256")) {
        const cJSON *cb = cJSON_GetObjectItemCaseSensitive(j, "cut_bytes");
        printf(" (a torn entry of %.0f bytes was cut)", cJSON_IsNumber(cb) ? cb->valuedouble : -1);
    }
    printf("\n");
}

static int show(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        usage(stderr);
        return 2;
    }
    const char *file = argv[1];
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "skyweave audit show: %s: %s\n", file, strerror(errno));
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long ln = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        ln++;
        if (line[n - 1] == '\n')
            line[--n] = 0;
        /* the body is everything before ,"prev": (the chain fields are not shown) */
        char *tail = strstr(line, ",\"prev\":\"");
        cJSON *j = NULL;
        if (tail) {
            tail[0] = '}';
            tail[1] = 0;
            j = cJSON_Parse(line);
        }
        if (cJSON_IsObject(j))
            show_entry(j);
        else
            printf("   !! line %ld is not an audit entry\n", ln);
        cJSON_Delete(j);
    }
    free(line);
    fclose(f);
    wrn_audit_check chk = {.allow_open = 1};
    wrn_audit_report r;
    sw_err err;
    if (wrn_audit_verify(file, &chk, &r, &err))
        printf("-- INVALID: %s\n", err.msg);
    else
        printf("-- %ld entries, chain and signatures intact (against the log's own key), %s\n",
               r.entries, r.sealed ? "sealed" : "not sealed");
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "verify"))
        return verify(argc - 1, argv + 1);
    if (!strcmp(argv[1], "show"))
        return show(argc - 1, argv + 1);
    fprintf(stderr, "skyweave audit: unknown subcommand '%s' (verify or show)\n", argv[1]);
    return 2;
}
