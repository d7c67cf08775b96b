/* warn/wrn_cap.h - warnings as OASIS Common Alerting Protocol 1.2 alerts (ITU-T X.1303), for civil
 * alerting systems: written to a directory and/or POSTed to an HTTP endpoint.
 *
 * Mapping (docs/warnings.md has the full table): one <alert> per warning message; msgType Alert
 * for the first message of a warning, Update for its updates, Cancel for a retraction or a
 * close, Alert again for a re-issue; <references> names the previous message of the same warning
 * ("sender,identifier,sent"), <incidents> the warning id, so a receiver can chain them.  One
 * <info>: category Security, event "Ballistic missile" / "Cruise missile" / "Drone",
 * responseType Shelter (AllClear / None on Cancel), urgency Immediate, severity Extreme
 * (Severe for a drone), certainty Likely (p >= 0.5) or Possible; onset = predicted
 * impact/arrival - 2 sigma, expires = the warning's expiry; parameters carry the numbers.  Two
 * <area>s: the defended area (polygon or circle) and the 95 % ellipse of the predicted impact
 * point (a 36-sided polygon).
 *
 * The exporter follows one source per warning: our own engine's messages when the node issues
 * it, otherwise the first partner whose message arrived; other issuers' copies of the same
 * warning are not exported again, except that a state change (active <-> cancelled) is exported
 * from whoever brings it first.  So a civil system gets one chain per warning, however many
 * nodes computed it.
 *
 * Threads: an exporter is used by one thread; the HTTP POSTs run on a worker thread of its own
 * with a bounded queue, so a slow or dead endpoint never holds the node's loop. */
#ifndef SW_WRN_CAP_H
#define SW_WRN_CAP_H

#include "core/cfg.h"
#include "core/rc.h"
#include "warn/wrn_area.h"
#include "warn/wrn_types.h"

#include <stddef.h>
#include <stdint.h>

#define WRN_CAP_ID_LEN 96
#define WRN_CAP_SENDER_LEN 64

typedef enum { WRN_CAP_ALERT = 1, WRN_CAP_UPDATE, WRN_CAP_CANCEL } wrn_cap_type;

typedef struct wrn_cap_cfg {
    char self[WRN_NATION_LEN];   /* the exporting node's nation */
    char sender[WRN_CAP_SENDER_LEN]; /* CAP sender ("" = "skyweave-<NATION>@coalition.invalid") */
    char status[12];             /* Actual (default) | Exercise | System | Test | Draft */
    char scope[12];              /* Public (default) | Restricted | Private */
    char restriction[128];       /* required text when scope is Restricted */
    char dir[512];               /* write <identifier>.xml here ("" = no files) */
    char url[512];               /* POST each alert here ("" = no HTTP) */
    double http_timeout_s;       /* per attempt (5 s); 3 attempts */
    int all_nations;             /* export every nation's warnings (default: own nation's only) */
} wrn_cap_cfg;

void wrn_cap_cfg_default(wrn_cap_cfg *c, const char *self);
/* Parses the `cap:` map of a node config (keys: sender, status, scope, restriction, dir, url,
 * http_timeout_s, nations: own|all); base_dir resolves a relative dir. */
sw_rc wrn_cap_cfg_parse(wrn_cap_cfg *c, const sw_cfg *map, const char *base_dir,
                        sw_err *err);

/* A previous message referenced by an alert. */
typedef struct wrn_cap_ref {
    char sender[WRN_CAP_SENDER_LEN];
    char identifier[WRN_CAP_ID_LEN];
    double sent;
} wrn_cap_ref;

/* Builds one alert.  area may be NULL (a partner's area this node does not know: only the
 * ellipse is given).  *xml is malloc'd (caller frees), NUL-terminated, *len bytes. */
sw_rc wrn_cap_build(const wrn_cap_cfg *c, const sw_warning *w, const wrn_area *area,
                    const char *identifier, double sent, int msg_type, const wrn_cap_ref *ref,
                    char **xml, size_t *len, sw_err *err);

typedef struct wrn_cap_out wrn_cap_out;

typedef struct wrn_cap_stats {
    uint64_t alerts;          /* alerts made */
    uint64_t files;           /* written to the directory */
    uint64_t posted;          /* POSTed with a 2xx answer */
    uint64_t post_failed;     /* given up after 3 attempts */
    uint64_t dropped;         /* HTTP queue full */
    int queued;               /* waiting for the HTTP worker now */
} wrn_cap_stats;

/* areas (may be NULL) must outlive the exporter.  Creates dir if missing. */
sw_rc wrn_cap_out_create(wrn_cap_out **o, const wrn_cap_cfg *c, const wrn_areas *areas,
                         sw_err *err);
/* Waits up to wait_s for the HTTP queue to drain, then stops the worker and frees. */
void wrn_cap_out_free(wrn_cap_out *o, double wait_s);
/* Exports one warning message (ours or a partner's) at wall time `now`, if it concerns a nation
 * exported and is not another issuer's copy of what was already exported.  *exported (may be
 * NULL) says whether an alert was made; identifier (may be NULL, WRN_CAP_ID_LEN bytes) gets its
 * identifier. */
sw_rc wrn_cap_out_warning(wrn_cap_out *o, const sw_warning *w, double now, int *exported,
                          char *identifier, sw_err *err);
void wrn_cap_out_stats(wrn_cap_out *o, wrn_cap_stats *s);

#endif
