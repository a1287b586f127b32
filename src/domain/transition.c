/*
 * transition.c — the rules of transitions and their evidence.
 */
#include "domain/transition.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/event.h"
#include "domain/codes.h"
#include "domain/inquiry.h"
#include "store/store.h"

#define STAY_MONTHS 12

static const char *const kind_names[] = {"", "handover", "resident_by_marriage",
					 "resident_by_stay", "left", "returned"};
static const char *const kind_labels[] = {"", "移交配偶所在地管理", "夫妻一方为本市户籍转常住管理",
					  "居住满一年转常住管理", "迁离", "返回"};

const char *transition_kind_name(enum transition_kind kind)
{
	return (unsigned)kind <= TRANSITION_RETURNED ? kind_names[kind] : "";
}

const char *transition_kind_label(enum transition_kind kind)
{
	return (unsigned)kind <= TRANSITION_RETURNED ? kind_labels[kind] : "";
}

bool transition_kind_parse(const char *name, enum transition_kind *out)
{
	for (int k = TRANSITION_HANDOVER; k <= TRANSITION_RETURNED; k++)
		if (strcmp(kind_names[k], name) == 0) {
			*out = (enum transition_kind)k;
			return true;
		}
	return false;
}

/* What the conditions are checked against, gathered once. */
struct facts {
	struct person person;
	const struct division *destination;  /* resolved, or NULL */
	bool inquiry_answered;                /* the named inquiry, about this person, answered */
	bool spouse_local;                    /* the spouse's ID number is of the city */
	bool proper_certificate;              /* a valid standard, transfer or external one */
	bool stayed_a_year;
};

static void add(struct transition_check *check, const char *code, const char *message, bool met)
{
	if (check->count >= TRANSITION_CONDITIONS_MAX)
		return;
	check->items[check->count++] = (struct transition_condition){code, message, met};
	if (!met)
		check->allowed = false;
}

static void check_handover(const struct transition_request *req, const struct facts *f,
			   const struct registry *reg, struct transition_check *c)
{
	const struct person *p = &f->person;
	add(c, "outflow", "须为本市户籍的流出人口", p->flow == FLOW_OUTFLOW);
	add(c, "floating", "须正在流动管理中", p->management == MANAGEMENT_FLOATING);
	add(c, "married", "档案婚姻状况须为已婚", codes_marital_status_is_married(p->marital_status));
	add(c, "destination_outside_city", "须填写本市以外的配偶所在地（县级或以下区划）",
	    f->destination && f->destination->level >= DIVISION_COUNTY &&
		    !division_contains(reg->city, f->destination->code));
	add(c, "long_term_residence", "须核实在配偶所在地长期居住", req->long_term_residence);
	add(c, "fixed_residence", "须核实有固定住所", req->fixed_residence);
	add(c, "spouse_name", "须填写配偶姓名（移交用婚育证明载明）", req->spouse_name[0] != '\0');
}

static void check_resident_by_marriage(const struct transition_request *req,
				       const struct facts *f, struct transition_check *c)
{
	const struct person *p = &f->person;
	add(c, "inflow", "须为户籍在外地的流入人口", p->flow == FLOW_INFLOW);
	add(c, "floating", "须正在流动管理中", p->management == MANAGEMENT_FLOATING);
	add(c, "married", "档案婚姻状况须为已婚", codes_marital_status_is_married(p->marital_status));
	add(c, "spouse_local_hukou", "配偶须为本市户籍（按配偶公民身份号码核对）", f->spouse_local);
	add(c, "long_term_residence", "须核实在本市长期居住", req->long_term_residence);
	add(c, "fixed_residence", "须核实有固定住所", req->fixed_residence);
	add(c, "inquiry_answered", "须有已回复的本人婚姻状况函调", f->inquiry_answered);
}

static void check_resident_by_stay(const struct transition_request *req, const struct facts *f,
				   struct transition_check *c)
{
	const struct person *p = &f->person;
	add(c, "inflow", "须为户籍在外地的流入人口", p->flow == FLOW_INFLOW);
	add(c, "floating", "须正在流动管理中", p->management == MANAGEMENT_FLOATING);
	add(c, "one_year", "须自流入时间起在本市居住满一年", f->stayed_a_year);
	add(c, "fixed_residence", "须核实有固定住所", req->fixed_residence);
	add(c, "intent_to_stay", "须核实有在本市长期居住的意愿", req->intent_to_stay);
	add(c, "inquiry_answered", "须有已回复的本人婚姻状况函调", f->inquiry_answered);
	add(c, "certificate_issued", "须已办得有效的婚育证明", f->proper_certificate);
}

