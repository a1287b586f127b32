/*
 * api/employment.c — the workers of organizations and the construction
 * registers over HTTP (§2(1)(2), §3).
 *
 * Who may act for an organization:
 *   - an employer account only for the organization it is bound to
 *     (principal.organization_id); an unbound one is refused (403), another
 *     organization does not exist for it (404, audited);
 *   - an office when the organization's division, or the community of the
 *     work site, lies in its scope; it then sees the workers of those sites
 *     only, unless the organization itself is in its scope.
 * Registering a worker by ID number creates the person when there is none
 * (person_create), in the same transaction as the employment.  A change of
 * a construction enterprise's on-site worker sends a notice to the street
 * office of the site in that transaction too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/employment.h"
#include "domain/notice.h"
#include "domain/site_register.h"

static const char unbound_message[] =
	"此用工单位账号尚未绑定单位，不能登记或查看职工；请联系系统管理员绑定本单位";

static json_t *employment_json(const struct api_call *call, const struct employment *e)
{
	char created[40], updated[40];
	api_format_time(e->created_at, created, sizeof created);
	api_format_time(e->updated_at, updated, sizeof updated);
	json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)e->id,
			      "organization_id", (json_int_t)e->organization_id, "person_id",
			      (json_int_t)e->person_id, "job", e->job, "work_site", e->work_site,
			      "site_division", api_division_json(call, e->site_division),
			      "starts_on", e->starts_on);
	json_object_set_new(j, "ends_on", api_text_or_null(e->ends_on));
	json_object_set_new(j, "lives_on_site", json_boolean(e->lives_on_site));
	json_object_set_new(j, "seasonal", json_boolean(e->seasonal));
	json_object_set_new(j, "version", json_integer(e->version));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

/* A worker row: the employment and the person, the ID number masked. */
static json_t *worker_json(const struct api_call *call, const struct employment_worker *w)
{
	char masked[IDCARD_MASKED_SIZE];
	char sex[2] = {w->sex, '\0'};
	idcard_mask(w->id_number, masked, sizeof masked);
	json_t *j = employment_json(call, &w->employment);
	json_object_set_new(j, "person", json_pack("{s:I, s:s, s:s, s:s}", "id",
						   (json_int_t)w->employment.person_id, "name",
						   w->name, "id_number_masked", masked, "sex", sex));
	return j;
}

static void object_name(const char *kind, int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%lld", kind, (long long)id);
}

static bool is_employer(const struct api_call *call)
{
	return call->who.role == ROLE_EMPLOYER;
}

/* How far the caller reaches into one organization. */
struct reach {
	struct organization o;
	bool whole;  /* all its workers; else only those of sites in the caller's scope */
};

/* True if the caller may see or change employment `e` of the organization in `r`. */
static bool employment_reachable(const struct api_call *call, const struct reach *r,
				 const struct employment *e)
{
	return r->whole || authz_in_scope(&call->who, e->site_division);
}

/*
 * Organization `id` as the caller may act for it: an unbound employer gets
 * 403, another employer's organization and one wholly outside an office's
 * scope 404 (audited as `action`).  An office outside the organization's
 * division reaches it only through work sites in its scope (`sites_in_scope`
 * tells whether there are any; callers that create pass true).
 */
static enum status reach_organization(struct api_call *call, int64_t id, struct reach *r,
				      struct error *err)
{
	if (is_employer(call) && call->who.organization_id == 0)
		return error_set(err, ST_FORBIDDEN, "", unbound_message);
	if (is_employer(call) && call->who.organization_id != id)
		return error_set(err, ST_NOT_FOUND, "id", "单位不存在");
	enum status st = organization_get(&call->reg, id, &r->o, err);
	if (st != ST_OK)
		return st;
	r->whole = is_employer(call) || authz_in_scope(&call->who, r->o.division);
	return ST_OK;
}

/* Replies the refusal of reach_organization, auditing a lookup outside reach. */
static void fail_reach(struct api_call *call, const char *action, int64_t id,
		       const struct error *err)
{
	char object[64];
	object_name("organization", id, object, sizeof object);
	api_audit_read(call, action, object, err->status == ST_FORBIDDEN ? "forbidden" : "not_found",
		       "");
	api_fail(call, err);
}

/* Keeps only the workers the caller reaches; returns how many are left. */
static size_t keep_reachable(const struct api_call *call, const struct reach *r,
			     struct employment_worker *w, size_t count)
{
	size_t kept = 0;
	for (size_t i = 0; i < count; i++)
		if (employment_reachable(call, r, &w[i].employment))
			w[kept++] = w[i];
	return kept;
}

