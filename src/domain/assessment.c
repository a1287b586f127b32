/*
 * assessment.c — the rules of responsibility agreements, year-end
 * assessment and awards (policy §6(1), §6(4)).
 */
#include "core/name_table.h"
#include "domain/assessment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/field.h"
#include "domain/organization.h"
#include "store/store.h"

static const char *const party_kind_names[] = {"", "department", "division", "unit"};
static const char *const party_kind_labels[] = {"", "职能部门", "区、镇（街道）", "单位"};
static const char *const measure_names[] = {"manual", "certificate_holding_rate",
					    "complaints_answered_on_time"};
static const char *const measure_labels[] = {"人工评分", "婚育证明持证率",
					     "投诉按期答复率"};
static const char *const state_names[] = {"", "signed", "assessed", "finalized"};
static const char *const state_labels[] = {"", "已签订", "已评分", "已定档"};
static const char *const result_names[] = {"", "pass", "fail"};
static const char *const result_labels[] = {"", "合格", "不合格"};
static const char *const award_names[] = {"", "innovation", "service"};
static const char *const award_labels[] = {"", "流动人口综合治理创新单项奖",
					   "流动人口计划生育管理服务奖"};


const char *assessment_party_kind_name(enum assessment_party_kind k) { return NAME_TABLE_AT(party_kind_names, k); }
const char *assessment_party_kind_label(enum assessment_party_kind k) { return NAME_TABLE_AT(party_kind_labels, k); }
const char *assessment_measure_name(enum assessment_measure m) { return NAME_TABLE_AT(measure_names, m); }
const char *assessment_measure_label(enum assessment_measure m) { return NAME_TABLE_AT(measure_labels, m); }
const char *agreement_state_name(enum agreement_state s) { return NAME_TABLE_AT(state_names, s); }
const char *agreement_state_label(enum agreement_state s) { return NAME_TABLE_AT(state_labels, s); }
const char *assessment_result_name(enum assessment_result r) { return NAME_TABLE_AT(result_names, r); }
const char *assessment_result_label(enum assessment_result r) { return NAME_TABLE_AT(result_labels, r); }
const char *award_kind_name(enum award_kind k) { return NAME_TABLE_AT(award_names, k); }
const char *award_kind_label(enum award_kind k) { return NAME_TABLE_AT(award_labels, k); }

bool assessment_party_kind_parse(const char *name, enum assessment_party_kind *out)
{
	int i = name_table_value(party_kind_names, NAME_TABLE_COUNT(party_kind_names), name);
	*out = (enum assessment_party_kind)i;
	return i != 0;
}

bool assessment_measure_parse(const char *name, enum assessment_measure *out)
{
	int i = name_table_find(measure_names, NAME_TABLE_COUNT(measure_names), name);
	*out = i < 0 ? MEASURE_MANUAL : (enum assessment_measure)i;
	return i >= 0;
}

bool award_kind_parse(const char *name, enum award_kind *out)
{
	int i = name_table_value(award_names, NAME_TABLE_COUNT(award_names), name);
	*out = (enum award_kind)i;
	return i != 0;
}

/* --- the rules, without storage ---------------------------------------------- */

enum status assessment_check_weights(const struct agreement_item *items, size_t count,
				     struct error *err)
{
	int sum = 0;
	if (count == 0)
		return error_set(err, ST_MISSING_FIELD, "items", "请至少填写一项考核目标");
	if (count > ASSESSMENT_ITEMS_MAX)
		return error_set(err, ST_INVALID_INPUT, "items", "考核目标最多 %d 项",
				 ASSESSMENT_ITEMS_MAX);
	for (size_t i = 0; i < count; i++) {
		if (items[i].weight < 1 || items[i].weight > ASSESSMENT_WEIGHT_TOTAL)
			return error_set(err, ST_INVALID_INPUT, "items.weight",
					 "第 %zu 项的权重应为 1 到 100 的整数", i + 1);
		sum += items[i].weight;
	}
	if (sum != ASSESSMENT_WEIGHT_TOTAL) {
		error_set(err, ST_INVALID_INPUT, "items.weight",
			  "各项考核目标的权重之和应为 100（现为 %d）", sum);
		error_set_reason(err, "weights_not_100");
		return ST_INVALID_INPUT;
	}
	return ST_OK;
}

