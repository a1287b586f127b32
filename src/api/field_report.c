/*
 * api/field_report.c — field reports over HTTP (§6(3)): file, list, view,
 * verify (a move-in may register or move the person in the same
 * transaction) and close.
 *
 * Reporters (report.create) see the reports they filed; handlers
 * (report.handle) those routed to the offices of their scope.  Anything
 * else is 404, audited, as if it did not exist; roles with neither
 * permission get 403 forbidden.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/field_report.h"
#include "domain/housing.h"

#define CURSOR_PREFIX "r"

static void report_object(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "field_report:%lld", (long long)id);
}

static json_t *time_or_null(int64_t seconds)
{
	char text[40];
	if (seconds <= 0)
		return json_null();
	api_format_time(seconds, text, sizeof text);
	return json_string(text);
}

static json_t *report_json(const struct api_call *call, const struct field_report *r)
{
	json_t *reporter = json_pack("{s:s, s:s}", "username", r->reporter_username, "role",
				     r->reporter_role);
	json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:I}", "id",
			      (json_int_t)r->id, "kind", field_report_kind_name(r->kind), "kind_label",
			      field_report_kind_label(r->kind), "reporter", reporter, "community",
			      api_division_json(call, r->community), "office_division",
			      api_division_json(call, r->office_division), "description",
			      r->description, "state", field_report_state_name(r->state),
			      "state_label", field_report_state_label(r->state), "version",
			      (json_int_t)r->version);
	json_object_set_new(j, "person_id", r->person_id > 0 ? json_integer(r->person_id) : json_null());
	json_object_set_new(j, "home_id", r->home_id > 0 ? json_integer(r->home_id) : json_null());
	json_object_set_new(j, "outcome", api_text_or_null(r->outcome));
	json_object_set_new(j, "changed_records", api_text_or_null(r->changed_records));
	json_object_set_new(j, "received_at", time_or_null(r->received_at));
	json_object_set_new(j, "verified_at", time_or_null(r->verified_at));
	json_object_set_new(j, "closed_at", time_or_null(r->closed_at));
	return j;
}

static bool may_handle(const struct api_call *call)
{
	return authz_role_has(call->who.role, PERM_REPORT_HANDLE);
}

static bool may_report(const struct api_call *call)
{
	return authz_role_has(call->who.role, PERM_REPORT_CREATE);
}

/* Handlers reach the reports routed into their scope; reporters their own. */
static bool report_reachable(const struct api_call *call, const struct field_report *r)
{
	if (may_handle(call))
		return authz_in_scope(&call->who, r->office_division);
	return r->reporter_user_id == call->who.user_id;
}

