/* net/net_release.c - releasability: what each partner is given, applied before publishing.
 *
 * Degrading accuracy is done by quantising the ECEF position to a grid of the floor's size and
 * raising the position variances to at least floor^2 (plus the quantisation variance).  Quantising (not adding noise) matters: noise could be
 * averaged away over many updates, a grid cannot, so the partner really cannot know the position
 * better than the floor.  The reported covariance stays consistent with the error it now has. */
#include "net/net.h"

#include "core/records.h"

#include <math.h>
#include <string.h>
#include <strings.h>

void net_release_default(net_release *r)
{
    r->share = true;
    r->classes = (1u << SW_CLS_COUNT) - 1;
    r->floor_m = 0;
    r->withhold_sites = false;
}

bool net_release_same(const net_release *a, const net_release *b)
{
    return a->share == b->share && a->classes == b->classes && a->floor_m == b->floor_m &&
           a->withhold_sites == b->withhold_sites;
}

static sw_rc parse_one(net_release *r, const sw_cfg *n, sw_err *err)
{
    char where[300];
    if (sw_cfg_type(n) == SW_CFG_SCALAR) {
        const char *s = sw_cfg_text(n);
        if (!strcmp(s, "none")) {
            r->share = false;
            return SW_OK;
        }
        if (!strcmp(s, "all")) {
            net_release_default(r);
            return SW_OK;
        }
        return sw_err_set(err, SW_EFORMAT, "%s: releasability: expected 'all', 'none' or a map, "
                          "got '%s'", sw_cfg_where(n, where, sizeof where), s);
    }
    static const char *const keys[] = {"classes", "floor_m", "withhold_sites", NULL};
    sw_rc rc = sw_cfg_check_keys(n, keys, err);
    if (rc)
        return rc;
    const sw_cfg *cl = NULL;
    if ((rc = sw_cfg_opt_seq(n, "classes", &cl, err)))
        return rc;
    if (cl) {
        r->classes = 0;
        for (int i = 0; i < sw_cfg_len(cl); i++) {
            const char *s = sw_cfg_text(sw_cfg_at(cl, i));
            int c = s ? sw_class_parse(s) : -1;
            if (s && !strcmp(s, "all"))
                r->classes = (1u << SW_CLS_COUNT) - 1;
            else if (c < 0)
                return sw_err_set(err, SW_EFORMAT, "%s: releasability: unknown class '%s' "
                                  "(unknown, aircraft, ballistic, cruise, drone, all)",
                                  sw_cfg_where(sw_cfg_at(cl, i), where, sizeof where),
                                  s ? s : "?");
            else
                r->classes |= 1u << c;
        }
    }
    if ((rc = sw_cfg_opt_num(n, "floor_m", r->floor_m, &r->floor_m, err)))
        return rc;
    if (r->floor_m < 0 || r->floor_m > 1e6)
        return sw_err_set(err, SW_ERANGE, "%s: releasability: floor_m must be 0..1e6",
                          sw_cfg_where(n, where, sizeof where));
    if ((rc = sw_cfg_opt_bool(n, "withhold_sites", r->withhold_sites, &r->withhold_sites, err)))
        return rc;
    r->share = true;
    return SW_OK;
}

sw_rc net_policy_parse(net_policy *p, const sw_cfg *map, char nations[][4], int n_nations,
                       sw_err *err)
{
    net_release def;
    net_release_default(&def);
    sw_rc rc;
    if (map && sw_cfg_type(map) != SW_CFG_MAP) {
        char where[300];
        return sw_err_set(err, SW_EFORMAT, "%s: releasability: expected a map of partners",
                          sw_cfg_where(map, where, sizeof where));
    }
    const sw_cfg *d = map ? sw_cfg_get(map, "default") : NULL;
    if (d && (rc = parse_one(&def, d, err)))
        return rc;
    for (int i = 0; i < NET_MAX_NATIONS; i++)
        p->to[i] = def;
    if (!map)
        return SW_OK;
    for (int k = 0; k < sw_cfg_len(map); k++) {
        const char *key = sw_cfg_key(map, k);
        if (!strcmp(key, "default"))
            continue;
        int idx = -1;
        for (int i = 0; i < n_nations; i++)
            if (!strcmp(nations[i], key))
                idx = i;
        if (idx < 0) {
            char where[300];
            return sw_err_set(err, SW_EFORMAT, "%s: releasability: '%s' is not a coalition nation",
                              sw_cfg_where(sw_cfg_at(map, k), where, sizeof where), key);
        }
        p->to[idx] = def;
        if ((rc = parse_one(&p->to[idx], sw_cfg_at(map, k), err)))
            return rc;
    }
    return SW_OK;
}

static void degrade(double floor_m, double pos[3], double cov[21])
{
    if (floor_m <= 0)
        return;
    for (int i = 0; i < 3; i++)
        pos[i] = floor(pos[i] / floor_m + 0.5) * floor_m;
    /* upper-triangle indices of the diagonal position variances: (0,0)=0, (1,1)=6, (2,2)=11 */
    static const int diag[3] = {0, 6, 11};
    for (int i = 0; i < 3; i++) {
        double v = cov[diag[i]] + floor_m * floor_m / 12.0; /* + uniform quantisation error */
        cov[diag[i]] = v > floor_m * floor_m ? v : floor_m * floor_m;
    }
}

bool net_release_local(const net_release *r, SkyWeave_LocalTrack *w)
{
    if (!r->share || !(r->classes & (1u << w->cls)))
        return false;
    degrade(r->floor_m, w->pos_ecef, w->cov_ecef);
    if (r->withhold_sites) {
        memset(w->sensors, 0, sizeof w->sensors);
        w->n_sensors = 0;
    }
    return true;
}

bool net_release_system(const net_release *r, SkyWeave_SystemTrack *w)
{
    if (!r->share || !(r->classes & (1u << w->cls)))
        return false;
    /* sd_m is left as it is: every node must arbitrate R2 on the same numbers */
    degrade(r->floor_m, w->pos_ecef, w->cov_ecef);
    return true;
}