bool assessment_score_is_valid(int score)
{
	return score >= 0 && score <= ASSESSMENT_SCORE_MAX;
}

int assessment_weighted_total(const struct agreement_item *items, size_t count)
{
	long long sum = 0;
	for (size_t i = 0; i < count; i++)
		if (items[i].scored)
			sum += (long long)items[i].weight * items[i].score;
	return (int)((sum + ASSESSMENT_WEIGHT_TOTAL / 2) / ASSESSMENT_WEIGHT_TOTAL);
}

enum assessment_result assessment_result_of(int total, bool veto)
{
	return !veto && total >= ASSESSMENT_PASS_SCORE ? RESULT_PASS : RESULT_FAIL;
}

int assessment_share_score(int64_t numerator, int64_t denominator)
{
	if (denominator <= 0 || numerator <= 0)
		return 0;
	if (numerator >= denominator)
		return ASSESSMENT_SCORE_MAX;
	return (int)((numerator * ASSESSMENT_SCORE_MAX + denominator / 2) / denominator);
}

/* Vetoed last; total highest first; then party name and id. */
static int compare_ranks(const void *a, const void *b)
{
	const struct agreement *x = ((const struct assessment_rank *)a)->agreement;
	const struct agreement *y = ((const struct assessment_rank *)b)->agreement;
	int c;
	if (x->veto != y->veto)
		return x->veto ? 1 : -1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	if ((c = strcmp(x->party.name, y->party.name)) != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

void assessment_rank_sort(struct assessment_rank *rows, size_t count)
{
	qsort(rows, count, sizeof *rows, compare_ranks);
	for (size_t i = 0; i < count; i++) {
		const struct agreement *a = rows[i].agreement;
		const struct agreement *prev = i > 0 ? rows[i - 1].agreement : NULL;
		rows[i].rank = prev != NULL && prev->veto == a->veto && prev->total == a->total
				       ? rows[i - 1].rank
				       : (int)i + 1;
	}
}

/* --- parties ------------------------------------------------------------------- */

/* Resolves the party a request names into `out`; field names as the API's. */
static enum status party_resolve(const struct registry *reg, const char *kind_name,
				 const char *division, int64_t organization_id,
				 struct assessment_party *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (kind_name[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "party_kind", "请选择责任单位的类别");
	if (!assessment_party_kind_parse(kind_name, &out->kind))
		return error_set(err, ST_INVALID_CODE, "party_kind",
				 "party_kind 应为 department、division 或 unit");
	if (out->kind == PARTY_DIVISION) {
		if (organization_id != 0)
			return error_set(err, ST_INVALID_INPUT, "party_organization_id",
					 "区、镇（街道）不填单位，请删除 party_organization_id");
		if (division[0] == '\0')
			return error_set(err, ST_MISSING_FIELD, "party_division",
					 "请选择责任区、镇（街道）");
		const struct division *d = division_table_resolve(reg->divisions, division);
		if (d == NULL || !division_contains(reg->city, d->code) ||
		    (d->level != DIVISION_COUNTY && d->level != DIVISION_TOWN))
			return error_set(err, ST_INVALID_DIVISION, "party_division",
					 "责任单位应为本市的区或镇（街道），请核对代码");
		snprintf(out->division, sizeof out->division, "%s", d->code);
		snprintf(out->place, sizeof out->place, "%s", d->code);
		snprintf(out->name, sizeof out->name, "%s", d->name);
		return ST_OK;
	}
	if (division[0] != '\0')
		return error_set(err, ST_INVALID_INPUT, "party_division",
				 "职能部门和单位不填区划，请删除 party_division");
	if (organization_id <= 0)
		return error_set(err, ST_MISSING_FIELD, "party_organization_id",
				 "请选择责任单位（party_organization_id）");
	struct organization *org = calloc(1, sizeof *org);
	if (org == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	enum status st = organization_get(reg, organization_id, org, err);
	if (st == ST_NOT_FOUND)
		st = error_set(err, ST_INVALID_INPUT, "party_organization_id", "该单位不存在");
	else if (st == ST_OK &&
		 (org->kind == ORGANIZATION_DEPARTMENT) != (out->kind == PARTY_DEPARTMENT))
		st = error_set(err, ST_INVALID_INPUT, "party_organization_id",
			       out->kind == PARTY_DEPARTMENT ? "该单位不是职能部门"
							     : "职能部门请按 department 类别签订");
	if (st == ST_OK) {
		out->organization_id = org->id;
		snprintf(out->name, sizeof out->name, "%s", org->name);
		snprintf(out->place, sizeof out->place, "%s", org->division);
	}
	free(org);
	return st;
}

static enum status check_year(int year, struct error *err)
{
	if (year == 0)
		return error_set(err, ST_MISSING_FIELD, "year", "请填写年度");
	if (year < ASSESSMENT_YEAR_MIN || year > ASSESSMENT_YEAR_MAX)
		return error_set(err, ST_INVALID_INPUT, "year", "年度应为 %d 到 %d 之间的整数",
				 ASSESSMENT_YEAR_MIN, ASSESSMENT_YEAR_MAX);
	return ST_OK;
}

/* --- agreements ---------------------------------------------------------------- */

/* The items of a request into `a` (checked: text, measure, weights). */
static enum status take_items(const struct agreement_request *req, struct agreement *a,
			      struct error *err)
{
	enum status st;
	if (req->item_count > ASSESSMENT_ITEMS_MAX)
		return error_set(err, ST_INVALID_INPUT, "items", "考核目标最多 %d 项",
				 ASSESSMENT_ITEMS_MAX);
	memset(a->items, 0, sizeof a->items);
	a->item_count = req->item_count;
	for (size_t i = 0; i < req->item_count; i++) {
		const struct agreement_item_request *r = &req->items[i];
		struct agreement_item *item = &a->items[i];
		item->ordinal = (int)i + 1;
		if ((st = field_text(r->description, "items.description", "考核目标", ASSESSMENT_ITEM_MIN_CHARS,
				     ASSESSMENT_ITEM_MAX_CHARS, err)) != ST_OK)
			return st;
		snprintf(item->description, sizeof item->description, "%s", r->description);
		if (!assessment_measure_parse(r->measure[0] ? r->measure : "manual",
					      &item->measure))
			return error_set(err, ST_INVALID_CODE, "items.measure",
					 "measure 应为 manual、certificate_holding_rate 或 "
					 "complaints_answered_on_time");
		if (item->measure != MEASURE_MANUAL && a->party.kind != PARTY_DIVISION) {
			error_set(err, ST_NOT_ALLOWED, "items.measure",
				  "按系统数据计算的考核目标只适用于区、镇（街道）");
			error_set_reason(err, "measure_needs_division");
			return ST_NOT_ALLOWED;
		}
		item->weight = r->weight;
	}
	return assessment_check_weights(a->items, a->item_count, err);
}

static enum status take_title(const struct registry *reg, const struct agreement_request *req,
			      struct agreement *a, struct error *err)
{
	struct date signed_on;
	enum status st = field_text(req->title, "title", "责任书名称", ASSESSMENT_TITLE_MIN_CHARS,
				    ASSESSMENT_TITLE_MAX_CHARS, err);
	if (st == ST_OK)
		st = field_past_date(req->signed_on, false, "2000-01-01", &reg->today, "signed_on",
				     "签订日期", &signed_on, err);
	if (st != ST_OK)
		return st;
	snprintf(a->title, sizeof a->title, "%s", req->title);
	date_format(&signed_on, a->signed_on, sizeof a->signed_on);
	return ST_OK;
}

/* Runs `fn` on `a` inside a write joined to the caller's transaction. */
static enum status write_agreement(const struct registry *reg, struct agreement *a,
				   int64_t expected_version, bool insert, bool items,
				   struct error *err)
{
	enum status st = store_write_begin(reg->store, err);
	if (st != ST_OK)
		return st;
	st = insert ? store_agreement_insert(reg->store, a, err)
		    : store_agreement_update(reg->store, a, expected_version, items, err);
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

enum status agreement_create(const struct registry *reg, const struct agreement_request *req,
			     struct agreement *out, struct error *err)
{
	enum status st;
	int64_t existing = 0;
	memset(out, 0, sizeof *out);
	if ((st = check_year(req->year, err)) != ST_OK ||
	    (st = party_resolve(reg, req->party_kind, req->party_division,
				req->party_organization_id, &out->party, err)) != ST_OK ||
	    (st = take_title(reg, req, out, err)) != ST_OK)
		return st;
	out->year = req->year;
	if ((st = take_items(req, out, err)) != ST_OK ||
	    (st = store_agreement_find(reg->store, out->year, &out->party, &existing, err)) !=
		    ST_OK)
		return st;
	if (existing != 0) {
		error_set(err, ST_NOT_ALLOWED, "party_kind",
			  "该责任单位本年度已签订责任书（编号 %lld），请修改已有的责任书",
			  (long long)existing);
		error_set_reason(err, "duplicate_agreement");
		err->related_id = existing;
		return ST_NOT_ALLOWED;
	}
	out->state = AGREEMENT_SIGNED;
	return write_agreement(reg, out, 0, true, true, err);
}

enum status agreement_get(const struct registry *reg, int64_t id, struct agreement *out,
			  struct error *err)
{
	return store_agreement_get(reg->store, id, out, err);
}

static enum status refuse_finalized(const struct agreement *a, struct error *err)
{
	if (a->state != AGREEMENT_FINALIZED)
		return ST_OK;
	error_set(err, ST_INVALID_STATE, "state", "该责任书的考核结果已定档，不能再修改");
	error_set_reason(err, "assessment_finalized");
	return ST_INVALID_STATE;
}

/* Clears every score, total, veto and result: the agreement is signed again. */
static void clear_assessment(struct agreement *a)
{
	for (size_t i = 0; i < a->item_count; i++) {
		struct agreement_item *item = &a->items[i];
		item->scored = item->measured = false;
		item->score = item->measured_score = 0;
		item->numerator = item->denominator = 0;
		item->override_reason[0] = '\0';
	}
	a->state = AGREEMENT_SIGNED;
	a->assessed_on[0] = a->assessed_by[0] = a->veto_reason[0] = '\0';
	a->total = 0;
	a->veto = false;
	a->result = RESULT_NONE;
}

/* True if both have the same targets: descriptions, weights and measures. */
static bool same_targets(const struct agreement *x, const struct agreement *y)
{
	if (x->item_count != y->item_count)
		return false;
	for (size_t i = 0; i < x->item_count; i++)
		if (strcmp(x->items[i].description, y->items[i].description) != 0 ||
		    x->items[i].weight != y->items[i].weight ||
		    x->items[i].measure != y->items[i].measure)
			return false;
	return true;
}

enum status agreement_update(const struct registry *reg, struct agreement *a,
			     int64_t expected_version, const struct agreement_request *req,
			     bool *changed, struct error *err)
{
	enum status st;
	struct agreement *next = malloc(sizeof *next);
	*changed = false;
	if (next == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	memcpy(next, a, sizeof *next);
	struct agreement_request merged = *req;
	if (!req->has_title)
		snprintf(merged.title, sizeof merged.title, "%s", a->title);
	if (!req->has_signed_on)
		snprintf(merged.signed_on, sizeof merged.signed_on, "%s", a->signed_on);
	if ((st = refuse_finalized(a, err)) != ST_OK ||
	    (st = take_title(reg, &merged, next, err)) != ST_OK ||
	    (req->has_items && (st = take_items(&merged, next, err)) != ST_OK))
		goto out_free_next;
	bool items_changed = req->has_items && !same_targets(next, a);
	if (items_changed) {
		clear_assessment(next);
	} else {  /* the same targets keep their scores */
		memcpy(next->items, a->items, sizeof next->items);
		next->item_count = a->item_count;
	}
	*changed = items_changed || strcmp(next->title, a->title) != 0 ||
		   strcmp(next->signed_on, a->signed_on) != 0;
	if (*changed && (st = write_agreement(reg, next, expected_version, false, items_changed,
					      err)) == ST_OK)
		memcpy(a, next, sizeof *a);
out_free_next:
	free(next);
	return st;
}

/* The score of one item from what was sent, measuring it when it is measured. */
static enum status score_item(const struct registry *reg, const struct agreement *a,
			      struct agreement_item *item,
			      const struct assessment_score_request *r, struct error *err)
{
	enum status st;
	if (r->has_score && !assessment_score_is_valid(r->score))
		return error_set(err, ST_INVALID_INPUT, "items.score",
				 "第 %d 项的得分应为 0 到 100 分（最多两位小数）", item->ordinal);
	item->measured = false;
	item->numerator = item->denominator = 0;
	item->measured_score = 0;
	item->override_reason[0] = '\0';
	if (item->measure == MEASURE_MANUAL) {
		if (!r->has_score)
			return error_set(err, ST_MISSING_FIELD, "items.score",
					 "请为第 %d 项评分", item->ordinal);
		if (r->override_reason[0] != '\0')
			return error_set(err, ST_INVALID_INPUT, "items.override_reason",
					 "第 %d 项为人工评分，不填改分理由", item->ordinal);
		item->score = r->score;
		item->scored = true;
		return ST_OK;
	}
	if ((st = store_assessment_measure(reg->store, (int)item->measure, a->party.division,
					   a->year, a->assessed_on, &item->numerator,
					   &item->denominator, err)) != ST_OK)
		return st;
	item->measured = item->denominator > 0;
	if (item->measured)
		item->measured_score = assessment_share_score(item->numerator, item->denominator);
	if (!r->has_score && !item->measured)
		return error_set(err, ST_MISSING_FIELD, "items.score",
				 "第 %d 项没有可计算的数据，请人工评分并说明理由", item->ordinal);
	if (r->has_score && (!item->measured || r->score != item->measured_score)) {
		if ((st = field_text(r->override_reason, "items.override_reason", "改分理由",
				     ASSESSMENT_REASON_MIN_CHARS, ASSESSMENT_REASON_MAX_CHARS,
				     err)) != ST_OK)
			return st;
		snprintf(item->override_reason, sizeof item->override_reason, "%s",
			 r->override_reason);
	} else if (r->override_reason[0] != '\0') {
		return error_set(err, ST_INVALID_INPUT, "items.override_reason",
				 "第 %d 项按计算值评分，不填改分理由", item->ordinal);
	}
	item->score = r->has_score ? r->score : item->measured_score;
	item->scored = true;
	return ST_OK;
}

/* The score sent for each item, in item order; every item exactly once. */
static enum status match_scores(const struct agreement *a, const struct assessment_request *req,
				const struct assessment_score_request **by_item,
				struct error *err)
{
	if (req->score_count > ASSESSMENT_ITEMS_MAX)
		return error_set(err, ST_INVALID_INPUT, "items", "评分最多 %d 项",
				 ASSESSMENT_ITEMS_MAX);
	memset(by_item, 0, ASSESSMENT_ITEMS_MAX * sizeof *by_item);
	for (size_t i = 0; i < req->score_count; i++) {
		int n = req->scores[i].ordinal;
		if (n < 1 || (size_t)n > a->item_count)
			return error_set(err, ST_INVALID_INPUT, "items.ordinal",
					 "序号应为 1 到 %zu", a->item_count);
		if (by_item[n - 1] != NULL)
			return error_set(err, ST_INVALID_INPUT, "items.ordinal",
					 "第 %d 项重复评分", n);
		by_item[n - 1] = &req->scores[i];
	}
	for (size_t i = 0; i < a->item_count; i++)
		if (by_item[i] == NULL)
			return error_set(err, ST_MISSING_FIELD, "items",
					 "请为每一项考核目标评分（缺第 %zu 项）", i + 1);
	return ST_OK;
}

enum status agreement_assess(const struct registry *reg, struct agreement *a,
			     const struct assessment_request *req, const char *actor,
			     struct error *err)
{
	const struct assessment_score_request *by_item[ASSESSMENT_ITEMS_MAX];
	char earliest[DATE_TEXT_SIZE];
	struct date day;
	enum status st;
	if ((st = refuse_finalized(a, err)) != ST_OK)
		return st;
	struct agreement *next = malloc(sizeof *next);
	if (next == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	memcpy(next, a, sizeof *next);
	snprintf(earliest, sizeof earliest, "%04d-01-01", a->year);
	if ((st = field_past_date(req->assessed_on, false, earliest, &reg->today, "assessed_on",
				  "考核日期", &day, err)) != ST_OK ||
	    (st = match_scores(a, req, by_item, err)) != ST_OK)
		goto out_free_next;
	if (req->veto) {
		if ((st = field_text(req->veto_reason, "veto_reason", "一票否决的理由",
				     ASSESSMENT_REASON_MIN_CHARS, ASSESSMENT_REASON_MAX_CHARS,
				     err)) != ST_OK)
			goto out_free_next;
	} else if (req->veto_reason[0] != '\0') {
		st = error_set(err, ST_INVALID_INPUT, "veto_reason",
			       "未一票否决时不填否决理由");
		goto out_free_next;
	}
	date_format(&day, next->assessed_on, sizeof next->assessed_on);
	for (size_t i = 0; i < next->item_count; i++)
		if ((st = score_item(reg, next, &next->items[i], by_item[i], err)) != ST_OK)
			goto out_free_next;
	next->veto = req->veto;
	snprintf(next->veto_reason, sizeof next->veto_reason, "%s", req->veto ? req->veto_reason : "");
	next->total = assessment_weighted_total(next->items, next->item_count);
	next->result = assessment_result_of(next->total, next->veto);
	next->state = AGREEMENT_ASSESSED;
	snprintf(next->assessed_by, sizeof next->assessed_by, "%s", actor);
	if ((st = write_agreement(reg, next, a->version, false, true, err)) == ST_OK)
		memcpy(a, next, sizeof *a);
out_free_next:
	free(next);
	return st;
}

enum status agreement_finalize(const struct registry *reg, struct agreement *a,
			       const char *actor, struct error *err)
{
	enum status st;
	if ((st = refuse_finalized(a, err)) != ST_OK)
		return st;
	if (a->state != AGREEMENT_ASSESSED) {
		error_set(err, ST_INVALID_STATE, "state", "请先完成评分再定档");
		error_set_reason(err, "not_assessed");
		return ST_INVALID_STATE;
	}
	struct agreement *next = malloc(sizeof *next);
	if (next == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	memcpy(next, a, sizeof *next);
	next->state = AGREEMENT_FINALIZED;
	snprintf(next->finalized_by, sizeof next->finalized_by, "%s", actor);
	next->finalized_at = (int64_t)time(NULL);
	if ((st = write_agreement(reg, next, a->version, false, false, err)) == ST_OK)
		memcpy(a, next, sizeof *a);
	free(next);
	return st;
}

enum status agreement_search(const struct registry *reg, const struct agreement_query *q,
			     struct agreement *out, size_t max, size_t *count, struct error *err)
{
	return store_agreement_search(reg->store, q, out, max, count, err);
}

/* --- awards ---------------------------------------------------------------------- */

enum status award_give(const struct registry *reg, const struct award_request *req,
		       const char *actor, struct award *out, struct error *err)
{
	enum status st;
	struct date day;
	memset(out, 0, sizeof *out);
	if ((st = check_year(req->year, err)) != ST_OK)
		return st;
	if (req->kind[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "kind", "请选择奖项");
	if (!award_kind_parse(req->kind, &out->kind))
		return error_set(err, ST_INVALID_CODE, "kind", "kind 应为 innovation 或 service");
	if ((st = party_resolve(reg, req->party_kind, req->party_division,
				req->party_organization_id, &out->party, err)) != ST_OK ||
	    (st = field_text(req->citation, "citation", "表彰事迹", ASSESSMENT_REASON_MIN_CHARS,
			     ASSESSMENT_CITATION_MAX_CHARS, err)) != ST_OK ||
	    (st = field_past_date(req->awarded_on, false, "2000-01-01", &reg->today, "awarded_on",
				  "授奖日期", &day, err)) != ST_OK)
		return st;
	out->year = req->year;
	snprintf(out->citation, sizeof out->citation, "%s", req->citation);
	date_format(&day, out->awarded_on, sizeof out->awarded_on);
	snprintf(out->awarded_by, sizeof out->awarded_by, "%s", actor);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = store_award_insert(reg->store, out, err)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status award_search(const struct registry *reg, int year, const char *place,
			 struct award *out, size_t max, size_t *count, struct error *err)
{
	return store_award_search(reg->store, year, place, out, max, count, err);
}
