/*
 * person.c — the rules of the person registry.
 */
#include "domain/person.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "domain/codes.h"
#include "domain/field.h"
#include "store/store.h"

static const struct person_field_info fields[PERSON_FIELD_COUNT] = {
	[PERSON_ID_NUMBER] = {"id_number", "公民身份号码", true, false, true},
	[PERSON_NAME] = {"name", "姓名", true, false, false},
	[PERSON_SEX] = {"sex", "性别", false, true, false},
	[PERSON_BIRTH_DATE] = {"birth_date", "出生日期", false, true, false},
	[PERSON_ETHNICITY] = {"ethnicity", "民族", false, false, false},
	[PERSON_HUKOU_DIVISION] = {"hukou_division", "户籍地", true, false, false},
	[PERSON_HUKOU_ADDRESS] = {"hukou_address", "户籍地详细地址", false, false, false},
	[PERSON_RESIDENCE_DIVISION] = {"residence_division", "现居住社区（村）", true, false, false},
	[PERSON_RESIDENCE_ADDRESS] = {"residence_address", "现居住地详细地址", false, false, false},
	[PERSON_FLOW] = {"flow", "流动类型", true, false, false},
	[PERSON_MANAGEMENT] = {"management", "管理状态", false, false, false},
	[PERSON_MARITAL_STATUS] = {"marital_status", "婚姻状况", false, false, false},
	[PERSON_MARRIAGE_DATE] = {"marriage_date", "初婚（结婚）日期", false, false, false},
	[PERSON_ARRIVAL_DATE] = {"arrival_date", "流入（流出）日期", false, false, false},
	[PERSON_PHONE] = {"phone", "联系电话", false, false, true},
};

const struct person_field_info *person_field_info(enum person_field field)
{
	return &fields[field];
}

bool person_field_by_name(const char *name, enum person_field *out)
{
	for (int f = 0; f < PERSON_FIELD_COUNT; f++)
		if (strcmp(fields[f].name, name) == 0) {
			*out = (enum person_field)f;
			return true;
		}
	return false;
}

static const char *const flow_names[] = {"", "inflow", "outflow"};
static const char *const flow_labels[] = {"", "流入", "流出"};
static const char *const management_names[] = {"", "floating", "resident", "handed_over", "left"};
static const char *const management_labels[] = {"", "流动管理", "转为常住管理", "已移交", "已离开"};

const char *person_flow_name(enum person_flow flow)
{
	return (unsigned)flow <= FLOW_OUTFLOW ? flow_names[flow] : "";
}

const char *person_flow_label(enum person_flow flow)
{
	return (unsigned)flow <= FLOW_OUTFLOW ? flow_labels[flow] : "";
}

const char *person_management_name(enum person_management m)
{
	return (unsigned)m <= MANAGEMENT_LEFT ? management_names[m] : "";
}

const char *person_management_label(enum person_management m)
{
	return (unsigned)m <= MANAGEMENT_LEFT ? management_labels[m] : "";
}

bool person_flow_parse(const char *name, enum person_flow *out)
{
	for (int i = FLOW_INFLOW; i <= FLOW_OUTFLOW; i++)
		if (strcmp(name, flow_names[i]) == 0) {
			*out = (enum person_flow)i;
			return true;
		}
	return false;
}

bool person_management_parse(const char *name, enum person_management *out)
{
	for (int i = MANAGEMENT_FLOATING; i <= MANAGEMENT_LEFT; i++)
		if (strcmp(name, management_names[i]) == 0) {
			*out = (enum person_management)i;
			return true;
		}
	return false;
}

void person_field_text(const struct person *p, enum person_field field, char *buf, size_t size)
{
	const char *text = "";
	char sex[2] = {p->sex, '\0'};
	switch (field) {
	case PERSON_ID_NUMBER: text = p->id_number; break;
	case PERSON_NAME: text = p->name; break;
	case PERSON_SEX: text = p->sex ? sex : ""; break;
	case PERSON_BIRTH_DATE: text = p->birth_date; break;
	case PERSON_ETHNICITY: text = p->ethnicity; break;
	case PERSON_HUKOU_DIVISION: text = p->hukou_division; break;
	case PERSON_HUKOU_ADDRESS: text = p->hukou_address; break;
	case PERSON_RESIDENCE_DIVISION: text = p->residence_division; break;
	case PERSON_RESIDENCE_ADDRESS: text = p->residence_address; break;
	case PERSON_FLOW: text = person_flow_name(p->flow); break;
	case PERSON_MANAGEMENT: text = person_management_name(p->management); break;
	case PERSON_MARITAL_STATUS: text = p->marital_status; break;
	case PERSON_MARRIAGE_DATE: text = p->marriage_date; break;
	case PERSON_ARRIVAL_DATE: text = p->arrival_date; break;
	case PERSON_PHONE: text = p->phone; break;
	case PERSON_FIELD_COUNT: break;
	}
	snprintf(buf, size, "%s", text);
}

