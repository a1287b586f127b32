/*
 * api.c — helpers shared by the handlers: replies, errors, input checks,
 * audit.
 */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/text.h"
#include "domain/registry.h"
#include "security/audit.h"

void api_reply(struct api_call *call, int status, json_t *value)
{
	struct http_reply *reply = call->reply;
	free(reply->body);
	reply->body = NULL;
	reply->body_length = 0;
	reply->status = status;
	reply->content_type = "application/json; charset=utf-8";
	if (value == NULL)
		return;
	reply->body = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(15));  /* 66.67, not 66.670000000000002 */
	reply->body_length = reply->body ? strlen(reply->body) : 0;
	json_decref(value);
	if (reply->body == NULL)
		reply->status = 500;
}

void api_fail(struct api_call *call, const struct error *err)
{
	int status = error_http_status(err->status);
	if (status >= 500)
		log_error("request failed: %s %s: %s", http_method_name(call->req->method),
			  call->route ? call->route->pattern : "-", error_code(err->status));
	json_t *error = json_pack("{s:s, s:s, s:s}", "code", error_code(err->status), "message",
				  err->message, "field", err->field);
	if (error && err->reason[0])
		json_object_set_new(error, "reason", json_string(err->reason));
	/* A tenancy of someone without a record: the client offers registration. */
	if (error && strcmp(err->reason, "registration_needed") == 0)
		json_object_set_new(error, "registration_needed", json_true());
	if (error && (err->status == ST_DUPLICATE_PERSON || err->status == ST_DUPLICATE_ORGANIZATION) &&
	    err->related_id > 0)
		json_object_set_new(error, "existing_id", json_integer(err->related_id));
	if (err->status == ST_LOGIN_THROTTLED && err->related_id > 0)
		snprintf(call->reply->retry_after, sizeof call->reply->retry_after, "%lld",
			 (long long)err->related_id);
	api_reply(call, status, json_pack("{s:o}", "error", error));
}

void api_fail_status(struct api_call *call, enum status st, const char *field,
		     const char *message)
{
	struct error err;
	error_set(&err, st, field ? field : "", message ? "%s" : NULL, message);
	api_fail(call, &err);
}

void api_no_content(struct api_call *call)
{
	api_reply(call, 204, NULL);
}

bool api_person_values_or_reply(struct api_call *call, struct person_value *values,
				size_t *count)
{
	const char *key;
	json_t *value;
	*count = 0;
	json_object_foreach(call->body, key, value) {
		enum person_field field;
		if (!person_field_by_name(key, &field)) {
			api_fail_status(call, ST_UNKNOWN_FIELD, "", "包含无法识别的字段，请删除后重新提交");
			return false;
		}
		if (person_field_info(field)->derived) {
			api_fail_status(call, ST_INVALID_INPUT, person_field_info(field)->name,
					"性别和出生日期由公民身份号码自动得出，无需填写");
			return false;
		}
		if (!json_is_string(value)) {
			api_fail_status(call, ST_INVALID_INPUT, person_field_info(field)->name,
					"字段值应为字符串");
			return false;
		}
		if (json_string_length(value) >= sizeof values[0].value ||
		    strlen(json_string_value(value)) != json_string_length(value)) {
			api_fail_status(call, ST_INVALID_INPUT, person_field_info(field)->name,
					"字段值过长或含有无效字符");
			return false;
		}
		values[*count].field = field;
		memcpy(values[*count].value, json_string_value(value), json_string_length(value) + 1);
		(*count)++;
	}
	return true;
}

bool api_query_known_or_reply(struct api_call *call, const char *const *names)
{
	if (call->req->query_overflow) {
		api_fail_status(call, ST_INVALID_INPUT, "", "查询参数过多");
		return false;
	}
	for (size_t i = 0; i < call->req->query_count; i++) {
		bool known = false;
		for (const char *const *n = names; *n && !known; n++)
			known = strcmp(*n, call->req->query[i].name) == 0;
		if (!known) {
			api_fail_status(call, ST_UNKNOWN_FIELD, "", "包含无法识别的查询参数，请删除后重试");
			return false;
		}
	}
	return true;
}

