/*
 * api/visit.c — joint registration visits over HTTP (§3): open a visit,
 * list, view, change the police part or the family-planning part (each
 * If-Match its own version), and link one more person of the household.
 *
 * The route table decides who writes which part (visit.police,
 * visit.family); opening a visit and linking persons needs visit.read
 * and one of the two, which also decides the side the caller is on.  A
 * visit is visible where its community is (the caller's scope); outside it
 * the answer is 404, audited, as if it did not exist.  Opening one in a
 * community outside the caller's scope is 403 out_of_scope, audited, and
 * nothing is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/visit.h"

#define CURSOR_PREFIX "v"

static void object_name(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "visit:%lld", (long long)id);
}

/* --- rendering -------------------------------------------------------------- */

static json_t *police_json(const struct visit *v)
{
	const char *type = v->values[VISIT_FIELD_HOUSEHOLD_TYPE];
	json_t *j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:I}", "officer",
			      api_text_or_null(v->police_officer), "household_type",
			      api_text_or_null(type), "household_type_label",
			      api_text_or_null(visit_household_type_label(type)), "residence_permit",
			      api_text_or_null(v->values[VISIT_FIELD_RESIDENCE_PERMIT]),
			      "police_note", api_text_or_null(v->values[VISIT_FIELD_POLICE_NOTE]),
			      "version", (json_int_t)v->police_version);
	return j;
}

static json_t *family_json(const struct visit *v)
{
	const char *women = v->values[VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE];
	json_t *j = json_pack(
		"{s:o, s:o, s:o, s:o, s:I}", "officer", api_text_or_null(v->community_officer),
		"contraception_note", api_text_or_null(v->values[VISIT_FIELD_CONTRACEPTION_NOTE]),
		"certificate_note", api_text_or_null(v->values[VISIT_FIELD_CERTIFICATE_NOTE]),
		"fp_note", api_text_or_null(v->values[VISIT_FIELD_FP_NOTE]), "version",
		(json_int_t)v->fp_version);
	json_object_set_new(j, "women_of_childbearing_age",
			    women[0] ? json_integer(strtoll(women, NULL, 10)) : json_null());
	return j;
}

/* A visit; with its persons unless `summary` (listings). */
static json_t *visit_json(const struct api_call *call, const struct visit *v, bool summary)
{
	char created[40], updated[40];
	api_format_time(v->created_at, created, sizeof created);
	api_format_time(v->updated_at, updated, sizeof updated);
	json_t *j = json_pack("{s:I, s:o, s:s, s:s, s:o, s:o, s:s, s:s}", "id", (json_int_t)v->id,
			      "community", api_division_json(call, v->community), "address",
			      v->address, "visited_on", v->visited_on, "police", police_json(v),
			      "family", family_json(v), "created_at", created, "updated_at",
			      updated);
	if (summary)
		return j;
	json_t *persons = json_array();
	for (size_t i = 0; i < v->person_count; i++) {
		const struct visit_person *p = &v->persons[i];
		json_array_append_new(
			persons, json_pack("{s:I, s:s, s:s, s:s, s:s}", "person_id",
					   (json_int_t)p->person_id, "name", p->name,
					   "id_number_masked", p->id_number_masked, "relation",
					   visit_relation_name(p->relation), "relation_label",
					   visit_relation_label(p->relation)));
	}
	json_object_set_new(j, "persons", persons);
	return j;
}

/* --- parsing ----------------------------------------------------------------- */

/*
 * The side the caller writes for: police if its role holds visit.police,
 * family if visit.family; replies 403 itself otherwise.
 */
static bool side_or_reply(struct api_call *call, enum visit_part *side)
{
	if (authz_role_has(call->who.role, PERM_VISIT_POLICE)) {
		*side = VISIT_PART_POLICE;
		return true;
	}
	if (authz_role_has(call->who.role, PERM_VISIT_FAMILY)) {
		*side = VISIT_PART_FAMILY;
		return true;
	}
	api_fail_status(call, ST_FORBIDDEN, "", "只有派出所民警和社区（镇、市）计生人员可以登记联合走访");
	return false;
}

/*
 * The fields of `part` present in the body into `req`: the count as an
 * integer or null, the rest as strings or null.  Replies 400 itself.
 */
static bool part_or_reply(struct api_call *call, enum visit_part part, struct visit_request *req)
{
	for (int f = 0; f < VISIT_FIELD_COUNT; f++) {
		const char *name = visit_field_name((enum visit_field)f);
		json_t *value = json_object_get(call->body, name);
		req->present[f] = value != NULL;
		if (value == NULL || visit_field_part((enum visit_field)f) != part)
			continue;
		if (f != VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE) {
			if (!api_copy_string_or_reply(call, call->body, name, req->values[f],
						      sizeof req->values[f]))
				return false;
		} else if (json_is_integer(value)) {
			snprintf(req->values[f], sizeof req->values[f], "%lld",
				 (long long)json_integer_value(value));
		} else if (!json_is_null(value)) {
			api_fail_status(call, ST_INVALID_INPUT, name, "育龄妇女人数应为整数或 null");
			return false;
		}
	}
	return true;
}

