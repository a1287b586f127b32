/*
 * api/person.c — the person registry over HTTP: register, search, read,
 * change, history, and the remote query (异地查询).
 *
 * A record is visible only inside the caller's scope; outside it the answer
 * is 404, as if it did not exist.  Every read, search, remote query and
 * write is audited; writes in the same transaction as the change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "exchange/exchange_io.h"
#include "core/text.h"
#include "domain/registry.h"
#include "security/crypto.h"

#define CURSOR_PREFIX "p"

/* The whole record, for callers allowed to see it. */
static json_t *person_json(const struct api_call *call, const struct person *p)
{
	char created[40], updated[40];
	api_format_time(p->created_at, created, sizeof created);
	api_format_time(p->updated_at, updated, sizeof updated);
	char sex[2] = {p->sex, '\0'};
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s}",
			      "id", (json_int_t)p->id, "id_number", p->id_number, "name", p->name,
			      "sex", sex, "birth_date", p->birth_date,
			      "ethnicity", api_text_or_null(p->ethnicity),
			      "hukou_division", api_division_json(call, p->hukou_division),
			      "hukou_address", api_text_or_null(p->hukou_address),
			      "residence_division", api_division_json(call, p->residence_division),
			      "residence_address", api_text_or_null(p->residence_address),
			      "flow", person_flow_name(p->flow),
			      "management", person_management_name(p->management));
	json_object_set_new(o, "marital_status", api_text_or_null(p->marital_status));
	json_object_set_new(o, "marriage_date", api_text_or_null(p->marriage_date));
	json_object_set_new(o, "arrival_date", api_text_or_null(p->arrival_date));
	json_object_set_new(o, "phone", api_text_or_null(p->phone));
	json_object_set_new(o, "possible_duplicate", json_boolean(p->possible_duplicate));
	json_object_set_new(o, "version", json_integer(p->version));
	json_object_set_new(o, "created_at", json_string(created));
	json_object_set_new(o, "updated_at", json_string(updated));
	return o;
}

/* A row of a search result: the ID number masked. */
static json_t *person_row_json(const struct api_call *call, const struct person *p)
{
	char masked[IDCARD_MASKED_SIZE];
	char sex[2] = {p->sex, '\0'};
	idcard_mask(p->id_number, masked, sizeof masked);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:I}", "id",
			 (json_int_t)p->id, "id_number_masked", masked, "name", p->name, "sex", sex,
			 "birth_date", p->birth_date, "residence_division",
			 api_division_json(call, p->residence_division), "flow", person_flow_name(p->flow),
			 "management", person_management_name(p->management), "possible_duplicate",
			 p->possible_duplicate, "version", (json_int_t)p->version);
}

/*
 * Checks that a community of the city named as residence lies in the
 * caller's scope; anything that is no community of the city is left to the
 * registry's rules (invalid_division).  A refusal is audited as `action`.
 */
static bool residence_in_scope_or_reply(struct api_call *call, const struct person_value *values,
					size_t count, const char *action, const char *object)
{
	for (size_t i = 0; i < count; i++) {
		if (values[i].field != PERSON_RESIDENCE_DIVISION)
			continue;
		const struct division *d = division_table_resolve(call->reg.divisions, values[i].value);
		if (d == NULL || d->level != DIVISION_VILLAGE ||
		    !division_contains(call->reg.city, d->code) || authz_in_scope(&call->who, d->code))
			continue;
		struct error err;
		api_audit_write(call, action, object, "out_of_scope", "residence_division", &err);
		api_fail_status(call, ST_OUT_OF_SCOPE, "residence_division",
				"现居住社区不在您的管辖范围内，不能在此登记或迁入");
		return false;
	}
	return true;
}

void api_person_create(struct api_call *call)
{
	struct person_value values[PERSON_FIELD_COUNT];
	size_t count;
	struct person p;
	struct person_create_result result;
	struct error err;
	char object[64];
	if (!api_person_values_or_reply(call, values, &count) ||
	    !residence_in_scope_or_reply(call, values, count, "person.create", "person:"))
		return;
	if (registry_begin(&call->reg, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	if (person_create(&call->reg, values, count, call->who.username, &p, &result, &err) != ST_OK) {
		registry_rollback(&call->reg);
		api_fail_write(call, "person.create", "person:", &err);
		return;
	}
	api_person_object(p.id, object, sizeof object);
	/* An inflow person: a notice to the hukou place's node, in this transaction. */
	if ((p.flow == FLOW_INFLOW &&
	     exchange_notice_person(call->reg.store, &p, "registered", &err) != ST_OK) ||
	    api_audit_write(call, "person.create", object, "ok", "", &err) != ST_OK ||
	    registry_commit(&call->reg, &err) != ST_OK) {
		registry_rollback(&call->reg);
		api_fail(call, &err);
		return;
	}
	if (p.flow == FLOW_INFLOW)
		exchange_sender_wake();
	json_t *body = person_json(call, &p);
	json_t *similar = json_array();
	for (size_t i = 0; i < result.similar_count; i++)
		json_array_append_new(similar, json_integer(result.similar_ids[i]));
	json_object_set_new(body, "similar_ids", similar);
	snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)p.version);
	api_reply(call, 201, body);
}