/* Copies trimmed text into a field buffer, refusing what does not fit. */
static enum status set_text(char *dst, size_t size, const char *value, enum person_field field,
			    struct error *err)
{
	if (!text_copy_trimmed(dst, size, value))
		return error_set(err, ST_INVALID_INPUT, fields[field].name, "%s过长，请精简后重新输入",
				 fields[field].label);
	return ST_OK;
}

enum status person_set_field(struct person *p, enum person_field field, const char *value,
			     struct error *err)
{
	const char *name = fields[field].name;
	if (fields[field].derived)
		return error_set(err, ST_INVALID_INPUT, name,
				 "%s由公民身份号码自动得出，无需填写", fields[field].label);
	switch (field) {
	case PERSON_ID_NUMBER:
		if (!text_copy_trimmed(p->id_number, sizeof p->id_number, value)) {
			error_set(err, ST_INVALID_ID_NUMBER, name, "%s",
				  idcard_reason_message(IDCARD_BAD_LENGTH));
			error_set_reason(err, idcard_reason_code(IDCARD_BAD_LENGTH));
			return ST_INVALID_ID_NUMBER;
		}
		return ST_OK;
	case PERSON_NAME: return set_text(p->name, sizeof p->name, value, field, err);
	case PERSON_ETHNICITY: return set_text(p->ethnicity, sizeof p->ethnicity, value, field, err);
	case PERSON_HUKOU_DIVISION:
		return set_text(p->hukou_division, sizeof p->hukou_division, value, field, err);
	case PERSON_HUKOU_ADDRESS:
		return set_text(p->hukou_address, sizeof p->hukou_address, value, field, err);
	case PERSON_RESIDENCE_DIVISION:
		return set_text(p->residence_division, sizeof p->residence_division, value, field, err);
	case PERSON_RESIDENCE_ADDRESS:
		return set_text(p->residence_address, sizeof p->residence_address, value, field, err);
	case PERSON_FLOW:
		if (!person_flow_parse(value, &p->flow))
			return error_set(err, ST_INVALID_INPUT, name,
					 "流动类型只能是 inflow（流入）或 outflow（流出）");
		return ST_OK;
	case PERSON_MANAGEMENT:
		if (!person_management_parse(value, &p->management))
			return error_set(err, ST_INVALID_INPUT, name,
					 "管理状态只能是 floating、resident、handed_over 或 left");
		return ST_OK;
	case PERSON_MARITAL_STATUS:
		return set_text(p->marital_status, sizeof p->marital_status, value, field, err);
	case PERSON_MARRIAGE_DATE:
		return set_text(p->marriage_date, sizeof p->marriage_date, value, field, err);
	case PERSON_ARRIVAL_DATE:
		return set_text(p->arrival_date, sizeof p->arrival_date, value, field, err);
	case PERSON_PHONE: return set_text(p->phone, sizeof p->phone, value, field, err);
	default:
		return error_set(err, ST_UNKNOWN_FIELD, "", NULL);
	}
}

/* --- whole-record rules ------------------------------------------------ */

