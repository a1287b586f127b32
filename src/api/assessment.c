/*
 * api/assessment.c — responsibility agreements, year-end assessment and
 * awards over HTTP (policy §6(1), §6(4)).
 *
 * The city (assessment.write) makes agreements, scores them, finalizes
 * them and gives awards.  Readers with assessment.read (the city, towns
 * and streets, departments) see the agreements, rankings and awards of
 * parties that lie inside their scope (a division party: the division; a
 * department or unit: its organization's division); another one is 404.
 * A ranking is computed over all parties of the year and kind, and lists
 * the rows the caller may see with their rank among all.  Scores travel as
 * points with up to two decimals.  Every write is one transaction with its
 * audit row; reads are audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/assessment.h"

static void object_name(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "agreement:%lld", (long long)id);
}

/* Hundredths of a point as a JSON number of points. */
static json_t *points_json(int hundredths)
{
	if (hundredths % 100 == 0)
		return json_integer(hundredths / 100);
	return json_real(hundredths / 100.0);
}

static json_t *party_json(const struct api_call *call, const struct assessment_party *p)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "kind", assessment_party_kind_name(p->kind),
			      "kind_label", assessment_party_kind_label(p->kind), "name", p->name);
	json_object_set_new(j, "division", api_division_json(call, p->division));
	json_object_set_new(j, "organization_id", p->organization_id > 0
							  ? json_integer(p->organization_id)
							  : json_null());
	json_object_set_new(j, "place", api_division_json(call, p->place));
	return j;
}

static json_t *item_json(const struct agreement_item *item)
{
	json_t *j = json_pack("{s:i, s:s, s:i, s:s, s:s}", "ordinal", item->ordinal,
			      "description", item->description, "weight", item->weight,
			      "measure", assessment_measure_name(item->measure), "measure_label",
			      assessment_measure_label(item->measure));
	json_object_set_new(j, "score", item->scored ? points_json(item->score) : json_null());
	json_object_set_new(j, "measured",
			    item->measured
				    ? json_pack("{s:I, s:I, s:o}", "numerator",
						(json_int_t)item->numerator, "denominator",
						(json_int_t)item->denominator, "score",
						points_json(item->measured_score))
				    : json_null());
	json_object_set_new(j, "override_reason", api_text_or_null(item->override_reason));
	return j;
}

static json_t *agreement_json(const struct api_call *call, const struct agreement *a,
			      bool with_items)
{
	char created[40], updated[40], finalized[40];
	bool assessed = a->state != AGREEMENT_SIGNED;
	api_format_time(a->created_at, created, sizeof created);
	api_format_time(a->updated_at, updated, sizeof updated);
	json_t *j = json_pack("{s:I, s:i, s:o, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id,
			      "year", a->year, "party", party_json(call, &a->party), "title",
			      a->title, "signed_on", a->signed_on, "state",
			      agreement_state_name(a->state), "state_label",
			      agreement_state_label(a->state));
	json_object_set_new(j, "assessed_on", api_text_or_null(a->assessed_on));
	json_object_set_new(j, "total", assessed ? points_json(a->total) : json_null());
	json_object_set_new(j, "veto", json_boolean(a->veto));
	json_object_set_new(j, "veto_reason", api_text_or_null(a->veto_reason));
	json_object_set_new(j, "result", api_text_or_null(assessment_result_name(a->result)));
	json_object_set_new(j, "result_label", api_text_or_null(assessment_result_label(a->result)));
	json_object_set_new(j, "pass_score", json_integer(ASSESSMENT_PASS_SCORE / 100));
	json_object_set_new(j, "assessed_by", api_text_or_null(a->assessed_by));
	json_object_set_new(j, "finalized_by", api_text_or_null(a->finalized_by));
	if (a->finalized_at > 0)
		api_format_time(a->finalized_at, finalized, sizeof finalized);
	json_object_set_new(j, "finalized_at",
			    a->finalized_at > 0 ? json_string(finalized) : json_null());
	json_object_set_new(j, "version", json_integer(a->version));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	if (with_items) {
		json_t *items = json_array();
		for (size_t i = 0; i < a->item_count; i++)
			json_array_append_new(items, item_json(&a->items[i]));
		json_object_set_new(j, "items", items);
	}
	return j;
}

