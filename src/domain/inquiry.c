/*
 * inquiry.c — the rules of letter inquiries.
 */
#include "core/name_table.h"
#include "domain/inquiry.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/event.h"
#include "domain/field.h"
#include "domain/codes.h"
#include "domain/settings.h"
#include "store/store.h"

#define TOWN_CODE_LENGTH 9

static const char *const channel_names[] = {"", "letter", "network", "workstation"};
static const char *const channel_labels[] = {"", "信函", "网络", "驻外工作站"};
static const char *const urgency_names[] = {"", "normal", "urgent"};
static const char *const urgency_labels[] = {"", "普通", "加急"};
static const char *const subject_names[] = {"", "marital", "marital_childbearing"};
static const char *const subject_labels[] = {"", "婚姻状况", "婚姻和生育状况"};
static const char *const state_names[] = {"", "draft", "sent", "answered", "cancelled", "overdue"};
static const char *const state_labels[] = {"", "草稿", "已发出", "已回复", "已撤销", "已逾期"};


const char *inquiry_channel_name(enum inquiry_channel c) { return NAME_TABLE_AT(channel_names, c); }
const char *inquiry_channel_label(enum inquiry_channel c) { return NAME_TABLE_AT(channel_labels, c); }
const char *inquiry_urgency_name(enum inquiry_urgency u) { return NAME_TABLE_AT(urgency_names, u); }
const char *inquiry_urgency_label(enum inquiry_urgency u) { return NAME_TABLE_AT(urgency_labels, u); }
const char *inquiry_subject_name(enum inquiry_subject s) { return NAME_TABLE_AT(subject_names, s); }
const char *inquiry_subject_label(enum inquiry_subject s) { return NAME_TABLE_AT(subject_labels, s); }
const char *inquiry_state_name(enum inquiry_state s) { return NAME_TABLE_AT(state_names, s); }
const char *inquiry_state_label(enum inquiry_state s) { return NAME_TABLE_AT(state_labels, s); }

bool inquiry_state_parse(const char *name, enum inquiry_state *out)
{
	int i = name_table_value(state_names, NAME_TABLE_COUNT(state_names), name);
	*out = (enum inquiry_state)i;
	return i != 0;
}

enum inquiry_state inquiry_state_on(const struct inquiry *q, const struct date *today)
{
	struct date due;
	if (q->state == INQUIRY_SENT && date_parse(q->due_on, &due) && date_compare(today, &due) > 0)
		return INQUIRY_OVERDUE;
	return q->state;
}

/* The hukou place asked: given, or the person's; a county or below, outside nothing. */
static enum status destination(const struct registry *reg, const struct person *p,
			       const char *given, struct inquiry *q, struct error *err)
{
	if (given[0] == '\0') {
		memcpy(q->to_division, p->hukou_division, sizeof q->to_division);
		return ST_OK;
	}
	const struct division *d = division_table_resolve(reg->divisions, given);
	if (d == NULL || d->level < DIVISION_COUNTY)
		return error_set(err, ST_INVALID_DIVISION, "to_division",
				 "受函地应为县级或以下的行政区划代码");
	snprintf(q->to_division, sizeof q->to_division, "%s", d->code);
	return ST_OK;
}

static enum status fill_new(const struct registry *reg, const struct inquiry_request *req,
			    const struct person *p, struct inquiry *q, struct error *err)
{
	int channel = req->channel[0] ? name_table_value(channel_names, NAME_TABLE_COUNT(channel_names),
						   req->channel)
				      : INQUIRY_LETTER;
	int urgency = req->urgency[0] ? name_table_value(urgency_names, NAME_TABLE_COUNT(urgency_names),
						   req->urgency)
				      : INQUIRY_NORMAL;
	int subject = req->subject[0] ? name_table_value(subject_names, NAME_TABLE_COUNT(subject_names),
						   req->subject)
				      : INQUIRY_MARITAL;
	if (channel == 0)
		return error_set(err, ST_INVALID_INPUT, "channel",
				 "函调方式应为 letter（信函）、network（网络）或 workstation（驻外工作站）");
	if (urgency == 0)
		return error_set(err, ST_INVALID_INPUT, "urgency", "紧急程度应为 normal 或 urgent");
	if (subject == 0)
		return error_set(err, ST_INVALID_INPUT, "subject",
				 "函调事项应为 marital（婚姻状况）或 marital_childbearing（婚姻和生育状况）");
	enum status st = field_text(req->note, "note", "函调说明", 0, INQUIRY_TEXT_MAX_CHARS, err);
	if (st != ST_OK || (st = destination(reg, p, req->to_division, q, err)) != ST_OK)
		return st;
	q->person_id = p->id;
	snprintf(q->from_division, sizeof q->from_division, "%.*s", TOWN_CODE_LENGTH,
		 p->residence_division);
	q->channel = (enum inquiry_channel)channel;
	q->urgency = (enum inquiry_urgency)urgency;
	q->subject = (enum inquiry_subject)subject;
	q->state = INQUIRY_DRAFT;
	snprintf(q->note, sizeof q->note, "%s", req->note);
	return ST_OK;
}