/* One {person_id, relation} object into `out`; replies 400 itself. */
static bool person_or_reply(struct api_call *call, json_t *item, struct visit_person_request *out)
{
	static const char *const names[] = {"person_id", "relation", NULL};
	json_t *saved = call->body;
	bool ok = json_is_object(item);
	if (ok) {
		call->body = item;
		ok = api_body_known_or_reply(call, names);
		call->body = saved;
		if (!ok)
			return false;
	}
	json_t *id = ok ? json_object_get(item, "person_id") : NULL;
	if (!ok || !json_is_integer(id)) {
		api_fail_status(call, ST_INVALID_INPUT, "persons",
				"persons 的每一项应为 {\"person_id\": 档案编号, \"relation\": 关系}");
		return false;
	}
	out->person_id = (int64_t)json_integer_value(id);
	return api_copy_string_or_reply(call, item, "relation", out->relation,
					sizeof out->relation);
}

/* The body of POST /visits for `side`; replies 400 itself. */
static bool create_request_or_reply(struct api_call *call, enum visit_part side,
				    struct visit_request *req)
{
	const char *names[VISIT_FIELD_COUNT + 5] = {"community", "address", "visited_on", "persons"};
	size_t n = 4;
	for (int f = 0; f < VISIT_FIELD_COUNT; f++)
		if (visit_field_part((enum visit_field)f) == side)
			names[n++] = visit_field_name((enum visit_field)f);
	names[n] = NULL;
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "community", req->community,
				      sizeof req->community) ||
	    !api_copy_string_or_reply(call, call->body, "address", req->address,
				      sizeof req->address) ||
	    !api_copy_string_or_reply(call, call->body, "visited_on", req->visited_on,
				      sizeof req->visited_on) ||
	    !part_or_reply(call, side, req))
		return false;
	json_t *persons = json_object_get(call->body, "persons");
	if (persons != NULL && !json_is_array(persons)) {
		api_fail_status(call, ST_INVALID_INPUT, "persons", "persons 应为数组");
		return false;
	}
	if (json_array_size(persons) > VISIT_PERSONS_MAX) {
		api_fail_status(call, ST_INVALID_INPUT, "persons", "一户最多登记 20 人");
		return false;
	}
	size_t i;
	json_t *item;
	json_array_foreach(persons, i, item) {
		if (!person_or_reply(call, item, &req->persons[i]))
			return false;
		req->person_count = i + 1;
	}
	return true;
}

/* Visit {id} if its community lies in the caller's scope; 404 (audited) otherwise. */
static bool visit_in_scope_or_reply(struct api_call *call, struct visit *v, const char *action)
{
	int64_t id;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return false;
	object_name(id, object, sizeof object);
	enum status st = visit_get(&call->reg, id, v, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, v->community)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "走访记录不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

/* --- writes ------------------------------------------------------------------ */

struct visit_step {
	struct visit_request req;
	struct visit v;
	enum visit_part part;  /* the caller's side, or the part changed */
	int64_t version;       /* If-Match of a part's update */
	size_t changed;
};

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct visit_step *s = ctx;
	char community[DIVISION_CODE_SIZE];
	enum status st = visit_check_place(&call->reg, &s->req, community, err);
	if (st != ST_OK)
		return st;
	if (!authz_in_scope(&call->who, community))
		return error_set(err, ST_OUT_OF_SCOPE, "community",
				 "该社区不在您的管辖范围内，请由所在社区和派出所登记");
	if ((st = visit_create(&call->reg, &s->req, s->part, call->who.scope, call->who.username,
			       &s->v, err)) != ST_OK)
		return st;
	object_name(s->v.id, object, size);
	return ST_OK;
}

static enum status update_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct visit_step *s = ctx;
	(void)object, (void)size;
	return visit_update_part(&call->reg, s->v.id, s->part, s->version, &s->req,
				 call->who.username, &s->v, &s->changed, err);
}

static enum status person_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct visit_step *s = ctx;
	(void)object, (void)size;
	return visit_add_person(&call->reg, s->v.id, &s->req.persons[0], call->who.scope,
				call->who.username, &s->v, err);
}

void api_visit_create(struct api_call *call)
{
	struct visit_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (side_or_reply(call, &s->part) && create_request_or_reply(call, s->part, &s->req) &&
	    api_write(call, "visit.create", "visit:", create_write, s))
		api_reply(call, 201, visit_json(call, &s->v, false));
	free(s);
}

