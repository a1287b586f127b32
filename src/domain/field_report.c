/*
 * field_report.c — the rules of field reports (§6(3)): kinds, routing to
 * the town/street office, and the steps received → verified → closed.
 */
#include "core/name_table.h"
#include "domain/field_report.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/text.h"
#include "domain/field.h"
#include "domain/housing.h"
#include "store/store.h"

static const char *const kind_names[FIELD_REPORT_KIND_END] = {
	"", "move_in", "move_out", "rental", "transfer", "sale", "birth", "unclear", "other"};
static const char *const kind_labels[FIELD_REPORT_KIND_END] = {
	"", "入住", "搬离", "房屋出租", "房屋转让", "房屋买卖", "生育", "不明生育或情况不明", "其他"};
static const char *const state_names[FIELD_REPORT_STATE_END] = {"", "received", "verified",
								 "closed"};
static const char *const state_labels[FIELD_REPORT_STATE_END] = {"", "已接收", "已核实", "已办结"};


const char *field_report_kind_name(enum field_report_kind k) { return NAME_TABLE_AT(kind_names, k); }
const char *field_report_kind_label(enum field_report_kind k) { return NAME_TABLE_AT(kind_labels, k); }
const char *field_report_state_name(enum field_report_state s) { return NAME_TABLE_AT(state_names, s); }
const char *field_report_state_label(enum field_report_state s) { return NAME_TABLE_AT(state_labels, s); }

bool field_report_kind_parse(const char *name, enum field_report_kind *out)
{
	*out = (enum field_report_kind)name_table_value(kind_names, NAME_TABLE_COUNT(kind_names), name);
	return *out != FIELD_REPORT_KIND_NONE;
}

bool field_report_state_parse(const char *name, enum field_report_state *out)
{
	*out = (enum field_report_state)name_table_value(state_names, NAME_TABLE_COUNT(state_names), name);
	return *out != FIELD_REPORT_STATE_NONE;
}

bool field_report_office_of(const char *community, char office[DIVISION_CODE_SIZE])
{
	if (community == NULL || strlen(community) != 12 || !text_is_digits(community))
		return false;
	memcpy(office, community, 9);
	office[9] = '\0';
	return true;
}

enum status field_report_create(const struct registry *reg, struct field_report *r,
				struct error *err)
{
	enum status st;
	if (r->kind <= FIELD_REPORT_KIND_NONE || r->kind >= FIELD_REPORT_KIND_END)
		return error_set(err, ST_INVALID_CODE, "kind",
				 "报告类别应为 move_in、move_out、rental、transfer、sale、birth、"
				 "unclear 或 other");
	if (r->community[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "community", "请选择发生地所在的社区（村）");
	const struct division *place = division_table_resolve(reg->divisions, r->community);
	if (place == NULL || place->level != DIVISION_VILLAGE ||
	    !division_contains(reg->city, place->code) ||
	    !field_report_office_of(place->code, r->office_division))
		return error_set(err, ST_INVALID_DIVISION, "community",
				 "发生地应为本市的社区（村），请选择 12 位区划代码");
	memcpy(r->community, place->code, sizeof r->community);
	if ((st = field_text(r->description, "description", "情况说明", FIELD_REPORT_TEXT_MIN_CHARS,
			     FIELD_REPORT_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	if (r->person_id) {
		struct person p;
		if (person_get(reg, r->person_id, &p, NULL) != ST_OK)
			return error_set(err, ST_NOT_FOUND, "person_id", "所报人员的档案不存在");
	}
	if (r->home_id) {
		struct home h;
		if (home_get(reg, r->home_id, &h, NULL) != ST_OK)
			return error_set(err, ST_NOT_FOUND, "home_id", "所报房屋不存在");
	}
	r->state = FIELD_REPORT_RECEIVED;
	r->outcome[0] = '\0';
	r->changed_records[0] = '\0';
	r->received_at = (int64_t)time(NULL);
	r->verified_at = r->closed_at = 0;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = store_field_report_insert(reg->store, r, err)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status field_report_get(const struct registry *reg, int64_t id, struct field_report *out,
			     struct error *err)
{
	return store_field_report_get(reg->store, id, out, err);
}

enum status field_report_search(const struct registry *reg, const struct field_report_query *q,
				struct field_report *out, size_t *count, bool *more,
				struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > FIELD_REPORT_LIST_MAX - 1)
		limit = FIELD_REPORT_LIST_MAX - 1;
	enum status st = store_field_report_search(reg->store, q, out, limit + 1, count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}

/* Writes the changed state of `r` (based on its version), joining the caller's transaction. */
static enum status write_step(const struct registry *reg, struct field_report *r,
			      struct error *err)
{
	int64_t version = r->version;
	enum status st = store_write_begin(reg->store, err);
	if (st != ST_OK)
		return st;
	st = store_field_report_update(reg->store, r, version, err);
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

enum status field_report_verify(const struct registry *reg, struct field_report *r,
				const char *changed_records, struct error *err)
{
	if (r->state != FIELD_REPORT_RECEIVED)
		return error_set(err, ST_INVALID_STATE, "state", "只有已接收、尚未核实的报告才能核实（现为%s）",
				 field_report_state_label(r->state));
	r->state = FIELD_REPORT_VERIFIED;
	r->verified_at = (int64_t)time(NULL);
	snprintf(r->changed_records, sizeof r->changed_records, "%s", changed_records);
	return write_step(reg, r, err);
}

enum status field_report_close(const struct registry *reg, struct field_report *r,
			       const char *outcome, struct error *err)
{
	enum status st;
	if (r->state == FIELD_REPORT_CLOSED)
		return error_set(err, ST_INVALID_STATE, "state", "该报告已办结");
	if ((st = field_text(outcome, "outcome", "办理结果", FIELD_REPORT_TEXT_MIN_CHARS,
			     FIELD_REPORT_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	r->state = FIELD_REPORT_CLOSED;
	r->closed_at = (int64_t)time(NULL);
	snprintf(r->outcome, sizeof r->outcome, "%s", outcome);
	return write_step(reg, r, err);
}