static enum status check_name(struct person *p, struct error *err)
{
	if (p->name[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "name", "请填写姓名");
	if (!text_is_clean(p->name, PERSON_NAME_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, "name",
				 "姓名含有无效字符或超过 %d 个字", PERSON_NAME_MAX_CHARS);
	return ST_OK;
}

static enum status check_address(const char *address, enum person_field field, struct error *err)
{
	if (!text_is_clean(address, PERSON_ADDRESS_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, fields[field].name,
				 "%s含有无效字符或超过 %d 个字", fields[field].label,
				 PERSON_ADDRESS_MAX_CHARS);
	return ST_OK;
}

/* A date field that may be empty: real, not before birth, not after today. */
static enum status check_optional_date(const char *text, enum person_field field,
				       const struct date *birth, const struct date *today,
				       struct error *err)
{
	struct date d;
	if (text[0] == '\0')
		return ST_OK;
	if (!date_parse(text, &d))
		return error_set(err, ST_INVALID_DATE, fields[field].name,
				 "%s不是有效日期，请按 YYYY-MM-DD 填写", fields[field].label);
	if (date_compare(&d, birth) < 0 || date_compare(&d, today) > 0)
		return error_set(err, ST_INVALID_DATE, fields[field].name,
				 "%s不能早于出生日期，也不能晚于今天", fields[field].label);
	return ST_OK;
}

static enum status check_codes(struct person *p, struct error *err)
{
	if (p->ethnicity[0] && codes_ethnicity_name(p->ethnicity) == NULL)
		return error_set(err, ST_INVALID_CODE, "ethnicity",
				 "民族代码应为 GB 3304 的两位代码，如 01（汉族）");
	if (p->marital_status[0] && codes_marital_status_name(p->marital_status) == NULL)
		return error_set(err, ST_INVALID_CODE, "marital_status",
				 "婚姻状况代码应为 10、20、21、22、23、30、40 或 90");
	if (p->marriage_date[0] && codes_marital_status_is_never_married(p->marital_status))
		return error_set(err, ST_INVALID_INPUT, "marriage_date",
				 "婚姻状况为未婚时不能填写结婚日期");
	return ST_OK;
}

/* Resolves the hukou and residence divisions and checks them against the flow. */
static enum status check_divisions(const struct registry *reg, struct person *p,
				   struct error *err)
{
	if (p->hukou_division[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "hukou_division", "请填写户籍地区划代码");
	if (p->residence_division[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "residence_division",
				 "请填写现居住社区（村）的区划代码");
	const struct division *hukou = division_table_resolve(reg->divisions, p->hukou_division);
	if (hukou == NULL || hukou->level < DIVISION_COUNTY)
		return error_set(err, ST_INVALID_DIVISION, "hukou_division",
				 "户籍地应为现行区划表中的县（区）或更细一级的代码");
	const struct division *home = division_table_resolve(reg->divisions, p->residence_division);
	if (home == NULL || home->level != DIVISION_VILLAGE || !division_contains(reg->city, home->code))
		return error_set(err, ST_INVALID_DIVISION, "residence_division",
				 "现居住地应为本市的社区（村）代码（12位）");
	memcpy(p->hukou_division, hukou->code, sizeof hukou->code);
	memcpy(p->residence_division, home->code, sizeof home->code);

	if (p->flow == FLOW_NONE)
		return error_set(err, ST_MISSING_FIELD, "flow", "请选择流动类型：inflow（流入）或 outflow（流出）");
	bool hukou_here = division_contains(reg->city, p->hukou_division);
	if (p->flow == FLOW_INFLOW && hukou_here)
		return error_set(err, ST_FLOW_RULE, "hukou_division",
				 "流入人员的户籍地应在本市以外；户籍在本市的请登记为流出人员");
	if (p->flow == FLOW_OUTFLOW && !hukou_here)
		return error_set(err, ST_FLOW_RULE, "hukou_division",
				 "流出人员的户籍地应在本市；户籍在外地的请登记为流入人员");
	return ST_OK;
}

enum status person_validate(const struct registry *reg, struct person *p, struct error *err)
{
	struct idcard card;
	enum status st;
	if (p->id_number[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "id_number", "请填写公民身份号码");
	if ((st = idcard_validate(p->id_number, &reg->today, &card, "id_number", err)) != ST_OK)
		return st;
	memcpy(p->id_number, card.number, sizeof card.number);
	p->sex = card.sex;
	date_format(&card.birth, p->birth_date, sizeof p->birth_date);

	if (p->management == MANAGEMENT_NONE)
		p->management = MANAGEMENT_FLOATING;
	if ((st = check_name(p, err)) != ST_OK ||
	    (st = check_address(p->hukou_address, PERSON_HUKOU_ADDRESS, err)) != ST_OK ||
	    (st = check_address(p->residence_address, PERSON_RESIDENCE_ADDRESS, err)) != ST_OK ||
	    (st = check_divisions(reg, p, err)) != ST_OK || (st = check_codes(p, err)) != ST_OK ||
	    (st = check_optional_date(p->marriage_date, PERSON_MARRIAGE_DATE, &card.birth,
				      &reg->today, err)) != ST_OK ||
	    (st = check_optional_date(p->arrival_date, PERSON_ARRIVAL_DATE, &card.birth,
				      &reg->today, err)) != ST_OK ||
	    (st = field_phone(p->phone, "phone", err)) != ST_OK)
		return st;
	return ST_OK;
}

/* --- registry operations ----------------------------------------------- */

static enum status apply_values(struct person *p, const struct person_value *values,
				size_t count, struct error *err)
{
	bool seen[PERSON_FIELD_COUNT] = {false};
	for (size_t i = 0; i < count; i++) {
		enum person_field f = values[i].field;
		if ((unsigned)f >= PERSON_FIELD_COUNT)
			return error_set(err, ST_UNKNOWN_FIELD, "", NULL);
		if (seen[f])
			return error_set(err, ST_INVALID_INPUT, fields[f].name, "%s填写了不止一次",
					 fields[f].label);
		seen[f] = true;
		enum status st = person_set_field(p, f, values[i].value, err);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

/* Flags `p` if records with the same name, birth date and hukou county exist. */
static enum status mark_similar(const struct registry *reg, struct person *p,
				struct person_create_result *result, struct error *err)
{
	int64_t ids[PERSON_SIMILAR_MAX];
	size_t count = 0;
	enum status st = store_person_find_similar(reg->store, p, ids, PERSON_SIMILAR_MAX, &count, err);
	if (st != ST_OK)
		return st;
	p->possible_duplicate = count > 0;
	if (result) {
		memcpy(result->similar_ids, ids, count * sizeof ids[0]);
		result->similar_count = count;
	}
	return ST_OK;
}

enum status person_create(const struct registry *reg, const struct person_value *values,
			  size_t count, const char *actor, struct person *out,
			  struct person_create_result *result, struct error *err)
{
	struct person p;
	enum status st;
	memset(&p, 0, sizeof p);
	if (result)
		memset(result, 0, sizeof *result);
	if ((st = apply_values(&p, values, count, err)) != ST_OK ||
	    (st = person_validate(reg, &p, err)) != ST_OK ||
	    (st = mark_similar(reg, &p, result, err)) != ST_OK ||
	    (st = store_person_insert(reg->store, &p, actor, err)) != ST_OK)
		return st;
	*out = p;
	return ST_OK;
}

enum status person_get(const struct registry *reg, int64_t id, struct person *out,
		       struct error *err)
{
	if (id <= 0)
		return error_set(err, ST_NOT_FOUND, "id", "档案不存在");
	return store_person_get(reg->store, id, out, err);
}

enum status person_get_by_id_number(const struct registry *reg, const char *id_number,
				    struct person *out, struct error *err)
{
	struct idcard card;
	enum status st = idcard_validate(id_number, &reg->today, &card, "id_number", err);
	if (st != ST_OK)
		return st;
	st = store_person_get_by_id_number(reg->store, card.number, out, err);
	if (st == ST_NOT_FOUND)
		error_set(err, ST_NOT_FOUND, "id_number", "没有这个公民身份号码的档案");
	return st;
}

/* Lists the fields whose text differs between two states of a record. */
static size_t diff_fields(const struct person *before, const struct person *after,
			  struct person_change *changes)
{
	size_t n = 0;
	for (int f = 0; f < PERSON_FIELD_COUNT; f++) {
		struct person_change *c = &changes[n];
		person_field_text(before, (enum person_field)f, c->old_value, sizeof c->old_value);
		person_field_text(after, (enum person_field)f, c->new_value, sizeof c->new_value);
		if (strcmp(c->old_value, c->new_value) != 0) {
			c->field = (enum person_field)f;
			n++;
		}
	}
	return n;
}

/* The update itself; `management` may be among the values. */
static enum status update_fields(const struct registry *reg, int64_t id, int64_t expected_version,
				 const struct person_value *values, size_t count,
				 const char *actor, struct person *out, size_t *changed,
				 struct error *err)
{
	struct person before, after;
	struct person_change changes[PERSON_FIELD_COUNT];
	enum status st;
	if (changed)
		*changed = 0;
	if ((st = person_get(reg, id, &before, err)) != ST_OK)
		return st;
	if (before.version != expected_version)
		return error_set(err, ST_VERSION_CONFLICT, "version",
				 "档案已被他人修改（当前版本 %lld，您修改的是版本 %lld），请刷新后重新修改",
				 (long long)before.version, (long long)expected_version);
	after = before;
	if ((st = apply_values(&after, values, count, err)) != ST_OK ||
	    (st = person_validate(reg, &after, err)) != ST_OK)
		return st;
	size_t n = diff_fields(&before, &after, changes);
	if (n == 0) {
		*out = before;
		return ST_OK;
	}
	if ((st = mark_similar(reg, &after, NULL, err)) != ST_OK ||
	    (st = store_person_update(reg->store, &after, expected_version, changes, n, actor,
				      err)) != ST_OK)
		return st;
	if (changed)
		*changed = n;
	*out = after;
	return ST_OK;
}

enum status person_update(const struct registry *reg, int64_t id, int64_t expected_version,
			  const struct person_value *values, size_t count, const char *actor,
			  struct person *out, size_t *changed, struct error *err)
{
	for (size_t i = 0; i < count; i++)
		if (values[i].field == PERSON_MANAGEMENT)
			return error_set(err, ST_NOT_ALLOWED, "management",
					 "管理方式不能直接修改，请通过“转换”办理（移交、转常住、迁离、返回）");
	return update_fields(reg, id, expected_version, values, count, actor, out, changed, err);
}

enum status person_change_management(const struct registry *reg, int64_t id,
				     int64_t expected_version, enum person_management management,
				     const char *actor, struct person *out, struct error *err)
{
	struct person_value value = {.field = PERSON_MANAGEMENT};
	snprintf(value.value, sizeof value.value, "%s", person_management_name(management));
	return update_fields(reg, id, expected_version, &value, 1, actor, out, NULL, err);
}

enum status person_query_prepare(const struct registry *reg, struct person_query *q,
				 struct error *err)
{
	if (q->id_number[0]) {
		struct idcard card;
		enum status st = idcard_validate(q->id_number, &reg->today, &card, "id_number", err);
		if (st != ST_OK)
			return st;
		memcpy(q->id_number, card.number, sizeof card.number);
	}
	if (q->name_prefix[0] && !text_is_clean(q->name_prefix, PERSON_NAME_MAX_CHARS))
		return error_set(err, ST_INVALID_INPUT, "name", "姓名含有无效字符或过长");
	if (q->division[0]) {
		const struct division *d = division_table_resolve(reg->divisions, q->division);
		if (d == NULL)
			return error_set(err, ST_INVALID_DIVISION, "division",
					 "区划代码不在现行区划表中，请核对");
		memcpy(q->division, d->code, sizeof d->code);
	}
	if (q->after_id < 0)
		return error_set(err, ST_INVALID_INPUT, "cursor", "分页位置不正确，请从第一页重新查询");
	if (q->limit == 0)
		q->limit = PERSON_PAGE_DEFAULT;
	if (q->limit > PERSON_PAGE_MAX)
		return error_set(err, ST_INVALID_INPUT, "limit", "每页最多 %d 条", PERSON_PAGE_MAX);
	return ST_OK;
}

enum status person_search(const struct registry *reg, const struct person_query *q,
			  struct person *out, size_t *count, bool *more, struct error *err)
{
	enum status st = store_person_search(reg->store, q, out, q->limit + 1, count, err);
	if (st != ST_OK)
		return st;
	*more = *count > q->limit;
	if (*more)
		*count = q->limit;
	return ST_OK;
}

enum status person_history(const struct registry *reg, int64_t id, person_history_fn fn,
			   void *ctx, struct error *err)
{
	struct person p;
	enum status st = person_get(reg, id, &p, err);
	if (st != ST_OK)
		return st;
	return store_person_history(reg->store, id, fn, ctx, err);
}

void person_mask_name(const char *name, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t first = 1;
	if (*p >= 0xF0)
		first = 4;
	else if (*p >= 0xE0)
		first = 3;
	else if (*p >= 0xC0)
		first = 2;
	size_t len = strlen(name) < first ? strlen(name) : first;
	size_t rest = text_char_count(name) > 0 ? text_char_count(name) - 1 : 0;
	size_t out = 0;
	if (len + 1 > size)
		len = 0;
	memcpy(buf, name, len);
	out = len;
	for (size_t i = 0; i < rest && out + 1 < size; i++)
		buf[out++] = '*';
	buf[out] = '\0';
}
