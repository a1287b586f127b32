/*
 * api/person_import.c — imports of persons and exports of persons and the
 * work list over HTTP.
 *
 * POST /api/v1/imports carries the file base64-encoded in a JSON body (the
 * router takes JSON bodies only) and runs the import in the request, batch
 * by batch: each committed batch updates the run's record, which GET
 * /api/v1/imports/{id} shows meanwhile; the POST answers with the final
 * record.  Rows outside the caller's scope are rejected like any bad row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/person_export.h"
#include "domain/person_import.h"
#include "domain/worklist.h"

#define FILE_NAME_MAX_CHARS 100
#define ERROR_LIST_MAX 1000

/* --- base64 (RFC 4648, with or without padding) ----------------------- */

static int base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decodes `text` into a malloc'd buffer; false if it is no base64. */
static bool base64_decode(const char *text, size_t len, char **out, size_t *out_len)
{
	while (len > 0 && text[len - 1] == '=')
		len--;
	char *buf = malloc(len / 4 * 3 + 3);
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	if (buf == NULL)
		return false;
	for (size_t i = 0; i < len; i++) {
		int v = base64_value((unsigned char)text[i]);
		if (v < 0) {
			free(buf);
			return false;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	*out = buf;
	*out_len = o;
	return true;
}

/* --- the record ---------------------------------------------------------- */

static json_t *record_json(const struct api_call *call, const struct person_import_record *r)
{
	char started[40], finished[40] = "";
	int64_t done = r->created + r->updated + r->unchanged + r->rejected;
	api_format_time(r->started_at, started, sizeof started);
	if (r->finished_at)
		api_format_time(r->finished_at, finished, sizeof finished);
	json_t *percent = json_null();
	if (r->state == IMPORT_DONE)
		percent = json_integer(100);
	else if (r->rows_estimate > 0)
		percent = json_integer(done >= r->rows_estimate ? 99 : done * 100 / r->rows_estimate);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:o, s:{s:I, s:I, s:I, "
			 "s:I}, s:o, s:s, s:o}",
			 "id", (json_int_t)r->id, "file_name", r->file_name, "file_kind",
			 r->kind == SHEET_KIND_XLSX ? "xlsx" : "csv", "encoding",
			 sheet_encoding_name(r->encoding), "mode", person_import_mode_name(r->mode),
			 "state", person_import_state_name(r->state), "division",
			 api_division_json(call, r->scope), "default_community",
			 api_division_json(call, r->default_community), "rows_done", (json_int_t)done,
			 "rows_estimate", (json_int_t)r->rows_estimate, "percent", percent, "counts",
			 "created", (json_int_t)r->created, "updated", (json_int_t)r->updated,
			 "unchanged", (json_int_t)r->unchanged, "rejected", (json_int_t)r->rejected,
			 "message", api_text_or_null(r->message), "started_at", started,
			 "finished_at", api_text_or_null(finished));
}

/* The options of a POST body; replies 400 itself. */
static bool import_options_or_reply(struct api_call *call, struct person_import_options *opt,
				    char *file_name, size_t name_size)
{
	static const char *const names[] = {"file_name", "content", "encoding", "mode",
					    "division", NULL};
	char encoding[16], mode[24], division[DIVISION_CODE_SIZE + 4];
	memset(opt, 0, sizeof *opt);
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "file_name", file_name, name_size) ||
	    !api_copy_string_or_reply(call, call->body, "encoding", encoding, sizeof encoding) ||
	    !api_copy_string_or_reply(call, call->body, "mode", mode, sizeof mode) ||
	    !api_copy_string_or_reply(call, call->body, "division", division, sizeof division))
		return false;
	if (!text_is_clean(file_name, FILE_NAME_MAX_CHARS)) {
		api_fail_status(call, ST_INVALID_INPUT, "file_name", "文件名含有无效字符或过长");
		return false;
	}
	if (encoding[0] && strcmp(encoding, "auto") != 0 &&
	    !sheet_encoding_parse(encoding, &opt->encoding)) {
		api_fail_status(call, ST_INVALID_INPUT, "encoding", "encoding 应为 auto、utf-8 或 gb18030");
		return false;
	}
	opt->mode = IMPORT_COMMIT;
	if (mode[0] && !person_import_mode_parse(mode, &opt->mode)) {
		api_fail_status(call, ST_INVALID_INPUT, "mode", "mode 应为 commit、dry_run 或 all_or_nothing");
		return false;
	}
	snprintf(opt->scope, sizeof opt->scope, "%s", call->who.scope);
	if (division[0]) {
		const struct division *d = division_table_resolve(call->reg.divisions, division);
		if (d == NULL) {
			api_fail_status(call, ST_INVALID_DIVISION, "division", "区划代码不在现行区划表中，请核对");
			return false;
		}
		if (!authz_in_scope(&call->who, d->code)) {
			api_fail_status(call, ST_OUT_OF_SCOPE, "division", NULL);
			return false;
		}
		snprintf(opt->scope, sizeof opt->scope, "%s", d->code);
		if (d->level == DIVISION_VILLAGE)
			snprintf(opt->default_community, sizeof opt->default_community, "%s", d->code);
	}
	if (division_level_of(call->who.scope) == DIVISION_VILLAGE && !opt->default_community[0])
		snprintf(opt->default_community, sizeof opt->default_community, "%s", call->who.scope);
	return true;
}

