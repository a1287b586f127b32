/*
 * organization.c — the rules of the organizations register (§3).
 */
#include "core/name_table.h"
#include "domain/organization.h"

#include <stdio.h>
#include <string.h>

#include "domain/field.h"
#include "store/store.h"

#define RESPONSIBLE_PERSON_MAX_CHARS PERSON_NAME_MAX_CHARS

static const char *const kind_names[] = {"", "department", "unit", "construction_enterprise",
					 "individual_business", "service_institution"};
static const char *const kind_labels[] = {"", "职能部门", "机关、团体、企事业单位",
					  "建筑施工企业", "个体工商户", "服务机构"};
static const char *const department_names[] = {
	"", "publicity", "comprehensive", "police", "commerce", "population", "civil_affairs",
	"health", "construction", "labour", "transport", "housing"};
static const char *const department_labels[] = {"", "宣传", "综治", "公安", "工商", "人口", "民政",
						"卫生", "建设", "劳动保障", "交通", "房管"};
static const char *const field_names[ORGANIZATION_FIELD_COUNT] = {
	[ORGANIZATION_FIELD_KIND] = "kind",
	[ORGANIZATION_FIELD_DEPARTMENT] = "department",
	[ORGANIZATION_FIELD_NAME] = "name",
	[ORGANIZATION_FIELD_CREDIT_CODE] = "credit_code",
	[ORGANIZATION_FIELD_DIVISION] = "division",
	[ORGANIZATION_FIELD_ADDRESS] = "address",
	[ORGANIZATION_FIELD_RESPONSIBLE_PERSON] = "responsible_person",
	[ORGANIZATION_FIELD_CONTACT_PHONE] = "contact_phone",
};


const char *organization_kind_name(enum organization_kind k) { return NAME_TABLE_AT(kind_names, k); }
const char *organization_kind_label(enum organization_kind k) { return NAME_TABLE_AT(kind_labels, k); }
const char *organization_department_name(enum organization_department d) { return NAME_TABLE_AT(department_names, d); }
const char *organization_department_label(enum organization_department d) { return NAME_TABLE_AT(department_labels, d); }
const char *organization_field_name(enum organization_field f) { return NAME_TABLE_AT(field_names, f); }

bool organization_kind_parse(const char *name, enum organization_kind *out)
{
	int i = name_table_value(kind_names, NAME_TABLE_COUNT(kind_names), name);
	if (i == 0)
		return false;
	*out = (enum organization_kind)i;
	return true;
}

bool organization_field_parse(const char *name, enum organization_field *out)
{
	int i = name_table_find(field_names, NAME_TABLE_COUNT(field_names), name);
	if (i < 0)
		return false;
	*out = (enum organization_field)i;
	return true;
}

void organization_field_value(const struct organization *o, enum organization_field f,
			      char *buf, size_t size)
{
	const char *value = "";
	switch (f) {
	case ORGANIZATION_FIELD_KIND: value = organization_kind_name(o->kind); break;
	case ORGANIZATION_FIELD_DEPARTMENT: value = organization_department_name(o->department); break;
	case ORGANIZATION_FIELD_NAME: value = o->name; break;
	case ORGANIZATION_FIELD_CREDIT_CODE: value = o->credit_code; break;
	case ORGANIZATION_FIELD_DIVISION: value = o->division; break;
	case ORGANIZATION_FIELD_ADDRESS: value = o->address; break;
	case ORGANIZATION_FIELD_RESPONSIBLE_PERSON: value = o->responsible_person; break;
	case ORGANIZATION_FIELD_CONTACT_PHONE: value = o->contact_phone; break;
	case ORGANIZATION_FIELD_COUNT: break;
	}
	snprintf(buf, size, "%s", value);
}

/* Kinds that must give their credit code: those registered with 工商 or 民政. */
static bool kind_needs_credit_code(enum organization_kind k)
{
	return k == ORGANIZATION_UNIT || k == ORGANIZATION_CONSTRUCTION_ENTERPRISE ||
	       k == ORGANIZATION_INDIVIDUAL_BUSINESS;
}