/* --- the body of a create or update ------------------------------------------- */

/* A flag member: true/false (or absent/null); replies 400 otherwise. */
static bool flag_or_reply(struct api_call *call, const char *name, char *buf, size_t size,
			  bool *present)
{
	json_t *value = json_object_get(call->body, name);
	*present = value != NULL;
	buf[0] = '\0';
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_boolean(value)) {
		api_fail_status(call, ST_INVALID_INPUT, name, "应为 true 或 false");
		return false;
	}
	snprintf(buf, size, "%s", json_is_true(value) ? "1" : "0");
	return true;
}

/* The employment members of the body into `req`. */
static bool request_or_reply(struct api_call *call, struct employment_request *req)
{
	for (int f = 0; f < EMPLOYMENT_FIELD_COUNT; f++) {
		const char *name = employment_field_name((enum employment_field)f);
		if (f == EMPLOYMENT_FIELD_LIVES_ON_SITE || f == EMPLOYMENT_FIELD_SEASONAL) {
			if (!flag_or_reply(call, name, req->values[f], sizeof req->values[f],
					   &req->present[f]))
				return false;
			continue;
		}
		req->present[f] = json_object_get(call->body, name) != NULL;
		if (!api_copy_string_or_reply(call, call->body, name, req->values[f],
					      sizeof req->values[f]))
			return false;
	}
	return true;
}

struct employment_step {
	struct reach reach;
	struct employment_request req;
	struct employment before;
	struct employment e;
	struct person person;
	int64_t person_id;                       /* body's person_id, or 0 */
	char id_number[IDCARD_INPUT_MAX + 8];    /* body's id_number, or "" */
	struct person_value values[PERSON_FIELD_COUNT];
	size_t value_count;                      /* person fields given */
	bool person_created;
	int64_t version;                         /* If-Match of an update */
	size_t changed;
};

/* The person members of a create body (every person field but the derived ones). */
static bool person_values_or_reply(struct api_call *call, struct employment_step *s)
{
	for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
		const struct person_field_info *info = person_field_info((enum person_field)f);
		if (info->derived || f == PERSON_MANAGEMENT || f == PERSON_ID_NUMBER ||
		    json_object_get(call->body, info->name) == NULL)
			continue;
		struct person_value *v = &s->values[s->value_count++];
		v->field = (enum person_field)f;
		if (!api_copy_string_or_reply(call, call->body, info->name, v->value,
					      sizeof v->value))
			return false;
	}
	return true;
}

static bool create_body_or_reply(struct api_call *call, struct employment_step *s)
{
	static const char *const names[] = {
		"person_id", "id_number", "job", "work_site", "site_division", "starts_on",
		"ends_on", "lives_on_site", "seasonal", "name", "ethnicity", "hukou_division",
		"hukou_address", "residence_division", "residence_address", "flow",
		"marital_status", "marriage_date", "arrival_date", "phone", NULL};
	json_t *person_id = json_object_get(call->body, "person_id");
	if (!api_body_known_or_reply(call, names) || !request_or_reply(call, &s->req) ||
	    !api_copy_string_or_reply(call, call->body, "id_number", s->id_number,
				      sizeof s->id_number) ||
	    !person_values_or_reply(call, s))
		return false;
	if (person_id != NULL && !json_is_null(person_id)) {
		if (!json_is_integer(person_id) || json_integer_value(person_id) <= 0) {
			api_fail_status(call, ST_INVALID_INPUT, "person_id", "person_id 应为档案编号（正整数）");
			return false;
		}
		s->person_id = (int64_t)json_integer_value(person_id);
	}
	if ((s->person_id != 0) == (s->id_number[0] != '\0')) {
		api_fail_status(call, ST_MISSING_FIELD, "id_number",
				"请填写职工的公民身份号码（id_number），或已有档案的编号（person_id），二者选一");
		return false;
	}
	if (s->person_id != 0 && is_employer(call)) {
		api_fail_status(call, ST_INVALID_INPUT, "person_id",
				"用工单位请按公民身份号码（id_number）登记职工");
		return false;
	}
	return true;
}

/* The sender of the notices this caller's changes send. */
static void notice_sender_of(const struct api_call *call, struct notice_sender *sender)
{
	memset(sender, 0, sizeof *sender);
	sender->user_id = call->who.user_id;
	snprintf(sender->username, sizeof sender->username, "%s", call->who.username);
	snprintf(sender->role, sizeof sender->role, "%s", role_name(call->who.role));
	snprintf(sender->division, sizeof sender->division, "%s", call->who.scope);
}