/* --- parsing ------------------------------------------------------------------- */

/* An integer member (0 when absent or null); replies 400 itself otherwise. */
static bool integer_or_reply(struct api_call *call, json_t *object, const char *name,
			     const char *field, int64_t *out)
{
	json_t *value = json_object_get(object, name);
	*out = 0;
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_integer(value) || json_integer_value(value) < 0 ||
	    json_integer_value(value) > 1000000) {
		api_fail_status(call, ST_INVALID_INPUT, field, "应为正整数");
		return false;
	}
	*out = json_integer_value(value);
	return true;
}

/* Points (0..100, up to two decimals) as hundredths; replies 400 itself otherwise. */
static bool points_or_reply(struct api_call *call, json_t *value, const char *field, int *out)
{
	if (!json_is_number(value)) {
		api_fail_status(call, ST_INVALID_INPUT, field, "得分应为 0 到 100 的数（最多两位小数）");
		return false;
	}
	double x = json_number_value(value) * 100.0;
	if (!(x >= 0.0 && x <= ASSESSMENT_SCORE_MAX)) {
		api_fail_status(call, ST_INVALID_INPUT, field, "得分应为 0 到 100 分");
		return false;
	}
	int rounded = (int)(x + 0.5);
	if (x - rounded > 1e-6 || rounded - x > 1e-6) {
		api_fail_status(call, ST_INVALID_INPUT, field, "得分最多两位小数");
		return false;
	}
	*out = rounded;
	return true;
}

/* The party members of a body (agreements, awards). */
static bool party_or_reply(struct api_call *call, char *kind, size_t kind_size, char *division,
			   size_t division_size, int64_t *organization_id)
{
	return api_copy_string_or_reply(call, call->body, "party_kind", kind, kind_size) &&
	       api_copy_string_or_reply(call, call->body, "party_division", division,
					division_size) &&
	       integer_or_reply(call, call->body, "party_organization_id",
				"party_organization_id", organization_id);
}

/* The items array of an agreement body into req. */
static bool items_or_reply(struct api_call *call, json_t *items, struct agreement_request *req)
{
	static const char *const names[] = {"description", "weight", "measure", NULL};
	size_t i;
	json_t *item;
	if (!json_is_array(items)) {
		api_fail_status(call, ST_INVALID_INPUT, "items", "items 应为考核目标的数组");
		return false;
	}
	req->has_items = true;
	req->item_count = json_array_size(items);
	if (req->item_count > ASSESSMENT_ITEMS_MAX) {
		api_fail_status(call, ST_INVALID_INPUT, "items", "考核目标最多 20 项");
		return false;
	}
	json_array_foreach(items, i, item) {
		struct agreement_item_request *r = &req->items[i];
		const char *key;
		json_t *value;
		if (!json_is_object(item)) {
			api_fail_status(call, ST_INVALID_INPUT, "items", "每项考核目标应为对象");
			return false;
		}
		json_object_foreach(item, key, value) {
			bool known = false;
			for (const char *const *n = names; *n && !known; n++)
				known = strcmp(*n, key) == 0;
			if (!known) {
				api_fail_status(call, ST_UNKNOWN_FIELD, "items",
						"考核目标包含无法识别的字段，请删除后重新提交");
				return false;
			}
		}
		json_t *weight = json_object_get(item, "weight");
		if (weight == NULL || !json_is_integer(weight) || json_integer_value(weight) < 0 ||
		    json_integer_value(weight) > 1000) {
			api_fail_status(call, weight == NULL ? ST_MISSING_FIELD : ST_INVALID_INPUT,
					"items.weight", "每项考核目标的权重应为 1 到 100 的整数");
			return false;
		}
		r->weight = (int)json_integer_value(weight);
		if (!api_copy_string_or_reply(call, item, "description", r->description,
					      sizeof r->description) ||
		    !api_copy_string_or_reply(call, item, "measure", r->measure, sizeof r->measure))
			return false;
	}
	return true;
}

