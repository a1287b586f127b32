/*
 * visit.c — the rules of joint registration visits (§3).
 */
#include "core/name_table.h"
#include "domain/visit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "domain/field.h"
#include "store/store.h"

static const char *const field_names[VISIT_FIELD_COUNT] = {
	[VISIT_FIELD_HOUSEHOLD_TYPE] = "household_type",
	[VISIT_FIELD_RESIDENCE_PERMIT] = "residence_permit",
	[VISIT_FIELD_POLICE_NOTE] = "police_note",
	[VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE] = "women_of_childbearing_age",
	[VISIT_FIELD_CONTRACEPTION_NOTE] = "contraception_note",
	[VISIT_FIELD_CERTIFICATE_NOTE] = "certificate_note",
	[VISIT_FIELD_FP_NOTE] = "fp_note",
};
static const char *const field_labels[VISIT_FIELD_COUNT] = {
	"户别", "居住证情况", "公安备注", "育龄妇女人数", "避孕节育情况", "婚育证明情况", "计生备注",
};
static const char *const household_types[] = {"family", "collective", "rental"};
static const char *const household_labels[] = {"家庭户", "集体户", "出租房"};
static const char *const relation_names[] = {"", "head", "spouse", "child", "tenant", "other"};
static const char *const relation_labels[] = {"", "户主", "配偶", "子女", "租户", "其他"};


const char *visit_part_name(enum visit_part part)
{
	return part == VISIT_PART_POLICE ? "police" : "family";
}

const char *visit_field_name(enum visit_field f) { return NAME_TABLE_AT(field_names, f); }
const char *visit_relation_name(enum visit_relation r) { return NAME_TABLE_AT(relation_names, r); }
const char *visit_relation_label(enum visit_relation r) { return NAME_TABLE_AT(relation_labels, r); }

enum visit_part visit_field_part(enum visit_field f)
{
	return f < VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE ? VISIT_PART_POLICE : VISIT_PART_FAMILY;
}

bool visit_field_parse(const char *name, enum visit_field *out)
{
	for (int f = 0; f < VISIT_FIELD_COUNT; f++)
		if (strcmp(field_names[f], name) == 0) {
			*out = (enum visit_field)f;
			return true;
		}
	return false;
}

const char *visit_household_type_label(const char *code)
{
	for (size_t i = 0; i < NAME_TABLE_COUNT(household_types); i++)
		if (strcmp(household_types[i], code) == 0)
			return household_labels[i];
	return "";
}

bool visit_relation_parse(const char *name, enum visit_relation *out)
{
	for (size_t i = 1; i < NAME_TABLE_COUNT(relation_names); i++)
		if (strcmp(relation_names[i], name) == 0) {
			*out = (enum visit_relation)i;
			return true;
		}
	return false;
}

/* One field's value: the household type from its list, the count 0..99, notes as text. */
static enum status check_field(enum visit_field f, const char *value, struct error *err)
{
	const char *name = field_names[f];
	switch (f) {
	case VISIT_FIELD_HOUSEHOLD_TYPE:
		if (value[0] && visit_household_type_label(value)[0] == '\0')
			return error_set(err, ST_INVALID_CODE, name,
					 "户别应为 family（家庭户）、collective（集体户）或 rental（出租房）");
		return ST_OK;
	case VISIT_FIELD_WOMEN_OF_CHILDBEARING_AGE:
		if (value[0] && (!text_is_digits(value) || strlen(value) > 2))
			return error_set(err, ST_INVALID_INPUT, name,
					 "育龄妇女人数应为 0 到 %d 的整数", VISIT_WOMEN_MAX);
		return ST_OK;
	case VISIT_FIELD_RESIDENCE_PERMIT:
		return field_text(value, name, field_labels[f], 0, VISIT_PERMIT_MAX_CHARS, err);
	default:
		return field_text(value, name, field_labels[f], 0, VISIT_NOTE_MAX_CHARS, err);
	}
}

/*
 * The present fields of `req`: each must belong to `part`; checked and
 * copied into `v`.
 */
