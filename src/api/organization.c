/*
 * api/organization.c — the organizations register over HTTP (§3): register,
 * list, view, change (If-Match version) and the history of changes.
 *
 * An organization is visible where its division is (the caller's scope);
 * outside it the answer is 404, audited, as if it did not exist.  Writing
 * one whose division lies outside the caller's scope is refused with 403
 * out_of_scope, audited, and nothing is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/organization.h"

#define CURSOR_PREFIX "o"

static json_t *organization_json(const struct api_call *call, const struct organization *o)
{
	char created[40], updated[40];
	api_format_time(o->created_at, created, sizeof created);
	api_format_time(o->updated_at, updated, sizeof updated);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)o->id, "kind",
			      organization_kind_name(o->kind), "kind_label",
			      organization_kind_label(o->kind), "name", o->name, "division",
			      api_division_json(call, o->division));
	json_object_set_new(j, "department",
			    api_text_or_null(organization_department_name(o->department)));
	json_object_set_new(j, "department_label",
			    api_text_or_null(organization_department_label(o->department)));
	json_object_set_new(j, "credit_code", api_text_or_null(o->credit_code));
	json_object_set_new(j, "address", api_text_or_null(o->address));
	json_object_set_new(j, "responsible_person", api_text_or_null(o->responsible_person));
	json_object_set_new(j, "contact_phone", api_text_or_null(o->contact_phone));
	json_object_set_new(j, "version", json_integer(o->version));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

static void object_name(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "organization:%lld", (long long)id);
}

/* Organization {id} if it lies in the caller's scope; 404 (audited) otherwise. */
static bool organization_in_scope_or_reply(struct api_call *call, struct organization *o,
					   const char *action)
{
	int64_t id;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return false;
	object_name(id, object, sizeof object);
	enum status st = organization_get(&call->reg, id, o, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, o->division)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "单位不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

/*
 * The body's fields into `req`: strings or null, present[] set for each
 * member given.  Replies 400 itself.
 */
static bool request_or_reply(struct api_call *call, struct organization_request *req)
{
	static const char *const names[] = {"kind", "department", "name", "credit_code",
					    "division", "address", "responsible_person",
					    "contact_phone", NULL};
	if (!api_body_known_or_reply(call, names))
		return false;
	for (int f = 0; f < ORGANIZATION_FIELD_COUNT; f++) {
		const char *name = organization_field_name((enum organization_field)f);
		req->present[f] = json_object_get(call->body, name) != NULL;
		if (!api_copy_string_or_reply(call, call->body, name, req->values[f],
					      sizeof req->values[f]))
			return false;
	}
	return true;
}

struct organization_step {
	struct organization_request req;
	struct organization o;
	int64_t version;       /* If-Match of an update */
	size_t changed;
};

/* ST_OUT_OF_SCOPE unless `division` lies in the caller's scope. */
static enum status division_in_scope(const struct api_call *call, const char *division,
				     struct error *err)
{
	if (authz_in_scope(&call->who, division))
		return ST_OK;
	return error_set(err, ST_OUT_OF_SCOPE, "division",
			 "单位所在地不在您的管辖范围内，请由所在镇（街道）或市里登记");
}

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct organization_step *s = ctx;
	enum status st = organization_check(&call->reg, &s->req, &s->o, err);
	if (st != ST_OK || (st = division_in_scope(call, s->o.division, err)) != ST_OK ||
	    (st = organization_create(&call->reg, &s->req, call->who.username, &s->o, err)) != ST_OK)
		return st;
	object_name(s->o.id, object, size);
	return ST_OK;
}

static enum status update_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct organization_step *s = ctx;
	int64_t id = s->o.id;
	(void)object, (void)size;
	enum status st = organization_update(&call->reg, id, s->version, &s->req,
					     call->who.username, &s->o, &s->changed, err);
	if (st == ST_OK)
		st = division_in_scope(call, s->o.division, err);
	return st;
}

void api_organization_create(struct api_call *call)
{
	struct organization_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (request_or_reply(call, &s->req) &&
	    api_write(call, "organization.create", "organization:", create_write, s)) {
		snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
			 (long long)s->o.version);
		api_reply(call, 201, organization_json(call, &s->o));
	}
	free(s);
}

