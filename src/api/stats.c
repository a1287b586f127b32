/*
 * api/stats.c — the statistics (§6(2), §5) over HTTP: one route per table,
 * each for the caller's scope or a division inside it, as JSON or, with
 * ?format=csv|xlsx, as a file to download.
 *
 * Unlike a search, a statistic of a division outside the caller's scope is
 * refused (403 out_of_scope): an empty table would read as "nobody there".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/stats.h"

/* A value as JSON: a whole number, a ratio to 4 places, a decimal to 1; null for none. */
static json_t *value_json(const struct stats_column *column, double value)
{
	if (isnan(value))
		return json_null();
	if (column->kind == STATS_COUNT)
		return json_integer((json_int_t)llround(value));
	double scale = column->kind == STATS_RATIO ? 10000.0 : 10.0;
	return json_real(round(value * scale) / scale);
}

static const char *row_kind_name(enum stats_row_kind kind)
{
	switch (kind) {
	case STATS_ROW_OWN: return "own_office";
	case STATS_ROW_MONTH: return "month";
	case STATS_ROW_TOTAL: return "total";
	default: return "division";
	}
}

static json_t *row_json(const struct stats_result *r, const struct stats_row *row)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "kind", row_kind_name(row->kind), "code", row->code,
			      "name", row->name);
	for (size_t c = 0; c < r->column_count; c++)
		json_object_set_new(o, r->columns[c].key, value_json(&r->columns[c], row->values[c]));
	return o;
}

json_t *api_stats_json(const struct stats_result *r)
{
	static const char *const kinds[] = {"count", "ratio", "decimal"};
	json_t *columns = json_array(), *rows = json_array();
	for (size_t c = 0; c < r->column_count; c++)
		json_array_append_new(columns, json_pack("{s:s, s:s, s:s}", "key", r->columns[c].key,
							 "title", r->columns[c].title, "kind",
							 kinds[r->columns[c].kind]));
	for (size_t i = 0; i + 1 < r->row_count; i++)
		json_array_append_new(rows, row_json(r, &r->rows[i]));
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:s, s:o, s:o, s:o}", "table",
			 stats_table_name(r->table), "title", stats_table_title(r->table),
			 "division", "code", r->division, "name", r->division_name, "today", r->today,
			 "columns", columns, "rows", rows, "total",
			 row_json(r, stats_result_total(r)));
}

/*
 * The division asked for (?division=, default the caller's scope) brought
 * to its code, and the file format (-1 for JSON); replies itself on a bad
 * value or a division outside the scope.
 */
static bool stats_query_or_reply(struct api_call *call, enum stats_table table,
				 char division[DIVISION_CODE_SIZE], int *format)
{
	static const char *const names[] = {"division", "format", NULL};
	char detail[128];
	enum sheet_format f;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "division", division, DIVISION_CODE_SIZE) ||
	    !api_resolve_division_or_reply(call, "division", division, DIVISION_CODE_SIZE))
		return false;
	const char *format_name = http_query(call->req, "format");
	*format = -1;
	if (format_name && format_name[0] && strcmp(format_name, "json") != 0) {
		if (!sheet_format_parse(format_name, &f)) {
			api_fail_status(call, ST_INVALID_INPUT, "format", "format 应为 json、csv 或 xlsx");
			return false;
		}
		*format = (int)f;
	}
	if (division[0] == '\0')
		snprintf(division, DIVISION_CODE_SIZE, "%s", call->who.scope);
	if (!authz_in_scope(&call->who, division)) {
		snprintf(detail, sizeof detail, "table=%s division=%s", stats_table_name(table),
			 division);
		api_audit_read(call, "stats.read", "", "out_of_scope", detail);
		api_fail_status(call, ST_OUT_OF_SCOPE, "division", NULL);
		return false;
	}
	return true;
}

static void reply_file(struct api_call *call, const struct stats_result *r, enum sheet_format f)
{
	char *file;
	size_t length;
	struct error err;
	if (stats_render_file(r, f, NULL, &file, &length, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	api_reply(call, 200, NULL);
	call->reply->body = file;
	call->reply->body_length = length;
	call->reply->content_type = sheet_content_type(f);
	snprintf(call->reply->content_disposition, sizeof call->reply->content_disposition,
		 "attachment; filename=\"stats-%s-%s-%s.%s\"", stats_table_name(r->table),
		 r->division, r->today, sheet_extension(f));
}

static void reply_table(struct api_call *call, enum stats_table table)
{
	char division[DIVISION_CODE_SIZE], detail[128];
	int format;
	struct stats_result r;
	struct error err;
	if (!stats_query_or_reply(call, table, division, &format))
		return;
	if (stats_compute(&call->reg, table, division, &r, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	snprintf(detail, sizeof detail, "table=%s division=%s format=%s", stats_table_name(table),
		 r.division, format < 0 ? "json" : sheet_extension((enum sheet_format)format));
	api_audit_read(call, "stats.read", "", "ok", detail);
	if (format >= 0)
		reply_file(call, &r, (enum sheet_format)format);
	else
		api_reply(call, 200, api_stats_json(&r));
	stats_result_release(&r);
}

void api_stats_persons(struct api_call *call)
{
	reply_table(call, STATS_PERSONS);
}

void api_stats_certificates(struct api_call *call)
{
	reply_table(call, STATS_CERTIFICATES);
}

void api_stats_casework(struct api_call *call)
{
	reply_table(call, STATS_CASEWORK);
}

void api_stats_trends(struct api_call *call)
{
	reply_table(call, STATS_TRENDS);
}
