/* asterix/asterix.h - the ASTERIX codec of skyweave: CAT048 1.31, CAT034 1.29, CAT021 2.6 in,
 * CAT062 1.19 out (and in, for tests and tools).
 *
 * Layers, from the wire up:
 *   asx_iter     walks a datagram or file: data blocks (CAT, LEN) and their records.  A fault in a
 *                record skips the rest of that block by its LEN (never guessed) and says where.
 *   asx_rec      one record split into its items (offsets and lengths, every length checked
 *                against the block), without copying: the input buffer must outlive it.
 *   asx_decode   fills the typed record of the category (asx048, asx034, asx021, asx062 in
 *                asxCCC.h: one struct per item, physical values in doubles).  No allocation.
 *   asx_encode   the typed record back to octets with the minimal FSPEC and extents.
 *   asx_writer   packs encoded records into data blocks within a size limit (a UDP datagram).
 * The JSON form of records (skyweave asterix decode/encode) is in asterix/asx_json.h.
 *
 * Editions: the data does not say which edition it follows, so the edition is a setting per
 * category and source (SAC/SIC or UDP port): asx_editions.  This build has one edition per
 * category, the one tshark 4.0 decodes by default; the table is ready for more.
 *
 * Everything here works on caller memory and keeps no global state: thread-safe. */
#ifndef SW_ASTERIX_ASTERIX_H
#define SW_ASTERIX_ASTERIX_H

#include <stddef.h>
#include <stdint.h>

#include "asterix/asx021.h"
#include "asterix/asx034.h"
#include "asterix/asx048.h"
#include "asterix/asx062.h"
#include "asterix/asx_desc.h"
#include "core/rc.h"

/* Whether a typed record has an item: ASX_HAS(&rec.c048, 048, 040). */
#define ASX_HAS(rec, cat, item) ((rec)->present >> (ASX##cat##_FRN_##item - 1) & 1)

/* ---- UAPs and editions --------------------------------------------------------------------- */

/* The built-in UAP of a category and edition (edition NULL: the default), or NULL. */
const asx_uap *asx_uap_find(int cat, const char *edition);
/* The built-in UAPs, NULL-terminated (for listings and tests). */
extern const asx_uap *const asx_uaps[];

#define ASX_MAX_EDITION_RULES 64

/* Which UAP decodes which source.  A rule names a category and optionally a SAC/SIC or a UDP
 * port; the most specific matching rule wins (SAC/SIC, then port, then the category default). */
typedef struct asx_edition_rule {
    uint8_t cat;
    int16_t sac, sic;   /* -1: any */
    int32_t port;       /* -1: any */
    const asx_uap *uap;
} asx_edition_rule;

typedef struct asx_editions {
    int n;
    asx_edition_rule rule[ASX_MAX_EDITION_RULES];
} asx_editions;

/* The defaults: every built-in category with its default edition. */
void asx_editions_init(asx_editions *e);
/* Adds a rule "CAT=ED", "CAT@SAC/SIC=ED" or "CAT@port:N=ED" (e.g. "48@25/201=1.31").
 * An edition that is not built in is an SW_EUNSUPPORTED error naming the ones that are. */
sw_rc asx_editions_add(asx_editions *e, const char *rule, sw_err *err);
/* The UAP for a block of category cat from SAC/SIC (-1 if unknown) received on port (-1), or
 * NULL when the category is not decoded. */
const asx_uap *asx_editions_get(const asx_editions *e, int cat, int sac, int sic, int port);

/* ---- faults -------------------------------------------------------------------------------- */

/* Where a datagram or file went wrong.  Offsets count from the start of the buffer given to the
 * iterator (the caller adds the file or frame offset). */
typedef struct asx_fault {
    sw_rc rc;
    int block;          /* 1-based block index, 0 = none */
    int record;         /* 1-based record index in the block, 0 = the block itself */
    int cat;            /* category of the block, -1 unknown */
    size_t off;         /* offset of the offending octet */
    size_t skip_off;    /* the octets dropped because of the fault: [skip_off, skip_off+skip_len) */
    size_t skip_len;
    char item[24];      /* "I048/130", "I048/130 SRL", "FSPEC", or "" */
    char why[160];
} asx_fault;

/* "block 2 (CAT048) at byte 40, record 3, I048/130 at byte 63: <why>" into err, prefixed by
 * where (e.g. "file.pcap: frame 7"), which may be NULL. */
sw_rc asx_fault_err(const asx_fault *f, const char *where, sw_err *err);

/* ---- records ------------------------------------------------------------------------------- */

#define ASX_MAX_FRN 56

/* A record split into items.  Offsets are from p (the first FSPEC octet). */
typedef struct asx_rec {
    const asx_uap *uap;
    const uint8_t *p;
    uint16_t len;        /* octets of the record, FSPEC included */
    uint8_t fspec_len;
    uint8_t n;           /* items present */
    uint64_t present;    /* bit FRN-1 */
    struct {
        uint8_t frn;
        uint16_t off, len;
    } it[ASX_MAX_FRN];   /* in FRN order */
} asx_rec;

/* Splits the record at p (avail octets to the end of its block).  On error fills f (offsets
 * relative to p; block/record left 0) and returns it. */
