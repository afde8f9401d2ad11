/* SPDX-License-Identifier: MIT
 *
 * log.h - messages for the person at the terminal or in the journal, on
 * stderr, one line each:
 *
 *     newskiosk: stick.db: cannot read config (No such file or directory)
 *     newskiosk: warning: articles/0007.txt: line 3: title is empty, article skipped
 *
 * The message carries its own subject ("file: line N: what"), as Err
 * does; at the debug level each line also names the source position
 * ("newskiosk: app/importer.c:412: ..."), for the developer.
 *
 * Levels: error, warn, info (the default threshold: everything the
 * commands always printed) and debug. NEWSKIOSK_LOG=error|warn|info|debug
 * sets the threshold, read once at the first call. A call below the
 * threshold evaluates none of its arguments (the macros test first).
 * Not for the store, which returns its errors, nor for core/, which has
 * no global state.
 */
#ifndef KIOSK_LOG_H
#define KIOSK_LOG_H

enum { LOG_LEVEL_ERROR = 0, LOG_LEVEL_WARN = 1, LOG_LEVEL_INFO = 2, LOG_LEVEL_DEBUG = 3 };

/* The threshold: messages at this level or more severe are written. */
int log_level(void);

/* Set the threshold (clamped to error..debug); overrides NEWSKIOSK_LOG. */
void log_set_level(int level);

/* The program name in front of each line ("newskiosk" until set); the
 * string must outlive every later call. */
void log_set_name(const char *name);

/* Write one line at 'level' (no test against the threshold: use the
 * macros). A warning reads "name: warning: msg". The line is written with
 * one write, so lines from two processes do not interleave. */
void log_write(int level, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define LOG_AT(level, ...)                                                                     \
    do {                                                                                       \
        if ((level) <= log_level())                                                            \
            log_write((level), __FILE__, __LINE__, __VA_ARGS__);                               \
    } while (0)

#define log_error(...) LOG_AT(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) LOG_AT(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) LOG_AT(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) LOG_AT(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