/* Path {id} as a report the caller reaches; replies 403 or 404 (audited) itself. */
static bool report_param_or_reply(struct api_call *call, struct field_report *r,
				  const char *action)
{
	int64_t id;
	struct error err;
	char object[64];
	if (!may_handle(call) && !may_report(call)) {
		api_fail_status(call, ST_FORBIDDEN, "", NULL);
		return false;
	}
	if (!api_id_param_or_reply(call, &id))
		return false;
	report_object(id, object, sizeof object);
	enum status st = field_report_get(&call->reg, id, r, &err);
	if (st == ST_OK && !report_reachable(call, r)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "现场报告不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
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

/* --- filing ------------------------------------------------------------------------ */

struct report_step {
	struct field_report report;
	char kind[32];
	struct person_value values[PERSON_FIELD_COUNT];
	size_t value_count;
	bool with_person;
	char outcome[FIELD_REPORT_TEXT_SIZE];
	struct person person;
};

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct report_step *s = ctx;
	struct field_report *r = &s->report;
	struct home h;
	if (s->kind[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "kind", "请选择报告类别");
	if (!field_report_kind_parse(s->kind, &r->kind))
		r->kind = FIELD_REPORT_KIND_NONE;
	if (r->community[0] && !authz_in_scope(&call->who, r->community))
		return error_set(err, ST_OUT_OF_SCOPE, "community",
				 "发生地不在您负责的范围内，请由所在社区报告");
	/* A home named must be one the reporter reaches (a landlord: its own). */
	if (r->home_id && home_get(&call->reg, r->home_id, &h, NULL) == ST_OK &&
	    (call->who.role == ROLE_LANDLORD
		     ? !home_let_by(&h, call->who.person_id, call->who.organization_id)
		     : !authz_in_scope(&call->who, h.community)))
		return error_set(err, ST_NOT_FOUND, "home_id", "所报房屋不存在");
	r->reporter_user_id = call->who.user_id;
	snprintf(r->reporter_username, sizeof r->reporter_username, "%s", call->who.username);
	snprintf(r->reporter_role, sizeof r->reporter_role, "%s", role_name(call->who.role));
	enum status st = field_report_create(&call->reg, r, err);
	if (st == ST_OK)
		report_object(r->id, object, size);
	return st;
}

void api_field_report_create(struct api_call *call)
{
	static const char *const names[] = {"kind", "community", "description", "person_id",
					    "home_id", NULL};
	struct report_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct field_report *r = &s->report;
	if (api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "kind", s->kind, sizeof s->kind) &&
	    api_copy_string_or_reply(call, call->body, "community", r->community,
				     sizeof r->community) &&
	    api_copy_string_or_reply(call, call->body, "description", r->description,
				     sizeof r->description) &&
	    id_member_or_reply(call, "person_id", &r->person_id) &&
	    id_member_or_reply(call, "home_id", &r->home_id) &&
	    api_write(call, "field_report.create", "field_report:", create_write, s))
		api_reply(call, 201, report_json(call, r));
	free(s);
}

/* --- listing ------------------------------------------------------------------------ */

/* Reads ?state=&kind=&limit=&cursor= into q; replies 400 itself. */
static bool report_query_or_reply(struct api_call *call, struct field_report_query *q)
{
	static const char *const names[] = {"state", "kind", "limit", "cursor", NULL};
	char state[16], kind[32];
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "state", state, sizeof state) ||
	    !api_copy_query_or_reply(call, "kind", kind, sizeof kind))
		return false;
	if (state[0] && !field_report_state_parse(state, &q->state)) {
		api_fail_status(call, ST_INVALID_INPUT, "state", "state 应为 received、verified 或 closed");
		return false;
	}
	if (kind[0] && !field_report_kind_parse(kind, &q->kind)) {
		api_fail_status(call, ST_INVALID_INPUT, "kind",
				"kind 应为 move_in、move_out、rental、transfer、sale、birth、unclear 或 other");
		return false;
	}
	if (!api_page_or_reply(call, CURSOR_PREFIX[0], FIELD_REPORT_LIST_MAX - 1, &q->limit,
			       &q->before_id))
		return false;
	return true;
}

