/* ingest/ing_source.h - a recording as a sequence of datagrams, whatever its format: a pcap
 * (classic or pcapng, see ing_pcap.h) gives its UDP payloads one by one; any other file is raw
 * ASTERIX (blocks back to back) and comes as one datagram holding the whole file, mapped into
 * memory.  Used by `skyweave asterix decode`, replay and `track --pcap`. */
#ifndef SW_INGEST_ING_SOURCE_H
#define SW_INGEST_ING_SOURCE_H

#include "ingest/ing_pcap.h"

typedef enum { ING_SRC_AUTO = 0, ING_SRC_PCAP, ING_SRC_RAW } ing_src_kind;

typedef struct ing_source ing_source;

sw_rc ing_source_open(ing_source **s, const char *path, ing_src_kind kind, sw_err *err);
/* As ing_pcap_next: 1 datagram, 0 end, SW_EFORMAT a bad frame (go on), other < 0 fatal. */
int ing_source_next(ing_source *s, ing_datagram *d, sw_err *err);
int ing_source_is_pcap(const ing_source *s);
/* The pcap reader's counters (zero for raw files). */
ing_pcap_stats ing_source_stats(const ing_source *s);
void ing_source_close(ing_source *s);

#endif
