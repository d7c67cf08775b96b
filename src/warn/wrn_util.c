/* warn/wrn_util.c - names and the hex form of warning ids. */
#include "warn/wrn_types.h"

#include "core/types.h"
#include "warn/wrn_io.h"

#include <errno.h>
#include <stdlib.h>

#include <stdio.h>
#include <string.h>

const char *wrn_state_name(int s)
{
    static const char *const n[] = {"?", "issue", "update", "retract", "close"};
    return s >= WRN_ISSUE && s <= WRN_CLOSE ? n[s] : n[0];
}

const char *wrn_class_name(int c)
{
    static const char *const n[] = {"unknown", "aircraft", "ballistic", "cruise", "drone"};
    return c >= 0 && c < SW_CLS_COUNT ? n[c] : "?";
}

char *wrn_id_hex(uint64_t id, char *buf)
{
    snprintf(buf, 17, "%016llx", (unsigned long long)id);
    return buf;
}

int wrn_id_parse(const char *s, uint64_t *id)
{
    uint64_t v = 0;
    int n = 0;
    for (; s[n]; n++) {
        char ch = s[n];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
              : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (d < 0 || n >= 16)
            return -1;
        v = v << 4 | (uint64_t)d;
    }
    if (!n)
        return -1;
    *id = v;
    return 0;
}

int wrn_nation_ok(const char *s, size_t cap)
{
    size_t n = strnlen(s, cap);
    if (n < 2 || n > 3 || n == cap)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return 1;
}

sw_rc wrn_read_file(const char *path, size_t max, char **out, size_t *len_out, sw_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    sw_rc rc = SW_OK;
    for (;;) {
        if (len + 1 >= cap) {
            cap = cap ? 2 * cap : 65536;
            if (cap > max + 65536) {
                rc = sw_err_set(err, SW_ERANGE, "%s: larger than %zu bytes", path, max);
                break;
            }
            char *nb = realloc(buf, cap);
            if (!nb) {
                rc = sw_err_set(err, SW_ENOMEM, "out of memory reading %s", path);
                break;
            }
            buf = nb;
        }
        size_t k = fread(buf + len, 1, cap - len - 1, f);
        len += k;
        if (!k)
            break;
    }
    if (!rc && ferror(f))
        rc = sw_err_set(err, SW_EIO, "%s: read error", path);
    if (!rc && len > max)
        rc = sw_err_set(err, SW_ERANGE, "%s: larger than %zu bytes", path, max);
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[len] = 0;
    *out = buf;
    *len_out = len;
    return SW_OK;
}