static enum status check_part(const struct visit_request *req, enum visit_part part,
			      struct visit *v, struct error *err)
{
	for (int f = 0; f < VISIT_FIELD_COUNT; f++) {
		if (!req->present[f])
			continue;
		if (visit_field_part((enum visit_field)f) != part)
			return error_set(err, ST_UNKNOWN_FIELD, field_names[f],
					 "“%s”属于%s部分，只能由%s填写", field_labels[f],
					 part == VISIT_PART_POLICE ? "计生" : "公安",
					 part == VISIT_PART_POLICE ? "社区计生专管员" : "派出所民警");
		enum status st = check_field((enum visit_field)f, req->values[f], err);
		if (st != ST_OK)
			return st;
		snprintf(v->values[f], sizeof v->values[f], "%s", req->values[f]);
	}
	return ST_OK;
}

/*
 * A person to link: exists inside `scope` (ST_NOT_FOUND otherwise, as if
 * it did not exist) and lives in the visit's community.
 */
static enum status check_person(const struct registry *reg, const struct visit *v,
				const struct visit_person_request *req, const char *scope,
				struct visit_person *out, struct error *err)
{
	struct person p;
	enum status st;
	memset(out, 0, sizeof *out);
	if (!visit_relation_parse(req->relation, &out->relation))
		return error_set(err, req->relation[0] ? ST_INVALID_CODE : ST_MISSING_FIELD,
				 "relation",
				 "与户主关系应为 head（户主）、spouse（配偶）、child（子女）、"
				 "tenant（租户）或 other（其他）");
	st = req->person_id > 0 ? person_get(reg, req->person_id, &p, err) : ST_NOT_FOUND;
	if (st == ST_NOT_FOUND || (st == ST_OK && !division_contains(scope, p.residence_division)))
		return error_set(err, ST_NOT_FOUND, "person_id",
				 "人员档案不存在或不在您的管辖范围内，请先登记档案");
	if (st != ST_OK)
		return st;
	if (strcmp(p.residence_division, v->community) != 0)
		return error_set(err, ST_NOT_ALLOWED, "person_id",
				 "该人员的现居住地不在本次走访的社区，请先核实或变更其档案");
	out->person_id = p.id;
	snprintf(out->name, sizeof out->name, "%s", p.name);
	idcard_mask(p.id_number, out->id_number_masked, sizeof out->id_number_masked);
	return ST_OK;
}

