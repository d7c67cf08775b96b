/* warn/wrn_cap.c - one warning message as a CAP 1.2 <alert>, written with libxml2's text writer
 * (which does the escaping and the encoding, so no warning text can break the XML).
 *
 * Element order follows the schema's sequences exactly (CAP-v1.2.xsd): alert = identifier,
 * sender, sent, status, msgType, source, scope, restriction, addresses, code, note, references,
 * incidents, info; info = language, category, event, responseType, urgency, severity, certainty,
 * audience, eventCode, effective, onset, expires, senderName, headline, description,
 * instruction, web, contact, parameter, resource, area; area = areaDesc, polygon, circle,
 * geocode, altitude, ceiling.  Polygons are "lat,lon" pairs, closed, at least 4 pairs; circles
 * "lat,lon radius_km" (CAP 1.2 section 3.2.4). */
#include "warn/wrn_cap.h"

#include "core/time.h"
#include "core/types.h"
#include "geo/geo.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS "urn:oasis:names:tc:emergency:cap:1.2"
#define ELLIPSE_SIDES 36
#define K95 2.4477468306808166 /* sqrt(-2 ln 0.05): the 95 % ellipse of a 2-D Gaussian */

static const char *event_name(int cls)
{
    switch (cls) {
    case SW_CLS_BALLISTIC: return "Ballistic missile";
    case SW_CLS_CRUISE: return "Cruise missile";
    case SW_CLS_DRONE: return "Drone";
    case SW_CLS_AIRCRAFT: return "Hostile aircraft";
    default: return "Unidentified air threat";
    }
}

/* Writes <name>text</name>; libxml2 returns < 0 on failure, which we accumulate. */
static int el(xmlTextWriterPtr x, const char *name, const char *text)
{
    return xmlTextWriterWriteElement(x, BAD_CAST name, BAD_CAST text) < 0;
}

