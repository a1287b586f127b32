/*
 * worklist.c — the work list's kinds, their day counts, and one run: the
 * counts and the items of every kind from the store, due dates computed
 * here, merged by due date.
 */
#include "domain/worklist.h"

#include <stdlib.h>
#include <string.h>

#include "domain/settings.h"
#include "store/store.h"

struct kind_entry {
	const char *name;
	const char *label;
	const char *action;
};

static const struct kind_entry kinds[WORKLIST_KIND_END] = {
	[WORKLIST_CERTIFICATE_MISSING] = {"certificate_missing", "未交验婚育证明",
					  "催交户籍地婚育证明或办理临时婚育证明"},
	[WORKLIST_TEMPORARY_ENDING] = {"temporary_ending", "临时婚育证明即将到期",
				       "提醒在到期前交验户籍地婚育证明"},
	[WORKLIST_TEMPORARY_ENDED] = {"temporary_ended", "临时婚育证明已到期",
				      "核实婚育情况，发函调查或补办证明"},
	[WORKLIST_CONTRACT_OVERDUE] = {"contract_overdue", "管理服务合同书逾期",
				       "督促履行管理服务合同书"},
	[WORKLIST_INQUIRY_DUE] = {"inquiry_due", "函调即将到期", "跟进函调回复"},
	[WORKLIST_INQUIRY_OVERDUE] = {"inquiry_overdue", "函调逾期未复",
				      "催复函调或改用网络/工作站核查"},
	[WORKLIST_RESIDENT_CANDIDATE] = {"resident_candidate", "可转为常住管理",
					 "核查是否符合转为常住管理条件"},
	[WORKLIST_OUTFLOW_WITHOUT_CERTIFICATE] = {"outflow_without_certificate",
						  "流出人口未办婚育证明",
						  "为其签发流动人口婚育证明"},
	[WORKLIST_REPORT_UNHANDLED] = {"report_unhandled", "现场报告待处理",
				       "核实并处理现场报告"},
	[WORKLIST_COMPLAINT_OVERDUE] = {"complaint_overdue", "投诉逾期未答复",
					"尽快答复投诉并登记办理结果"},
};

static bool kind_is_valid(enum worklist_kind kind)
{
	return kind > WORKLIST_ALL && kind < WORKLIST_KIND_END;
}

const char *worklist_kind_name(enum worklist_kind kind)
{
	return kind_is_valid(kind) ? kinds[kind].name : "";
}

const char *worklist_kind_label(enum worklist_kind kind)
{
	return kind_is_valid(kind) ? kinds[kind].label : "";
}

const char *worklist_kind_action(enum worklist_kind kind)
{
	return kind_is_valid(kind) ? kinds[kind].action : "";
}

bool worklist_kind_parse(const char *name, enum worklist_kind *out)
{
	for (int k = WORKLIST_ALL + 1; k < WORKLIST_KIND_END; k++)
		if (name && strcmp(name, kinds[k].name) == 0) {
			*out = (enum worklist_kind)k;
			return true;
		}
	return false;
}

/*
 * The last arrival day that has been here a calendar year on `today`:
 * a year before today, or one day later when that day still makes a year
 * (today 2025-02-28: 2024-02-29, whose year ends on 2025-02-28).
 */
static struct date resident_arrived_by(const struct date *today)
{
	struct date last = date_add_months(today, -WORKLIST_RESIDENT_MONTHS);
	struct date next = date_add_days(&last, 1);
	struct date anniversary = date_add_months(&next, WORKLIST_RESIDENT_MONTHS);
	return date_compare(&anniversary, today) <= 0 ? next : last;
}

void worklist_dates_on(const struct date *today, struct worklist_dates *out)
{
	struct date d;
	date_format(today, out->today, sizeof out->today);
	d = date_add_days(today, -WORKLIST_CERTIFICATE_GRACE_DAYS);
	date_format(&d, out->missing_arrived_by, sizeof out->missing_arrived_by);
	d = date_add_days(today, WORKLIST_TEMPORARY_NOTICE_DAYS);
	date_format(&d, out->temporary_ends_by, sizeof out->temporary_ends_by);
	d = date_add_days(today, WORKLIST_INQUIRY_NOTICE_DAYS);
	date_format(&d, out->inquiry_due_by, sizeof out->inquiry_due_by);
	d = resident_arrived_by(today);
	date_format(&d, out->resident_arrived_by, sizeof out->resident_arrived_by);
	worklist_dates_set_report_days(out, today, WORKLIST_REPORT_HANDLING_DAYS);
}

void worklist_dates_set_report_days(struct worklist_dates *dates, const struct date *today,
				    int days)
{
	struct date d = date_add_days(today, -days);
	dates->report_handling_days = days;
	date_format(&d, dates->report_received_before, sizeof dates->report_received_before);
}