/* ST_OUT_OF_SCOPE unless the caller reaches the work site of `e`. */
static enum status site_reachable(const struct api_call *call, const struct reach *r,
				  const struct employment *e, struct error *err)
{
	if (employment_reachable(call, r, e))
		return ST_OK;
	return error_set(err, ST_OUT_OF_SCOPE, "site_division",
			 "单位和工地所在社区都不在您的管辖范围内，请由所在镇（街道）登记");
}

/* The worker: the person named by person_id, or found or registered by ID number. */
static enum status find_or_register_person(struct api_call *call, struct employment_step *s,
					   struct error *err)
{
	enum status st;
	if (s->person_id != 0) {
		st = person_get(&call->reg, s->person_id, &s->person, err);
		if (st == ST_OK && !authz_in_scope(&call->who, s->person.residence_division))
			st = error_set(err, ST_NOT_FOUND, "person_id", "档案不存在");
		return st;
	}
	st = person_get_by_id_number(&call->reg, s->id_number, &s->person, err);
	if (st != ST_NOT_FOUND)
		return st;
	struct person_create_result result;
	struct person_value *id = &s->values[s->value_count];
	id->field = PERSON_ID_NUMBER;
	snprintf(id->value, sizeof id->value, "%s", s->id_number);
	st = person_create(&call->reg, s->values, s->value_count + 1, call->who.username,
			   &s->person, &result, err);
	/* An office registers persons only where it may (as POST /api/v1/persons). */
	if (st == ST_OK && !is_employer(call) &&
	    !authz_in_scope(&call->who, s->person.residence_division))
		st = error_set(err, ST_OUT_OF_SCOPE, "residence_division",
			       "现居住社区不在您的管辖范围内，不能在此登记");
	s->person_created = st == ST_OK;
	return st;
}

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct employment_step *s = ctx;
	struct notice_sender sender;
	char what[NOTICE_BODY_SIZE / 2];
	enum status st = find_or_register_person(call, s, err);
	if (st != ST_OK ||
	    (st = employment_create(&call->reg, s->reach.o.id, s->person.id, &s->req,
				    call->who.username, &s->e, err)) != ST_OK ||
	    (st = site_reachable(call, &s->reach, &s->e, err)) != ST_OK)
		return st;
	object_name("employment", s->e.id, object, size);
	if (!employment_in_register(&s->reach.o, &s->e))
		return ST_OK;
	notice_sender_of(call, &sender);
	snprintf(what, sizeof what, "新登记住工地职工 %s（%s），进场日期 %s", s->person.name,
		 s->e.job, s->e.starts_on);
	return employment_notify_register(&call->reg, &sender, &s->reach.o, &s->e, what, err);
}

void api_employment_create(struct api_call *call)
{
	int64_t id;
	struct error err;
	struct employment_step *s;
	if (!api_id_param_or_reply(call, &id))
		return;
	if ((s = calloc(1, sizeof *s)) == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	char object[64];
	object_name("organization", id, object, sizeof object);
	if (reach_organization(call, id, &s->reach, &err) != ST_OK) {
		fail_reach(call, "employment.create", id, &err);
	} else if (create_body_or_reply(call, s) &&
		   api_write(call, "employment.create", "employment:", create_write, s)) {
		char masked[IDCARD_MASKED_SIZE];
		idcard_mask(s->person.id_number, masked, sizeof masked);
		json_t *body = employment_json(call, &s->e);
		json_object_set_new(body, "person",
				    json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)s->person.id,
					      "name", s->person.name, "id_number_masked", masked,
					      "created", s->person_created));
		snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
			 (long long)s->e.version);
		api_reply(call, 201, body);
	}
	free(s);
}

/* --- list ------------------------------------------------------------------------ */

/* Loads the organization and its workers the caller reaches; replies itself. */
static bool workers_or_reply(struct api_call *call, const char *action, bool register_only,
			     bool current_only, const char *site, struct reach *r,
			     struct employment_worker *list, size_t *count)
{
	int64_t id;
	struct error err;
	if (!api_id_param_or_reply(call, &id))
		return false;
	if (reach_organization(call, id, r, &err) != ST_OK) {
		fail_reach(call, action, id, &err);
		return false;
	}
	enum status st = register_only
				 ? employment_register(&call->reg, id, site, list, EMPLOYMENT_LIST_MAX,
						       count, &err)
				 : employment_list(&call->reg, id, current_only, list,
						   EMPLOYMENT_LIST_MAX, count, &err);
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	*count = keep_reachable(call, r, list, *count);
	if (!r->whole && *count == 0) {
		error_set(&err, ST_NOT_FOUND, "id", "单位不存在");
		fail_reach(call, action, id, &err);
		return false;
	}
	return true;
}

