/* warn/wrn_audit.h - the signed, hash-chained audit log of warnings, the nodes' Ed25519 audit
 * keys, and signed acknowledgements (libsodium).
 *
 * Log format (docs/warnings.md, "Audit log"): JSON lines, one entry per line, append-only:
 *
 *   {"seq":7,"time":"2026-11-29T02:36:06.123Z","node":"QA","event":"received",...,
 *    "prev":"<64 hex>","hash":"<64 hex>","sig":"<128 hex>"}
 *
 * The entry's body is its bytes from '{' up to (not including) ',"prev":"'.  hash is
 * SHA-256("skyweave-audit-v1" || prev hash (32 bytes) || body), prev the hash of the entry
 * before (32 zero bytes for the first), sig the Ed25519 signature of hash by the node's audit key.
 * Any changed byte breaks a hash or a signature; a removed, inserted or reordered entry breaks
 * seq and the chain; a torn last line has no newline.  A clean close appends a "seal" entry, so
 * cutting entries off the end is detected too (verification requires the seal unless told the
 * log is still open; an external anchor, --head, covers an open log).
 *
 * Crash safety: each entry is one write() on an O_APPEND descriptor followed by fdatasync()
 * (policy WRN_AUDIT_SYNC_ENTRY; or once per node cycle with WRN_AUDIT_SYNC_BATCH); a
 * reopened log whose last line is torn (a crash mid-write) is cut back to its last complete
 * entry and a signed "recovered" entry records how many bytes were cut and their SHA-256.  One
 * process writes a log (an exclusive flock is taken).
 *
 * Keys: DIR/<NATION>/audit.sk holds libsodium's 64-byte Ed25519 secret key as 128 lower-case hex
 * digits and a newline, DIR/<NATION>/audit.pk the 32-byte public key as 64 hex digits and a
 * newline (as `skyweave keys` writes them). */
#ifndef SW_WRN_AUDIT_H
#define SW_WRN_AUDIT_H

#include "core/rc.h"
#include "warn/wrn_types.h"

#include <stddef.h>
#include <stdint.h>

#define WRN_SK_BYTES 64
#define WRN_PK_BYTES 32
#define WRN_SIG_BYTES 64

/* ---- keys and signed acknowledgements (wrn_keys.c) ---------------------------------------- */

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void wrn_hex(const uint8_t *in, size_t n, char *out);
/* Exactly 2n lower- or upper-case hex digits -> n bytes; -1 otherwise. */
int wrn_unhex(const char *hex, size_t n, uint8_t *out);

sw_rc wrn_key_load_sk(const char *path, uint8_t sk[WRN_SK_BYTES], sw_err *err);
sw_rc wrn_key_load_pk(const char *path, uint8_t pk[WRN_PK_BYTES], sw_err *err);
/* Loads DIR/<NATION>/audit.sk (and audit.pk when present, which must match). */
sw_rc wrn_keys_load(const char *dir, const char *nation, uint8_t sk[WRN_SK_BYTES],
                    uint8_t pk[WRN_PK_BYTES], sw_err *err);
/* Loads DIR/<NATION>/audit.pk. */
sw_rc wrn_keys_load_pk(const char *dir, const char *nation, uint8_t pk[WRN_PK_BYTES],
                       sw_err *err);
/* A fresh key pair written as DIR/<NATION>/audit.{sk,pk} (sk mode 0600); for tests and tools.
 * Refuses to overwrite an existing secret key. */
sw_rc wrn_keys_generate(const char *dir, const char *nation, uint8_t sk[WRN_SK_BYTES],
                        uint8_t pk[WRN_PK_BYTES], sw_err *err);

#define WRN_ACK_BYTES 80
/* The canonical bytes an acknowledgement's signature covers: "SWACK1" | id (8, big-endian) |
 * nation (4) | issuer (4) | revision (4, BE) | state (1) | time in ms (8, BE, int64) |
 * operator (32) | 13 zero bytes; strings up to their NUL and zero-padded.  Independent of
 * struct layout, host byte order and of the time's trip through nanoseconds on the wire. */