bool api_string_member_or_reply(struct api_call *call, const char *name, bool required,
				const char **out)
{
	json_t *value = json_object_get(call->body, name);
	*out = NULL;
	if (value == NULL) {
		if (required)
			api_fail_status(call, ST_MISSING_FIELD, name, "缺少必填项");
		return !required;
	}
	if (!json_is_string(value) ||
	    strlen(json_string_value(value)) != json_string_length(value)) {
		api_fail_status(call, ST_INVALID_INPUT, name, "字段值应为字符串");
		return false;
	}
	*out = json_string_value(value);
	return true;
}

bool api_id_param_or_reply(struct api_call *call, int64_t *id)
{
	const char *text = http_param(call->req, "id");
	char *end;
	long long value = text ? strtoll(text, &end, 10) : 0;
	if (text == NULL || *end != '\0' || value <= 0) {
		api_fail_status(call, ST_NOT_FOUND, "id", "档案不存在");
		return false;
	}
	*id = value;
	return true;
}

void api_format_time(int64_t seconds, char *buf, size_t size)
{
	time_t t = (time_t)seconds;
	struct tm tm;
	char zone[8];
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm); /* +0800 */
	size_t len = strlen(buf);
	if (strlen(zone) == 5)
		snprintf(buf + len, size - len, "%.3s:%.2s", zone, zone + 3);
}

int64_t api_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fill_entry(struct api_call *call, struct audit_entry *e, const char *action,
		       const char *object, const char *outcome, const char *detail)
{
	audit_entry_init(e, call->authenticated ? &call->who : NULL, call->req->address, action,
			 object ? object : "", outcome);
	snprintf(e->detail, sizeof e->detail, "%s", detail ? detail : "");
}

void api_audit_read(struct api_call *call, const char *action, const char *object,
		    const char *outcome, const char *detail)
{
	struct audit_entry e;
	fill_entry(call, &e, action, object, outcome, detail);
	audit_queue(&e);
}

enum status api_audit_write(struct api_call *call, const char *action, const char *object,
			    const char *outcome, const char *detail, struct error *err)
{
	struct audit_entry e;
	fill_entry(call, &e, action, object, outcome, detail);
	return audit_write(call->reg.store, &e, err);
}

/* --- shared by the resource handlers -------------------------------------- */

json_t *api_text_or_null(const char *text)
{
	return text[0] ? json_string(text) : json_null();
}

json_t *api_division_json(const struct api_call *call, const char *code)
{
	char path[DIVISION_PATH_SIZE];
	if (code[0] == '\0')
		return json_null();
	division_table_path(call->reg.divisions, code, path, sizeof path);
	return json_pack("{s:s, s:s}", "code", code, "name", path);
}

void api_person_object(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "person:%lld", (long long)id);
}

