/* core/rc.h - the one error convention of skyweave.
 *
 * A function that can fail returns sw_rc: 0 (SW_OK) on success, a negative code on error.
 * When the caller wants to know *what* went wrong and *where*, it passes an sw_err, which the
 * failing function fills with the code and a human message carrying context (file:line of input,
 * byte offset, item name).  sw_err may be NULL: then only the code comes back.
 * Bad input is always an error value, never an assert or an exit(). */
#ifndef SW_CORE_RC_H
#define SW_CORE_RC_H

typedef int sw_rc;

enum {
    SW_OK = 0,
    SW_EINVAL = -1,      /* a bad argument from the caller */
    SW_EFORMAT = -2,     /* malformed input data (file, packet, config) */
    SW_EIO = -3,         /* an operating-system I/O error (errno in the message) */
    SW_ENOMEM = -4,      /* allocation failed */
    SW_EFULL = -5,       /* a fixed-capacity pool or buffer is full */
    SW_ENOTFOUND = -6,   /* a named thing does not exist */
    SW_ENUMERIC = -7,    /* a numerical failure (matrix not positive definite, NaN) */
    SW_ETRUNC = -8,      /* input ends before the structure it announces */
    SW_EUNSUPPORTED = -9,/* valid but not handled (an unknown category or edition) */
    SW_ERANGE = -10,     /* a value outside its allowed range */
    SW_ENET = -11,       /* a network / DDS failure */
    SW_ESECURITY = -12,  /* authentication, permission or signature failure */
    SW_ETIMEOUT = -13,   /* waited too long */
    SW_EORDER = -14      /* data out of time order beyond what can be handled */
};

#define SW_ERR_MSG 512

typedef struct sw_err {
    sw_rc rc;
    char msg[SW_ERR_MSG];
} sw_err;

/* The name of a code, e.g. "malformed input". Never NULL. */
const char *sw_strerror(sw_rc rc);

/* Records rc and a printf-style message in err (if err is not NULL) and returns rc, so that
 * `return sw_err_set(err, SW_EFORMAT, "%s:%d: ...", file, line);` is one line. */
sw_rc sw_err_set(sw_err *err, sw_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the message already in err with more context ("while reading X: ..."). */
void sw_err_prefix(sw_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clears err to SW_OK with an empty message. */
void sw_err_clear(sw_err *err);

#endif
