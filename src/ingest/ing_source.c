/* ingest/ing_source.c - pcap or raw ASTERIX file, told apart by the pcap magic numbers. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ing_source.h"

struct ing_source {
    ing_pcap_reader *pcap;
    const uint8_t *map;
    size_t len;
    int done;
};

static int is_pcap_magic(const uint8_t m[4])
{
    static const uint8_t magics[][4] = {{0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4},
                                        {0x4d, 0x3c, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d},
                                        {0x0a, 0x0d, 0x0d, 0x0a}};
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (memcmp(m, magics[i], 4) == 0)
            return 1;
    return 0;
}

sw_rc ing_source_open(ing_source **out, const char *path, ing_src_kind kind, sw_err *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return sw_err_set(err, SW_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return sw_err_set(err, SW_EIO, "%s: not a regular file", path);
    }
    uint8_t m[4] = {0};
    ssize_t got = pread(fd, m, 4, 0);
    ing_source *s = calloc(1, sizeof *s);
    if (!s) {
        close(fd);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    if (kind == ING_SRC_PCAP || (kind == ING_SRC_AUTO && got == 4 && is_pcap_magic(m))) {
        close(fd);
        sw_rc rc = ing_pcap_open(&s->pcap, path, err);
        if (rc) {
            free(s);
            return rc;
        }
    } else {
        s->len = (size_t)st.st_size;
        if (s->len) {
            void *p = mmap(NULL, s->len, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) {
                close(fd);
                free(s);
                return sw_err_set(err, SW_EIO, "%s: cannot map: %s", path, strerror(errno));
            }
            madvise(p, s->len, MADV_SEQUENTIAL);
            s->map = p;
        }
        close(fd);
    }
    *out = s;
    return SW_OK;
}

int ing_source_next(ing_source *s, ing_datagram *d, sw_err *err)
{
    if (s->pcap)
        return ing_pcap_next(s->pcap, d, err);
    if (s->done || !s->len)
        return 0;
    s->done = 1;
    memset(d, 0, sizeof *d);
    d->p = s->map;
    d->n = s->len;
    d->frame = 0;
    d->file_off = 0;
    d->ts = -1;
    return 1;
}

int ing_source_is_pcap(const ing_source *s) { return s->pcap != NULL; }

ing_pcap_stats ing_source_stats(const ing_source *s)
{
    ing_pcap_stats z = {0};
    return s->pcap ? *ing_pcap_stats_of(s->pcap) : z;
}

void ing_source_close(ing_source *s)
{
    if (!s)
        return;
    if (s->pcap)
        ing_pcap_close(s->pcap);
    if (s->map)
        munmap((void *)s->map, s->len);
    free(s);
}
