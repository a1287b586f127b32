/*
 * api/worklist.c — the work list (待办事项) over HTTP: what the offices in
 * the caller's scope have to do next, per person, with counts per kind.
 *
 * Like a search, the list is narrowed to the caller's scope: a division
 * outside it gives an empty list, never another office's items.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/worklist.h"

/* Reads the query string into q; replies 400 itself on a bad value. */
static bool worklist_query_or_reply(struct api_call *call, struct worklist_query *q)
{
	static const char *const names[] = {"division", "kind", "limit", NULL};
	memset(q, 0, sizeof *q);
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "division", q->division, sizeof q->division))
		return false;
	const char *kind = http_query(call->req, "kind");
	const char *limit = http_query(call->req, "limit");
	if (kind && kind[0] && !worklist_kind_parse(kind, &q->kind)) {
		api_fail_status(call, ST_INVALID_INPUT, "kind",
				"kind 应为 certificate_missing、temporary_ending、temporary_ended、"
				"contract_overdue、inquiry_due、inquiry_overdue、resident_candidate"
				"、outflow_without_certificate、report_unhandled 或 "
				"complaint_overdue");
		return false;
	}
	if (limit) {
		unsigned long n = text_is_digits(limit) && strlen(limit) <= 4 ? strtoul(limit, NULL, 10) : 0;
		if (n < 1 || n > WORKLIST_LIMIT_MAX) {
			api_fail_status(call, ST_INVALID_INPUT, "limit", "limit 应为 1 到 500 的整数");
			return false;
		}
		q->limit = n;
	}
	return true;
}

static json_t *item_json(const struct api_call *call, const struct worklist_item *item)
{
	char masked[IDCARD_MASKED_SIZE];
	idcard_mask(item->id_number, masked, sizeof masked);
	/* A field report that names no person is the office's item, not a person's. */
	json_t *person = item->person_id == 0 ? json_null() :
		json_pack("{s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)item->person_id,
			  "name", item->name, "id_number_masked", masked, "residence_division",
			  api_division_json(call, item->residence_division), "flow",
			  person_flow_name(item->flow));
	return json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:o}", "kind",
			 worklist_kind_name(item->kind), "kind_label", worklist_kind_label(item->kind),
			 "action", worklist_kind_action(item->kind), "due_on",
			 api_text_or_null(item->due_on), "overdue_days", (json_int_t)item->overdue_days,
			 "person", person, "subject", api_text_or_null(item->subject));
}

static json_t *counts_json(const struct worklist_result *result)
{
	json_t *counts = json_object();
	for (int k = WORKLIST_ALL + 1; k < WORKLIST_KIND_END; k++)
		json_object_set_new(counts, worklist_kind_name((enum worklist_kind)k),
				    json_integer(result->counts[k]));
	return counts;
}

void api_worklist(struct api_call *call)
{
	struct worklist_query q;
	struct worklist_result result;
	struct error err;
	char wanted[DIVISION_CODE_SIZE], detail[128];
	if (!worklist_query_or_reply(call, &q))
		return;
	memcpy(wanted, q.division, sizeof wanted);
	if (worklist_query_prepare(&call->reg, &q, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	memset(&result, 0, sizeof result);
	char narrowed[DIVISION_CODE_SIZE];
	if (authz_narrow_to_scope(&call->who, q.division, narrowed)) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (worklist_run(&call->reg, &q, &result, &err) != ST_OK) {
			api_fail(call, &err);
			return;
		}
	}
	snprintf(detail, sizeof detail, "division=%s kind=%s limit=%zu", wanted,
		 worklist_kind_name(q.kind), q.limit);
	api_audit_read(call, "worklist.read", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < result.item_count; i++)
		json_array_append_new(items, item_json(call, &result.items[i]));
	char today[DATE_TEXT_SIZE];
	date_format(&call->reg.today, today, sizeof today);
	json_t *body = json_pack("{s:s, s:o, s:I, s:o}", "today", today, "counts",
				 counts_json(&result), "total",
				 (json_int_t)result.counts[WORKLIST_ALL], "items", items);
	worklist_result_release(&result);
	api_reply(call, 200, body);
}