void wrn_ack_bytes(const wrn_ack *a, uint8_t out[WRN_ACK_BYTES]);
void wrn_ack_sign(wrn_ack *a, const uint8_t sk[WRN_SK_BYTES]);
/* SW_OK when a->sig is the signature of the acknowledging nation's key pk; SW_ESECURITY not. */
sw_rc wrn_ack_verify(const wrn_ack *a, const uint8_t pk[WRN_PK_BYTES]);

/* ---- writing (wrn_audit.c) ------------------------------------------------------------------ */

/* ENTRY: fdatasync after every entry.  BATCH: the caller calls wrn_audit_sync() (a node: once
 * per cycle), so a burst of entries costs one fdatasync; a process crash loses nothing either way
 * (write() has reached the kernel), a power cut at most the entries of one cycle.  NONE: never
 * (tests, benchmarks).  The seal is always synced. */
typedef enum {
    WRN_AUDIT_SYNC_ENTRY = 0,
    WRN_AUDIT_SYNC_NONE = 1,
    WRN_AUDIT_SYNC_BATCH = 2
} wrn_audit_sync_policy;

typedef struct wrn_audit wrn_audit;

/* Opens (creating, or continuing a log this node wrote before) path for nation, signing with sk.
 * A new log starts with an "open" entry carrying the public key; a continued one with "reopen"
 * (and "recovered" when a torn tail was cut).  SW_ESECURITY when the existing log's last entry is
 * not a valid entry of this node's key. */
sw_rc wrn_audit_open(wrn_audit **a, const char *path, const char *nation,
                     const uint8_t sk[WRN_SK_BYTES], int sync, double now, sw_err *err);
/* Appends one entry: event and optional fields (a JSON object's members, "" or
 * "\"k\":1,\"s\":\"x\"", written as given: the caller escapes).  Thread-compatible, not safe. */
sw_rc wrn_audit_append(wrn_audit *a, double now, const char *event, const char *fields,
                       sw_err *err);
/* An entry about a warning message and/or an acknowledgement (either may be NULL); peer is the
 * nation it was sent to / received from (may be NULL); note free text (may be NULL). */
sw_rc wrn_audit_log(wrn_audit *a, double now, const char *event, const sw_warning *w,
                    const wrn_ack *ack, const char *peer, int attempt, const char *note,
                    sw_err *err);
/* fdatasync now if entries were appended since the last sync (policy BATCH). */
sw_rc wrn_audit_sync(wrn_audit *a, sw_err *err);
/* Appends the "seal" entry and closes.  a is freed whatever the result. */
sw_rc wrn_audit_close(wrn_audit *a, double now, sw_err *err);
/* Closes without a seal (what a crash leaves). */
void wrn_audit_abandon(wrn_audit *a);
uint64_t wrn_audit_count(const wrn_audit *a);      /* entries in the log */
const char *wrn_audit_head(const wrn_audit *a);    /* hash of the last entry, hex */

/* ---- checking (wrn_audit_verify.c) ---------------------------------------------------------- */

typedef struct wrn_audit_report {
    long entries;              /* valid entries read */
    int sealed;                /* the last entry is a seal */
    int key_from_log;          /* no key given: checked against the key the log declares */
    char node[WRN_NATION_LEN];
    char head[65];             /* hash of the last valid entry */
    long bad_entry;            /* first bad entry (0-based seq position), -1 if none */
    long bad_line;             /* its line (1-based) */
    long bad_offset;           /* its byte offset */
    char why[256];
} wrn_audit_report;

typedef struct wrn_audit_check {
    const char *keys_dir;      /* DIR/<NATION>/audit.pk of the log's node (may be NULL) */
    const uint8_t *pk;         /* or this public key (may be NULL) */
    int allow_open;            /* accept a log without its seal (a running node's) */
    const char *head;          /* external anchor: the hash the last entry must have (or NULL) */
} wrn_audit_check;

/* Checks every entry.  SW_OK when the whole log is valid; SW_ESECURITY with r->bad_* and r->why
 * naming the first bad entry; SW_EIO when the file cannot be read. */
sw_rc wrn_audit_verify(const char *path, const wrn_audit_check *chk, wrn_audit_report *r,
                       sw_err *err);
/* The same on a buffer (tests, fuzzing). */
sw_rc wrn_audit_verify_buf(const char *buf, size_t len, const wrn_audit_check *chk,
                           wrn_audit_report *r);

#endif
