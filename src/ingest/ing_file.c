/* ingest/ing_file.c - a whole recording through an ing, with the allow-list applied to the
 * frames' sources as a receiver would apply it to live datagrams. */
#include "ingest/ing_udp.h"
#include "ingest/ingest.h"

sw_rc ing_feed_file(ing *g, const char *path, const ing_udp *allow, ing_plot_fn fn, void *ctx,
                    long *denied, double *t_last, sw_err *err)
{
    ing_source *src;
    sw_rc rc = ing_source_open(&src, path, ING_SRC_AUTO, err);
    if (rc)
        return rc;
    ing_datagram d;
    int r;
    while ((r = ing_source_next(src, &d, err)) != 0) {
        if (r < 0) {
            if (r != SW_EFORMAT) { /* the file cannot be read further */
                rc = r;
                break;
            }
            continue; /* one bad frame: counted by the reader, the rest goes on */
        }
        int a = allow && d.frame > 0 && !d.llc && !d.ipv6 ? ing_udp_allowed(allow, d.src_ip)
                                                        : ING_MAX_ALLOW;
        if (a < 0) {
            if (denied)
                (*denied)++;
            continue;
        }
        int restricted = allow && a < allow->nallow;
        ing_input in = {d.p, d.n, d.frame > 0 ? d.ts : -1, d.frame > 0 ? d.dst_port : -1,
                        restricted ? allow->allow[a].sac : -1,
                        restricted ? allow->allow[a].sic : -1};
        ing_feed(g, &in, fn, ctx);
        if (t_last && in.t_rx > *t_last)
            *t_last = in.t_rx;
    }
    ing_source_close(src);
    return rc;
}
