/* core/rc.c - error codes and messages with context. */
#include "core/rc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *sw_strerror(sw_rc rc)
{
    switch (rc) {
    case SW_OK: return "ok";
    case SW_EINVAL: return "invalid argument";
    case SW_EFORMAT: return "malformed input";
    case SW_EIO: return "I/O error";
    case SW_ENOMEM: return "out of memory";
    case SW_EFULL: return "capacity exhausted";
    case SW_ENOTFOUND: return "not found";
    case SW_ENUMERIC: return "numerical failure";
    case SW_ETRUNC: return "truncated input";
    case SW_EUNSUPPORTED: return "unsupported";
    case SW_ERANGE: return "value out of range";
    case SW_ENET: return "network error";
    case SW_ESECURITY: return "security failure";
    case SW_ETIMEOUT: return "timed out";
    case SW_EORDER: return "out of time order";
    default: return "unknown error";
    }
}

sw_rc sw_err_set(sw_err *err, sw_rc rc, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->rc = rc;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void sw_err_prefix(sw_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char pre[SW_ERR_MSG / 2], old[SW_ERR_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    size_t np = strlen(pre);
    memcpy(err->msg, pre, np);
    memcpy(err->msg + np, ": ", 2);
    size_t room = sizeof err->msg - np - 3, no = strlen(old);
    if (no > room)
        no = room;
    memcpy(err->msg + np + 2, old, no);
    err->msg[np + 2 + no] = '\0';
}

void sw_err_clear(sw_err *err)
{
    if (err) {
        err->rc = SW_OK;
        err->msg[0] = '\0';
    }
}
