/*
 * event.c — record events of a person's timeline.
 */
#include "domain/event.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/text.h"
#include "domain/person.h"
#include "store/store.h"

enum status event_add(const struct registry *reg, int64_t person_id, const char *subject_kind,
		      int64_t subject_id, const char *actor, const char *action,
		      struct error *err, const char *fmt, ...)
{
	struct record_event e = {.person_id = person_id};
	snprintf(e.subject, sizeof e.subject, "%s:%lld", subject_kind, (long long)subject_id);
	snprintf(e.actor, sizeof e.actor, "%s", actor);
	snprintf(e.action, sizeof e.action, "%s", action);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.detail, sizeof e.detail, fmt, ap);
	va_end(ap);
	text_trim_partial_utf8(e.detail);
	return store_event_insert(reg->store, &e, err);
}

enum status event_list(const struct registry *reg, int64_t person_id,
		       bool (*fn)(const struct record_event *e, void *ctx), void *ctx,
		       struct error *err)
{
	return store_event_list(reg->store, person_id, fn, ctx, err);
}
