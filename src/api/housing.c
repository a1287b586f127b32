/*
 * api/housing.c — let homes and their tenancies over HTTP (§2(2)): register,
 * list, view and change homes (If-Match version); start, list and end
 * tenancies.
 *
 * A landlord account reaches only the homes it lets (bound person or
 * organization, domain/housing.h home_let_by); every other role the homes
 * whose community lies in its scope.  Anything else answers 404, audited,
 * as if it did not exist — so one landlord never learns of another's
 * tenants.  A tenancy of someone without a record is refused with 422
 * not_allowed and "registration_needed": the person is registered first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/housing.h"

#define CURSOR_PREFIX "h"

static void home_object(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "home:%lld", (long long)id);
}

static void tenancy_object(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "tenancy:%lld", (long long)id);
}

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static json_t *home_json(const struct api_call *call, const struct home *h)
{
	char created[40], updated[40];
	api_format_time(h->created_at, created, sizeof created);
	api_format_time(h->updated_at, updated, sizeof updated);
	json_t *j = json_pack("{s:I, s:o, s:s, s:i, s:I}", "id", (json_int_t)h->id, "community",
			      api_division_json(call, h->community), "address", h->address, "rooms",
			      h->rooms, "version", (json_int_t)h->version);
	json_object_set_new(j, "landlord_person_id", id_or_null(h->landlord_person_id));
	json_object_set_new(j, "landlord_organization_id", id_or_null(h->landlord_organization_id));
	json_object_set_new(j, "note", api_text_or_null(h->note));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

static json_t *tenancy_json(const struct tenancy *t)
{
	char masked[IDCARD_MASKED_SIZE], created[40], updated[40];
	idcard_mask(t->person_id_number, masked, sizeof masked);
	api_format_time(t->created_at, created, sizeof created);
	api_format_time(t->updated_at, updated, sizeof updated);
	json_t *person = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->person_id, "name",
				   t->person_name, "id_number_masked", masked);
	json_t *j = json_pack("{s:I, s:I, s:o, s:s, s:b, s:I}", "id", (json_int_t)t->id, "home_id",
			      (json_int_t)t->home_id, "person", person, "starts_on", t->starts_on,
			      "current", t->ends_on[0] == '\0', "version", (json_int_t)t->version);
	json_object_set_new(j, "ends_on", api_text_or_null(t->ends_on));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

/* A landlord reaches the homes it lets; others the homes of their scope. */
static bool home_reachable(const struct api_call *call, const struct home *h)
{
	if (call->who.role == ROLE_LANDLORD)
		return home_let_by(h, call->who.person_id, call->who.organization_id);
	return authz_in_scope(&call->who, h->community);
}