/* The body of a create (`create`) or of an update into req; replies 400 itself. */
static bool agreement_request_or_reply(struct api_call *call, struct agreement_request *req,
				       bool create)
{
	static const char *const create_names[] = {"year", "party_kind", "party_division",
						   "party_organization_id", "title", "signed_on",
						   "items", NULL};
	static const char *const update_names[] = {"title", "signed_on", "items", NULL};
	int64_t year = 0;
	memset(req, 0, sizeof *req);
	if (!api_body_known_or_reply(call, create ? create_names : update_names))
		return false;
	if (create && (!integer_or_reply(call, call->body, "year", "year", &year) ||
		       !party_or_reply(call, req->party_kind, sizeof req->party_kind,
				       req->party_division, sizeof req->party_division,
				       &req->party_organization_id)))
		return false;
	req->year = (int)year;
	req->has_title = json_object_get(call->body, "title") != NULL;
	req->has_signed_on = json_object_get(call->body, "signed_on") != NULL;
	if (!api_copy_string_or_reply(call, call->body, "title", req->title, sizeof req->title) ||
	    !api_copy_string_or_reply(call, call->body, "signed_on", req->signed_on,
				      sizeof req->signed_on))
		return false;
	json_t *items = json_object_get(call->body, "items");
	if (items != NULL)
		return items_or_reply(call, items, req);
	if (create) {
		api_fail_status(call, ST_MISSING_FIELD, "items", "请至少填写一项考核目标");
		return false;
	}
	return true;
}

/* The body of an assessment into req; replies 400 itself. */
static bool assessment_request_or_reply(struct api_call *call, struct assessment_request *req)
{
	static const char *const names[] = {"assessed_on", "items", "veto", "veto_reason", NULL};
	static const char *const item_names[] = {"ordinal", "score", "override_reason", NULL};
	size_t i;
	json_t *item;
	memset(req, 0, sizeof *req);
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "assessed_on", req->assessed_on,
				      sizeof req->assessed_on) ||
	    !api_copy_string_or_reply(call, call->body, "veto_reason", req->veto_reason,
				      sizeof req->veto_reason))
		return false;
	json_t *veto = json_object_get(call->body, "veto");
	if (veto != NULL && !json_is_boolean(veto)) {
		api_fail_status(call, ST_INVALID_INPUT, "veto", "veto 应为 true 或 false");
		return false;
	}
	req->veto = veto != NULL && json_is_true(veto);
	json_t *items = json_object_get(call->body, "items");
	if (items == NULL || !json_is_array(items)) {
		api_fail_status(call, items == NULL ? ST_MISSING_FIELD : ST_INVALID_INPUT, "items",
				"items 应为各项考核目标的评分数组");
		return false;
	}
	req->score_count = json_array_size(items);
	if (req->score_count > ASSESSMENT_ITEMS_MAX) {
		api_fail_status(call, ST_INVALID_INPUT, "items", "评分最多 20 项");
		return false;
	}
	json_array_foreach(items, i, item) {
		struct assessment_score_request *r = &req->scores[i];
		const char *key;
		json_t *value;
		if (!json_is_object(item)) {
			api_fail_status(call, ST_INVALID_INPUT, "items", "每项评分应为对象");
			return false;
		}
		json_object_foreach(item, key, value) {
			bool known = false;
			for (const char *const *n = item_names; *n && !known; n++)
				known = strcmp(*n, key) == 0;
			if (!known) {
				api_fail_status(call, ST_UNKNOWN_FIELD, "items",
						"评分包含无法识别的字段，请删除后重新提交");
				return false;
			}
		}
		json_t *ordinal = json_object_get(item, "ordinal");
		if (ordinal == NULL || !json_is_integer(ordinal) ||
		    json_integer_value(ordinal) < 1 || json_integer_value(ordinal) > 100) {
			api_fail_status(call, ordinal == NULL ? ST_MISSING_FIELD : ST_INVALID_INPUT,
					"items.ordinal", "每项评分应给出考核目标的序号 ordinal");
			return false;
		}
		r->ordinal = (int)json_integer_value(ordinal);
		json_t *score = json_object_get(item, "score");
		if (score != NULL && !json_is_null(score)) {
			if (!points_or_reply(call, score, "items.score", &r->score))
				return false;
			r->has_score = true;
		}
		if (!api_copy_string_or_reply(call, item, "override_reason", r->override_reason,
					      sizeof r->override_reason))
			return false;
	}
	return true;
}

