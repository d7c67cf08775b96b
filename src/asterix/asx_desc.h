/* asterix/asx_desc.h - the descriptor tables that drive the codec.
 *
 * One generic walker serves every category: a UAP is an array of item descriptors indexed by
 * FRN, an item says how its length is found (fixed, extended, repetitive, repetitive-FX, compound,
 * explicit) and lists its fields (bit position, width, how to show the value, where the typed
 * struct keeps it).  The tables are generated from the structured specifications
 * (scripts/asx_gen.py), so the byte layout is never typed by hand.  Read-only, thread-safe. */
#ifndef SW_ASTERIX_ASX_DESC_H
#define SW_ASTERIX_ASX_DESC_H

#include <stddef.h>
#include <stdint.h>

enum asx_var {
    ASX_V_NONE = 0,  /* spare FRN / sub-FRN: must not be set */
    ASX_V_FIXED,     /* len octets */
    ASX_V_EXTENDED,  /* parts ending with an FX bit; part_end[i] = octets up to part i */
    ASX_V_REP,       /* 1 octet count, then count x len octets */
    ASX_V_REPFX,     /* elements of len octets, each ending with an FX bit */
    ASX_V_COMPOUND,  /* sub-FSPEC, then the present subfields (sub[]) in order */
    ASX_V_EXPLICIT   /* 1 octet length (counting itself), then opaque content */
};

enum asx_type {
    ASX_T_UINT,   /* unsigned integer, enumeration, short raw: a JSON number */
    ASX_T_INT,    /* signed integer */
    ASX_T_HEX,    /* raw or BDS of more than 16 bits: a JSON hex string */
    ASX_T_UQ,     /* unsigned quantity: raw x LSB */
    ASX_T_SQ,     /* signed (two's complement over `bits`) quantity */
    ASX_T_ICAO,   /* 6-bit characters */
    ASX_T_ASCII,  /* 8-bit characters */
    ASX_T_OCTAL,  /* 12-bit Mode 3/A-style code: four octal digits */
    ASX_T_SPARE,  /* spare bits: shown only when not zero, never stored */
    ASX_T_CASE    /* unsigned quantity whose LSB depends on the field before it (alt when 1) */
};

enum asx_store { ASX_S_NONE, ASX_S_U8, ASX_S_U16, ASX_S_U32, ASX_S_U64, ASX_S_I32, ASX_S_F64,
                 ASX_S_STR };

#define ASX_NOFF 0xffffu

typedef struct asx_field {
    const char *key;     /* JSON key = typed-struct member ("rho_nm") */
    const char *spec;    /* the specification's name ("RHO", "ADSB_EP", "VALUE", "spare") */
    uint16_t pos;        /* first bit, counted from the MSB of the item, part or element */
    uint8_t bits;
    uint8_t type;        /* asx_type */
    uint8_t store;       /* asx_store */
    uint8_t p2, p10;     /* LSB = num / (2^p2 * 10^p10), exactly */
    uint8_t dec;         /* digits after the decimal point in JSON (exact or unique) */
    uint16_t num;
    double lsb;          /* num / (2^p2 * 10^p10) as a double, for the typed path */
    uint16_t off;        /* member offset in the item (or element) struct; ASX_NOFF: not kept */
    const struct asx_field *alt; /* ASX_T_CASE: meaning when the field before it is 1 */
} asx_field;

typedef struct asx_item {
    const char *id;      /* "040", "SP"; a subfield: its name "SRL" */
    const char *key;     /* JSON key: "I048/040"; a subfield: "srl_deg" or "sal" */
    const char *title;
    uint8_t var;         /* asx_var */
    uint8_t len;         /* FIXED: octets; REP/REPFX: octets per element */
    uint8_t nparts;      /* EXTENDED */
    uint8_t flat;        /* a subfield (or element) that is one value, shown without an object */
    const uint8_t *part_end;
    const asx_field *f;
    uint16_t nf;
    const struct asx_item *sub; /* COMPOUND: indexed by sub-FRN - 1 */
    uint16_t nsub;
    uint16_t off;        /* offset of its struct (or flat member) in the parent struct */
    uint16_t size;       /* sizeof its struct (0 when flat) */
    uint16_t eoff, esize, cap; /* REP/REPFX: elements' offset, size and capacity in the struct */
} asx_item;

/* One edition of one category. */
typedef struct asx_uap {
    uint8_t cat;
    const char *edition;
    const char *title;
    uint8_t nfrn;
    const asx_item *items; /* indexed by FRN - 1; var ASX_V_NONE: spare */
    size_t size;           /* sizeof the typed record */
} asx_uap;

#endif
