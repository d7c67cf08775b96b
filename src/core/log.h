/* core/log.h - levelled logging to stderr (or a file), one line per message.
 * Thread-safe: each message is written with a single fputs under a lock. */
#ifndef SW_CORE_LOG_H
#define SW_CORE_LOG_H

#include <stdio.h>

typedef enum { SW_LOG_ERROR = 0, SW_LOG_WARN, SW_LOG_INFO, SW_LOG_DEBUG } sw_log_level;

void sw_log_set_level(sw_log_level lvl);
sw_log_level sw_log_get_level(void);
/* Parses "error", "warn", "info", "debug"; returns -1 if unknown. */
int sw_log_parse_level(const char *s);
/* Where messages go (default stderr). The stream is not closed by the logger. */
void sw_log_set_stream(FILE *f);
/* A short tag printed in every line (e.g. the nation of a node). */
void sw_log_set_tag(const char *tag);

void sw_log(sw_log_level lvl, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define SW_LOGE(mod, ...) sw_log(SW_LOG_ERROR, mod, __VA_ARGS__)
#define SW_LOGW(mod, ...) sw_log(SW_LOG_WARN, mod, __VA_ARGS__)
#define SW_LOGI(mod, ...) sw_log(SW_LOG_INFO, mod, __VA_ARGS__)
#define SW_LOGD(mod, ...) \
    do { if (sw_log_get_level() >= SW_LOG_DEBUG) sw_log(SW_LOG_DEBUG, mod, __VA_ARGS__); } while (0)

#endif
