/*
 * outflow.c — the rules of outflow registration, feedback and benefits.
 */
#include "core/name_table.h"
#include "domain/outflow.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/event.h"
#include "domain/field.h"
#include "store/store.h"

#define PERIOD_FIRST_YEAR 1950
#define PERIOD_LAST_YEAR 2099

static const char *const direction_names[] = {"", "sent", "received"};
static const char *const direction_labels[] = {"", "发往流入地", "流入地反馈"};
static const char *const channel_names[] = {"", "letter", "network", "workstation"};
static const char *const channel_labels[] = {"", "信函", "网络", "驻外工作站"};
static const char *const kind_names[] = {"", "only_child_parent_reward", "rural_family_support",
					 "special_hardship_support", "other"};
static const char *const kind_labels[] = {"", "独生子女父母奖励费", "农村部分计划生育家庭奖励扶助",
					  "计划生育家庭特别扶助", "其他奖励优惠"};
static const char *const state_names[] = {"", "granted", "paid", "cancelled"};
static const char *const state_labels[] = {"", "已核定", "已发放", "已撤销"};


const char *feedback_direction_name(enum feedback_direction d) { return NAME_TABLE_AT(direction_names, d); }
const char *feedback_direction_label(enum feedback_direction d) { return NAME_TABLE_AT(direction_labels, d); }
const char *feedback_channel_name(enum feedback_channel c) { return NAME_TABLE_AT(channel_names, c); }
const char *feedback_channel_label(enum feedback_channel c) { return NAME_TABLE_AT(channel_labels, c); }
const char *benefit_kind_name(enum benefit_kind k) { return NAME_TABLE_AT(kind_names, k); }
const char *benefit_kind_label(enum benefit_kind k) { return NAME_TABLE_AT(kind_labels, k); }
const char *benefit_state_name(enum benefit_state s) { return NAME_TABLE_AT(state_names, s); }
const char *benefit_state_label(enum benefit_state s) { return NAME_TABLE_AT(state_labels, s); }

const char *departure_state_name(const struct departure *d)
{
	return d->returned_on[0] ? "returned" : "away";
}

const char *departure_state_label(const struct departure *d)
{
	return d->returned_on[0] ? "已返回" : "外出中";
}

/* --- amounts and periods ------------------------------------------------------ */

bool benefit_amount_parse(const char *text, int64_t *fen)
{
	const char *c = text;
	int64_t yuan = 0, cents = 0;
	int digits = 0, decimals = 0;
	*fen = 0;
	for (; *c >= '0' && *c <= '9'; c++) {
		if (++digits > 7) /* more than 9,999,999 yuan: over the ceiling anyway */
			return false;
		yuan = yuan * 10 + (*c - '0');
	}
	if (digits == 0)
		return false;
	if (*c == '.') {
		for (c++; *c >= '0' && *c <= '9'; c++) {
			if (++decimals > 2)
				return false;
			cents = cents * 10 + (*c - '0');
		}
		if (decimals == 0)
			return false;
		if (decimals == 1)
			cents *= 10;
	}
	if (*c != '\0' || yuan * 100 + cents > BENEFIT_AMOUNT_MAX_FEN)
		return false;
	*fen = yuan * 100 + cents;
	return true;
}