static int elf(xmlTextWriterPtr x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int elf(xmlTextWriterPtr x, const char *name, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return el(x, name, buf);
}

static int param(xmlTextWriterPtr x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int param(xmlTextWriterPtr x, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    int bad = xmlTextWriterStartElement(x, BAD_CAST "parameter") < 0;
    bad |= el(x, "valueName", name);
    bad |= el(x, "value", buf);
    bad |= xmlTextWriterEndElement(x) < 0;
    return bad;
}

/* The closed polygon of the 95 % ellipse around the predicted point. */
static int ellipse_polygon(xmlTextWriterPtr x, const sw_warning *w)
{
    geo_frame f;
    geo_frame_init(&f, w->impact_lat_deg, w->impact_lon_deg, 0);
    double a = fmax(K95 * w->ellipse_major_m, 50.0), b = fmax(K95 * w->ellipse_minor_m, 50.0);
    double th = w->ellipse_orient_deg * GEO_DEG;
    double u[2] = {sin(th), cos(th)}, v[2] = {cos(th), -sin(th)};
    char buf[ELLIPSE_SIDES * 28 + 64];
    size_t n = 0;
    double lat0 = 0, lon0 = 0;
    for (int k = 0; k < ELLIPSE_SIDES; k++) {
        double ph = 2 * M_PI * k / ELLIPSE_SIDES, ca = a * cos(ph), sb = b * sin(ph);
        double p[3] = {ca * u[0] + sb * v[0], ca * u[1] + sb * v[1], 0}, lat, lon, h;
        geo_enu_to_lla(&f, p, &lat, &lon, &h);
        if (!k)
            lat0 = lat, lon0 = lon;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.5f,%.5f", k ? " " : "", lat, lon);
    }
    snprintf(buf + n, sizeof buf - n, " %.5f,%.5f", lat0, lon0);
    return el(x, "polygon", buf);
}

static int area_shape(xmlTextWriterPtr x, const wrn_area *a)
{
    if (a->is_circle)
        return elf(x, "circle", "%.5f,%.5f %.3f", a->lat_deg, a->lon_deg, a->radius_m / 1000.0);
    size_t cap = (size_t)(a->n + 1) * 28 + 8, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return 1;
    for (int i = 0; i <= a->n; i++) {
        int k = i % a->n;
        n += (size_t)snprintf(buf + n, cap - n, "%s%.5f,%.5f", i ? " " : "", a->ll[k][0],
                              a->ll[k][1]);
    }
    int bad = el(x, "polygon", buf);
    free(buf);
    return bad;
}

static void cap_time(double t, char *buf, size_t n) { sw_time_cap(t, buf, n); }

static int write_info(xmlTextWriterPtr x, const wrn_cap_cfg *c, const sw_warning *w,
                      const wrn_area *area, double sent, int msg_type)
{
    int bad = 0, cancel = msg_type == WRN_CAP_CANCEL;
    char ts[40], hhmm[40];
    bad |= xmlTextWriterStartElement(x, BAD_CAST "info") < 0;
    bad |= el(x, "language", "en-US");
    bad |= el(x, "category", "Security");
    bad |= el(x, "event", event_name(w->cls));
    bad |= el(x, "responseType", !cancel ? "Shelter" : w->state == WRN_CLOSE ? "AllClear" : "None");
    bad |= el(x, "urgency", cancel ? "Past" : w->arrival - sent < 3600 ? "Immediate" : "Expected");
    bad |= el(x, "severity", cancel ? "Minor" : w->cls == SW_CLS_DRONE ? "Severe" : "Extreme");
    bad |= el(x, "certainty", cancel ? "Unlikely" : w->probability >= 0.5 ? "Likely" : "Possible");
    bad |= xmlTextWriterStartElement(x, BAD_CAST "eventCode") < 0;
    bad |= el(x, "valueName", "SKYWEAVE");
    bad |= el(x, "value", wrn_class_name(w->cls));
    bad |= xmlTextWriterEndElement(x) < 0;
    cap_time(sent, ts, sizeof ts);
    bad |= el(x, "effective", ts);
    double onset = w->arrival - 2.0 * w->arrival_sd_s;
    if (!cancel) {
        cap_time(onset > sent ? onset : sent, ts, sizeof ts);
        bad |= el(x, "onset", ts);
    }
    double expires = cancel ? sent + 600.0 : fmax(w->expires, sent + 60.0);
    cap_time(expires, ts, sizeof ts);
    bad |= el(x, "expires", ts);
    bad |= elf(x, "senderName", "skyweave coalition early warning, node %s", c->self);
    sw_time_iso(w->arrival, hhmm, sizeof hhmm);
    hhmm[19] = 0; /* "YYYY-MM-DDTHH:MM:SS" */
    const char *what = w->kind == WRN_KIND_IMPACT ? "predicted impact in" : "predicted arrival over";
    if (!cancel)
        bad |= elf(x, "headline", "%s: %s %s (%s) at %sZ", event_name(w->cls), what, w->area,
                   w->threatened, hhmm + 11);
    else
        bad |= elf(x, "headline", "%s warning for %s (%s) %s", event_name(w->cls), w->area,
                   w->threatened, w->state == WRN_CLOSE ? "closed" : "withdrawn");
    bad |= elf(x, "description",
               "%s. System track %u, warning %016llx revision %u by %s. Probability %.2f; "
               "time %sZ +- %.0f s; 1-sigma ellipse %.1f x %.1f km, major axis %.0f deg.",
               w->text, w->stn, (unsigned long long)w->id, w->revision, w->issuer,
               w->probability, hhmm, w->arrival_sd_s, w->ellipse_major_m / 1000.0,
               w->ellipse_minor_m / 1000.0, w->ellipse_orient_deg);
    if (!cancel)
        bad |= el(x, "instruction", "Go to a protected space now and stay there for 10 minutes "
                                    "unless told otherwise.");
    else
        bad |= el(x, "instruction", w->state == WRN_CLOSE
                                        ? "All clear for this threat. Follow local authorities."
                                        : "This threat no longer points at the area. Stay alert.");
    bad |= param(x, "WarningId", "%016llx", (unsigned long long)w->id);
    bad |= param(x, "SystemTrack", "%u", w->stn);
    bad |= param(x, "Issuer", "%s", w->issuer);
    bad |= param(x, "Revision", "%u", w->revision);
    bad |= param(x, "State", "%s", wrn_state_name(w->state));
    bad |= param(x, "Class", "%s", wrn_class_name(w->cls));
    bad |= param(x, "ClassConfidence", "%.2f", w->cls_conf);
    bad |= param(x, "Probability", "%.3f", w->probability);
    cap_time(w->arrival, ts, sizeof ts);
    bad |= param(x, w->kind == WRN_KIND_IMPACT ? "PredictedImpactTime" : "PredictedArrivalTime",
                 "%s", ts);
    bad |= param(x, "PredictedTimeSigma_s", "%.1f", w->arrival_sd_s);
    bad |= param(x, "PredictedPoint", "%.5f,%.5f", w->impact_lat_deg, w->impact_lon_deg);
    bad |= param(x, "Ellipse1Sigma_m", "%.0f %.0f %.1f", w->ellipse_major_m, w->ellipse_minor_m,
                 w->ellipse_orient_deg);
    /* the defended area */
    bad |= xmlTextWriterStartElement(x, BAD_CAST "area") < 0;
    bad |= elf(x, "areaDesc", "%s (%s), defended area, priority %u", w->area, w->threatened,
               w->priority);
    if (area)
        bad |= area_shape(x, area);
    else
        bad |= ellipse_polygon(x, w);
    bad |= xmlTextWriterEndElement(x) < 0;
    /* the predicted impact / position ellipse */
    bad |= xmlTextWriterStartElement(x, BAD_CAST "area") < 0;
    bad |= elf(x, "areaDesc", "%s (95 %%)", w->kind == WRN_KIND_IMPACT
                                                 ? "Predicted impact area"
                                                 : "Predicted position at closest approach");
    bad |= ellipse_polygon(x, w);
    bad |= xmlTextWriterEndElement(x) < 0;
    bad |= xmlTextWriterEndElement(x) < 0; /* info */
    return bad;
}

sw_rc wrn_cap_build(const wrn_cap_cfg *c, const sw_warning *w, const wrn_area *area,
                    const char *identifier, double sent, int msg_type, const wrn_cap_ref *ref,
                    char **xml, size_t *len, sw_err *err)
{
    static const char *const types[] = {"", "Alert", "Update", "Cancel"};
    *xml = NULL;
    if (msg_type < WRN_CAP_ALERT || msg_type > WRN_CAP_CANCEL)
        return sw_err_set(err, SW_EINVAL, "CAP: message type %d", msg_type);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr x = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!x) {
        if (buf)
            xmlBufferFree(buf);
        return sw_err_set(err, SW_ENOMEM, "CAP: out of memory");
    }
    xmlTextWriterSetIndent(x, 1);
    xmlTextWriterSetIndentString(x, BAD_CAST "  ");
    char ts[40], sender[WRN_CAP_SENDER_LEN];
    if (c->sender[0])
        snprintf(sender, sizeof sender, "%s", c->sender);
    else
        snprintf(sender, sizeof sender, "skyweave-%s@coalition.invalid", c->self);
    int bad = xmlTextWriterStartDocument(x, "1.0", "UTF-8", NULL) < 0;
    bad |= xmlTextWriterStartElementNS(x, NULL, BAD_CAST "alert", BAD_CAST NS) < 0;
    bad |= el(x, "identifier", identifier);
    bad |= el(x, "sender", sender);
    cap_time(sent, ts, sizeof ts);
    bad |= el(x, "sent", ts);
    bad |= el(x, "status", c->status[0] ? c->status : "Actual");
    bad |= el(x, "msgType", types[msg_type]);
    bad |= elf(x, "source", "skyweave node %s", c->self);
    bad |= el(x, "scope", c->scope[0] ? c->scope : "Public");
    if (!strcmp(c->scope, "Restricted"))
        bad |= el(x, "restriction", c->restriction[0] ? c->restriction : "coalition partners");
    if (msg_type == WRN_CAP_CANCEL)
        bad |= elf(x, "note", "%s", w->state == WRN_CLOSE ? "closed: the threat has arrived or "
                                                            "is no longer tracked"
                                                          : "retracted: the threat no longer "
                                                            "points at this area");
    if (ref) {
        char rt[40];
        cap_time(ref->sent, rt, sizeof rt);
        bad |= elf(x, "references", "%s,%s,%s", ref->sender, ref->identifier, rt);
    }
    bad |= elf(x, "incidents", "skyweave-%016llx", (unsigned long long)w->id);
    bad |= write_info(x, c, w, area, sent, msg_type);
    bad |= xmlTextWriterEndElement(x) < 0; /* alert */
    bad |= xmlTextWriterEndDocument(x) < 0;
    xmlFreeTextWriter(x);
    if (bad) {
        xmlBufferFree(buf);
        return sw_err_set(err, SW_ENOMEM, "CAP: writing the XML failed");
    }
    size_t n = (size_t)xmlBufferLength(buf);
    char *s = malloc(n + 1);
    if (!s) {
        xmlBufferFree(buf);
        return sw_err_set(err, SW_ENOMEM, "CAP: out of memory");
    }
    memcpy(s, xmlBufferContent(buf), n);
    s[n] = 0;
    xmlBufferFree(buf);
    *xml = s;
    if (len)
        *len = n;
    return SW_OK;
}
