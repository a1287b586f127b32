/*
 * event.h — what happened to a person's certificates, contracts, inquiries
 * and transitions: one row each (who, when, what), for the person's
 * timeline.  Written inside the change's own transaction.
 */
#ifndef LIUDONG_EVENT_H
#define LIUDONG_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

struct registry;

/*
 * Adds an event about `subject_kind`:`subject_id` ("certificate:12") of a
 * person; `detail` is a Chinese summary (printf-style, never raw input
 * beyond what the record itself holds), cut at a character boundary.
 */
enum status event_add(const struct registry *reg, int64_t person_id, const char *subject_kind,
		      int64_t subject_id, const char *actor, const char *action,
		      struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* One event of a person's certificates, contracts, inquiries or transitions. */
struct record_event {
	int64_t id;
	int64_t person_id;
	char subject[64];    /* "certificate:12" */
	int64_t at;          /* Unix seconds */
	char actor[64];
	char action[48];     /* "certificate.issue" */
	char detail[512];    /* Chinese summary */
};

/* Calls fn for each event of a person, oldest first, until it returns false. */
enum status event_list(const struct registry *reg, int64_t person_id,
		       bool (*fn)(const struct record_event *e, void *ctx), void *ctx,
		       struct error *err);

#endif