/* --- agreements ---------------------------------------------------------------- */

/*
 * Loads agreement `id` if its party lies in the caller's scope; otherwise
 * replies 404 (audited as `action`) and returns false.
 */
static bool agreement_in_scope_or_reply(struct api_call *call, int64_t id, struct agreement *a,
					const char *action)
{
	struct error err;
	char object[64];
	object_name(id, object, sizeof object);
	enum status st = agreement_get(&call->reg, id, a, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, a->party.place)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "责任书不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

struct agreement_step {
	struct agreement a;
	struct agreement_request req;
	struct assessment_request assess;
	int64_t version;
	bool changed;
};

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct agreement_step *s = ctx;
	enum status st = agreement_create(&call->reg, &s->req, &s->a, err);
	if (st == ST_OK && !authz_in_scope(&call->who, s->a.party.place))
		return error_set(err, ST_OUT_OF_SCOPE, "party_kind", "该责任单位不在您的管辖范围内");
	if (st == ST_OK)
		object_name(s->a.id, object, size);
	return st;
}

static enum status update_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct agreement_step *s = ctx;
	(void)call, (void)object, (void)size;
	return agreement_update(&call->reg, &s->a, s->version, &s->req, &s->changed, err);
}

static enum status assess_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct agreement_step *s = ctx;
	(void)object, (void)size;
	return agreement_assess(&call->reg, &s->a, &s->assess, call->who.username, err);
}

static enum status finalize_write(struct api_call *call, void *ctx, char *object, size_t size,
				  struct error *err)
{
	struct agreement_step *s = ctx;
	(void)object, (void)size;
	return agreement_finalize(&call->reg, &s->a, call->who.username, err);
}

/* Replies the agreement with its version as ETag. */
static void reply_agreement(struct api_call *call, int status, const struct agreement *a)
{
	snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)a->version);
	api_reply(call, status, agreement_json(call, a, true));
}

static struct agreement_step *step_or_reply(struct api_call *call)
{
	struct agreement_step *s = calloc(1, sizeof *s);
	if (s == NULL)
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
	return s;
}

void api_agreement_create(struct api_call *call)
{
	struct agreement_step *s = step_or_reply(call);
	if (s == NULL)
		return;
	if (agreement_request_or_reply(call, &s->req, true) &&
	    api_write(call, "agreement.create", "agreement:", create_write, s))
		reply_agreement(call, 201, &s->a);
	free(s);
}

void api_agreement_get(struct api_call *call)
{
	int64_t id;
	char object[64];
	struct agreement_step *s = step_or_reply(call);
	if (s == NULL)
		return;
	if (api_id_param_or_reply(call, &id) &&
	    agreement_in_scope_or_reply(call, id, &s->a, "agreement.get")) {
		object_name(id, object, sizeof object);
		api_audit_read(call, "agreement.get", object, "ok", "");
		reply_agreement(call, 200, &s->a);
	}
	free(s);
}

void api_agreement_update(struct api_call *call)
{
	int64_t id;
	char object[64];
	struct agreement_step *s = step_or_reply(call);
	if (s == NULL)
		return;
	if (api_if_match_or_reply(call, "责任书的", &s->version) &&
	    api_id_param_or_reply(call, &id) && agreement_request_or_reply(call, &s->req, false) &&
	    agreement_in_scope_or_reply(call, id, &s->a, "agreement.update")) {
		object_name(id, object, sizeof object);
		if (api_write(call, "agreement.update", object, update_write, s))
			reply_agreement(call, 200, &s->a);
	}
	free(s);
}