void api_import_create(struct api_call *call)
{
	struct person_import_options opt;
	struct person_import_record rec;
	struct error err;
	char file_name[FILE_NAME_MAX_CHARS * 4 + 1], object[64], detail[160];
	char *bytes = NULL;
	size_t length = 0;
	memset(&rec, 0, sizeof rec);
	if (!import_options_or_reply(call, &opt, file_name, sizeof file_name))
		return;
	json_t *content = json_object_get(call->body, "content");
	if (!json_is_string(content) || json_string_length(content) == 0) {
		api_fail_status(call, ST_MISSING_FIELD, "content", "请上传文件（content 为文件内容的 base64 编码）");
		return;
	}
	if (!base64_decode(json_string_value(content), json_string_length(content), &bytes, &length) ||
	    length == 0) {
		free(bytes);
		api_fail_status(call, ST_INVALID_INPUT, "content", "content 不是有效的 base64 编码");
		return;
	}
	opt.file_name = file_name;
	opt.actor = (struct import_actor){call->who.username, call->who.user_id,
					  role_name(call->who.role), call->req->address};
	struct sheet_source src = {.data = bytes, .size = length};
	enum status st = person_import_run(&call->reg, &src, &opt, &rec, &err);
	free(bytes);
	if (st != ST_OK && rec.id == 0) {
		api_fail_write(call, "person.import", "", &err);
		return;
	}
	snprintf(object, sizeof object, "import:%lld", (long long)rec.id);
	snprintf(detail, sizeof detail, "mode=%s state=%s created=%lld updated=%lld unchanged=%lld rejected=%lld",
		 person_import_mode_name(rec.mode), person_import_state_name(rec.state),
		 (long long)rec.created, (long long)rec.updated, (long long)rec.unchanged,
		 (long long)rec.rejected);
	if (st != ST_OK) {
		api_fail_write(call, "person.import", object, &err);
		return;
	}
	api_audit_read(call, "person.import", object, "ok", detail);
	api_reply(call, 201, record_json(call, &rec));
}

/* Run {id} if the caller's scope holds its division; replies 404 otherwise. */
static bool import_or_reply(struct api_call *call, struct person_import_record *rec)
{
	int64_t id;
	struct error err;
	if (!api_id_param_or_reply(call, &id))
		return false;
	enum status st = person_import_get(&call->reg, id, rec, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, rec->scope))
		st = error_set(&err, ST_NOT_FOUND, "id", "没有这次导入的记录");
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

