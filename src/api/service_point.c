/*
 * api/service_point.c — the service-point directory over HTTP (§2(3),
 * §2(4)): offices register and change points (service.write, within their
 * scope; If-Match version) and list and view them, stopped ones too;
 * everyone, without login, lists and views the active ones.
 *
 * Points hold no personal data, so public reads are not audited (the access
 * log records them as every request); every write is one transaction with
 * its audit row, and a refused write is audited and keeps nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/service_point.h"

#define CURSOR_PREFIX "s"

static json_t *service_point_json(const struct api_call *call, const struct service_point *p)
{
	char created[40], updated[40];
	api_format_time(p->created_at, created, sizeof created);
	api_format_time(p->updated_at, updated, sizeof updated);
	json_t *services = json_array();
	for (int s = 0; s < SERVICE__COUNT; s++)
		if (p->services & (1u << s))
			json_array_append_new(
				services, json_pack("{s:s, s:s}", "code",
						    service_code_name((enum service_code)s), "label",
						    service_code_label((enum service_code)s)));
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)p->id, "kind",
			      service_point_kind_name(p->kind), "kind_label",
			      service_point_kind_label(p->kind), "name", p->name, "division",
			      api_division_json(call, p->division), "services", services);
	json_object_set_new(j, "address", api_text_or_null(p->address));
	json_object_set_new(j, "phone", api_text_or_null(p->phone));
	json_object_set_new(j, "hours", api_text_or_null(p->hours));
	json_object_set_new(j, "notice", api_text_or_null(p->notice));
	json_object_set_new(j, "active", json_boolean(p->active));
	json_object_set_new(j, "version", json_integer(p->version));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

static void object_name(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "service_point:%lld", (long long)id);
}

/* "services": an array of code strings (or null: none).  Replies 400 itself. */
static bool services_or_reply(struct api_call *call, struct service_point_request *req)
{
	json_t *list = json_object_get(call->body, "services");
	req->has_services = list != NULL;
	req->service_count = 0;
	if (list == NULL || json_is_null(list))
		return true;
	if (!json_is_array(list)) {
		api_fail_status(call, ST_INVALID_INPUT, "services", "服务项目应为代码的列表");
		return false;
	}
	if (json_array_size(list) > SERVICE__COUNT) {
		api_fail_status(call, ST_INVALID_INPUT, "services", "服务项目过多");
		return false;
	}
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		const char *code = json_string_value(item);
		if (code == NULL || strlen(code) >= sizeof req->services[0]) {
			api_fail_status(call, ST_INVALID_CODE, "services",
					"服务项目应为 contraception、prenatal、checkup、consultation、"
					"certificate、legal_aid、employment 或 aid");
			return false;
		}
		snprintf(req->services[req->service_count++], sizeof req->services[0], "%s", code);
	}
	return true;
}

/* The body's members into `req`, has_ set for each given.  Replies 400 itself. */
static bool request_or_reply(struct api_call *call, struct service_point_request *req)
{
	static const char *const names[] = {"kind", "name", "division", "address", "services",
					    "phone", "hours", "notice", "active", NULL};
	struct {
		const char *name;
		char *buf;
		size_t size;
		bool *has;
	} texts[] = {
		{"kind", req->kind, sizeof req->kind, &req->has_kind},
		{"name", req->name, sizeof req->name, &req->has_name},
		{"division", req->division, sizeof req->division, &req->has_division},
		{"address", req->address, sizeof req->address, &req->has_address},
		{"phone", req->phone, sizeof req->phone, &req->has_phone},
		{"hours", req->hours, sizeof req->hours, &req->has_hours},
		{"notice", req->notice, sizeof req->notice, &req->has_notice},
	};
	if (!api_body_known_or_reply(call, names))
		return false;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		*texts[i].has = json_object_get(call->body, texts[i].name) != NULL;
		if (!api_copy_string_or_reply(call, call->body, texts[i].name, texts[i].buf,
					      texts[i].size))
			return false;
	}
	json_t *active = json_object_get(call->body, "active");
	req->has_active = active != NULL;
	if (active != NULL && !json_is_boolean(active)) {
		api_fail_status(call, ST_INVALID_INPUT, "active", "active 应为 true 或 false");
		return false;
	}
	req->active = active != NULL && json_is_true(active);
	return services_or_reply(call, req);
}

struct service_point_step {
	struct service_point_request req;
	struct service_point before;
	struct service_point p;
	int64_t id;
	int64_t version;  /* If-Match of an update */
	bool changed;
};

/* ST_OUT_OF_SCOPE unless `division` lies in the caller's scope. */
static enum status division_in_scope(const struct api_call *call, const char *division,
				     struct error *err)
{
	if (authz_in_scope(&call->who, division))
		return ST_OK;
	return error_set(err, ST_OUT_OF_SCOPE, "division",
			 "服务网点所在地不在您的管辖范围内，请由所在镇（街道）或市里登记");
}

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct service_point_step *s = ctx;
	enum status st = service_point_check(&call->reg, &s->req, &s->p, err);
	if (st != ST_OK || (st = division_in_scope(call, s->p.division, err)) != ST_OK ||
	    (st = service_point_create(&call->reg, &s->req, &s->p, err)) != ST_OK)
		return st;
	object_name(s->p.id, object, size);
	return ST_OK;
}