/* Sets the state to sent on `on` with the due date its urgency gives. */
static enum status mark_sent(const struct registry *reg, struct inquiry *q, const struct date *on,
			     struct error *err)
{
	int days = 0;
	enum status st = setting_get_int(reg,
					 q->urgency == INQUIRY_URGENT ? SETTING_INQUIRY_DUE_DAYS_URGENT
								      : SETTING_INQUIRY_DUE_DAYS_NORMAL,
					 &days, err);
	if (st != ST_OK)
		return st;
	struct date due = date_add_days(on, days);
	q->state = INQUIRY_SENT;
	date_format(on, q->sent_on, sizeof q->sent_on);
	date_format(&due, q->due_on, sizeof q->due_on);
	return ST_OK;
}

/* Runs insert-or-update and its event as one write. */
static enum status write_with_event(const struct registry *reg, struct inquiry *q,
				    int64_t version, const char *actor, const char *action,
				    const char *detail, struct error *err)
{
	enum status st = store_write_begin(reg->store, err);
	if (st != ST_OK)
		return st;
	st = version == 0 ? store_inquiry_insert(reg->store, q, err)
			  : store_inquiry_update(reg->store, q, version, err);
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		return st;
	}
	if (st == ST_OK)
		st = event_add(reg, q->person_id, "inquiry", q->id, actor, action, err, "%s", detail);
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

static void describe(const struct registry *reg, const struct inquiry *q, const char *verb,
		     char *buf, size_t size)
{
	char place[DIVISION_PATH_SIZE];
	division_table_path(reg->divisions, q->to_division, place, sizeof place);
	snprintf(buf, size, "%s%s函调（%s，%s）：%s", verb, inquiry_urgency_label(q->urgency),
		 inquiry_channel_label(q->channel), inquiry_subject_label(q->subject), place);
	text_trim_partial_utf8(buf);
}

enum status inquiry_create(const struct registry *reg, const struct inquiry_request *req,
			   const char *actor, struct inquiry *out, struct error *err)
{
	struct person p;
	char detail[512];
	memset(out, 0, sizeof *out);
	enum status st = person_get(reg, req->person_id, &p, err);
	if (st != ST_OK || (st = fill_new(reg, req, &p, out, err)) != ST_OK)
		return st;
	if (req->send && (st = mark_sent(reg, out, &reg->today, err)) != ST_OK)
		return st;
	describe(reg, out, req->send ? "发出" : "拟写", detail, sizeof detail);
	return write_with_event(reg, out, 0, actor, "inquiry.create", detail, err);
}

static enum status refuse_state(const struct registry *reg, const struct inquiry *q,
				const char *what, struct error *err)
{
	return error_set(err, ST_INVALID_STATE, "state", "该函调%s，不能%s",
			 inquiry_state_label(inquiry_state_on(q, &reg->today)), what);
}

enum status inquiry_send(const struct registry *reg, int64_t id, const char *sent_on,
			 const char *actor, struct inquiry *out, struct error *err)
{
	struct date on;
	char detail[512], earliest[DATE_TEXT_SIZE];
	enum status st = store_inquiry_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->state != INQUIRY_DRAFT)
		return refuse_state(reg, out, "再次发出", err);
	struct date created = date_in_china(out->created_at);
	date_format(&created, earliest, sizeof earliest);
	if ((st = field_past_date(sent_on ? sent_on : "", false, earliest, &reg->today, "sent_on",
				  "发出日期", &on, err)) != ST_OK)
		return st;
	int64_t version = out->version;
	if ((st = mark_sent(reg, out, &on, err)) != ST_OK)
		return st;
	describe(reg, out, "发出", detail, sizeof detail);
	return write_with_event(reg, out, version, actor, "inquiry.send", detail, err);
}