void api_person_get(struct api_call *call)
{
	int64_t id;
	struct person p;
	char object[64];
	if (!api_id_param_or_reply(call, &id) || !api_person_in_scope_or_reply(call, id, &p, "person.read"))
		return;
	api_person_object(id, object, sizeof object);
	api_audit_read(call, "person.read", object, "ok", "");
	snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)p.version);
	api_reply(call, 200, person_json(call, &p));
}

void api_person_update(struct api_call *call)
{
	int64_t id, version = 0;
	struct person before, after;
	struct person_value values[PERSON_FIELD_COUNT];
	size_t count, changed = 0;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return;
	if (!api_if_match_or_reply(call, "档案", &version))
		return;
	api_person_object(id, object, sizeof object);
	if (!api_person_in_scope_or_reply(call, id, &before, "person.update") ||
	    !api_person_values_or_reply(call, values, &count) ||
	    !residence_in_scope_or_reply(call, values, count, "person.update", object))
		return;
	if (registry_begin(&call->reg, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	if (person_update(&call->reg, id, version, values, count, call->who.username, &after,
			  &changed, &err) != ST_OK) {
		registry_rollback(&call->reg);
		api_fail_write(call, "person.update", object, &err);
		return;
	}
	char detail[32];
	snprintf(detail, sizeof detail, "changed=%zu", changed);
	if (api_audit_write(call, "person.update", object, "ok", detail, &err) != ST_OK ||
	    registry_commit(&call->reg, &err) != ST_OK) {
		registry_rollback(&call->reg);
		api_fail(call, &err);
		return;
	}
	snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)after.version);
	api_reply(call, 200, person_json(call, &after));
}

/* --- search ------------------------------------------------------------ */

/*
 * The cursor is opaque to clients: "p" and the last id of the page.  Only
 * the form is checked; a made-up id just starts the page there, within the
 * caller's scope like any search.
 */
static void cursor_encode(int64_t after_id, char *buf, size_t size)
{
	snprintf(buf, size, CURSOR_PREFIX "%lld", (long long)after_id);
}

static bool cursor_decode(const char *cursor, int64_t *after_id)
{
	if (cursor[0] != CURSOR_PREFIX[0] || !text_is_digits(cursor + 1) || strlen(cursor) > 19)
		return false;
	*after_id = strtoll(cursor + 1, NULL, 10);
	return *after_id > 0;
}

/* Reads the query string into q; replies 400 itself on a bad value. */
static bool search_query_or_reply(struct api_call *call, struct person_query *q, char *wanted,
				  size_t wanted_size)
{
	static const char *const names[] = {"id_number", "name", "division", "flow",
					    "management", "limit", "cursor", NULL};
	memset(q, 0, sizeof *q);
	wanted[0] = '\0';
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "id_number", q->id_number, sizeof q->id_number) ||
	    !api_copy_query_or_reply(call, "name", q->name_prefix, sizeof q->name_prefix) ||
	    !api_copy_query_or_reply(call, "division", wanted, wanted_size))
		return false;
	const char *flow = http_query(call->req, "flow");
	const char *management = http_query(call->req, "management");
	const char *limit = http_query(call->req, "limit");
	const char *cursor = http_query(call->req, "cursor");
	if (flow && !person_flow_parse(flow, &q->flow)) {
		api_fail_status(call, ST_INVALID_INPUT, "flow", "flow 只能是 inflow 或 outflow");
		return false;
	}
	if (management && !person_management_parse(management, &q->management)) {
		api_fail_status(call, ST_INVALID_INPUT, "management",
				"management 只能是 floating、resident、handed_over 或 left");
		return false;
	}
	if (limit) {
		unsigned long n = text_is_digits(limit) && strlen(limit) <= 4 ? strtoul(limit, NULL, 10) : 0;
		if (n < 1 || n > PERSON_PAGE_MAX) {
			api_fail_status(call, ST_INVALID_INPUT, "limit", "limit 应为 1 到 500 的整数");
			return false;
		}
		q->limit = n;
	}
	if (cursor && !cursor_decode(cursor, &q->after_id)) {
		api_fail_status(call, ST_INVALID_INPUT, "cursor", "分页位置无效，请从第一页重新查询");
		return false;
	}
	return true;
}

/*
 * Describes a search for the audit trail: which filters were used, and the
 * division, flow and management asked for — never the ID number or name.
 */
static void search_detail(const struct person_query *q, const char *wanted, char *buf,
			  size_t size)
{
	snprintf(buf, size, "id_number=%s name=%s division=%s flow=%s management=%s",
		 q->id_number[0] ? "***" : "", q->name_prefix[0] ? "***" : "", wanted,
		 person_flow_name(q->flow), person_management_name(q->management));
}