/* PATCH /visits/{id}/police or /family: the part's fields only, If-Match its version. */
static void update_part(struct api_call *call, enum visit_part part, const char *action)
{
	char object[64];
	struct visit_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	const char *names[VISIT_FIELD_COUNT + 1];
	size_t n = 0;
	for (int f = 0; f < VISIT_FIELD_COUNT; f++)
		if (visit_field_part((enum visit_field)f) == part)
			names[n++] = visit_field_name((enum visit_field)f);
	names[n] = NULL;
	s->part = part;
	if (api_if_match_or_reply(call, "该部分的", &s->version) &&
	    visit_in_scope_or_reply(call, &s->v, action) &&
		   api_body_known_or_reply(call, names) && part_or_reply(call, part, &s->req)) {
		object_name(s->v.id, object, sizeof object);
		if (api_write(call, action, object, update_write, s)) {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)(part == VISIT_PART_POLICE ? s->v.police_version
								       : s->v.fp_version));
			api_reply(call, 200, visit_json(call, &s->v, false));
		}
	}
	free(s);
}

void api_visit_update_police(struct api_call *call)
{
	update_part(call, VISIT_PART_POLICE, "visit.police");
}

void api_visit_update_family(struct api_call *call)
{
	update_part(call, VISIT_PART_FAMILY, "visit.family");
}

void api_visit_add_person(struct api_call *call)
{
	enum visit_part side;
	char object[64];
	struct visit_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (side_or_reply(call, &side) && visit_in_scope_or_reply(call, &s->v, "visit.person_add") &&
	    person_or_reply(call, call->body, &s->req.persons[0])) {
		object_name(s->v.id, object, sizeof object);
		if (api_write(call, "visit.person_add", object, person_write, s))
			api_reply(call, 201, visit_json(call, &s->v, false));
	}
	free(s);
}

void api_visit_get(struct api_call *call)
{
	char object[64];
	struct visit *v = calloc(1, sizeof *v);
	if (v == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (visit_in_scope_or_reply(call, v, "visit.get")) {
		object_name(v->id, object, sizeof object);
		api_audit_read(call, "visit.get", object, "ok", "");
		api_reply(call, 200, visit_json(call, v, false));
	}
	free(v);
}

/* --- listing ------------------------------------------------------------------- */

/* A query date: "" or YYYY-MM-DD; replies 400 itself. */
static bool query_date_or_reply(struct api_call *call, const char *name, char *buf, size_t size)
{
	char given[DATE_TEXT_SIZE + 8];
	struct date d;
	if (!api_copy_query_or_reply(call, name, given, sizeof given))
		return false;
	buf[0] = '\0';
	if (given[0] == '\0')
		return true;
	if (!date_parse(given, &d)) {
		api_fail_status(call, ST_INVALID_DATE, name, "日期应为 YYYY-MM-DD");
		return false;
	}
	date_format(&d, buf, size);
	return true;
}

/* Reads ?community=&from=&to=&limit=&cursor= into q; replies 400 itself. */
static bool query_or_reply(struct api_call *call, struct visit_query *q, char *wanted,
			   size_t wanted_size)
{
	static const char *const names[] = {"community", "from", "to", "limit", "cursor", NULL};
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "community", wanted, wanted_size) ||
	    !query_date_or_reply(call, "from", q->from, sizeof q->from) ||
	    !query_date_or_reply(call, "to", q->to, sizeof q->to))
		return false;
	if (!api_page_or_reply(call, CURSOR_PREFIX[0], VISIT_LIST_MAX - 1, &q->limit,
			       &q->before_id))
		return false;
	return true;
}

void api_visit_search(struct api_call *call)
{
	struct visit_query q;
	char wanted[DIVISION_CODE_SIZE + 8], narrowed[DIVISION_CODE_SIZE], detail[96];
	struct error err;
	size_t count = 0;
	bool more = false;
	if (!query_or_reply(call, &q, wanted, sizeof wanted))
		return;
	if (!api_resolve_division_or_reply(call, "community", wanted, sizeof wanted))
		return;
	struct visit *list = calloc(VISIT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (authz_narrow_to_scope(&call->who, wanted, narrowed)) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (visit_search(&call->reg, &q, list, &count, &more, &err) != ST_OK) {
			free(list);
			api_fail(call, &err);
			return;
		}
	}
	snprintf(detail, sizeof detail, "community=%s from=%s to=%s", wanted, q.from, q.to);
	api_audit_read(call, "visit.search", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, visit_json(call, &list[i], true));
	json_t *body = json_pack("{s:o}", "items", items);
	if (more) {
		char next[32];
		snprintf(next, sizeof next, CURSOR_PREFIX "%lld", (long long)list[count - 1].id);
		json_object_set_new(body, "next_cursor", json_string(next));
	} else {
		json_object_set_new(body, "next_cursor", json_null());
	}
	free(list);
	api_reply(call, 200, body);
}