void api_agreement_assess(struct api_call *call)
{
	int64_t id;
	char object[64];
	struct agreement_step *s = step_or_reply(call);
	if (s == NULL)
		return;
	if (api_id_param_or_reply(call, &id) && assessment_request_or_reply(call, &s->assess) &&
	    agreement_in_scope_or_reply(call, id, &s->a, "agreement.assess")) {
		object_name(id, object, sizeof object);
		if (api_write(call, "agreement.assess", object, assess_write, s))
			reply_agreement(call, 200, &s->a);
	}
	free(s);
}

void api_agreement_finalize(struct api_call *call)
{
	static const char *const no_members[] = {NULL};
	int64_t id;
	char object[64];
	struct agreement_step *s = step_or_reply(call);
	if (s == NULL)
		return;
	if (api_id_param_or_reply(call, &id) && api_body_known_or_reply(call, no_members) &&
	    agreement_in_scope_or_reply(call, id, &s->a, "agreement.finalize")) {
		object_name(id, object, sizeof object);
		if (api_write(call, "agreement.finalize", object, finalize_write, s))
			reply_agreement(call, 200, &s->a);
	}
	free(s);
}

/* ?year= (2000..2100, or absent when `required` is false) and ?party_kind=; replies 400. */
static bool listing_query_or_reply(struct api_call *call, bool required,
				   struct agreement_query *q)
{
	char year[16], kind[24];
	memset(q, 0, sizeof *q);
	if (!api_copy_query_or_reply(call, "year", year, sizeof year) ||
	    !api_copy_query_or_reply(call, "party_kind", kind, sizeof kind))
		return false;
	if (year[0] || required) {
		unsigned long n = text_is_digits(year) && strlen(year) == 4 ? strtoul(year, NULL, 10) : 0;
		if (n < ASSESSMENT_YEAR_MIN || n > ASSESSMENT_YEAR_MAX) {
			api_fail_status(call, year[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD, "year",
					"year 应为 2000 到 2100 的年度");
			return false;
		}
		q->year = (int)n;
	}
	if ((kind[0] || required) && !assessment_party_kind_parse(kind, &q->party_kind)) {
		api_fail_status(call, kind[0] ? ST_INVALID_CODE : ST_MISSING_FIELD, "party_kind",
				"party_kind 应为 department、division 或 unit");
		return false;
	}
	return true;
}

void api_agreement_search(struct api_call *call)
{
	static const char *const names[] = {"year", "party_kind", NULL};
	struct agreement_query q;
	struct error err;
	size_t count = 0;
	if (!api_query_known_or_reply(call, names) || !listing_query_or_reply(call, false, &q))
		return;
	snprintf(q.place, sizeof q.place, "%s", call->who.scope);
	struct agreement *list = calloc(ASSESSMENT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (agreement_search(&call->reg, &q, list, ASSESSMENT_LIST_MAX, &count, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, agreement_json(call, &list[i], false));
	free(list);
	api_audit_read(call, "agreement.search", "agreement:", "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}

void api_assessment_ranking(struct api_call *call)
{
	static const char *const names[] = {"year", "party_kind", NULL};
	struct agreement_query q;
	struct error err;
	size_t count = 0, ranked = 0;
	if (!api_query_known_or_reply(call, names) || !listing_query_or_reply(call, true, &q))
		return;
	struct agreement *list = calloc(ASSESSMENT_LIST_MAX, sizeof *list);
	struct assessment_rank *rows = calloc(ASSESSMENT_LIST_MAX, sizeof *rows);
	if (list == NULL || rows == NULL) {
		free(list);
		free(rows);
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	/* Ranked among every party of the year and kind; shown within the scope. */
	if (agreement_search(&call->reg, &q, list, ASSESSMENT_LIST_MAX, &count, &err) != ST_OK) {
		free(list);
		free(rows);
		api_fail(call, &err);
		return;
	}
	for (size_t i = 0; i < count; i++)
		if (list[i].state != AGREEMENT_SIGNED)
			rows[ranked++].agreement = &list[i];
	assessment_rank_sort(rows, ranked);
	json_t *items = json_array();
	for (size_t i = 0; i < ranked; i++) {
		const struct agreement *a = rows[i].agreement;
		if (!authz_in_scope(&call->who, a->party.place))
			continue;
		json_t *row = agreement_json(call, a, false);
		json_object_set_new(row, "rank", json_integer(rows[i].rank));
		json_array_append_new(items, row);
	}
	json_t *body = json_pack("{s:i, s:s, s:i, s:I, s:o}", "year", q.year, "party_kind",
				 assessment_party_kind_name(q.party_kind), "pass_score",
				 ASSESSMENT_PASS_SCORE / 100, "ranked", (json_int_t)ranked, "items",
				 items);
	free(list);
	free(rows);
	api_audit_read(call, "assessment.ranking", "agreement:", "ok", "");
	api_reply(call, 200, body);
}

/* --- awards ---------------------------------------------------------------------- */

static json_t *award_json(const struct api_call *call, const struct award *a)
{
	char created[40];
	api_format_time(a->created_at, created, sizeof created);
	return json_pack("{s:I, s:i, s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)a->id, "year", a->year, "kind", award_kind_name(a->kind),
			 "kind_label", award_kind_label(a->kind), "party",
			 party_json(call, &a->party), "citation", a->citation, "awarded_on",
			 a->awarded_on, "awarded_by", a->awarded_by, "created_at", created);
}

struct award_step {
	struct award_request req;
	struct award award;
};

static enum status award_write(struct api_call *call, void *ctx, char *object, size_t size,
			       struct error *err)
{
	struct award_step *s = ctx;
	enum status st = award_give(&call->reg, &s->req, call->who.username, &s->award, err);
	if (st == ST_OK && !authz_in_scope(&call->who, s->award.party.place))
		return error_set(err, ST_OUT_OF_SCOPE, "party_kind", "该单位不在您的管辖范围内");
	if (st == ST_OK)
		snprintf(object, size, "award:%lld", (long long)s->award.id);
	return st;
}

void api_award_create(struct api_call *call)
{
	static const char *const names[] = {"year", "kind", "party_kind", "party_division",
					    "party_organization_id", "citation", "awarded_on",
					    NULL};
	int64_t year = 0;
	struct award_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct award_request *r = &s->req;
	if (api_body_known_or_reply(call, names) &&
	    integer_or_reply(call, call->body, "year", "year", &year) &&
	    api_copy_string_or_reply(call, call->body, "kind", r->kind, sizeof r->kind) &&
	    party_or_reply(call, r->party_kind, sizeof r->party_kind, r->party_division,
			   sizeof r->party_division, &r->party_organization_id) &&
	    api_copy_string_or_reply(call, call->body, "citation", r->citation,
				     sizeof r->citation) &&
	    api_copy_string_or_reply(call, call->body, "awarded_on", r->awarded_on,
				     sizeof r->awarded_on)) {
		r->year = (int)year;
		if (api_write(call, "award.create", "award:", award_write, s))
			api_reply(call, 201, award_json(call, &s->award));
	}
	free(s);
}

void api_award_search(struct api_call *call)
{
	static const char *const names[] = {"year", NULL};
	struct agreement_query q;
	struct error err;
	size_t count = 0;
	if (!api_query_known_or_reply(call, names) || !listing_query_or_reply(call, false, &q))
		return;
	struct award *list = calloc(ASSESSMENT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (award_search(&call->reg, q.year, call->who.scope, list, ASSESSMENT_LIST_MAX, &count,
			 &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, award_json(call, &list[i]));
	free(list);
	api_audit_read(call, "award.search", "award:", "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}
