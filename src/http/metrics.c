/*
 * metrics.c — counters by route and status, latency histogram by route.
 */
#include "http/metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

#define MAX_ROUTES 64
#define UNMATCHED MAX_ROUTES /* one extra row for paths no route matches */

static const int statuses[] = {200, 201, 204, 400, 401, 403, 404, 405, 409,
			       413, 415, 428, 429, 500, 503};
#define STATUS_COUNT (sizeof statuses / sizeof statuses[0])
#define STATUS_OTHER STATUS_COUNT

/* Upper bounds of the latency buckets, in microseconds. */
static const uint64_t bucket_bounds[] = {250, 500, 1000, 2500, 5000, 10000, 25000,
					 50000, 100000, 250000, 1000000};
#define BUCKET_COUNT (sizeof bucket_bounds / sizeof bucket_bounds[0])

static atomic_ulong requests[MAX_ROUTES + 1][STATUS_COUNT + 1];
static atomic_ulong buckets[MAX_ROUTES + 1][BUCKET_COUNT + 1];
static atomic_ulong latency_sum_us[MAX_ROUTES + 1];

static size_t status_slot(int status)
{
	for (size_t i = 0; i < STATUS_COUNT; i++)
		if (statuses[i] == status)
			return i;
	return STATUS_OTHER;
}

void metrics_record(size_t route_index, int status, uint64_t micros)
{
	size_t row = route_index < api_route_count && route_index < MAX_ROUTES ? route_index : UNMATCHED;
	atomic_fetch_add_explicit(&requests[row][status_slot(status)], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < BUCKET_COUNT && micros > bucket_bounds[b])
		b++;
	atomic_fetch_add_explicit(&buckets[row][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_sum_us[row], micros, memory_order_relaxed);
}

struct buffer {
	char *data;
	size_t length, capacity;
	int failed;
};

static void append(struct buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(struct buffer *b, const char *fmt, ...)
{
	va_list ap;
	if (b->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->data + b->length, b->capacity - b->length, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if ((size_t)n < b->capacity - b->length) {
			b->length += (size_t)n;
			return;
		}
		char *bigger = realloc(b->data, b->capacity * 2);
		if (bigger == NULL) {
			b->failed = 1;
			return;
		}
		b->data = bigger;
		b->capacity *= 2;
	}
}

static const char *route_label(size_t row)
{
	return row == UNMATCHED ? "other" : api_routes[row].pattern; /* web files, unknown paths */
}

static const char *route_method(size_t row)
{
	return row == UNMATCHED ? "any" : http_method_name(api_routes[row].method);
}

static void render_requests(struct buffer *b, size_t rows)
{
	append(b, "# HELP liudong_http_requests_total Requests answered, by route and status.\n"
		  "# TYPE liudong_http_requests_total counter\n");
	for (size_t r = 0; r < rows; r++) {
		size_t row = r == rows - 1 ? UNMATCHED : r;
		for (size_t s = 0; s <= STATUS_COUNT; s++) {
			unsigned long n = atomic_load(&requests[row][s]);
			if (n == 0)
				continue;
			char status[8];
			snprintf(status, sizeof status, "%d", s < STATUS_COUNT ? statuses[s] : 0);
			append(b,
			       "liudong_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %lu\n",
			       route_method(row), route_label(row), s < STATUS_COUNT ? status : "other", n);
		}
	}
}

static void render_latency(struct buffer *b, size_t rows)
{
	append(b, "# HELP liudong_http_request_duration_seconds Time to answer, by route.\n"
		  "# TYPE liudong_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r < rows; r++) {
		size_t row = r == rows - 1 ? UNMATCHED : r;
		unsigned long cumulative = 0;
		for (size_t i = 0; i <= BUCKET_COUNT; i++) {
			cumulative += atomic_load(&buckets[row][i]);
			if (i < BUCKET_COUNT)
				append(b,
				       "liudong_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%g\"} %lu\n",
				       route_method(row), route_label(row),
				       (double)bucket_bounds[i] / 1e6, cumulative);
			else
				append(b,
				       "liudong_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} %lu\n",
				       route_method(row), route_label(row), cumulative);
		}
		append(b, "liudong_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n",
		       route_method(row), route_label(row),
		       (double)atomic_load(&latency_sum_us[row]) / 1e6);
		append(b, "liudong_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %lu\n",
		       route_method(row), route_label(row), cumulative);
	}
}

char *metrics_render(int64_t database_bytes, size_t *length)
{
	struct buffer b = {malloc(16384), 0, 16384, 0};
	if (b.data == NULL)
		return NULL;
	size_t rows = (api_route_count < MAX_ROUTES ? api_route_count : MAX_ROUTES) + 1;
	render_requests(&b, rows);
	render_latency(&b, rows);
	append(&b, "# HELP liudong_database_bytes Size of the database file in use.\n"
		   "# TYPE liudong_database_bytes gauge\nliudong_database_bytes %lld\n",
	       (long long)database_bytes);
	if (b.failed) {
		free(b.data);
		return NULL;
	}
	*length = b.length;
	return b.data;
}