sw_rc asx_rec_split(const asx_uap *uap, const uint8_t *p, size_t avail, asx_rec *r,
                    asx_fault *f);

/* Fills the typed record (asx048 for CAT048 ...: uap->size bytes) from a split record.  Only the
 * present items are written; `present` says which.  Fails only when a repetitive-FX item is
 * longer than ASX_REPFX_MAX. */
sw_rc asx_decode(const asx_rec *r, void *out, asx_fault *f);

/* Encodes a typed record: minimal FSPEC and extents (an extended item's `parts` is a floor),
 * spare bits zero.  Values are rounded to the nearest LSB; one that does not fit its field is an
 * SW_ERANGE error naming item and field.  *len receives the octets written. */
sw_rc asx_encode(const asx_uap *uap, const void *rec, uint8_t *out, size_t cap, size_t *len,
                 sw_err *err);

/* Splits and decodes in one pass (CAT048 1.31 by a hand-written decoder, the rest by the
 * tables): the typed path without an asx_rec.  *len receives the record's octets. */
sw_rc asx_decode_record(const asx_uap *uap, const uint8_t *p, size_t avail, void *out,
                        size_t *len, asx_fault *f);

/* Room for a typed record of any category decoded here. */
typedef union asx_any {
    asx048 c048;
    asx034 c034;
    asx021 c021;
    asx062 c062;
} asx_any;

/* ---- walking a datagram or file ------------------------------------------------------------ */

enum {
    ASX_END = 0,     /* no more data */
    ASX_RECORD = 1,  /* *r is the next record */
    ASX_BLOCK = 2    /* a block of a category without a UAP: it->blk, it->blk_len (skipped) */
};

typedef struct asx_iter {
    const uint8_t *buf;
    size_t len;
    size_t pos;          /* next octet to read */
    const asx_editions *ed;
    int port;
    int block;           /* index of the current block (1-based) */
    int record;          /* index of the last record returned in it */
    int cat;
    const asx_uap *uap;
    size_t blk;          /* offset of the current block */
    size_t blk_len;
    size_t blk_end;
    size_t rec_off;      /* offset of the record asx_iter_decode returned last */
    int in_block;
} asx_iter;

/* ed may be NULL (defaults); port -1 when unknown. */
void asx_iter_init(asx_iter *it, const uint8_t *buf, size_t len, const asx_editions *ed,
                   int port);
/* ASX_RECORD, ASX_BLOCK, ASX_END, or a negative sw_rc with f filled; after an error the next
 * call continues with the next block (or ends, when the block header itself was bad). */
int asx_iter_next(asx_iter *it, asx_rec *r, asx_fault *f);
/* The same, decoding each record into *out (it->uap->cat says which member). */
int asx_iter_decode(asx_iter *it, asx_any *out, asx_fault *f);

/* ---- writing blocks ------------------------------------------------------------------------ */

/* Packs records into blocks in buf; a record of another category, or one that would make the
 * block longer than max_block, starts a new block. */
typedef struct asx_writer {
    uint8_t *buf;
    size_t cap;
    size_t len;          /* octets written, the open block included */
    size_t blk;          /* offset of the open block */
    int cat;             /* category of the open block, -1: none */
    size_t max_block;
    int records;         /* records written */
} asx_writer;

void asx_writer_init(asx_writer *w, uint8_t *buf, size_t cap, size_t max_block);
/* SW_EFULL (nothing written) when buf has no room: flush (asx_writer_finish) and retry. */
sw_rc asx_writer_add(asx_writer *w, const asx_uap *uap, const void *rec, sw_err *err);
/* Appends an already encoded record. */
sw_rc asx_writer_add_raw(asx_writer *w, int cat, const uint8_t *rec, size_t n, sw_err *err);
/* Closes the open block; returns the octets in buf.  The writer is then empty again. */
size_t asx_writer_finish(asx_writer *w);

/* ---- field helpers ------------------------------------------------------------------------- */

/* 6-bit ICAO characters: code c <-> ASCII (1-26 'A'-'Z', 32 ' ', 48-57 '0'-'9'; other codes map
 * one-to-one onto the rest of ASCII 32..95, so every code survives a round trip). */
char asx_icao_char(unsigned c);
int asx_icao_code(char ch); /* -1: not representable */

/* A 3-D radar's height beyond I048/110 (14 bits of 25 ft: +-62.4 km), in CAT048's Special
 * Purpose field (asx048_sp.c).  A ballistic missile flies at 60-500 km: I048/110 cannot carry
 * that, and a record without its height would place the target tens of km wrong (the slant
 * range of an object 200 km up is not its ground range).  skyweave's SP content is 'S' 'W',
 * type 1, then the height as a signed 32-bit big-endian count of feet.  Readers that do not
 * know it skip the SP field by its length, as the standard says. */
#define ASX048_110_MAX_FT 204775.0
/* Sets r->sp (and its FSPEC bit) to the height h_ft. */
void asx048_sp_height_put(asx048 *r, double h_ft);
/* 1 with *h_ft when r has skyweave's SP height, else 0 (an SP of another content is ignored). */
int asx048_sp_height_get(const asx048 *r, double *h_ft);

#endif