enum status inquiry_record_answer(const struct registry *reg, int64_t id,
				  const struct inquiry_answer *answer, const char *actor,
				  struct inquiry *out, struct error *err)
{
	struct date on;
	char detail[512];
	enum status st = store_inquiry_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->state != INQUIRY_SENT)
		return refuse_state(reg, out, "登记回复", err);
	if ((st = field_past_date(answer->answered_on, false, out->sent_on, &reg->today,
				  "answered_on", "回复日期", &on, err)) != ST_OK)
		return st;
	if (answer->marital_status[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "marital_status", "请填写回函所述的婚姻状况");
	if (codes_marital_status_name(answer->marital_status) == NULL)
		return error_set(err, ST_INVALID_CODE, "marital_status",
				 "婚姻状况代码不在 GB/T 2261.2 代码表中");
	if (answer->reference[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "reference", "请填写回函文号");
	if ((st = field_text(answer->reference, "reference", "回函文号", 0,
			     INQUIRY_REFERENCE_MAX_CHARS, err)) != ST_OK ||
	    (st = field_text(answer->text, "answer_text", "回函内容", 0, INQUIRY_TEXT_MAX_CHARS,
			     err)) != ST_OK)
		return st;
	int64_t version = out->version;
	out->state = INQUIRY_ANSWERED;
	date_format(&on, out->answered_on, sizeof out->answered_on);
	snprintf(out->answer_marital_status, sizeof out->answer_marital_status, "%s",
		 answer->marital_status);
	snprintf(out->answer_text, sizeof out->answer_text, "%s", answer->text);
	snprintf(out->answer_reference, sizeof out->answer_reference, "%s", answer->reference);
	snprintf(detail, sizeof detail, "收到回函 %s：婚姻状况 %s", out->answer_reference,
		 codes_marital_status_name(out->answer_marital_status));
	text_trim_partial_utf8(detail);
	return write_with_event(reg, out, version, actor, "inquiry.answer", detail, err);
}

enum status inquiry_cancel(const struct registry *reg, int64_t id, const char *reason,
			   const char *actor, struct inquiry *out, struct error *err)
{
	char detail[640];
	enum status st = store_inquiry_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->state != INQUIRY_DRAFT && out->state != INQUIRY_SENT)
		return refuse_state(reg, out, "撤销", err);
	if (reason == NULL || reason[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "reason", "请填写撤销原因");
	if (!text_is_clean(reason, INQUIRY_TEXT_MAX_CHARS) || text_char_count(reason) < 2)
		return error_set(err, ST_INVALID_INPUT, "reason", "撤销原因应为 2 到 %d 个字",
				 INQUIRY_TEXT_MAX_CHARS);
	int64_t version = out->version;
	out->state = INQUIRY_CANCELLED;
	snprintf(out->cancel_reason, sizeof out->cancel_reason, "%s", reason);
	snprintf(detail, sizeof detail, "撤销函调：%s", reason);
	text_trim_partial_utf8(detail);
	return write_with_event(reg, out, version, actor, "inquiry.cancel", detail, err);
}

enum status inquiry_get(const struct registry *reg, int64_t id, struct inquiry *out,
			struct error *err)
{
	return store_inquiry_get(reg->store, id, out, err);
}

enum status inquiry_list_for_person(const struct registry *reg, int64_t person_id,
				    struct inquiry *out, size_t max, size_t *count,
				    struct error *err)
{
	return store_inquiry_list_for_person(reg->store, person_id, out, max, count, err);
}

enum status inquiry_search(const struct registry *reg, const struct inquiry_query *q,
			   struct inquiry *out, size_t *count, bool *more, struct error *err)
{
	char today[DATE_TEXT_SIZE];
	date_format(&reg->today, today, sizeof today);
	enum status st = store_inquiry_search(reg->store, q, today, out, q->limit + 1, count, err);
	*more = st == ST_OK && *count > q->limit;
	if (*more)
		*count = q->limit;
	return st;
}