void api_field_report_search(struct api_call *call)
{
	struct field_report_query q;
	struct error err;
	char detail[96];
	size_t count = 0;
	bool more = false;
	if (!may_handle(call) && !may_report(call)) {
		api_fail_status(call, ST_FORBIDDEN, "", NULL);
		return;
	}
	if (!report_query_or_reply(call, &q))
		return;
	if (may_handle(call))
		snprintf(q.office_division, sizeof q.office_division, "%s", call->who.scope);
	else
		q.reporter_user_id = call->who.user_id;
	struct field_report *list = calloc(FIELD_REPORT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (field_report_search(&call->reg, &q, list, &count, &more, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	snprintf(detail, sizeof detail, "state=%s kind=%s", field_report_state_name(q.state),
		 field_report_kind_name(q.kind));
	api_audit_read(call, "field_report.search", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, report_json(call, &list[i]));
	json_t *body = json_pack("{s:o}", "items", items);
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}

void api_field_report_get(struct api_call *call)
{
	struct field_report r;
	char object[64];
	if (!report_param_or_reply(call, &r, "field_report.get"))
		return;
	report_object(r.id, object, sizeof object);
	api_audit_read(call, "field_report.get", object, "ok", "");
	api_reply(call, 200, report_json(call, &r));
}

/* --- verification and closing ----------------------------------------------------------- */

/*
 * The members of the "person" object as person values, with the checks of
 * api_person_values_or_reply (which reads the body it is given: the call's
 * body is pointed at the object for the time of the call).  Replies 400.
 */
static bool person_values_or_reply(struct api_call *call, json_t *object,
				   struct person_value *values, size_t *count)
{
	if (!json_is_object(object)) {
		api_fail_status(call, ST_INVALID_INPUT, "person", "person 应为人员信息对象");
		return false;
	}
	json_t *body = call->body;
	call->body = object;
	bool ok = api_person_values_or_reply(call, values, count);
	call->body = body;
	return ok;
}

/* The value of `field` among `values`, or NULL. */
static const char *value_of(const struct person_value *values, size_t count,
			    enum person_field field)
{
	for (size_t i = 0; i < count; i++)
		if (values[i].field == field)
			return values[i].value;
	return NULL;
}

/*
 * A move-in verified with the person's fields: the person's record gets the
 * residence (person_update) or is registered (person_create), in the
 * verification's transaction, with its own audit row.  The residence
 * defaults to the report's community and must lie in the handler's scope.
 */
static enum status move_person_in(struct api_call *call, struct report_step *s,
				  char *changed, size_t changed_size, struct error *err)
{
	struct person_value *v = s->values;
	size_t n = s->value_count;
	const char *id_number = value_of(v, n, PERSON_ID_NUMBER);
	char object[64], detail[64];
	enum status st;
	if (id_number == NULL || id_number[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "id_number", "请填写入住人员的公民身份号码");
	if (value_of(v, n, PERSON_RESIDENCE_DIVISION) == NULL) {
		if (n >= PERSON_FIELD_COUNT)
			return error_set(err, ST_INVALID_INPUT, "person", "人员信息字段过多");
		v[n].field = PERSON_RESIDENCE_DIVISION;
		snprintf(v[n].value, sizeof v[n].value, "%s", s->report.community);
		s->value_count = ++n;
	}
	st = person_get_by_id_number(&call->reg, id_number, &s->person, err);
	const char *action = st == ST_OK ? "person.update" : "person.create";
	if (st == ST_OK) {
		/* Only the residence moves: the other fields stay as the record has them. */
		struct person_value moved[3];
		size_t m = 0;
		const enum person_field fields[] = {PERSON_RESIDENCE_DIVISION, PERSON_RESIDENCE_ADDRESS,
						    PERSON_ARRIVAL_DATE};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			const char *value = value_of(v, n, fields[i]);
			if (value == NULL)
				continue;
			moved[m].field = fields[i];
			snprintf(moved[m].value, sizeof moved[m].value, "%s", value);
			m++;
		}
		st = person_update(&call->reg, s->person.id, s->person.version, moved, m,
				   call->who.username, &s->person, NULL, err);
	} else if (st == ST_NOT_FOUND) {
		struct person_create_result result;
		st = person_create(&call->reg, v, n, call->who.username, &s->person, &result, err);
	}
	if (st != ST_OK)
		return st;
	if (!authz_in_scope(&call->who, s->person.residence_division))
		return error_set(err, ST_OUT_OF_SCOPE, "residence_division",
				 "入住地不在您的管辖范围内，请由入住地的镇（街道）核实");
	api_person_object(s->person.id, object, sizeof object);
	report_object(s->report.id, detail, sizeof detail);
	if ((st = api_audit_write(call, action, object, "ok", detail, err)) != ST_OK)
		return st;
	snprintf(changed, changed_size, "%s", object);
	return ST_OK;
}

static enum status verify_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct report_step *s = ctx;
	char changed[FIELD_REPORT_RECORDS_SIZE] = "";
	enum status st;
	(void)object, (void)size;
	if (s->report.state != FIELD_REPORT_RECEIVED)
		return error_set(err, ST_INVALID_STATE, "state", "只有已接收、尚未核实的报告才能核实");
	if (s->with_person) {
		if (s->report.kind != FIELD_REPORT_MOVE_IN)
			return error_set(err, ST_INVALID_INPUT, "person",
					 "只有入住报告核实时才能同时登记或迁入人员");
		if ((st = move_person_in(call, s, changed, sizeof changed, err)) != ST_OK)
			return st;
	}
	return field_report_verify(&call->reg, &s->report, changed, err);
}

void api_field_report_verify(struct api_call *call)
{
	static const char *const names[] = {"person", NULL};
	char object[64];
	struct report_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (!report_param_or_reply(call, &s->report, "field_report.verify") ||
	    !api_body_known_or_reply(call, names))
		goto out_free_step;
	json_t *person = json_object_get(call->body, "person");
	s->with_person = person != NULL && !json_is_null(person);
	if (s->with_person && !person_values_or_reply(call, person, s->values, &s->value_count))
		goto out_free_step;
	report_object(s->report.id, object, sizeof object);
	if (api_write(call, "field_report.verify", object, verify_write, s))
		api_reply(call, 200, report_json(call, &s->report));
out_free_step:
	free(s);
}

static enum status close_write(struct api_call *call, void *ctx, char *object, size_t size,
			       struct error *err)
{
	struct report_step *s = ctx;
	(void)object, (void)size;
	return field_report_close(&call->reg, &s->report, s->outcome, err);
}

void api_field_report_close(struct api_call *call)
{
	static const char *const names[] = {"outcome", NULL};
	char object[64];
	struct report_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (report_param_or_reply(call, &s->report, "field_report.close") &&
	    api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "outcome", s->outcome, sizeof s->outcome)) {
		report_object(s->report.id, object, sizeof object);
		if (api_write(call, "field_report.close", object, close_write, s))
			api_reply(call, 200, report_json(call, &s->report));
	}
	free(s);
}