void api_person_search(struct api_call *call)
{
	struct person_query q;
	char wanted[DIVISION_CODE_SIZE + 8], detail[256];
	struct error err;
	static _Thread_local struct person rows[PERSON_PAGE_MAX + 1];
	size_t count = 0;
	bool more = false;
	if (!search_query_or_reply(call, &q, wanted, sizeof wanted))
		return;
	snprintf(q.division, sizeof q.division, "%s", wanted);
	if (person_query_prepare(&call->reg, &q, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	search_detail(&q, wanted, detail, sizeof detail);
	char narrowed[DIVISION_CODE_SIZE];
	bool overlap = authz_narrow_to_scope(&call->who, q.division, narrowed);
	if (overlap) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (person_search(&call->reg, &q, rows, &count, &more, &err) != ST_OK) {
			api_fail(call, &err);
			return;
		}
	}
	api_audit_read(call, "person.search", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, person_row_json(call, &rows[i]));
	json_t *body = json_pack("{s:o}", "items", items);
	if (more) {
		char cursor[64];
		cursor_encode(rows[count - 1].id, cursor, sizeof cursor);
		json_object_set_new(body, "next_cursor", json_string(cursor));
	} else {
		json_object_set_new(body, "next_cursor", json_null());
	}
	api_reply(call, 200, body);
}

struct history_json {
	json_t *items;
};

static bool append_history(const struct person_history_entry *e, void *ctx)
{
	struct history_json *h = ctx;
	char when[40];
	api_format_time(e->changed_at, when, sizeof when);
	bool created = e->field == PERSON_FIELD_COUNT;
	json_t *item = json_pack("{s:I, s:s, s:s, s:s}", "version", (json_int_t)e->version,
				 "changed_at", when, "actor", e->actor, "action",
				 created ? "created" : "changed");
	if (!created) {
		json_object_set_new(item, "field", json_string(person_field_info(e->field)->name));
		json_object_set_new(item, "old_value", api_text_or_null(e->old_value));
		json_object_set_new(item, "new_value", api_text_or_null(e->new_value));
	}
	json_array_append_new(h->items, item);
	return true;
}

void api_person_history(struct api_call *call)
{
	int64_t id;
	struct person p;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id) ||
	    !api_person_in_scope_or_reply(call, id, &p, "person.history"))
		return;
	struct history_json h = {json_array()};
	if (person_history(&call->reg, id, append_history, &h, &err) != ST_OK) {
		json_decref(h.items);
		api_fail(call, &err);
		return;
	}
	api_person_object(id, object, sizeof object);
	api_audit_read(call, "person.history", object, "ok", "");
	api_reply(call, 200, json_pack("{s:I, s:o}", "id", (json_int_t)id, "items", h.items));
}

/* --- remote query ------------------------------------------------------ */

static bool lookup_reason_or_reply(struct api_call *call, const char **reason)
{
	*reason = http_query(call->req, "reason");
	if (*reason == NULL || (*reason)[0] == '\0') {
		api_fail_status(call, ST_MISSING_FIELD, "reason", "异地查询必须说明查询事由");
		return false;
	}
	if (!text_is_clean(*reason, 100) || text_char_count(*reason) < 2) {
		api_fail_status(call, ST_INVALID_INPUT, "reason", "查询事由应为2到100个字");
		return false;
	}
	return true;
}

void api_person_lookup(struct api_call *call)
{
	static const char *const names[] = {"id_number", "reason", NULL};
	const char *id_number, *reason;
	struct person p;
	struct error err;
	char object[64] = "person:";
	if (!api_query_known_or_reply(call, names) || !lookup_reason_or_reply(call, &reason))
		return;
	id_number = http_query(call->req, "id_number");
	if (id_number == NULL || id_number[0] == '\0') {
		api_fail_status(call, ST_MISSING_FIELD, "id_number", "请填写要查询的公民身份号码");
		return;
	}
	enum status st = person_get_by_id_number(&call->reg, id_number, &p, &err);
	if (st == ST_OK)
		api_person_object(p.id, object, sizeof object);
	api_audit_read(call, "person.lookup", object,
		       st == ST_OK ? "ok" : error_code(st), reason);
	if (st != ST_OK) {
		api_fail(call, &err);
		return;
	}
	char masked[PERSON_NAME_SIZE], town[DIVISION_CODE_SIZE];
	char sex[2] = {p.sex, '\0'};
	person_mask_name(p.name, masked, sizeof masked);
	snprintf(town, sizeof town, "%.9s", p.residence_division);
	api_reply(call, 200,
		  json_pack("{s:s, s:s, s:s, s:s, s:o}", "name_masked", masked, "sex", sex, "flow",
			    person_flow_name(p.flow), "management",
			    person_management_name(p.management), "residence_town",
			    api_division_json(call, town)));
}
