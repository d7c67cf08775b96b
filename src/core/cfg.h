/* core/cfg.h - configuration and scenario files (YAML 1.1, so JSON too) as a tree with lines.
 *
 * Parsing is libyaml's; this keeps the document as a small tree in which every node knows its
 * file and line, so that every error can say "coalition6.yaml:42: radars[2].scan_s: expected a
 * number, got 'fast'".  Unknown keys are errors too (sw_cfg_check_keys), because a misspelt
 * key silently ignored is the worst configuration bug.  The document owns all nodes and strings;
 * sw_cfg_free() releases them.  Read-only after loading, so it can be shared between threads. */
#ifndef SW_CORE_CFG_H
#define SW_CORE_CFG_H

#include "core/rc.h"

#include <stdbool.h>

typedef enum { SW_CFG_SCALAR, SW_CFG_MAP, SW_CFG_SEQ } sw_cfg_kind;

typedef struct sw_cfg sw_cfg;
typedef struct sw_cfg_doc sw_cfg_doc;

sw_rc sw_cfg_load_file(sw_cfg_doc **doc, const char *path, sw_err *err);
/* name is used in error messages in place of a file name. */
sw_rc sw_cfg_load_string(sw_cfg_doc **doc, const char *text, const char *name, sw_err *err);
void sw_cfg_free(sw_cfg_doc *doc);
const sw_cfg *sw_cfg_root(const sw_cfg_doc *doc);

sw_cfg_kind sw_cfg_type(const sw_cfg *n);
int sw_cfg_line(const sw_cfg *n);
const char *sw_cfg_file(const sw_cfg *n);
/* The scalar's text, or NULL for maps and sequences. */
const char *sw_cfg_text(const sw_cfg *n);
/* Number of entries of a map or sequence (0 for a scalar). */
int sw_cfg_len(const sw_cfg *n);
/* i-th item of a sequence, or i-th value of a map; NULL when out of range. */
const sw_cfg *sw_cfg_at(const sw_cfg *n, int i);
/* i-th key of a map; NULL when not a map or out of range. */
const char *sw_cfg_key(const sw_cfg *n, int i);
/* The value under key in a map, or NULL (also NULL when n is not a map). */
const sw_cfg *sw_cfg_get(const sw_cfg *map, const char *key);

/* Typed reads.  "get" requires the key; "opt" gives def when the key is absent.  A value of the
 * wrong type is always an error naming file, line and key. */
sw_rc sw_cfg_get_num(const sw_cfg *map, const char *key, double *out, sw_err *err);
sw_rc sw_cfg_opt_num(const sw_cfg *map, const char *key, double def, double *out, sw_err *err);
sw_rc sw_cfg_get_int(const sw_cfg *map, const char *key, long *out, sw_err *err);
sw_rc sw_cfg_opt_int(const sw_cfg *map, const char *key, long def, long *out, sw_err *err);
sw_rc sw_cfg_get_str(const sw_cfg *map, const char *key, const char **out, sw_err *err);
sw_rc sw_cfg_opt_str(const sw_cfg *map, const char *key, const char *def, const char **out,
                     sw_err *err);
sw_rc sw_cfg_opt_bool(const sw_cfg *map, const char *key, bool def, bool *out, sw_err *err);
/* A map value that must be a sequence / map (get: required; opt: *out = NULL when absent). */
sw_rc sw_cfg_get_seq(const sw_cfg *map, const char *key, const sw_cfg **out, sw_err *err);
sw_rc sw_cfg_opt_seq(const sw_cfg *map, const char *key, const sw_cfg **out, sw_err *err);
sw_rc sw_cfg_opt_map(const sw_cfg *map, const char *key, const sw_cfg **out, sw_err *err);
/* A scalar node as a number / string. */
sw_rc sw_cfg_num(const sw_cfg *n, double *out, sw_err *err);
/* A sequence of exactly len numbers (e.g. a position [lat, lon, alt]). */
sw_rc sw_cfg_get_vec(const sw_cfg *map, const char *key, int len, double *out, sw_err *err);

/* Every key of map must be one of allowed (NULL-terminated); else an error naming the key,
 * its line, and the allowed keys. */
sw_rc sw_cfg_check_keys(const sw_cfg *map, const char *const *allowed, sw_err *err);

/* "file:line" of a node, for callers composing their own messages. */
const char *sw_cfg_where(const sw_cfg *n, char *buf, int n_buf);

#endif