/* Home `id` if the caller reaches it; 404 (audited as `action`) otherwise. */
static bool home_reachable_or_reply(struct api_call *call, int64_t id, struct home *h,
				    const char *action)
{
	struct error err;
	char object[64];
	home_object(id, object, sizeof object);
	enum status st = home_get(&call->reg, id, h, &err);
	if (st == ST_OK && !home_reachable(call, h)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "房屋不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

/* Path {id} as a home the caller reaches; replies 404 itself otherwise. */
static bool home_param_or_reply(struct api_call *call, struct home *h, const char *action)
{
	int64_t id;
	return api_id_param_or_reply(call, &id) && home_reachable_or_reply(call, id, h, action);
}

/* An optional positive integer member (absent or null: 0); replies 400 itself. */
static bool id_member_or_reply(struct api_call *call, const char *name, int64_t *out)
{
	json_t *value = json_object_get(call->body, name);
	*out = 0;
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_integer(value) || json_integer_value(value) <= 0) {
		api_fail_status(call, ST_INVALID_INPUT, name, "应为正整数编号");
		return false;
	}
	*out = json_integer_value(value);
	return true;
}

/* The body of a home into `req`; `create` also reads the landlord.  Replies 400 itself. */
static bool home_request_or_reply(struct api_call *call, struct home_request *req, bool create)
{
	static const char *const create_names[] = {"community", "address", "rooms", "note",
						   "landlord_person_id", "landlord_organization_id",
						   NULL};
	static const char *const update_names[] = {"community", "address", "rooms", "note", NULL};
	if (!api_body_known_or_reply(call, create ? create_names : update_names))
		return false;
	memset(req, 0, sizeof *req);
	for (int f = 0; f < HOME_FIELD_COUNT; f++) {
		const char *name = home_field_name((enum home_field)f);
		json_t *value = json_object_get(call->body, name);
		req->present[f] = value != NULL;
		if (f == HOME_FIELD_ROOMS && value != NULL && !json_is_null(value)) {
			if (!json_is_integer(value) || json_integer_value(value) < 1 ||
			    json_integer_value(value) > HOME_ROOMS_MAX) {
				api_fail_status(call, ST_INVALID_INPUT, name, "出租间数应为 1 到 99 的整数");
				return false;
			}
			snprintf(req->values[f], sizeof req->values[f], "%lld",
				 (long long)json_integer_value(value));
		} else if (!api_copy_string_or_reply(call, call->body, name, req->values[f],
						     sizeof req->values[f])) {
			return false;
		}
	}
	return !create ||
	       (id_member_or_reply(call, "landlord_person_id", &req->landlord_person_id) &&
		id_member_or_reply(call, "landlord_organization_id", &req->landlord_organization_id));
}

struct home_step {
	struct home_request req;
	struct home home;
	int64_t version;   /* If-Match of an update */
	bool changed;
};

/* ST_OUT_OF_SCOPE unless the home's community lies in the caller's scope. */
static enum status community_in_scope(const struct api_call *call, const char *community,
				      struct error *err)
{
	if (authz_in_scope(&call->who, community))
		return ST_OK;
	return error_set(err, ST_OUT_OF_SCOPE, "community",
			 "房屋所在社区不在您的管辖范围内，请由所在社区或镇（街道）登记");
}

/*
 * A landlord account registers only homes it lets itself: the landlord is
 * its bound person or organization, never another one.
 */
static enum status landlord_of_account(const struct api_call *call, struct home_request *req,
				       struct error *err)
{
	int64_t person = call->who.person_id, organization = call->who.organization_id;
	if (person <= 0 && organization <= 0)
		return error_set(err, ST_NOT_ALLOWED, "landlord_person_id",
				 "您的账号尚未绑定出租人（个人或单位），请联系系统管理员绑定后再登记房屋");
	if ((req->landlord_person_id && req->landlord_person_id != person) ||
	    (req->landlord_organization_id && req->landlord_organization_id != organization))
		return error_set(err, ST_NOT_ALLOWED, "landlord_person_id",
				 "出租户只能登记本人（本单位）出租的房屋");
	req->landlord_person_id = person > 0 ? person : 0;
	req->landlord_organization_id = person > 0 ? 0 : organization;
	return ST_OK;
}

static enum status home_create_write(struct api_call *call, void *ctx, char *object, size_t size,
				     struct error *err)
{
	struct home_step *s = ctx;
	enum status st;
	if (call->who.role == ROLE_LANDLORD && (st = landlord_of_account(call, &s->req, err)) != ST_OK)
		return st;
	if ((st = home_check(&call->reg, &s->req, true, &s->home, err)) != ST_OK ||
	    (st = community_in_scope(call, s->home.community, err)) != ST_OK ||
	    (st = home_create(&call->reg, &s->req, &s->home, err)) != ST_OK)
		return st;
	home_object(s->home.id, object, size);
	return ST_OK;
}

void api_home_create(struct api_call *call)
{
	struct home_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (home_request_or_reply(call, &s->req, true) &&
	    api_write(call, "home.create", "home:", home_create_write, s)) {
		snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
			 (long long)s->home.version);
		api_reply(call, 201, home_json(call, &s->home));
	}
	free(s);
}

static enum status home_update_write(struct api_call *call, void *ctx, char *object, size_t size,
				     struct error *err)
{
	struct home_step *s = ctx;
	(void)object, (void)size;
	enum status st = home_update(&call->reg, s->home.id, s->version, &s->req, &s->home,
				     &s->changed, err);
	if (st == ST_OK)
		st = community_in_scope(call, s->home.community, err);
	return st;
}

