/*
 * log.c — timestamped lines on standard error.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int quiet_info;

void log_set_quiet(int quiet)
{
	quiet_info = quiet;
}

/* The local time stamp of this second, formatted once per second per thread. */
static const char *stamp_now(void)
{
	static _Thread_local time_t stamped = -1;
	static _Thread_local char stamp[32];
	time_t now = time(NULL);
	if (now != stamped) {
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		stamped = now;
	}
	return stamp;
}

/* One line, written with a single write so that threads never interleave. */
static void log_line(const char *level, const char *fmt, va_list ap)
{
	char line[1024];
	int n = snprintf(line, sizeof line, "%s %s ", stamp_now(), level);
	if (n < 0 || (size_t)n >= sizeof line - 2)
		return;
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + ((size_t)m < sizeof line - (size_t)n - 1 ? (size_t)m
									  : sizeof line - (size_t)n - 2);
	line[len++] = '\n';
	fwrite(line, 1, len, stderr);
}

void log_info(const char *fmt, ...)
{
	if (quiet_info)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}