bool api_person_in_scope_or_reply(struct api_call *call, int64_t id, struct person *p,
				  const char *action)
{
	struct error err;
	char object[64];
	api_person_object(id, object, sizeof object);
	enum status st = person_get(&call->reg, id, p, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, p->residence_division)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		error_set(&err, ST_NOT_FOUND, "id", "档案不存在");
		st = ST_NOT_FOUND;
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

void api_fail_write(struct api_call *call, const char *action, const char *object,
		    const struct error *failure)
{
	struct error err;
	api_audit_write(call, action, object, error_code(failure->status), failure->field, &err);
	api_fail(call, failure);
}

bool api_write(struct api_call *call, const char *action, const char *object,
	       api_write_fn fn, void *ctx)
{
	struct error err;
	char done_object[64];
	snprintf(done_object, sizeof done_object, "%s", object);
	if (registry_begin(&call->reg, &err) != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	if (fn(call, ctx, done_object, sizeof done_object, &err) != ST_OK) {
		registry_rollback(&call->reg);
		api_fail_write(call, action, done_object, &err);
		return false;
	}
	if (api_audit_write(call, action, done_object, "ok", "", &err) != ST_OK ||
	    registry_commit(&call->reg, &err) != ST_OK) {
		registry_rollback(&call->reg);
		api_fail(call, &err);
		return false;
	}
	return true;
}

bool api_body_known_or_reply(struct api_call *call, const char *const *names)
{
	const char *key;
	json_t *value;
	json_object_foreach(call->body, key, value) {
		bool known = false;
		for (const char *const *n = names; *n && !known; n++)
			known = strcmp(*n, key) == 0;
		if (!known) {
			api_fail_status(call, ST_UNKNOWN_FIELD, key, "包含无法识别的字段，请删除后重新提交");
			return false;
		}
	}
	return true;
}

bool api_copy_string_or_reply(struct api_call *call, json_t *object, const char *name,
			      char *buf, size_t size)
{
	json_t *value = json_object_get(object, name);
	buf[0] = '\0';
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_string(value) ||
	    strlen(json_string_value(value)) != json_string_length(value)) {
		api_fail_status(call, ST_INVALID_INPUT, name, "字段值应为字符串");
		return false;
	}
	if (json_string_length(value) >= size) {
		api_fail_status(call, ST_INVALID_INPUT, name, "字段值过长");
		return false;
	}
	memcpy(buf, json_string_value(value), json_string_length(value) + 1);
	return true;
}

bool api_copy_query_or_reply(struct api_call *call, const char *name, char *buf, size_t size)
{
	const char *value = http_query(call->req, name);
	buf[0] = '\0';
	if (value && !text_copy(buf, size, value)) {
		api_fail_status(call, ST_INVALID_INPUT, name, "查询参数过长");
		return false;
	}
	return true;
}

void api_list_for_person(struct api_call *call, const struct api_person_listing *listing)
{
	int64_t id;
	struct person p;
	struct error err;
	size_t count = 0;
	char object[64];
	if (!api_id_param_or_reply(call, &id) ||
	    !api_person_in_scope_or_reply(call, id, &p, listing->action))
		return;
	unsigned char *list = calloc(listing->max, listing->item_size);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (listing->load(&call->reg, id, list, listing->max, &count, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, listing->render(call, list + i * listing->item_size));
	free(list);
	api_person_object(id, object, sizeof object);
	api_audit_read(call, listing->action, object, "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}

bool api_if_match_or_reply(struct api_call *call, const char *what, int64_t *version)
{
	const char *header = http_header(call->req, "If-Match");
	char digits[24];
	size_t len = header ? strlen(header) : 0;
	if (header == NULL) {
		api_fail_status(call, ST_PRECONDITION_REQUIRED, "If-Match", NULL);
		return false;
	}
	if (len >= 2 && header[0] == '"' && header[len - 1] == '"') {
		header++;
		len -= 2;
	}
	bool ok = len > 0 && len < 19;
	if (ok) {
		memcpy(digits, header, len);
		digits[len] = '\0';
		ok = text_is_digits(digits) && strtoll(digits, NULL, 10) > 0;
	}
	if (!ok) {
		struct error err;
		error_set(&err, ST_INVALID_INPUT, "If-Match", "If-Match 应为%s版本号，如 \"3\"", what);
		api_fail(call, &err);
		return false;
	}
	*version = strtoll(digits, NULL, 10);
	return true;
}

bool api_page_or_reply(struct api_call *call, char prefix, size_t max, size_t *limit,
		       int64_t *cursor_id)
{
	const char *given = http_query(call->req, "limit");
	const char *cursor = http_query(call->req, "cursor");
	if (given && given[0]) {
		long n = text_is_digits(given) && strlen(given) <= 6 ? strtol(given, NULL, 10) : 0;
		if (n < 1 || (size_t)n > max) {
			struct error err;
			error_set(&err, ST_INVALID_INPUT, "limit", "limit 应为 1 到 %zu 的整数", max);
			api_fail(call, &err);
			return false;
		}
		*limit = (size_t)n;
	}
	if (cursor && cursor[0]) {
		if (cursor[0] != prefix || !text_is_digits(cursor + 1) || strlen(cursor) > 19 ||
		    strtoll(cursor + 1, NULL, 10) <= 0) {
			api_fail_status(call, ST_INVALID_INPUT, "cursor", "分页位置无效，请从第一页重新查询");
			return false;
		}
		*cursor_id = strtoll(cursor + 1, NULL, 10);
	}
	return true;
}

bool api_resolve_division_or_reply(struct api_call *call, const char *field, char *code,
				   size_t size)
{
	if (code[0] == '\0')
		return true;
	const struct division *d = division_table_resolve(call->reg.divisions, code);
	if (d == NULL) {
		api_fail_status(call, ST_INVALID_DIVISION, field, "行政区划代码不正确");
		return false;
	}
	snprintf(code, size, "%s", d->code);
	return true;
}

void api_set_next_cursor(json_t *body, bool more, char prefix, int64_t last_id)
{
	char cursor[32];
	snprintf(cursor, sizeof cursor, "%c%lld", prefix, (long long)last_id);
	json_object_set_new(body, "next_cursor", more ? json_string(cursor) : json_null());
}