void api_home_update(struct api_call *call)
{
	char object[64];
	struct home_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_if_match_or_reply(call, "房屋信息的", &s->version) &&
	    home_param_or_reply(call, &s->home, "home.update") &&
		   home_request_or_reply(call, &s->req, false)) {
		home_object(s->home.id, object, sizeof object);
		if (api_write(call, "home.update", object, home_update_write, s)) {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)s->home.version);
			api_reply(call, 200, home_json(call, &s->home));
		}
	}
	free(s);
}

void api_home_get(struct api_call *call)
{
	struct home h;
	char object[64];
	if (!home_param_or_reply(call, &h, "home.get"))
		return;
	home_object(h.id, object, sizeof object);
	api_audit_read(call, "home.get", object, "ok", "");
	snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)h.version);
	api_reply(call, 200, home_json(call, &h));
}

/* Reads ?community=&limit=&cursor= into q; replies 400 itself. */
static bool home_query_or_reply(struct api_call *call, struct home_query *q, char *wanted,
				size_t wanted_size)
{
	static const char *const names[] = {"community", "limit", "cursor", NULL};
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "community", wanted, wanted_size))
		return false;
	if (!api_page_or_reply(call, CURSOR_PREFIX[0], HOME_LIST_MAX - 1, &q->limit,
			       &q->before_id))
		return false;
	if (wanted[0]) {
		const struct division *d = division_table_resolve(call->reg.divisions, wanted);
		if (d == NULL) {
			api_fail_status(call, ST_INVALID_DIVISION, "community", "行政区划代码不正确");
			return false;
		}
		snprintf(wanted, wanted_size, "%s", d->code);
	}
	return true;
}

void api_home_search(struct api_call *call)
{
	struct home_query q;
	char wanted[DIVISION_CODE_SIZE + 8], narrowed[DIVISION_CODE_SIZE], detail[96];
	struct error err;
	size_t count = 0;
	bool more = false;
	if (!home_query_or_reply(call, &q, wanted, sizeof wanted))
		return;
	/* A landlord lists the homes it lets; an unbound landlord account lets none. */
	bool landlord = call->who.role == ROLE_LANDLORD;
	bool bound = call->who.person_id > 0 || call->who.organization_id > 0;
	if (landlord) {
		q.landlord_person_id = call->who.person_id > 0 ? call->who.person_id : 0;
		q.landlord_organization_id = call->who.person_id > 0 ? 0 : call->who.organization_id;
	}
	struct home *list = calloc(HOME_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if ((!landlord || bound) && authz_narrow_to_scope(&call->who, wanted, narrowed)) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (home_search(&call->reg, &q, list, &count, &more, &err) != ST_OK) {
			free(list);
			api_fail(call, &err);
			return;
		}
	}
	snprintf(detail, sizeof detail, "community=%s", wanted);
	api_audit_read(call, "home.search", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, home_json(call, &list[i]));
	json_t *body = json_pack("{s:o}", "items", items);
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}

/* --- tenancies --------------------------------------------------------------------- */

struct tenancy_step {
	struct home home;
	int64_t person_id;
	char id_number[IDCARD_INPUT_MAX];
	char date[DATE_TEXT_SIZE + 8];
	struct tenancy tenancy;
};

/*
 * The tenant: by ID number (anyone, and the only way for landlords, who
 * cannot read person records), or by person_id inside the caller's scope.
 * No record for the ID number: 422 not_allowed, registration_needed.
 */
