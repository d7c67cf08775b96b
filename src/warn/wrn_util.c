/* warn/wrn_util.c - names and the hex form of warning ids. */
#include "warn/wrn_types.h"

#include "core/types.h"

#include <stdio.h>

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