void api_employment_list(struct api_call *call)
{
	static const char *const names[] = {"current", NULL};
	char current[8], object[64];
	size_t count = 0;
	struct reach r;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "current", current, sizeof current))
		return;
	if (current[0] && strcmp(current, "true") != 0 && strcmp(current, "false") != 0) {
		api_fail_status(call, ST_INVALID_INPUT, "current", "current 应为 true 或 false");
		return;
	}
	struct employment_worker *list = calloc(EMPLOYMENT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (workers_or_reply(call, "employment.list", false, strcmp(current, "true") == 0, "", &r,
			     list, &count)) {
		json_t *items = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(items, worker_json(call, &list[i]));
		object_name("organization", r.o.id, object, sizeof object);
		api_audit_read(call, "employment.list", object, "ok", current);
		api_reply(call, 200, json_pack("{s:I, s:s, s:o}", "organization_id",
					       (json_int_t)r.o.id, "organization_name", r.o.name,
					       "items", items));
	}
	free(list);
}

/* --- update ---------------------------------------------------------------------- */

/* What changed, for the notice: "离场日期 2026-05-01；是否住工地 否". */
static void describe_changes(const struct employment *before, const struct employment *after,
			     char *buf, size_t size)
{
	static const char *const labels[EMPLOYMENT_FIELD_COUNT] = {
		"工种", "工地", "工地所在社区", "进场日期", "离场日期", "是否住工地", "是否季节性"};
	size_t used = 0;
	buf[0] = '\0';
	for (int f = 0; f < EMPLOYMENT_FIELD_COUNT && used < size; f++) {
		char old_value[EMPLOYMENT_VALUE_SIZE], new_value[EMPLOYMENT_VALUE_SIZE];
		employment_field_value(before, (enum employment_field)f, old_value, sizeof old_value);
		employment_field_value(after, (enum employment_field)f, new_value, sizeof new_value);
		if (strcmp(old_value, new_value) == 0)
			continue;
		if (f == EMPLOYMENT_FIELD_LIVES_ON_SITE || f == EMPLOYMENT_FIELD_SEASONAL)
			snprintf(new_value, sizeof new_value, "%s",
				 strcmp(new_value, "1") == 0 ? "是" : "否");
		int n = snprintf(buf + used, size - used, "%s%s %s", used ? "；" : "", labels[f],
				 new_value[0] ? new_value : "（空）");
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static enum status update_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct employment_step *s = ctx;
	struct notice_sender sender;
	char changes[NOTICE_BODY_SIZE / 2], what[NOTICE_BODY_SIZE / 2];
	struct person p;
	(void)object, (void)size;
	enum status st = employment_update(&call->reg, s->e.id, s->version, &s->req,
					   call->who.username, &s->before, &s->e, &s->changed, err);
	if (st != ST_OK || (st = site_reachable(call, &s->reach, &s->e, err)) != ST_OK ||
	    s->changed == 0)
		return st;
	if (!employment_in_register(&s->reach.o, &s->before) &&
	    !employment_in_register(&s->reach.o, &s->e))
		return ST_OK;
	if ((st = person_get(&call->reg, s->e.person_id, &p, err)) != ST_OK)
		return st;
	describe_changes(&s->before, &s->e, changes, sizeof changes);
	snprintf(what, sizeof what, "职工 %s：%s", p.name, changes);
	notice_sender_of(call, &sender);
	return employment_notify_register(&call->reg, &sender, &s->reach.o, &s->e, what, err);
}

void api_employment_update(struct api_call *call)
{
	static const char *const names[] = {"job", "work_site", "site_division", "ends_on",
					    "lives_on_site", "seasonal", NULL};
	int64_t id;
	char object[64];
	struct error err;
	struct employment_step *s;
	if (!api_id_param_or_reply(call, &id))
		return;
	if ((s = calloc(1, sizeof *s)) == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	object_name("employment", id, object, sizeof object);
	enum status st = employment_get(&call->reg, id, &s->e, &err);
	if (st == ST_OK && (st = reach_organization(call, s->e.organization_id, &s->reach,
						    &err)) == ST_OK &&
	    !employment_reachable(call, &s->reach, &s->e))
		st = error_set(&err, ST_NOT_FOUND, "id", "用工记录不存在");
	if (st == ST_NOT_FOUND)
		error_set(&err, ST_NOT_FOUND, "id", "用工记录不存在");
	if (st != ST_OK) {
		api_audit_read(call, "employment.update", object,
			       st == ST_FORBIDDEN ? "forbidden" : "not_found", "");
		api_fail(call, &err);
	} else if (api_if_match_or_reply(call, "用工记录的", &s->version) &&
		   api_body_known_or_reply(call, names) && request_or_reply(call, &s->req) &&
		   api_write(call, "employment.update", object, update_write, s)) {
		snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
			 (long long)s->e.version);
		api_reply(call, 200, employment_json(call, &s->e));
	}
	free(s);
}

/* --- construction registers ------------------------------------------------------ */

/* The keys of the register's columns in its JSON rows. */
static const char *const register_keys[SITE_REGISTER_COLUMNS] = {
	"index", "name", "sex", "id_number", "hukou", "job", "work_site", "starts_on",
	"ends_on", "seasonal", "marital_status", "certificate",
};

/* ?site=&full=: full ID numbers only for offices that ask (audited by the caller). */
static bool register_query_or_reply(struct api_call *call, char *site, size_t size, bool *full)
{
	static const char *const names[] = {"site", "full", NULL};
	char value[8];
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "site", site, size) ||
	    !api_copy_query_or_reply(call, "full", value, sizeof value))
		return false;
	if (value[0] && strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
		api_fail_status(call, ST_INVALID_INPUT, "full", "full 应为 true 或 false");
		return false;
	}
	*full = strcmp(value, "true") == 0;
	enum role role = call->who.role;
	if (*full && role != ROLE_CITY_OFFICER && role != ROLE_TOWN_OFFICER &&
	    role != ROLE_COMMUNITY_OFFICER) {
		api_fail_status(call, ST_FORBIDDEN, "full",
				"只有市、镇（街道）和社区的计生工作人员可以导出完整的公民身份号码");
		return false;
	}
	return true;
}