void api_import_get(struct api_call *call)
{
	struct person_import_record rec;
	static const char *const names[] = {NULL};
	if (!api_query_known_or_reply(call, names) || !import_or_reply(call, &rec))
		return;
	api_reply(call, 200, record_json(call, &rec));
}

static bool append_error(const struct person_import_error *e, void *ctx)
{
	json_t *items = ctx;
	if (json_array_size(items) >= ERROR_LIST_MAX)
		return false;
	json_array_append_new(items, json_pack("{s:I, s:o, s:s, s:s}", "row", (json_int_t)e->row_number,
					       "column", api_text_or_null(e->column), "code", e->code,
					       "reason", e->reason));
	return true;
}

void api_import_errors(struct api_call *call)
{
	static const char *const names[] = {"format", NULL};
	struct person_import_record rec;
	struct error err;
	char format_name[8], object[64];
	enum sheet_format format;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "format", format_name, sizeof format_name))
		return;
	if (format_name[0] && !sheet_format_parse(format_name, &format)) {
		api_fail_status(call, ST_INVALID_INPUT, "format", "format 应为 csv 或 xlsx");
		return;
	}
	if (!import_or_reply(call, &rec))
		return;
	snprintf(object, sizeof object, "import:%lld", (long long)rec.id);
	if (format_name[0] == '\0') {
		json_t *items = json_array();
		if (person_import_errors(&call->reg, rec.id, append_error, items, &err) != ST_OK) {
			json_decref(items);
			api_fail(call, &err);
			return;
		}
		api_audit_read(call, "person.import.errors", object, "ok", "format=json");
		api_reply(call, 200, json_pack("{s:I, s:I, s:o}", "import_id", (json_int_t)rec.id,
					       "total", (json_int_t)rec.rejected, "items", items));
		return;
	}
	char *file;
	size_t length;
	if (person_import_error_file(&call->reg, &rec, format, NULL, &file, &length, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	api_audit_read(call, "person.import.errors", object, "ok", format_name);
	api_reply(call, 200, NULL);
	call->reply->body = file;
	call->reply->body_length = length;
	call->reply->content_type = sheet_content_type(format);
	snprintf(call->reply->content_disposition, sizeof call->reply->content_disposition,
		 "attachment; filename=\"import-%lld-errors.%s\"", (long long)rec.id,
		 sheet_extension(format));
}

/* --- exports ---------------------------------------------------------------- */

/* ?format= (required) and ?full= (offices only); replies 400/403 itself. */
static bool export_format_or_reply(struct api_call *call, enum sheet_format *format, bool *full)
{
	const char *name = http_query(call->req, "format");
	const char *full_text = http_query(call->req, "full");
	if (name == NULL || !sheet_format_parse(name, format)) {
		api_fail_status(call, ST_INVALID_INPUT, "format", "format 应为 csv 或 xlsx");
		return false;
	}
	*full = false;
	if (full_text && strcmp(full_text, "1") != 0 && strcmp(full_text, "true") != 0 &&
	    strcmp(full_text, "0") != 0 && strcmp(full_text, "false") != 0) {
		api_fail_status(call, ST_INVALID_INPUT, "full", "full 应为 1 或 0");
		return false;
	}
	*full = full_text && (strcmp(full_text, "1") == 0 || strcmp(full_text, "true") == 0);
	enum role role = call->who.role;
	if (*full && role != ROLE_CITY_OFFICER && role != ROLE_TOWN_OFFICER &&
	    role != ROLE_COMMUNITY_OFFICER) {
		api_fail_status(call, ST_FORBIDDEN, "full",
				"只有市、镇（街道）和社区的计生工作人员可以导出完整的公民身份号码");
		return false;
	}
	return true;
}

static void reply_file(struct api_call *call, char *file, size_t length, enum sheet_format format,
		       const char *name)
{
	api_reply(call, 200, NULL);
	call->reply->body = file;
	call->reply->body_length = length;
	call->reply->content_type = sheet_content_type(format);
	snprintf(call->reply->content_disposition, sizeof call->reply->content_disposition,
		 "attachment; filename=\"%s.%s\"", name, sheet_extension(format));
}

void api_person_export(struct api_call *call)
{
	static const char *const names[] = {"name", "division", "flow", "management", "format",
					    "full", NULL};
	struct person_query q;
	struct error err;
	enum sheet_format format;
	bool full;
	char detail[200], wanted[DIVISION_CODE_SIZE + 4];
	memset(&q, 0, sizeof q);
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "name", q.name_prefix, sizeof q.name_prefix) ||
	    !api_copy_query_or_reply(call, "division", wanted, sizeof wanted) ||
	    !export_format_or_reply(call, &format, &full))
		return;
	const char *flow = http_query(call->req, "flow");
	const char *management = http_query(call->req, "management");
	if ((flow && !person_flow_parse(flow, &q.flow)) ||
	    (management && !person_management_parse(management, &q.management))) {
		api_fail_status(call, ST_INVALID_INPUT, flow && !person_flow_parse(flow, &q.flow) ? "flow" : "management",
				"flow 只能是 inflow 或 outflow；management 只能是 floating、resident、handed_over 或 left");
		return;
	}
	snprintf(q.division, sizeof q.division, "%s", wanted);
	if (person_query_prepare(&call->reg, &q, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	/* Like a search: a division outside the scope finds nobody (a file of titles only). */
	char narrowed[DIVISION_CODE_SIZE];
	if (authz_narrow_to_scope(&call->who, q.division, narrowed))
		memcpy(q.division, narrowed, sizeof narrowed);
	else
		q.after_id = INT64_MAX;
	char *file;
	size_t length, rows;
	if (person_export_search(&call->reg, &q, full, format, NULL, PERSON_EXPORT_MAX_ROWS, &file,
				 &length, &rows, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	snprintf(detail, sizeof detail, "format=%s full=%s division=%s rows=%zu", sheet_extension(format),
		 full ? "true" : "false", q.division, rows);
	api_audit_read(call, "person.export", "", "ok", detail);
	reply_file(call, file, length, format, "persons");
}

void api_worklist_export(struct api_call *call)
{
	static const char *const names[] = {"division", "kind", "format", "full", NULL};
	struct worklist_query q;
	struct worklist_result result;
	struct error err;
	enum sheet_format format;
	bool full;
	char detail[200];
	memset(&q, 0, sizeof q);
	memset(&result, 0, sizeof result);
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "division", q.division, sizeof q.division) ||
	    !export_format_or_reply(call, &format, &full))
		return;
	const char *kind = http_query(call->req, "kind");
	if (kind && kind[0] && !worklist_kind_parse(kind, &q.kind)) {
		api_fail_status(call, ST_INVALID_INPUT, "kind", "kind 不是已知的待办事项类别");
		return;
	}
	q.limit = WORKLIST_LIMIT_MAX;
	if (worklist_query_prepare(&call->reg, &q, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	char narrowed[DIVISION_CODE_SIZE];
	if (authz_narrow_to_scope(&call->who, q.division, narrowed)) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (worklist_run(&call->reg, &q, &result, &err) != ST_OK) {
			api_fail(call, &err);
			return;
		}
	}
	char *file;
	size_t length;
	enum status st = person_export_worklist(&call->reg, &result, full, format, NULL, &file,
						&length, &err);
	size_t items = result.item_count;
	worklist_result_release(&result);
	if (st != ST_OK) {
		api_fail(call, &err);
		return;
	}
	snprintf(detail, sizeof detail, "format=%s full=%s division=%s kind=%s items=%zu",
		 sheet_extension(format), full ? "true" : "false", q.division,
		 worklist_kind_name(q.kind), items);
	api_audit_read(call, "worklist.export", "", "ok", detail);
	reply_file(call, file, length, format, "worklist");
}
