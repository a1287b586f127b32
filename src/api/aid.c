/*
 * api/aid.c — aid given by aid stores over HTTP (policy §2(3)(4)).
 *
 * Both reading and recording need aid.write (the city, town and community
 * offices that keep aid stores) and a service point inside the caller's
 * scope; a point outside it is 404, as if it did not exist.  A registered
 * recipient must also lie in the caller's scope.  Only an active aid store
 * records aid (422 not_allowed, reason not_aid_store).  Every write is one
 * transaction with its audit row and, for a registered person, the
 * person's timeline event; reads are audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/aid.h"

#define CURSOR_PREFIX "a"

static void object_name(int64_t point_id, char *buf, size_t size)
{
	snprintf(buf, size, "service_point:%lld", (long long)point_id);
}

static json_t *aid_json(const struct aid *a)
{
	char created[40];
	api_format_time(a->created_at, created, sizeof created);
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id,
			      "service_point_id", (json_int_t)a->service_point_id,
			      "recipient_name", a->recipient_name, "items", a->items, "given_on",
			      a->given_on, "given_by", a->given_by, "created_at", created);
	json_object_set_new(j, "person_id",
			    a->person_id > 0 ? json_integer(a->person_id) : json_null());
	json_object_set_new(j, "amount", a->amount >= 0 ? json_integer(a->amount) : json_null());
	return j;
}

/*
 * Loads point `id` if it lies in the caller's scope; otherwise replies 404
 * (audited as `action`) and returns false.
 */
static bool point_in_scope_or_reply(struct api_call *call, int64_t id, struct service_point *p,
				    const char *action)
{
	struct error err;
	char object[64];
	object_name(id, object, sizeof object);
	enum status st = service_point_get(&call->reg, id, p, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, p->division)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "服务网点不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

struct aid_step {
	struct service_point point;
	struct person person;
	struct aid_request req;
	struct aid aid;
};

/* The body into s->req; replies 400 itself. */
static bool request_or_reply(struct api_call *call, struct aid_request *req)
{
	static const char *const names[] = {"person_id", "recipient_name", "items", "amount",
					    "given_on", NULL};
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "recipient_name", req->recipient_name,
				      sizeof req->recipient_name) ||
	    !api_copy_string_or_reply(call, call->body, "items", req->items, sizeof req->items) ||
	    !api_copy_string_or_reply(call, call->body, "given_on", req->given_on,
				      sizeof req->given_on))
		return false;
	json_t *person = json_object_get(call->body, "person_id");
	if (person != NULL && !json_is_null(person)) {
		if (!json_is_integer(person) || json_integer_value(person) <= 0) {
			api_fail_status(call, ST_INVALID_INPUT, "person_id",
					"person_id 应为档案编号（正整数）");
			return false;
		}
		req->person_id = json_integer_value(person);
	}
	json_t *amount = json_object_get(call->body, "amount");
	if (amount != NULL && !json_is_null(amount)) {
		if (!json_is_integer(amount)) {
			api_fail_status(call, ST_INVALID_INPUT, "amount",
					"金额以分为单位，应为整数");
			return false;
		}
		req->has_amount = true;
		req->amount = json_integer_value(amount);
	}
	return true;
}

static enum status record_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct aid_step *s = ctx;
	(void)object, (void)size;
	const struct person *person = NULL;
	if (s->req.person_id > 0) {
		enum status st = person_get(&call->reg, s->req.person_id, &s->person, err);
		if (st == ST_OK && !authz_in_scope(&call->who, s->person.residence_division))
			st = ST_NOT_FOUND;
		if (st == ST_NOT_FOUND)
			return error_set(err, ST_INVALID_INPUT, "person_id",
					 "档案不存在或不在您的管辖范围内，请核对档案编号");
		if (st != ST_OK)
			return st;
		person = &s->person;
	}
	return aid_record(&call->reg, &s->point, person, &s->req, call->who.username, &s->aid,
			  err);
}

void api_aid_create(struct api_call *call)
{
	int64_t id;
	char object[64];
	struct aid_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_id_param_or_reply(call, &id) &&
	    point_in_scope_or_reply(call, id, &s->point, "aid.create") &&
	    request_or_reply(call, &s->req)) {
		object_name(id, object, sizeof object);
		if (api_write(call, "aid.create", object, record_write, s))
			api_reply(call, 201, aid_json(&s->aid));
	}
	free(s);
}

void api_aid_list(struct api_call *call)
{
	static const char *const names[] = {"limit", "cursor", NULL};
	int64_t id, before = 0;
	size_t limit = 20, count = 0;
	bool more = false;
	struct error err;
	char object[64];
	struct service_point point;
	if (!api_id_param_or_reply(call, &id) || !api_query_known_or_reply(call, names) ||
	    !api_page_or_reply(call, CURSOR_PREFIX[0], AID_LIST_MAX - 1, &limit, &before) ||
	    !point_in_scope_or_reply(call, id, &point, "aid.list"))
		return;
	struct aid *list = calloc(AID_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (aid_list(&call->reg, id, before, limit, list, &count, &more, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, aid_json(&list[i]));
	json_t *body = json_pack("{s:o, s:s, s:s}", "items", items, "service_point_name",
				 point.name, "service_point_kind",
				 service_point_kind_name(point.kind));
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	object_name(id, object, sizeof object);
	api_audit_read(call, "aid.list", object, "ok", "");
	api_reply(call, 200, body);
}
