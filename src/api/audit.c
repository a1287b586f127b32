/*
 * api/audit.c — searching the audit trail (city officers and admins).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/date.h"
#include "core/text.h"
#include "security/audit.h"

static bool positive_integer(const char *text, int64_t *out)
{
	if (text == NULL)
		return true;
	if (!text_is_digits(text) || strlen(text) > 18)
		return false;
	*out = strtoll(text, NULL, 10);
	return *out > 0;
}

/* A day as the first millisecond of it (local time), or of the next day. */
static bool day_to_ms(const char *text, bool end_of_day, int64_t *out)
{
	struct date d;
	if (text == NULL)
		return true;
	if (!date_parse(text, &d))
		return false;
	struct tm tm = {.tm_year = d.year - 1900, .tm_mon = d.month - 1,
			.tm_mday = d.day + (end_of_day ? 1 : 0), .tm_isdst = -1};
	*out = (int64_t)mktime(&tm) * 1000;
	return true;
}

static bool filter_or_reply(struct api_call *call, struct audit_filter *f)
{
	static const char *const names[] = {"user_id", "object", "action", "from", "to",
					    "limit", "cursor", NULL};
	int64_t limit = 50;
	memset(f, 0, sizeof *f);
	if (!api_query_known_or_reply(call, names))
		return false;
	const char *field = NULL;
	if (!positive_integer(http_query(call->req, "user_id"), &f->user_id))
		field = "user_id";
	else if (!positive_integer(http_query(call->req, "limit"), &limit) || limit > 500)
		field = "limit";
	else if (!positive_integer(http_query(call->req, "cursor"), &f->before_id))
		field = "cursor";
	else if (!day_to_ms(http_query(call->req, "from"), false, &f->from))
		field = "from";
	else if (!day_to_ms(http_query(call->req, "to"), true, &f->to))
		field = "to";
	else if (http_query(call->req, "object") &&
		 !text_copy(f->object, sizeof f->object, http_query(call->req, "object")))
		field = "object";
	else if (http_query(call->req, "action") &&
		 !text_copy(f->action, sizeof f->action, http_query(call->req, "action")))
		field = "action";
	if (field) {
		api_fail_status(call, ST_INVALID_INPUT, field,
				"查询条件不正确：user_id、limit（1-500）、cursor 为正整数，from、to 为 YYYY-MM-DD");
		return false;
	}
	f->limit = (size_t)limit;
	return true;
}

struct audit_json {
	json_t *items;
	int64_t last_id;  /* of the last row on the page */
	size_t count;     /* rows seen, one more than the page when another follows */
	size_t limit;
};

static bool append_entry(const struct audit_entry *e, void *ctx)
{
	struct audit_json *a = ctx;
	char when[40];
	if (++a->count > a->limit)
		return false;
	api_format_time(e->at / 1000, when, sizeof when);
	json_array_append_new(a->items,
			      json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
					(json_int_t)e->id, "at", when, "user_id",
					(json_int_t)e->user_id, "username", e->username, "role",
					e->role, "address", e->address, "action", e->action,
					"object", e->object, "outcome", e->outcome, "detail",
					e->detail));
	a->last_id = e->id;
	return true;
}

void api_audit_search(struct api_call *call)
{
	struct audit_filter f;
	struct error err;
	if (!filter_or_reply(call, &f))
		return;
	struct audit_json a = {json_array(), 0, 0, f.limit};
	f.limit++; /* one more row tells whether a next page exists */
	if (audit_search(call->reg.store, &f, append_entry, &a, &err) != ST_OK) {
		json_decref(a.items);
		api_fail(call, &err);
		return;
	}
	api_audit_read(call, "audit.search", "", "ok", "");
	json_t *body = json_pack("{s:o}", "items", a.items);
	if (a.count > a.limit)
		json_object_set_new(body, "next_cursor", json_integer(a.last_id));
	else
		json_object_set_new(body, "next_cursor", json_null());
	api_reply(call, 200, body);
}