struct date worklist_due_on(enum worklist_kind kind, const struct date *basis)
{
	switch (kind) {
	case WORKLIST_CERTIFICATE_MISSING:
		return date_add_days(basis, WORKLIST_CERTIFICATE_GRACE_DAYS);
	case WORKLIST_RESIDENT_CANDIDATE:
		return date_add_months(basis, WORKLIST_RESIDENT_MONTHS);
	default:
		return *basis;
	}
}

enum status worklist_query_prepare(const struct registry *reg, struct worklist_query *q,
				   struct error *err)
{
	const char *wanted = q->division[0] ? q->division : reg->city;
	const struct division *d = division_table_resolve(reg->divisions, wanted);
	if (d == NULL || !division_contains(reg->city, d->code))
		return error_set(err, ST_INVALID_DIVISION, "division",
				 "区划应为本市或本市的乡镇（街道）、社区（村），请核对代码");
	memcpy(q->division, d->code, sizeof d->code);
	if (q->kind != WORKLIST_ALL && !kind_is_valid(q->kind))
		return error_set(err, ST_INVALID_INPUT, "kind", "待办事项类别不正确");
	if (q->limit == 0)
		q->limit = WORKLIST_LIMIT_DEFAULT;
	if (q->limit > WORKLIST_LIMIT_MAX)
		return error_set(err, ST_INVALID_INPUT, "limit", "每类最多列出 %d 项",
				 WORKLIST_LIMIT_MAX);
	return ST_OK;
}

/* Due date first (unknown ones last), then kind, then person, then subject. */
static int compare_items(const void *a, const void *b)
{
	const struct worklist_item *x = a, *y = b;
	bool x_known = x->due_on[0] != '\0', y_known = y->due_on[0] != '\0';
	int c;
	if (x_known != y_known)
		return x_known ? -1 : 1;
	if ((c = strcmp(x->due_on, y->due_on)) != 0)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->person_id != y->person_id)
		return x->person_id < y->person_id ? -1 : 1;
	return strcmp(x->subject, y->subject);
}

/* Sets due_on and overdue_days from the item's basis date. */
static void complete_item(struct worklist_item *item, const struct worklist_dates *dates,
			  const struct date *today)
{
	struct date basis, due;
	item->due_on[0] = '\0';
	item->overdue_days = 0;
	if (!date_parse(item->basis, &basis))
		return;
	if (item->kind == WORKLIST_REPORT_UNHANDLED)
		due = date_add_days(&basis, dates->report_handling_days);
	else
		due = worklist_due_on(item->kind, &basis);
	date_format(&due, item->due_on, sizeof item->due_on);
	long late = date_days_between(&due, today);
	item->overdue_days = late > 0 ? late : 0;
}

enum status worklist_run(const struct registry *reg, const struct worklist_query *q,
			 struct worklist_result *out, struct error *err)
{
	struct worklist_dates dates;
	size_t listed = q->kind == WORKLIST_ALL ? WORKLIST_KIND_COUNT : 1;
	enum status st = ST_OK;
	memset(out, 0, sizeof *out);
	if (q->limit == 0 || q->limit > WORKLIST_LIMIT_MAX)
		return error_set(err, ST_INVALID_INPUT, "limit", "每类最多列出 %d 项",
				 WORKLIST_LIMIT_MAX);
	worklist_dates_on(&reg->today, &dates);
	int report_days;
	if ((st = setting_get_int(reg, SETTING_REPORT_HANDLING_DAYS, &report_days, err)) != ST_OK)
		return st;
	worklist_dates_set_report_days(&dates, &reg->today, report_days);
	/* listed <= 10 and limit <= 500: the product cannot overflow. */
	out->items = calloc(listed * q->limit, sizeof *out->items);
	if (out->items == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	for (int k = WORKLIST_ALL + 1; st == ST_OK && k < WORKLIST_KIND_END; k++) {
		enum worklist_kind kind = (enum worklist_kind)k;
		size_t count = 0;
		if (q->kind != WORKLIST_ALL && q->kind != kind) {
			st = store_worklist_count(reg->store, kind, q->division, &dates,
						  &out->counts[k], err);
			continue;
		}
		st = store_worklist_list(reg->store, kind, q->division, &dates, q->limit,
					 out->items + out->item_count, &count, &out->counts[k], err);
		for (size_t i = 0; st == ST_OK && i < count; i++)
			complete_item(&out->items[out->item_count + i], &dates, &reg->today);
		out->item_count += count;
	}
	if (st != ST_OK) {
		worklist_result_release(out);
		return st;
	}
	for (int k = WORKLIST_ALL + 1; k < WORKLIST_KIND_END; k++)
		out->counts[WORKLIST_ALL] += out->counts[k];
	qsort(out->items, out->item_count, sizeof *out->items, compare_items);
	return ST_OK;
}

void worklist_result_release(struct worklist_result *result)
{
	free(result->items);
	memset(result, 0, sizeof *result);
}