/* The register in `format` (-1: JSON) of organization {id}. */
static void reply_register(struct api_call *call, int format)
{
	char site[PERSON_ADDRESS_SIZE], object[64], detail[PERSON_ADDRESS_SIZE + 32];
	char cells[SITE_REGISTER_COLUMNS][SITE_REGISTER_CELL_SIZE];
	bool full = false;
	size_t count = 0;
	struct reach r;
	struct error err;
	if (!register_query_or_reply(call, site, sizeof site, &full))
		return;
	struct employment_worker *list = calloc(EMPLOYMENT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (!workers_or_reply(call, "employment.register", true, false, site, &r, list, &count))
		goto out_free_list;
	object_name("organization", r.o.id, object, sizeof object);
	snprintf(detail, sizeof detail, "format=%s full=%s site=%s",
		 format < 0 ? "json" : site_register_extension((enum site_register_format)format),
		 full ? "true" : "false", site);
	if (format >= 0) {
		char *file;
		size_t length;
		enum site_register_format f = (enum site_register_format)format;
		if (site_register_render(&call->reg, &r.o, list, count, full, f, &file, &length,
					 &err) != ST_OK) {
			api_fail(call, &err);
			goto out_free_list;
		}
		api_audit_read(call, "employment.register", object, "ok", detail);
		api_reply(call, 200, NULL);
		call->reply->body = file;
		call->reply->body_length = length;
		call->reply->content_type = site_register_content_type(f);
		snprintf(call->reply->content_disposition, sizeof call->reply->content_disposition,
			 "attachment; filename=\"register-%lld.%s\"", (long long)r.o.id,
			 site_register_extension(f));
		goto out_free_list;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++) {
		site_register_cells(&call->reg, &list[i], i, full, cells);
		json_t *row = json_object();
		for (size_t c = 0; c < SITE_REGISTER_COLUMNS; c++)
			json_object_set_new(row, register_keys[c], json_string(cells[c]));
		json_object_set_new(row, "employment_id", json_integer(list[i].employment.id));
		json_array_append_new(items, row);
	}
	json_t *columns = json_array();
	for (size_t c = 0; c < SITE_REGISTER_COLUMNS; c++)
		json_array_append_new(columns, json_string(site_register_column(c)));
	api_audit_read(call, "employment.register", object, "ok", detail);
	api_reply(call, 200, json_pack("{s:I, s:s, s:o, s:o, s:o}", "organization_id",
				       (json_int_t)r.o.id, "organization_name", r.o.name, "site",
				       api_text_or_null(site), "columns", columns, "items", items));
out_free_list:
	free(list);
}

void api_site_register(struct api_call *call)
{
	reply_register(call, -1);
}

void api_site_register_csv(struct api_call *call)
{
	reply_register(call, SITE_REGISTER_CSV);
}

void api_site_register_xlsx(struct api_call *call)
{
	reply_register(call, SITE_REGISTER_XLSX);
}