void benefit_amount_format(int64_t fen, char *buf, size_t size)
{
	snprintf(buf, size, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* Exactly four digits, a year of the accepted range. */
static bool parse_year(const char *s, int *year)
{
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	*year = y;
	return y >= PERIOD_FIRST_YEAR && y <= PERIOD_LAST_YEAR;
}

/* Exactly "YYYY-MM" (7 characters, checked by the caller). */
static bool parse_month(const char *s, int *year, int *month)
{
	if (!parse_year(s, year) || s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' ||
	    s[6] > '9')
		return false;
	*month = (s[5] - '0') * 10 + (s[6] - '0');
	return *month >= 1 && *month <= 12;
}

bool benefit_period_parse(const char *text, struct benefit_period *out)
{
	size_t len = strlen(text);
	memset(out, 0, sizeof *out);
	if (len == 4) {
		if (!parse_year(text, &out->first_year))
			return false;
		out->first_month = 1;
		out->last_year = out->first_year;
		out->last_month = 12;
		return true;
	}
	if (len == 7) {
		if (!parse_month(text, &out->first_year, &out->first_month))
			return false;
		out->last_year = out->first_year;
		out->last_month = out->first_month;
		return true;
	}
	if (len != 16 || text[7] != '.' || text[8] != '.' ||
	    !parse_month(text, &out->first_year, &out->first_month) ||
	    !parse_month(text + 9, &out->last_year, &out->last_month))
		return false;
	return out->first_year * 12 + out->first_month <= out->last_year * 12 + out->last_month;
}

/* --- shared checks --------------------------------------------------------------- */

/*
 * Ends a write begun with store_write_begin: commits if `st` is ST_OK, else
 * aborts (something may have been written) and returns `st`.
 */
static enum status finish_write(const struct registry *reg, enum status st, struct error *err)
{
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		return st;
	}
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

/* --- departures ------------------------------------------------------------------- */

/* The destination: a known county or below, outside the city. */
static enum status departure_destination(const struct registry *reg, const char *given,
					 struct departure *d, struct error *err)
{
	if (given[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "destination_division",
				 "请填写流入地（县级或以下的行政区划代码）");
	const struct division *place = division_table_resolve(reg->divisions, given);
	if (place == NULL || place->level < DIVISION_COUNTY)
		return error_set(err, ST_INVALID_DIVISION, "destination_division",
				 "流入地应为现行区划表中的县（区）或更细一级的代码");
	if (division_contains(reg->city, place->code))
		return error_set(err, ST_INVALID_DIVISION, "destination_division",
				 "流入地应在本市以外；在本市内迁居请修改档案的现居住地");
	memcpy(d->destination_division, place->code, sizeof d->destination_division);
	return ST_OK;
}

static enum status fill_departure(const struct registry *reg, const struct departure_request *req,
				  const struct person *p, struct departure *d, struct error *err)
{
	struct date on;
	enum status st;
	if (p->flow != FLOW_OUTFLOW)
		return error_set(err, ST_NOT_ALLOWED, "flow",
				 "只有本市户籍的流出人口才能登记外出；该人员为%s人口",
				 person_flow_label(p->flow));
	if (p->management != MANAGEMENT_FLOATING)
		return error_set(err, ST_NOT_ALLOWED, "management",
				 "该人员已不按流动人口管理（%s），不能登记外出",
				 person_management_label(p->management));
	if ((st = field_past_date(req->departed_on, true, p->birth_date, &reg->today,
				  "departed_on", "外出日期", &on, err)) != ST_OK ||
	    (st = departure_destination(reg, req->destination_division, d, err)) != ST_OK ||
	    (st = field_text(req->destination_address, "destination_address", "流入地地址", 0,
			     PERSON_ADDRESS_MAX_CHARS, err)) != ST_OK ||
	    (st = field_text(req->employer_there, "employer_there", "流入地工作单位", 0,
			     OUTFLOW_NAME_MAX_CHARS, err)) != ST_OK ||
	    (st = field_phone(req->contact_phone, "contact_phone", err)) != ST_OK ||
	    (st = field_text(req->note, "note", "备注", 0, OUTFLOW_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	d->person_id = p->id;
	date_format(&on, d->departed_on, sizeof d->departed_on);
	snprintf(d->destination_address, sizeof d->destination_address, "%s",
		 req->destination_address);
	snprintf(d->employer_there, sizeof d->employer_there, "%s", req->employer_there);
	snprintf(d->contact_phone, sizeof d->contact_phone, "%s", req->contact_phone);
	snprintf(d->note, sizeof d->note, "%s", req->note);
	return ST_OK;
}

enum status departure_create(const struct registry *reg, const struct departure_request *req,
			     const char *actor, struct departure *out, struct error *err)
{
	struct person p;
	struct departure open;
	bool found = false;
	char place[DIVISION_PATH_SIZE];
	memset(out, 0, sizeof *out);
	enum status st = person_get(reg, req->person_id, &p, err);
	if (st != ST_OK || (st = fill_departure(reg, req, &p, out, err)) != ST_OK)
		return st;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = store_departure_find_open(reg->store, p.id, &open, &found, err)) != ST_OK) {
		store_write_cancel(reg->store);
		return st;
	}
	if (found) {
		store_write_cancel(reg->store);
		return error_set(err, ST_NOT_ALLOWED, "departed_on",
				 "该人员 %s 的外出尚未登记返回；请先登记返回，再登记新的外出",
				 open.departed_on);
	}
	division_table_path(reg->divisions, out->destination_division, place, sizeof place);
	st = store_departure_insert(reg->store, out, err);
	if (st == ST_OK)
		st = event_add(reg, p.id, "departure", out->id, actor, "departure.create", err,
			       "外出登记：%s 前往%s%s%s", out->departed_on, place,
			       out->employer_there[0] ? "，工作单位 " : "", out->employer_there);
	return finish_write(reg, st, err);
}

enum status departure_record_return(const struct registry *reg, int64_t id,
				    const char *returned_on, const char *actor,
				    struct departure *out, struct error *err)
{
	struct date on;
	enum status st = store_departure_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->returned_on[0])
		return error_set(err, ST_INVALID_STATE, "returned_on", "该次外出已于 %s 登记返回",
				 out->returned_on);
	if ((st = field_past_date(returned_on ? returned_on : "", false, out->departed_on,
				  &reg->today, "returned_on", "返回日期", &on, err)) != ST_OK)
		return st;
	int64_t version = out->version;
	date_format(&on, out->returned_on, sizeof out->returned_on);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_departure_update(reg->store, out, version, err);
	if (st == ST_OK)
		st = event_add(reg, out->person_id, "departure", out->id, actor, "departure.return",
			       err, "登记返回：%s（%s 外出）", out->returned_on, out->departed_on);
	return finish_write(reg, st, err);
}

enum status departure_get(const struct registry *reg, int64_t id, struct departure *out,
			  struct error *err)
{
	return store_departure_get(reg->store, id, out, err);
}

enum status departure_list_for_person(const struct registry *reg, int64_t person_id,
				      struct departure *out, size_t max, size_t *count,
				      struct error *err)
{
	return store_departure_list_for_person(reg->store, person_id, out, max, count, err);
}

/* --- feedback ------------------------------------------------------------------------ */

static enum status fill_feedback(const struct registry *reg, const struct feedback_request *req,
				 const struct person *p, struct feedback *f, struct error *err)
{
	struct date on;
	enum status st;
	if (p->flow != FLOW_OUTFLOW)
		return error_set(err, ST_NOT_ALLOWED, "flow",
				 "反馈只为本市户籍的流出人口登记；该人员为%s人口",
				 person_flow_label(p->flow));
	int direction = name_table_value(direction_names, NAME_TABLE_COUNT(direction_names), req->direction);
	int channel = name_table_value(channel_names, NAME_TABLE_COUNT(channel_names), req->channel);
	if (direction == 0)
		return error_set(err, req->direction[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD,
				 "direction", "反馈方向应为 sent（发往流入地）或 received（流入地反馈）");
	if (channel == 0)
		return error_set(err, req->channel[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD,
				 "channel",
				 "反馈渠道应为 letter（信函）、network（网络）或 workstation（驻外工作站）");
	if ((st = field_past_date(req->happened_on, false, p->birth_date, &reg->today,
				  "happened_on", "反馈日期", &on, err)) != ST_OK ||
	    (st = field_text(req->counterpart, "counterpart", "对方单位",
				      FEEDBACK_COUNTERPART_MIN_CHARS, OUTFLOW_NAME_MAX_CHARS,
				      err)) != ST_OK ||
	    (st = field_text(req->content, "content", "反馈内容",
				      FEEDBACK_CONTENT_MIN_CHARS, OUTFLOW_TEXT_MAX_CHARS, err)) !=
		    ST_OK)
		return st;
	f->person_id = p->id;
	f->direction = (enum feedback_direction)direction;
	f->channel = (enum feedback_channel)channel;
	date_format(&on, f->happened_on, sizeof f->happened_on);
	snprintf(f->counterpart, sizeof f->counterpart, "%s", req->counterpart);
	snprintf(f->content, sizeof f->content, "%s", req->content);
	return ST_OK;
}

enum status feedback_create(const struct registry *reg, const struct feedback_request *req,
			    const char *actor, struct feedback *out, struct error *err)
{
	struct person p;
	memset(out, 0, sizeof *out);
	enum status st = person_get(reg, req->person_id, &p, err);
	if (st != ST_OK || (st = fill_feedback(reg, req, &p, out, err)) != ST_OK)
		return st;
	snprintf(out->actor, sizeof out->actor, "%s", actor);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_feedback_insert(reg->store, out, err);
	if (st == ST_OK)
		st = event_add(reg, p.id, "feedback", out->id, actor, "feedback.create", err,
			       "%s%s（%s，%s）：%s",
			       out->direction == FEEDBACK_SENT ? "反馈至" : "收到反馈自",
			       out->counterpart, feedback_channel_label(out->channel),
			       out->happened_on, out->content);
	return finish_write(reg, st, err);
}

enum status feedback_list_for_person(const struct registry *reg, int64_t person_id,
				     struct feedback *out, size_t max, size_t *count,
				     struct error *err)
{
	return store_feedback_list_for_person(reg->store, person_id, out, max, count, err);
}

/* --- benefits ---------------------------------------------------------------------------- */

static enum status fill_benefit(const struct registry *reg, const struct benefit_request *req,
				const struct person *p, struct benefit *b, struct error *err)
{
	struct benefit_period period;
	struct date on;
	enum status st;
	int kind = name_table_value(kind_names, NAME_TABLE_COUNT(kind_names), req->kind);
	if (kind == 0)
		return error_set(err, req->kind[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD, "kind",
				 "奖励优惠种类应为 only_child_parent_reward（独生子女父母奖励费）、"
				 "rural_family_support（农村部分计划生育家庭奖励扶助）、"
				 "special_hardship_support（计划生育家庭特别扶助）或 other（其他奖励优惠）");
	if (req->period[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "period", "请填写所属期间，如 2026 或 2026-03");
	if (!benefit_period_parse(req->period, &period))
		return error_set(err, ST_INVALID_INPUT, "period",
				 "所属期间应为 2026（全年）、2026-03（一个月）或 2026-01..2026-06"
				 "（起止月份，起不晚于止）");
	if (req->amount[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "amount", "请填写金额（元），如 960.00");
	if (!benefit_amount_parse(req->amount, &b->amount_fen))
		return error_set(err, ST_INVALID_INPUT, "amount",
				 "金额应为不超过 1000000 元的数字，最多两位小数，如 960.00 或 120");
	if ((st = field_past_date(req->granted_on, false, p->birth_date, &reg->today,
				  "granted_on", "核定日期", &on, err)) != ST_OK ||
	    (st = field_text(req->note, "note", "备注", 0, BENEFIT_NOTE_MAX_CHARS, err)) != ST_OK)
		return st;
	b->person_id = p->id;
	b->kind = (enum benefit_kind)kind;
	b->state = BENEFIT_GRANTED;
	snprintf(b->period, sizeof b->period, "%s", req->period);
	date_format(&on, b->granted_on, sizeof b->granted_on);
	snprintf(b->note, sizeof b->note, "%s", req->note);
	return ST_OK;
}

/* "独生子女父母奖励费 2026 960.00 元" */
static void describe_benefit(const struct benefit *b, char *buf, size_t size)
{
	char amount[BENEFIT_AMOUNT_SIZE];
	benefit_amount_format(b->amount_fen, amount, sizeof amount);
	snprintf(buf, size, "%s %s %s 元", benefit_kind_label(b->kind), b->period, amount);
}

/* Runs update and event of an existing benefit as one write. */
static enum status benefit_write(const struct registry *reg, struct benefit *b, int64_t version,
				 const char *actor, const char *action, const char *detail,
				 struct error *err)
{
	enum status st = store_write_begin(reg->store, err);
	if (st != ST_OK)
		return st;
	st = store_benefit_update(reg->store, b, version, err);
	if (st == ST_OK)
		st = event_add(reg, b->person_id, "benefit", b->id, actor, action, err, "%s", detail);
	return finish_write(reg, st, err);
}

enum status benefit_grant(const struct registry *reg, const struct benefit_request *req,
			  const char *actor, struct benefit *out, struct error *err)
{
	struct person p;
	char what[160];
	memset(out, 0, sizeof *out);
	enum status st = person_get(reg, req->person_id, &p, err);
	if (st != ST_OK || (st = fill_benefit(reg, req, &p, out, err)) != ST_OK)
		return st;
	describe_benefit(out, what, sizeof what);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_benefit_insert(reg->store, out, err);
	if (st == ST_OK)
		st = event_add(reg, p.id, "benefit", out->id, actor, "benefit.grant", err,
			       "核定奖励优惠：%s（%s）", what, out->granted_on);
	return finish_write(reg, st, err);
}

static enum status refuse_benefit_state(const struct benefit *b, const char *what,
					struct error *err)
{
	return error_set(err, ST_INVALID_STATE, "state", "该奖励优惠%s，不能%s",
			 benefit_state_label(b->state), what);
}

enum status benefit_record_payment(const struct registry *reg, int64_t id, const char *paid_on,
				   const char *actor, struct benefit *out, struct error *err)
{
	struct date on;
	char what[160], detail[256];
	enum status st = store_benefit_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->state != BENEFIT_GRANTED)
		return refuse_benefit_state(out, "登记发放", err);
	if ((st = field_past_date(paid_on ? paid_on : "", false, out->granted_on, &reg->today,
				  "paid_on", "发放日期", &on, err)) != ST_OK)
		return st;
	int64_t version = out->version;
	out->state = BENEFIT_PAID;
	date_format(&on, out->paid_on, sizeof out->paid_on);
	describe_benefit(out, what, sizeof what);
	snprintf(detail, sizeof detail, "发放奖励优惠：%s（%s）", what, out->paid_on);
	return benefit_write(reg, out, version, actor, "benefit.pay", detail, err);
}

enum status benefit_cancel(const struct registry *reg, int64_t id, const char *reason,
			   const char *actor, struct benefit *out, struct error *err)
{
	char what[160], detail[512];
	enum status st = store_benefit_get(reg->store, id, out, err);
	if (st != ST_OK)
		return st;
	if (out->state != BENEFIT_GRANTED)
		return refuse_benefit_state(out, "撤销", err);
	if ((st = field_text(reason ? reason : "", "reason", "撤销原因", 2,
				      BENEFIT_NOTE_MAX_CHARS, err)) != ST_OK)
		return st;
	int64_t version = out->version;
	size_t used = strlen(out->note);
	snprintf(out->note + used, sizeof out->note - used, "%s撤销原因：%s", used ? "；" : "",
		 reason);
	out->state = BENEFIT_CANCELLED;
	describe_benefit(out, what, sizeof what);
	snprintf(detail, sizeof detail, "撤销奖励优惠：%s，原因：%s", what, reason);
	text_trim_partial_utf8(detail);
	return benefit_write(reg, out, version, actor, "benefit.cancel", detail, err);
}

enum status benefit_get(const struct registry *reg, int64_t id, struct benefit *out,
			struct error *err)
{
	return store_benefit_get(reg->store, id, out, err);
}

enum status benefit_list_for_person(const struct registry *reg, int64_t person_id,
				    struct benefit *out, size_t max, size_t *count,
				    struct error *err)
{
	return store_benefit_list_for_person(reg->store, person_id, out, max, count, err);
}
