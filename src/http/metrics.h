/*
 * metrics.h — request counters and latency histograms per route, rendered
 * in the Prometheus text format.  Lock-free: atomic counters only.
 */
#ifndef LIUDONG_METRICS_H
#define LIUDONG_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Counts one answered request; route_index SIZE_MAX for unmatched paths. */
void metrics_record(size_t route_index, int status, uint64_t micros);

/* Renders every metric into a new buffer (caller frees); NULL if out of memory. */
char *metrics_render(int64_t database_bytes, size_t *length);

#endif