static enum status check_kind(const char *const *v, struct organization *o, struct error *err)
{
	const char *kind = v[ORGANIZATION_FIELD_KIND], *dept = v[ORGANIZATION_FIELD_DEPARTMENT];
	if (kind[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "kind", "请选择单位类别");
	if (!organization_kind_parse(kind, &o->kind))
		return error_set(err, ST_INVALID_CODE, "kind",
				 "单位类别应为 department、unit、construction_enterprise、"
				 "individual_business 或 service_institution");
	if (o->kind != ORGANIZATION_DEPARTMENT) {
		if (dept[0])
			return error_set(err, ST_INVALID_INPUT, "department",
					 "只有职能部门才填写部门；其他类别请留空");
		o->department = DEPARTMENT_NONE;
		return ST_OK;
	}
	if (dept[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "department", "职能部门须选择是哪个部门");
	int d = name_table_value(department_names, NAME_TABLE_COUNT(department_names), dept);
	if (d == 0)
		return error_set(err, ST_INVALID_CODE, "department",
				 "部门应为 publicity、comprehensive、police、commerce、population、"
				 "civil_affairs、health、construction、labour、transport 或 housing");
	o->department = (enum organization_department)d;
	return ST_OK;
}

/* The division: the city itself, or a town or community inside it. */
static enum status check_division(const struct registry *reg, const char *given,
				  struct organization *o, struct error *err)
{
	if (given[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "division", "请选择单位所在的镇（街道）或社区");
	const struct division *place = division_table_resolve(reg->divisions, given);
	if (place == NULL || !division_contains(reg->city, place->code) ||
	    (place->level != DIVISION_CITY && place->level != DIVISION_TOWN &&
	     place->level != DIVISION_VILLAGE))
		return error_set(err, ST_INVALID_DIVISION, "division",
				 "单位所在地应为本市、本市的镇（街道）或社区（村）");
	memcpy(o->division, place->code, sizeof o->division);
	return ST_OK;
}

enum status organization_check(const struct registry *reg, const struct organization_request *req,
			       struct organization *out, struct error *err)
{
	const char *v[ORGANIZATION_FIELD_COUNT];
	enum status st;
	for (int f = 0; f < ORGANIZATION_FIELD_COUNT; f++)
		v[f] = req->values[f];
	memset(out, 0, sizeof *out);
	if ((st = check_kind(v, out, err)) != ST_OK ||
	    (st = field_text(v[ORGANIZATION_FIELD_NAME], "name", "单位名称",
			     ORGANIZATION_NAME_MIN_CHARS, ORGANIZATION_NAME_MAX_CHARS, err)) != ST_OK)
		return st;
	const char *code = v[ORGANIZATION_FIELD_CREDIT_CODE];
	if (code[0] == '\0' && kind_needs_credit_code(out->kind))
		return error_set(err, ST_MISSING_FIELD, "credit_code",
				 "%s须填写统一社会信用代码（见营业执照或登记证书）",
				 organization_kind_label(out->kind));
	if (code[0] && (st = credit_code_validate(code, out->credit_code, "credit_code", err)) != ST_OK)
		return st;
	if ((st = check_division(reg, v[ORGANIZATION_FIELD_DIVISION], out, err)) != ST_OK ||
	    (st = field_text(v[ORGANIZATION_FIELD_ADDRESS], "address", "地址", 0,
			     PERSON_ADDRESS_MAX_CHARS, err)) != ST_OK ||
	    (st = field_text(v[ORGANIZATION_FIELD_RESPONSIBLE_PERSON], "responsible_person",
			     "负责人", 0, RESPONSIBLE_PERSON_MAX_CHARS, err)) != ST_OK ||
	    (st = field_phone(v[ORGANIZATION_FIELD_CONTACT_PHONE], "contact_phone", err)) != ST_OK)
		return st;
	snprintf(out->name, sizeof out->name, "%s", v[ORGANIZATION_FIELD_NAME]);
	snprintf(out->address, sizeof out->address, "%s", v[ORGANIZATION_FIELD_ADDRESS]);
	snprintf(out->responsible_person, sizeof out->responsible_person, "%s",
		 v[ORGANIZATION_FIELD_RESPONSIBLE_PERSON]);
	snprintf(out->contact_phone, sizeof out->contact_phone, "%s",
		 v[ORGANIZATION_FIELD_CONTACT_PHONE]);
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

enum status organization_create(const struct registry *reg, const struct organization_request *req,
				const char *actor, struct organization *out, struct error *err)
{
	enum status st = organization_check(reg, req, out, err);
	if (st != ST_OK || (st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	return finish_write(reg, store_organization_insert(reg->store, out, actor, err), err);
}

enum status organization_update(const struct registry *reg, int64_t id, int64_t expected_version,
				const struct organization_request *req, const char *actor,
				struct organization *out, size_t *changed, struct error *err)
{
	struct organization before;
	struct organization_request merged;
	struct organization_change changes[ORGANIZATION_FIELD_COUNT];
	enum status st = store_organization_get(reg->store, id, &before, err);
	*changed = 0;
	if (st != ST_OK)
		return st;
	if (before.version != expected_version)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "单位信息已被他人修改（现为第 %lld 版），请刷新后在最新版本上修改",
				 (long long)before.version);
	memset(&merged, 0, sizeof merged);
	for (int f = 0; f < ORGANIZATION_FIELD_COUNT; f++) {
		if (req->present[f])
			snprintf(merged.values[f], sizeof merged.values[f], "%s", req->values[f]);
		else
			organization_field_value(&before, (enum organization_field)f, merged.values[f],
						 sizeof merged.values[f]);
	}
	/* A kind other than department drops the department it had. */
	if (req->present[ORGANIZATION_FIELD_KIND] && !req->present[ORGANIZATION_FIELD_DEPARTMENT] &&
	    strcmp(merged.values[ORGANIZATION_FIELD_KIND], "department") != 0)
		merged.values[ORGANIZATION_FIELD_DEPARTMENT][0] = '\0';
	if ((st = organization_check(reg, &merged, out, err)) != ST_OK)
		return st;
	for (int f = 0; f < ORGANIZATION_FIELD_COUNT; f++) {
		struct organization_change *c = &changes[*changed];
		c->field = (enum organization_field)f;
		organization_field_value(&before, c->field, c->old_value, sizeof c->old_value);
		organization_field_value(out, c->field, c->new_value, sizeof c->new_value);
		if (strcmp(c->old_value, c->new_value) != 0)
			(*changed)++;
	}
	out->id = before.id;
	out->version = before.version;
	out->created_at = before.created_at;
	out->updated_at = before.updated_at;
	if (*changed == 0)
		return ST_OK;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_organization_update(reg->store, out, expected_version, changes, *changed, actor,
				       err);
	if (st == ST_VERSION_CONFLICT) {
		store_write_cancel(reg->store);
		return st;
	}
	return finish_write(reg, st, err);
}

enum status organization_get(const struct registry *reg, int64_t id, struct organization *out,
			     struct error *err)
{
	return store_organization_get(reg->store, id, out, err);
}

enum status organization_search(const struct registry *reg, const struct organization_query *q,
				struct organization *out, size_t *count, bool *more,
				struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > ORGANIZATION_LIST_MAX - 1)
		limit = ORGANIZATION_LIST_MAX - 1;
	enum status st = store_organization_search(reg->store, q, out, limit + 1, count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}

enum status organization_history(const struct registry *reg, int64_t id,
				 organization_history_fn fn, void *ctx, struct error *err)
{
	struct organization o;
	enum status st = store_organization_get(reg->store, id, &o, err);
	if (st != ST_OK)
		return st;
	return store_organization_history(reg->store, id, fn, ctx, err);
}
