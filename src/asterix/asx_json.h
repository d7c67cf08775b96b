/* asterix/asx_json.h - the JSON form of ASTERIX records (`skyweave asterix decode | encode`).
 *
 * One JSON object per line.  A record:
 *   {"frame":3,"ts":1462433756.123456,"src":"10.0.0.1:5000","dst":"232.1.1.11:21111",   (pcap only)
 *    "block":1,"record":2,"offset":1234,"cat":48,"edition":"1.31","sac":25,"sic":201,
 *    "I048/010":{"sac":25,"sic":201},"I048/040":{"rho_nm":197.68359375,"theta_deg":340.13671875},
 *    "I048/250":[{"mbdata":"c0780031bc0000","bds1":4,"bds2":0}], "I048/130":{"srl_deg":0.35,...}}
 * Items are keyed "Iccc/iii"; fields by the typed struct's member names, units in the names;
 * physical values are exact decimals (or rounded to 1/10 LSB when the exact one is long), so
 * encoding gives back the same raw value.  What is needed to reproduce the octets exactly is
 * kept: extents present (an extended item shows the fields of the parts it had), spare bits
 * when not zero ("spare"), FSPEC octets when more than needed ("fspec_octets"), characters as
 * they were (6-bit codes outside the ICAO set map onto ASCII 32..95; 8-bit text that is not
 * printable ASCII becomes "<key>_hex").  Other lines:
 *   {"...","cat":65,"unsupported":true,"hex":"..."}  a block of a category not decoded (its body)
 *   {"...","error":"...","tail":"..."}               octets of a block after a record fault
 *   {"...","error":"...","raw":"..."}                octets after a bad block header, verbatim
 * so that decode | encode reproduces any input octet for octet, faulty parts included. */
#ifndef SW_ASTERIX_ASX_JSON_H
#define SW_ASTERIX_ASX_JSON_H

#include <stddef.h>

#include "asterix/asterix.h"

/* ---- output (hand-written: the hot path of `skyweave asterix decode`) ---------------------- */

/* A text sink with a fixed buffer; full buffers go to flush (e.g. fwrite to stdout).  Without
 * a flush function, output that does not fit sets `overflow` and is dropped. */
typedef struct asx_jout {
    char *buf;
    size_t cap, len;
    int (*flush)(void *ctx, const char *p, size_t n);
    void *ctx;
    int overflow;
    int error;      /* flush failed */
} asx_jout;

void asx_jout_init(asx_jout *o, char *buf, size_t cap, int (*flush)(void *, const char *, size_t),
                   void *ctx);
/* Writes out what is buffered; 0 or -1. */
int asx_jout_flush(asx_jout *o);

/* Where a line came from. */
typedef struct asx_jmeta {
    long frame;          /* pcap frame (1-based); 0: raw input, no frame keys */
    double ts;           /* capture time, s since the epoch */
    const char *src;     /* "ip:port" or NULL */
    const char *dst;
    int block, record;
    long long offset;    /* octet offset in the file (-1: unknown) */
} asx_jmeta;

void asx_json_record(asx_jout *o, const asx_jmeta *m, const asx_rec *r);
/* A block the decoder has no UAP for: body = the octets after its 3-octet header. */
void asx_json_block(asx_jout *o, const asx_jmeta *m, int cat, const uint8_t *body, size_t n);
/* A fault and the octets it made unreadable; in_block: they continue the current block
 * ("tail"), else they are verbatim ("raw"). */
void asx_json_fault(asx_jout *o, const asx_jmeta *m, int cat, const char *msg, const uint8_t *p,
                    size_t n, int in_block);

/* ---- input (cJSON) -------------------------------------------------------------------------- */

enum { ASX_J_RECORD = 1, ASX_J_BLOCK, ASX_J_TAIL, ASX_J_RAW };

/* One parsed line: its kind, grouping keys and octets. */
typedef struct asx_jline {
    int kind;
    int cat;
    long frame;          /* -1: absent */
    long block;          /* -1: absent */
    double ts;           /* -1: absent */
    char src[64], dst[64];
    size_t n;            /* octets written to out */
} asx_jline;

/* Parses one line into octets: a whole record (FSPEC included) for ASX_J_RECORD, the body of a
 * block for ASX_J_BLOCK, plain octets otherwise.  ed chooses the UAP when the line has no
 * "edition" (NULL: defaults).  Errors name the item and field. */
sw_rc asx_json_parse(const char *text, size_t len, const asx_editions *ed, uint8_t *out,
                     size_t cap, asx_jline *jl, sw_err *err);

/* Groups parsed lines back into blocks and datagrams: a record joins the open block while
 * category, "frame" and "block" stay the same (a line without "block" is a block of its own);
 * a new "frame" starts a new datagram (without "frame", each block is one). */
typedef struct asx_jasm {
    uint8_t dg[65536];   /* the datagram being built */
    size_t len;
    size_t blk;          /* offset of the open block, or SIZE_MAX */
    int cat;
    long frame, block;
    double ts;
    char src[64], dst[64];
    int has_data;
    /* called with each finished datagram */
    sw_rc (*emit)(void *ctx, const uint8_t *p, size_t n, const asx_jline *first, sw_err *err);
    void *ctx;
    asx_jline first;     /* grouping keys of the datagram's first line */
} asx_jasm;

void asx_jasm_init(asx_jasm *a,
                   sw_rc (*emit)(void *, const uint8_t *, size_t, const asx_jline *, sw_err *),
                   void *ctx);
sw_rc asx_jasm_add(asx_jasm *a, const asx_jline *jl, const uint8_t *p, sw_err *err);
/* Emits the last datagram. */
sw_rc asx_jasm_finish(asx_jasm *a, sw_err *err);

#endif
