/* asterix/asx_uap.c - the built-in UAPs and the per-source edition table.
 *
 * Nothing in an ASTERIX block says which edition it follows; a receiver that guesses decodes
 * garbage when a sender upgrades (the most common complaint about existing decoders).  So the
 * edition is configuration: a category default, overridden per UDP port or per SAC/SIC. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asterix.h"

extern const asx_uap asx_uap_048_1_31, asx_uap_034_1_29, asx_uap_021_2_6, asx_uap_062_1_19;

/* First of each category = its default (tshark 4.0's default edition). */
const asx_uap *const asx_uaps[] = {&asx_uap_048_1_31, &asx_uap_034_1_29, &asx_uap_021_2_6,
                                   &asx_uap_062_1_19, NULL};

const asx_uap *asx_uap_find(int cat, const char *edition)
{
    for (const asx_uap *const *u = asx_uaps; *u; u++)
        if ((*u)->cat == cat && (!edition || strcmp((*u)->edition, edition) == 0))
            return *u;
    return NULL;
}

void asx_editions_init(asx_editions *e)
{
    memset(e, 0, sizeof *e);
    for (const asx_uap *const *u = asx_uaps; *u; u++) {
        if (asx_uap_find((*u)->cat, NULL) != *u)
            continue;
        e->rule[e->n].cat = (*u)->cat;
        e->rule[e->n].sac = e->rule[e->n].sic = -1;
        e->rule[e->n].port = -1;
        e->rule[e->n].uap = *u;
        e->n++;
    }
}

static int parse_int(const char *s, const char *end, long lo, long hi, long *out)
{
    char buf[16];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    char *e;
    long v = strtol(buf, &e, 10);
    if (*e || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

sw_rc asx_editions_add(asx_editions *e, const char *rule, sw_err *err)
{
    const char *eq = strchr(rule, '='), *at = strchr(rule, '@');
    long cat, sac = -1, sic = -1, port = -1;
    if (!eq || parse_int(rule, at && at < eq ? at : eq, 0, 255, &cat))
        goto bad;
    if (at && at < eq) {
        const char *sel = at + 1;
        if (strncmp(sel, "port:", 5) == 0) {
            if (parse_int(sel + 5, eq, 0, 65535, &port))
                goto bad;
        } else {
            const char *sl = strchr(sel, '/');
            if (!sl || sl > eq || parse_int(sel, sl, 0, 255, &sac) ||
                parse_int(sl + 1, eq, 0, 255, &sic))
                goto bad;
        }
    }
    const asx_uap *u = asx_uap_find((int)cat, eq + 1);
    if (!u) {
        char have[128] = "";
        for (const asx_uap *const *p = asx_uaps; *p; p++)
            if ((*p)->cat == cat)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s",
                         have[0] ? ", " : "", (*p)->edition);
        return sw_err_set(err, SW_EUNSUPPORTED,
                          "edition rule '%s': CAT%03ld edition %s is not built in (built in: %s)",
                          rule, cat, eq + 1, have[0] ? have : "none");
    }
    if (e->n >= ASX_MAX_EDITION_RULES)
        return sw_err_set(err, SW_EFULL, "edition rule '%s': more than %d rules", rule,
                          ASX_MAX_EDITION_RULES);
    /* a rule for the same selector replaces the earlier one */
    int i;
    for (i = 0; i < e->n; i++)
        if (e->rule[i].cat == cat && e->rule[i].sac == sac && e->rule[i].sic == sic &&
            e->rule[i].port == port)
            break;
    if (i == e->n)
        e->n++;
    e->rule[i].cat = (uint8_t)cat;
    e->rule[i].sac = (int16_t)sac;
    e->rule[i].sic = (int16_t)sic;
    e->rule[i].port = (int32_t)port;
    e->rule[i].uap = u;
    return SW_OK;
bad:
    return sw_err_set(err, SW_EINVAL,
                      "edition rule '%s': expected CAT=ED, CAT@SAC/SIC=ED or CAT@port:N=ED "
                      "(e.g. 48@25/201=1.31)", rule);
}

const asx_uap *asx_editions_get(const asx_editions *e, int cat, int sac, int sic, int port)
{
    const asx_uap *best = NULL;
    int score = -1;
    for (int i = 0; i < e->n; i++) {
        const asx_edition_rule *r = &e->rule[i];
        if (r->cat != cat)
            continue;
        int s;
        if (r->sac >= 0) {
            if (r->sac != sac || r->sic != sic)
                continue;
            s = 2;
        } else if (r->port >= 0) {
            if (r->port != port)
                continue;
            s = 1;
        } else {
            s = 0;
        }
        if (s > score) {
            score = s;
            best = r->uap;
        }
    }
    return best;
}
