/* core/log.c - levelled logging; each line carries UTC time, level, tag and module. */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static sw_log_level g_level = SW_LOG_INFO;
static FILE *g_stream;
static char g_tag[16];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

void sw_log_set_level(sw_log_level lvl) { g_level = lvl; }
sw_log_level sw_log_get_level(void) { return g_level; }
void sw_log_set_stream(FILE *f) { g_stream = f; }

void sw_log_set_tag(const char *tag)
{
    snprintf(g_tag, sizeof g_tag, "%s", tag ? tag : "");
}

int sw_log_parse_level(const char *s)
{
    static const char *names[] = {"error", "warn", "info", "debug"};
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, names[i]) == 0)
            return i;
    return -1;
}

void sw_log(sw_log_level lvl, const char *module, const char *fmt, ...)
{
    static const char *lv[] = {"ERROR", "WARN ", "INFO ", "DEBUG"};
    if (lvl > g_level)
        return;
    char line[1024];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(line, sizeof line, "%02d:%02d:%02d.%03ld %s %s%s%s: ", tm.tm_hour,
                     tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, lv[lvl], g_tag,
                     g_tag[0] ? " " : "", module ? module : "-");
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof line)
        vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    size_t len = strlen(line);
    if (len + 1 < sizeof line) {
        line[len] = '\n';
        line[len + 1] = '\0';
    }
    pthread_mutex_lock(&g_lock);
    fputs(line, g_stream ? g_stream : stderr);
    fflush(g_stream ? g_stream : stderr);
    pthread_mutex_unlock(&g_lock);
}