/* Both the point as it was and as it becomes must lie in the caller's scope. */
static enum status update_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct service_point_step *s = ctx;
	(void)object, (void)size;
	enum status st = service_point_get(&call->reg, s->id, &s->before, err);
	if (st != ST_OK || (st = division_in_scope(call, s->before.division, err)) != ST_OK)
		return st;
	st = service_point_update(&call->reg, s->id, s->version, &s->req, &s->before, &s->p,
				  &s->changed, err);
	if (st == ST_OK)
		st = division_in_scope(call, s->p.division, err);
	return st;
}

void api_service_point_create(struct api_call *call)
{
	struct service_point_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (request_or_reply(call, &s->req) &&
	    api_write(call, "service_point.create", "service_point:", create_write, s)) {
		snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
			 (long long)s->p.version);
		api_reply(call, 201, service_point_json(call, &s->p));
	}
	free(s);
}

void api_service_point_update(struct api_call *call)
{
	char object[64];
	struct service_point_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_if_match_or_reply(call, "服务网点信息的", &s->version) &&
	    api_id_param_or_reply(call, &s->id) && request_or_reply(call, &s->req)) {
		object_name(s->id, object, sizeof object);
		if (api_write(call, "service_point.update", object, update_write, s)) {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)s->p.version);
			api_reply(call, 200, service_point_json(call, &s->p));
		}
	}
	free(s);
}

/* --- public reads ---------------------------------------------------------------- */

/* Replies with point `id`; a public read sees only active points, an office
 * (service.write) also its stopped ones, but only within its scope. */
static void reply_point(struct api_call *call, bool staff)
{
	int64_t id;
	struct service_point *p = calloc(1, sizeof *p);
	struct error err;
	if (p == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_id_param_or_reply(call, &id)) {
		enum status st = service_point_get(&call->reg, id, p, &err);
		if (st == ST_OK && (staff ? !authz_in_scope(&call->who, p->division) : !p->active))
			st = error_set(&err, ST_NOT_FOUND, "id", "服务网点不存在");
		if (st != ST_OK) {
			api_fail(call, &err);
		} else {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)p->version);
			api_reply(call, 200, service_point_json(call, p));
		}
	}
	free(p);
}

void api_public_service_point_get(struct api_call *call)
{
	reply_point(call, false);
}

void api_service_point_get(struct api_call *call)
{
	reply_point(call, true);
}

/* Reads ?division=&service=&kind=&limit=&cursor= into q; replies 400 itself. */
static bool query_or_reply(struct api_call *call, struct service_point_query *q, char *wanted,
			   size_t wanted_size)
{
	static const char *const names[] = {"division", "service", "kind", "limit", "cursor", NULL};
	char kind[32], service[32];
	memset(q, 0, sizeof *q);
	q->limit = 20;
	q->service = -1;
	q->active_only = true;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "division", wanted, wanted_size) ||
	    !api_copy_query_or_reply(call, "kind", kind, sizeof kind) ||
	    !api_copy_query_or_reply(call, "service", service, sizeof service))
		return false;
	if (kind[0] && !service_point_kind_parse(kind, &q->kind)) {
		api_fail_status(call, ST_INVALID_INPUT, "kind",
				"kind 应为 service_point、health_institution、service_home 或 aid_store");
		return false;
	}
	enum service_code code;
	if (service[0] && !service_code_parse(service, &code)) {
		api_fail_status(call, ST_INVALID_INPUT, "service",
				"service 应为 contraception、prenatal、checkup、consultation、"
				"certificate、legal_aid、employment 或 aid");
		return false;
	}
	if (service[0])
		q->service = (int)code;
	return api_page_or_reply(call, CURSOR_PREFIX[0], SERVICE_POINT_LIST_MAX - 1, &q->limit,
				 &q->before_id) &&
	       api_resolve_division_or_reply(call, "division", wanted, wanted_size);
}

/* Lists the points inside `where` (nothing when it lies outside the city). */
static void reply_search(struct api_call *call, struct service_point_query *q, const char *where)
{
	struct error err;
	size_t count = 0;
	bool more = false;
	struct service_point *list = calloc(SERVICE_POINT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (where != NULL && division_contains(call->reg.city, where)) {
		snprintf(q->division, sizeof q->division, "%s", where);
		if (service_point_search(&call->reg, q, list, &count, &more, &err) != ST_OK) {
			free(list);
			api_fail(call, &err);
			return;
		}
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, service_point_json(call, &list[i]));
	json_t *body = json_pack("{s:o}", "items", items);
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}

void api_public_service_point_search(struct api_call *call)
{
	struct service_point_query q;
	char wanted[DIVISION_CODE_SIZE + 8];
	if (query_or_reply(call, &q, wanted, sizeof wanted))
		reply_search(call, &q, wanted[0] ? wanted : call->reg.city);
}

/* The office's list: stopped points too, narrowed to its scope. */
void api_service_point_search(struct api_call *call)
{
	struct service_point_query q;
	char wanted[DIVISION_CODE_SIZE + 8], narrowed[DIVISION_CODE_SIZE];
	if (!query_or_reply(call, &q, wanted, sizeof wanted))
		return;
	q.active_only = false;
	reply_search(call, &q,
		     authz_narrow_to_scope(&call->who, wanted, narrowed) ? narrowed : NULL);
}