void api_organization_update(struct api_call *call)
{
	char object[64];
	struct organization_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_if_match_or_reply(call, "单位信息的", &s->version) &&
	    organization_in_scope_or_reply(call, &s->o, "organization.update") &&
		   request_or_reply(call, &s->req)) {
		object_name(s->o.id, object, sizeof object);
		if (api_write(call, "organization.update", object, update_write, s)) {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)s->o.version);
			api_reply(call, 200, organization_json(call, &s->o));
		}
	}
	free(s);
}

void api_organization_get(struct api_call *call)
{
	struct organization o;
	char object[64];
	if (!organization_in_scope_or_reply(call, &o, "organization.get"))
		return;
	object_name(o.id, object, sizeof object);
	api_audit_read(call, "organization.get", object, "ok", "");
	snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)o.version);
	api_reply(call, 200, organization_json(call, &o));
}

/* --- listing ------------------------------------------------------------------- */

/* Reads ?division=&kind=&name=&limit=&cursor= into q; replies 400 itself. */
static bool query_or_reply(struct api_call *call, struct organization_query *q, char *wanted,
			   size_t wanted_size)
{
	static const char *const names[] = {"division", "kind", "name", "limit", "cursor", NULL};
	char kind[32];
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "division", wanted, wanted_size) ||
	    !api_copy_query_or_reply(call, "kind", kind, sizeof kind) ||
	    !api_copy_query_or_reply(call, "name", q->name, sizeof q->name))
		return false;
	if (kind[0] && !organization_kind_parse(kind, &q->kind)) {
		api_fail_status(call, ST_INVALID_INPUT, "kind",
				"kind 应为 department、unit、construction_enterprise、"
				"individual_business 或 service_institution");
		return false;
	}
	if (!text_is_clean(q->name, ORGANIZATION_NAME_MAX_CHARS)) {
		api_fail_status(call, ST_INVALID_INPUT, "name", "名称查询条件不正确");
		return false;
	}
	if (!api_page_or_reply(call, CURSOR_PREFIX[0], ORGANIZATION_LIST_MAX - 1, &q->limit,
			       &q->before_id))
		return false;
	return true;
}

void api_organization_search(struct api_call *call)
{
	struct organization_query q;
	char wanted[DIVISION_CODE_SIZE + 8], narrowed[DIVISION_CODE_SIZE], detail[96];
	struct error err;
	size_t count = 0;
	bool more = false;
	if (!query_or_reply(call, &q, wanted, sizeof wanted))
		return;
	if (!api_resolve_division_or_reply(call, "division", wanted, sizeof wanted))
		return;
	struct organization *list = calloc(ORGANIZATION_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (authz_narrow_to_scope(&call->who, wanted, narrowed)) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (organization_search(&call->reg, &q, list, &count, &more, &err) != ST_OK) {
			free(list);
			api_fail(call, &err);
			return;
		}
	}
	snprintf(detail, sizeof detail, "division=%s kind=%s", wanted,
		 organization_kind_name(q.kind));
	api_audit_read(call, "organization.search", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, organization_json(call, &list[i]));
	json_t *body = json_pack("{s:o}", "items", items);
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}

/* --- history ----------------------------------------------------------------------- */

static bool append_history(const struct organization_history_entry *e, void *ctx)
{
	json_t *items = ctx;
	char when[40];
	api_format_time(e->changed_at, when, sizeof when);
	json_t *item = json_pack("{s:I, s:s, s:s, s:s}", "version", (json_int_t)e->version,
				 "changed_at", when, "actor", e->actor, "action",
				 e->created ? "created" : "changed");
	if (!e->created) {
		json_object_set_new(item, "field", json_string(organization_field_name(e->field)));
		json_object_set_new(item, "old_value", api_text_or_null(e->old_value));
		json_object_set_new(item, "new_value", api_text_or_null(e->new_value));
	}
	json_array_append_new(items, item);
	return true;
}

void api_organization_history(struct api_call *call)
{
	struct organization o;
	struct error err;
	char object[64];
	if (!organization_in_scope_or_reply(call, &o, "organization.history"))
		return;
	json_t *items = json_array();
	if (organization_history(&call->reg, o.id, append_history, items, &err) != ST_OK) {
		json_decref(items);
		api_fail(call, &err);
		return;
	}
	object_name(o.id, object, sizeof object);
	api_audit_read(call, "organization.history", object, "ok", "");
	api_reply(call, 200, json_pack("{s:I, s:o}", "id", (json_int_t)o.id, "items", items));
}
