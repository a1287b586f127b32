/*
 * log.h — operator log lines on standard error.
 *
 * For details people must not see (database messages, paths).  Never log an
 * ID number, a name or a phone number.
 */
#ifndef LIUDONG_LOG_H
#define LIUDONG_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silences info lines (error lines stay); for tests and quiet commands. */
void log_set_quiet(int quiet);

#endif