static void check_left(const struct facts *f, struct transition_check *c)
{
	enum person_management m = f->person.management;
	add(c, "not_away", "尚未迁离或移交", m == MANAGEMENT_FLOATING || m == MANAGEMENT_RESIDENT);
	add(c, "destination", "须填写迁往地（县级或以下区划）",
	    f->destination && f->destination->level >= DIVISION_COUNTY);
}

static void check_returned(const struct facts *f, struct transition_check *c)
{
	enum person_management m = f->person.management;
	add(c, "away", "须为已迁离或已移交的人员", m == MANAGEMENT_LEFT || m == MANAGEMENT_HANDED_OVER);
}

/* Checks the request's own values: these are input errors, not conditions. */
static enum status check_input(const struct registry *reg, const struct transition_request *req,
			       struct error *err)
{
	struct date on;
	if (req->kind < TRANSITION_HANDOVER || req->kind > TRANSITION_RETURNED)
		return error_set(err, ST_INVALID_INPUT, "kind",
				 "kind 应为 handover、resident_by_marriage、resident_by_stay、left 或 returned");
	if (req->effective_on[0] &&
	    (!date_parse(req->effective_on, &on) || date_compare(&on, &reg->today) > 0))
		return error_set(err, ST_INVALID_DATE, "effective_on", "办理日期应为真实日期，且不晚于今天");
	if (req->spouse_name[0] && !text_is_clean(req->spouse_name, PERSON_NAME_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, "spouse_name", "配偶姓名不超过 %d 个字",
				 PERSON_NAME_MAX_CHARS);
	if (req->destination_address[0] &&
	    !text_is_clean(req->destination_address, PERSON_ADDRESS_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, "destination_address", "地址不超过 %d 个字",
				 PERSON_ADDRESS_MAX_CHARS);
	if (req->documents[0] && !text_is_clean(req->documents, TRANSITION_TEXT_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, "documents", "查验材料不超过 %d 个字",
				 TRANSITION_TEXT_MAX_CHARS);
	if (req->destination_division[0] &&
	    division_table_resolve(reg->divisions, req->destination_division) == NULL)
		return error_set(err, ST_INVALID_DIVISION, "destination_division",
				 "迁往地或配偶所在地的区划代码不正确");
	return ST_OK;
}

static enum status gather(const struct registry *reg, int64_t person_id,
			  const struct transition_request *req, struct facts *f,
			  struct error *err)
{
	enum status st = person_get(reg, person_id, &f->person, err);
	if (st != ST_OK)
		return st;
	f->destination = req->destination_division[0]
				 ? division_table_resolve(reg->divisions, req->destination_division)
				 : NULL;
	if (req->inquiry_id > 0) {
		struct inquiry q;
		st = inquiry_get(reg, req->inquiry_id, &q, err);
		if (st == ST_NOT_FOUND)
			return error_set(err, ST_INVALID_INPUT, "inquiry_id", "所附函调不存在");
		if (st != ST_OK)
			return st;
		f->inquiry_answered = q.person_id == person_id && q.state == INQUIRY_ANSWERED;
	}
	if (req->spouse_id_number[0]) {
		struct idcard id;
		if ((st = idcard_validate(req->spouse_id_number, &reg->today, &id, "spouse_id_number",
					  err)) != ST_OK)
			return st;
		f->spouse_local = division_contains(reg->city, id.region);
	}
	struct date arrival;
	if (date_parse(f->person.arrival_date, &arrival)) {
		struct date year_on = date_add_months(&arrival, STAY_MONTHS);
		f->stayed_a_year = date_compare(&year_on, &reg->today) <= 0;
	}
	return certificate_person_holds(reg, person_id, CERTIFICATE_PROPER_KINDS,
					&f->proper_certificate, err);
}

static enum status check_with_facts(const struct registry *reg, int64_t person_id,
				    const struct transition_request *req, struct facts *f,
				    struct transition_check *check, struct error *err)
{
	memset(check, 0, sizeof *check);
	check->allowed = true;
	enum status st = check_input(reg, req, err);
	if (st != ST_OK || (st = gather(reg, person_id, req, f, err)) != ST_OK)
		return st;
	switch (req->kind) {
	case TRANSITION_HANDOVER:
		check_handover(req, f, reg, check);
		break;
	case TRANSITION_RESIDENT_BY_MARRIAGE:
		check_resident_by_marriage(req, f, check);
		break;
	case TRANSITION_RESIDENT_BY_STAY:
		check_resident_by_stay(req, f, check);
		break;
	case TRANSITION_LEFT:
		check_left(f, check);
		break;
	default:
		check_returned(f, check);
		break;
	}
	return ST_OK;
}

enum status transition_check(const struct registry *reg, int64_t person_id,
			     const struct transition_request *req,
			     struct transition_check *check, struct error *err)
{
	struct facts f = {0};
	return check_with_facts(reg, person_id, req, &f, check, err);
}

static enum person_management target_of(enum transition_kind kind)
{
	switch (kind) {
	case TRANSITION_HANDOVER:
		return MANAGEMENT_HANDED_OVER;
	case TRANSITION_RESIDENT_BY_MARRIAGE:
	case TRANSITION_RESIDENT_BY_STAY:
		return MANAGEMENT_RESIDENT;
	case TRANSITION_LEFT:
		return MANAGEMENT_LEFT;
	default:
		return MANAGEMENT_FLOATING;
	}
}

enum status transition_unmet_error(const struct transition_check *check, struct error *err)
{
	char list[ERROR_MESSAGE_MAX] = "";
	size_t used = 0;
	for (size_t i = 0; i < check->count; i++) {
		if (check->items[i].met)
			continue;
		int n = snprintf(list + used, sizeof list - used, "%s%s", used ? "；" : "",
				 check->items[i].message);
		if (n < 0 || (size_t)n >= sizeof list - used)
			break;
		used += (size_t)n;
	}
	text_trim_partial_utf8(list);
	return error_set(err, ST_CONDITION_UNMET, "", "办理条件尚不具备：%s", list);
}

static void fill_transition(const struct registry *reg, const struct facts *f,
			    const struct transition_request *req, const char *actor,
			    struct transition *t)
{
	memset(t, 0, sizeof *t);
	t->person_id = f->person.id;
	t->kind = req->kind;
	if (req->effective_on[0])
		snprintf(t->effective_on, sizeof t->effective_on, "%s", req->effective_on);
	else
		date_format(&reg->today, t->effective_on, sizeof t->effective_on);
	t->from_management = f->person.management;
	t->to_management = target_of(req->kind);
	t->inquiry_id = req->inquiry_id;
	if (f->destination)
		snprintf(t->destination_division, sizeof t->destination_division, "%s",
			 f->destination->code);
	snprintf(t->destination_address, sizeof t->destination_address, "%s",
		 req->destination_address);
	snprintf(t->documents, sizeof t->documents, "%s", req->documents);
	snprintf(t->actor, sizeof t->actor, "%s", actor);
}

/* The writes of an accepted transition; the caller's write is open. */
static enum status write_transition(const struct registry *reg, const struct facts *f,
				   const struct transition_request *req, const char *actor,
				   struct transition *t, struct certificate *certificate,
				   struct error *err)
{
	struct person after;
	enum status st;
	if (req->kind == TRANSITION_HANDOVER) {
		struct certificate_request transfer = {.kind = CERTIFICATE_TRANSFER};
		memcpy(transfer.spouse_name, req->spouse_name, sizeof transfer.spouse_name);
		memcpy(transfer.destination_division, t->destination_division,
		       sizeof transfer.destination_division);
		if ((st = certificate_issue_transfer(reg, &f->person, &transfer, actor, certificate,
						     err)) != ST_OK)
			return st;
		t->certificate_id = certificate->id;
	}
	if ((st = person_change_management(reg, f->person.id, f->person.version, t->to_management,
					   actor, &after, err)) != ST_OK ||
	    (st = store_transition_insert(reg->store, t, err)) != ST_OK)
		return st;
	char action[48];
	snprintf(action, sizeof action, "transition.%s", transition_kind_name(t->kind));
	return event_add(reg, f->person.id, "transition", t->id, actor, action, err, "%s：%s → %s",
			 transition_kind_label(t->kind), person_management_label(t->from_management),
			 person_management_label(t->to_management));
}

enum status transition_apply(const struct registry *reg, int64_t person_id,
			     const struct transition_request *req, const char *actor,
			     struct transition *out, struct certificate *certificate,
			     struct transition_check *check, struct error *err)
{
	struct facts f = {0};
	struct certificate unused;
	enum status st = check_with_facts(reg, person_id, req, &f, check, err);
	if (st != ST_OK)
		return st;
	if (!check->allowed)
		return transition_unmet_error(check, err);
	fill_transition(reg, &f, req, actor, out);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = write_transition(reg, &f, req, actor, out, certificate ? certificate : &unused,
				   err)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status transition_list(const struct registry *reg, int64_t person_id,
			    struct transition *out, size_t max, size_t *count,
			    struct error *err)
{
	return store_transition_list(reg->store, person_id, out, max, count, err);
}