enum status visit_check_place(const struct registry *reg, const struct visit_request *req,
			      char community[DIVISION_CODE_SIZE], struct error *err)
{
	if (req->community[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "community", "请选择走访的社区（村）");
	const struct division *place = division_table_resolve(reg->divisions, req->community);
	if (place == NULL || place->level != DIVISION_VILLAGE ||
	    !division_contains(reg->city, place->code))
		return error_set(err, ST_INVALID_DIVISION, "community",
				 "走访地点应为本市的社区（村），12 位区划代码");
	memcpy(community, place->code, DIVISION_CODE_SIZE);
	return ST_OK;
}

/*
 * Ends a write begun with store_write_begin: commits if `st` is ST_OK, else
 * aborts (something may have been written) and returns `st`.
 */
static enum status finish_write(const struct registry *reg, enum status st, struct error *err)
{
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status visit_create(const struct registry *reg, const struct visit_request *req,
			 enum visit_part side, const char *scope, const char *actor,
			 struct visit *out, struct error *err)
{
	struct date visited;
	enum status st;
	memset(out, 0, sizeof *out);
	if ((st = visit_check_place(reg, req, out->community, err)) != ST_OK ||
	    (st = field_text(req->address, "address", "走访地址", 2, PERSON_ADDRESS_MAX_CHARS,
			     err)) != ST_OK ||
	    (st = field_past_date(req->visited_on, true, NULL, &reg->today, "visited_on",
				  "走访日期", &visited, err)) != ST_OK ||
	    (st = check_part(req, side, out, err)) != ST_OK)
		return st;
	snprintf(out->address, sizeof out->address, "%s", req->address);
	date_format(&visited, out->visited_on, sizeof out->visited_on);
	if (req->person_count == 0)
		return error_set(err, ST_MISSING_FIELD, "persons", "请至少登记户内的一名人员");
	if (req->person_count > VISIT_PERSONS_MAX)
		return error_set(err, ST_INVALID_INPUT, "persons", "一户最多登记 %d 人",
				 VISIT_PERSONS_MAX);
	for (size_t i = 0; i < req->person_count; i++) {
		for (size_t j = 0; j < i; j++)
			if (req->persons[j].person_id == req->persons[i].person_id)
				return error_set(err, ST_INVALID_INPUT, "persons",
						 "同一人员重复出现，请删除重复的一项");
		if ((st = check_person(reg, out, &req->persons[i], scope, &out->persons[i], err)) !=
		    ST_OK)
			return st;
	}
	out->person_count = req->person_count;
	snprintf(side == VISIT_PART_POLICE ? out->police_officer : out->community_officer,
		 VISIT_OFFICER_SIZE, "%s", actor);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	return finish_write(reg, store_visit_insert(reg->store, out, actor, err), err);
}

enum status visit_update_part(const struct registry *reg, int64_t id, enum visit_part part,
			      int64_t expected_version, const struct visit_request *req,
			      const char *actor, struct visit *out, size_t *changed,
			      struct error *err)
{
	struct visit_change *changes = NULL;
	enum status st = visit_get(reg, id, out, err);
	*changed = 0;
	if (st != ST_OK)
		return st;
	int64_t stored = part == VISIT_PART_POLICE ? out->police_version : out->fp_version;
	if (stored != expected_version)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "%s部分已被他人修改（现为第 %lld 版），请刷新后在最新版本上修改",
				 part == VISIT_PART_POLICE ? "公安" : "计生", (long long)stored);
	struct visit after = *out;
	if ((st = check_part(req, part, &after, err)) != ST_OK)
		return st;
	changes = calloc(VISIT_FIELD_COUNT, sizeof *changes);
	if (changes == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	for (int f = 0; f < VISIT_FIELD_COUNT; f++) {
		if (strcmp(out->values[f], after.values[f]) == 0)
			continue;
		struct visit_change *c = &changes[(*changed)++];
		c->field = (enum visit_field)f;
		snprintf(c->old_value, sizeof c->old_value, "%s", out->values[f]);
		snprintf(c->new_value, sizeof c->new_value, "%s", after.values[f]);
	}
	if (*changed == 0)
		goto out_free_changes;
	char *officer = part == VISIT_PART_POLICE ? after.police_officer : after.community_officer;
	if (officer[0] == '\0')
		snprintf(officer, VISIT_OFFICER_SIZE, "%s", actor);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		goto out_free_changes;
	st = store_visit_update_part(reg->store, &after, part, expected_version, changes, *changed,
				     actor, err);
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		goto out_free_changes;
	}
	if ((st = finish_write(reg, st, err)) == ST_OK)
		*out = after;
out_free_changes:
	free(changes);
	return st;
}

enum status visit_add_person(const struct registry *reg, int64_t id,
			     const struct visit_person_request *person, const char *scope,
			     const char *actor, struct visit *out, struct error *err)
{
	struct visit_person linked;
	enum status st = visit_get(reg, id, out, err);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < out->person_count; i++)
		if (out->persons[i].person_id == person->person_id)
			return error_set(err, ST_INVALID_STATE, "person_id", "该人员已在本次走访中");
	if (out->person_count >= VISIT_PERSONS_MAX)
		return error_set(err, ST_INVALID_STATE, "persons", "一户最多登记 %d 人",
				 VISIT_PERSONS_MAX);
	if ((st = check_person(reg, out, person, scope, &linked, err)) != ST_OK ||
	    (st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = finish_write(reg, store_visit_add_person(reg->store, out, &linked, actor, err), err);
	if (st == ST_OK)
		out->persons[out->person_count++] = linked;
	return st;
}

enum status visit_get(const struct registry *reg, int64_t id, struct visit *out,
		      struct error *err)
{
	struct person p;
	enum status st = store_visit_get(reg->store, id, out, err);
	for (size_t i = 0; st == ST_OK && i < out->person_count; i++) {
		struct visit_person *vp = &out->persons[i];
		if ((st = person_get(reg, vp->person_id, &p, err)) != ST_OK)
			break;
		snprintf(vp->name, sizeof vp->name, "%s", p.name);
		idcard_mask(p.id_number, vp->id_number_masked, sizeof vp->id_number_masked);
	}
	return st;
}

enum status visit_search(const struct registry *reg, const struct visit_query *q,
			 struct visit *out, size_t *count, bool *more, struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > VISIT_LIST_MAX - 1)
		limit = VISIT_LIST_MAX - 1;
	enum status st = store_visit_search(reg->store, q, out, limit + 1, count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}
