/* asterix/asx_types.h - small types shared by the generated typed records (asxCCC.h). */
#ifndef SW_ASTERIX_ASX_TYPES_H
#define SW_ASTERIX_ASX_TYPES_H

#include <stdint.h>

/* Elements kept of a repetitive-FX item (I048/030, I062/510) in the typed record.  The wire has
 * no limit; a longer chain is a decode error of the typed path only (JSON keeps everything). */
#define ASX_REPFX_MAX 64

/* An explicit item (SP, RE): its content without the length octet, kept as opaque bytes. */
typedef struct asx_explicit {
    uint8_t len;
    uint8_t data[255];
} asx_explicit;

#endif