static enum status tenant_of(struct api_call *call, struct tenancy_step *s, struct error *err)
{
	struct person p;
	enum status st;
	if ((s->person_id > 0) == (s->id_number[0] != '\0'))
		return error_set(err, s->person_id > 0 ? ST_INVALID_INPUT : ST_MISSING_FIELD,
				 "id_number", "请填写租住人的公民身份号码（或档案编号 person_id），只填一个");
	if (s->person_id > 0) {
		if (call->who.role == ROLE_LANDLORD)
			return error_set(err, ST_INVALID_INPUT, "person_id",
					 "出租户请填写租住人的公民身份号码");
		if (person_get(&call->reg, s->person_id, &p, NULL) != ST_OK ||
		    !authz_in_scope(&call->who, p.residence_division))
			return error_set(err, ST_NOT_FOUND, "person_id", "租住人档案不存在");
		return ST_OK;
	}
	st = person_get_by_id_number(&call->reg, s->id_number, &p, err);
	if (st == ST_NOT_FOUND) {
		error_set(err, ST_NOT_ALLOWED, "id_number",
			  "该公民身份号码尚无流动人口档案：请先到所在社区登记档案，再登记租住");
		error_set_reason(err, "registration_needed");
		return ST_NOT_ALLOWED;
	}
	if (st == ST_OK)
		s->person_id = p.id;
	return st;
}

static enum status tenancy_create_write(struct api_call *call, void *ctx, char *object,
					size_t size, struct error *err)
{
	struct tenancy_step *s = ctx;
	enum status st = tenant_of(call, s, err);
	if (st != ST_OK ||
	    (st = tenancy_start(&call->reg, s->home.id, s->person_id, s->date, &s->tenancy, err)) !=
		    ST_OK)
		return st;
	tenancy_object(s->tenancy.id, object, size);
	return ST_OK;
}

void api_tenancy_create(struct api_call *call)
{
	static const char *const names[] = {"person_id", "id_number", "starts_on", NULL};
	char object[64];
	struct tenancy_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (home_param_or_reply(call, &s->home, "tenancy.create") &&
	    api_body_known_or_reply(call, names) &&
	    id_member_or_reply(call, "person_id", &s->person_id) &&
	    api_copy_string_or_reply(call, call->body, "id_number", s->id_number,
				     sizeof s->id_number) &&
	    api_copy_string_or_reply(call, call->body, "starts_on", s->date, sizeof s->date)) {
		home_object(s->home.id, object, sizeof object);
		if (api_write(call, "tenancy.create", object, tenancy_create_write, s))
			api_reply(call, 201, tenancy_json(&s->tenancy));
	}
	free(s);
}

void api_tenancy_list(struct api_call *call)
{
	struct home h;
	struct error err;
	size_t count = 0;
	char object[64];
	if (!home_param_or_reply(call, &h, "tenancy.list"))
		return;
	struct tenancy *list = calloc(TENANCY_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (tenancy_list(&call->reg, h.id, list, TENANCY_LIST_MAX, &count, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	home_object(h.id, object, sizeof object);
	api_audit_read(call, "tenancy.list", object, "ok", "");
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, tenancy_json(&list[i]));
	free(list);
	api_reply(call, 200, json_pack("{s:I, s:o}", "home_id", (json_int_t)h.id, "items", items));
}

static enum status tenancy_end_write(struct api_call *call, void *ctx, char *object, size_t size,
				     struct error *err)
{
	struct tenancy_step *s = ctx;
	(void)object, (void)size;
	return tenancy_end(&call->reg, s->tenancy.id, s->date, &s->tenancy, err);
}

void api_tenancy_end(struct api_call *call)
{
	static const char *const names[] = {"ends_on", NULL};
	struct error err;
	int64_t id;
	char object[64];
	struct tenancy_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (!api_id_param_or_reply(call, &id))
		goto out_free_step;
	tenancy_object(id, object, sizeof object);
	enum status st = tenancy_get(&call->reg, id, &s->tenancy, &err);
	if (st == ST_NOT_FOUND) {
		api_audit_read(call, "tenancy.end", object, "not_found", "");
		api_fail(call, &err);
		goto out_free_step;
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		goto out_free_step;
	}
	/* The tenancy is reached through its home: 404 like the home's. */
	if (!home_reachable_or_reply(call, s->tenancy.home_id, &s->home, "tenancy.end"))
		goto out_free_step;
	if (api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "ends_on", s->date, sizeof s->date) &&
	    api_write(call, "tenancy.end", object, tenancy_end_write, s))
		api_reply(call, 200, tenancy_json(&s->tenancy));
out_free_step:
	free(s);
}
