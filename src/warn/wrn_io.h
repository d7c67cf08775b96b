/* warn/wrn_io.h - reading a whole file, shared inside warn/ (GeoJSON areas, audit logs).  Not
 * part of the API. */
#ifndef SW_WRN_IO_H
#define SW_WRN_IO_H

#include "core/rc.h"

#include <stddef.h>

/* Reads path into a malloc'd buffer (NUL-terminated, *len bytes without the NUL); files larger
 * than max bytes are an error.  The caller frees *buf. */
sw_rc wrn_read_file(const char *path, size_t max, char **buf, size_t *len, sw_err *err);

#endif
