/*
 * complaint.c — the rules of complaints (policy §3).
 */
#include "core/name_table.h"
#include "domain/complaint.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/field.h"
#include "domain/settings.h"
#include "security/crypto.h"
#include "store/store.h"

static const char *const channel_names[] = {"", "hotline", "email", "web", "letter", "visit"};
static const char *const channel_labels[] = {"", "维权热线", "电子邮件", "网上投诉", "来信",
					     "来访"};
static const char *const category_names[] = {"", "rights_infringement", "service", "fee",
					     "certificate", "other"};
static const char *const category_labels[] = {"", "侵害流动人口合法权益", "服务质量",
					      "违规收费", "证明办理", "其他"};
static const char *const state_names[] = {"", "received", "assigned", "answered", "closed"};
static const char *const state_labels[] = {"", "已受理", "已交办", "已答复", "已办结"};


const char *complaint_channel_name(enum complaint_channel c) { return NAME_TABLE_AT(channel_names, c); }
const char *complaint_channel_label(enum complaint_channel c) { return NAME_TABLE_AT(channel_labels, c); }
const char *complaint_category_name(enum complaint_category c) { return NAME_TABLE_AT(category_names, c); }
const char *complaint_category_label(enum complaint_category c) { return NAME_TABLE_AT(category_labels, c); }
const char *complaint_state_name(enum complaint_state s) { return NAME_TABLE_AT(state_names, s); }
const char *complaint_state_label(enum complaint_state s) { return NAME_TABLE_AT(state_labels, s); }

bool complaint_channel_parse(const char *name, enum complaint_channel *out)
{
	*out = (enum complaint_channel)name_table_value(channel_names, NAME_TABLE_COUNT(channel_names), name);
	return *out != COMPLAINT_CHANNEL_NONE;
}

bool complaint_category_parse(const char *name, enum complaint_category *out)
{
	*out = (enum complaint_category)name_table_value(category_names, NAME_TABLE_COUNT(category_names), name);
	return *out != COMPLAINT_CATEGORY_NONE;
}

bool complaint_state_parse(const char *name, enum complaint_state *out)
{
	*out = (enum complaint_state)name_table_value(state_names, NAME_TABLE_COUNT(state_names), name);
	return *out != COMPLAINT_STATE_NONE;
}

bool complaint_is_overdue(const struct complaint *c, const char *today)
{
	return (c->state == COMPLAINT_RECEIVED || c->state == COMPLAINT_ASSIGNED) &&
	       strcmp(c->due_on, today) < 0;
}

/* A fresh tracking code: 12 characters without 0/O, 1/I (random token bits, 5 each). */
static void new_code(char out[COMPLAINT_CODE_SIZE])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char base64url[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char token[CRYPTO_TOKEN_SIZE];
	crypto_random_token(token);
	for (int i = 0; i < COMPLAINT_CODE_CHARS; i++) {
		const char *at = strchr(base64url, token[i]);
		out[i] = alphabet[(at ? (size_t)(at - base64url) : 0) & 31];
	}
	out[COMPLAINT_CODE_CHARS] = '\0';
}

/* Runs `write` on `c` inside a write joined to the caller's transaction. */
static enum status write_step(const struct registry *reg, struct complaint *c, bool insert,
			      struct error *err)
{
	int64_t version = c->version;
	enum status st = store_write_begin(reg->store, err);
	if (st != ST_OK)
		return st;
	st = insert ? store_complaint_insert(reg->store, c, err)
		    : store_complaint_update(reg->store, c, version, err);
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

enum status complaint_create(const struct registry *reg, const struct complaint_request *req,
			     bool web, const char *office, struct complaint *out,
			     struct error *err)
{
	enum status st;
	int days = 15;
	memset(out, 0, sizeof *out);
	if (web) {
		out->channel = COMPLAINT_WEB;
	} else {
		if (req->channel[0] == '\0')
			return error_set(err, ST_MISSING_FIELD, "channel", "请选择投诉渠道");
		if (!complaint_channel_parse(req->channel, &out->channel) ||
		    out->channel == COMPLAINT_WEB)
			return error_set(err, ST_INVALID_CODE, "channel",
					 "投诉渠道应为 hotline、email、letter 或 visit");
	}
	if (req->category[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "category", "请选择投诉类别");
	if (!complaint_category_parse(req->category, &out->category))
		return error_set(err, ST_INVALID_CODE, "category",
				 "投诉类别应为 rights_infringement、service、fee、certificate 或 other");
	if ((st = field_text(req->subject, "subject", "投诉事由", COMPLAINT_SUBJECT_MIN_CHARS,
			     COMPLAINT_SUBJECT_MAX_CHARS, err)) != ST_OK ||
	    (st = field_text(req->content, "content", "投诉内容", COMPLAINT_CONTENT_MIN_CHARS,
			     COMPLAINT_CONTENT_MAX_CHARS, err)) != ST_OK ||
	    (st = field_text(req->complainant_name, "complainant_name", "投诉人姓名", 0,
			     COMPLAINT_NAME_MAX_CHARS, err)) != ST_OK ||
	    (st = field_phone(req->complainant_phone, "complainant_phone", err)) != ST_OK ||
	    (st = field_text(req->respondent, "respondent", "被投诉单位", 0,
			     COMPLAINT_RESPONDENT_MAX_CHARS, err)) != ST_OK ||
	    (st = setting_get_int(reg, SETTING_COMPLAINT_DUE_DAYS, &days, err)) != ST_OK)
		return st;
	snprintf(out->subject, sizeof out->subject, "%s", req->subject);
	snprintf(out->content, sizeof out->content, "%s", req->content);
	snprintf(out->complainant_name, sizeof out->complainant_name, "%s", req->complainant_name);
	snprintf(out->complainant_phone, sizeof out->complainant_phone, "%s",
		 req->complainant_phone);
	snprintf(out->respondent, sizeof out->respondent, "%s", req->respondent);
	const struct division *place =
		division_table_resolve(reg->divisions, office[0] ? office : reg->city);
	if (place == NULL || !division_contains(reg->city, place->code))
		return error_set(err, ST_INVALID_DIVISION, "office", "办理单位应为本市或本市的镇（街道）");
	snprintf(out->office, sizeof out->office, "%s", place->code);
	struct date today = date_today(), due = date_add_days(&today, days);
	date_format(&today, out->received_on, sizeof out->received_on);
	date_format(&due, out->due_on, sizeof out->due_on);
	out->state = COMPLAINT_RECEIVED;
	new_code(out->code);
	return write_step(reg, out, true, err);
}

enum status complaint_get(const struct registry *reg, int64_t id, struct complaint *out,
			  struct error *err)
{
	return store_complaint_get(reg->store, id, NULL, out, err);
}

enum status complaint_get_by_code(const struct registry *reg, const char *code,
				  struct complaint *out, struct error *err)
{
	return store_complaint_get(reg->store, 0, code, out, err);
}

enum status complaint_assign(const struct registry *reg, struct complaint *c,
			     const char *office, struct error *err)
{
	if (c->state != COMPLAINT_RECEIVED && c->state != COMPLAINT_ASSIGNED)
		return error_set(err, ST_INVALID_STATE, "state",
				 "只有尚未答复的投诉才能交办（现为%s）",
				 complaint_state_label(c->state));
	if (office[0] == '\0')
		return error_set(err, ST_MISSING_FIELD, "office", "请选择承办的镇（街道）");
	const struct division *place = division_table_resolve(reg->divisions, office);
	if (place == NULL || !division_contains(reg->city, place->code) ||
	    place->level != DIVISION_TOWN)
		return error_set(err, ST_INVALID_DIVISION, "office",
				 "承办单位应为本市的镇（街道）");
	snprintf(c->office, sizeof c->office, "%s", place->code);
	c->state = COMPLAINT_ASSIGNED;
	return write_step(reg, c, false, err);
}

enum status complaint_answer(const struct registry *reg, struct complaint *c,
			     const char *reply, struct error *err)
{
	enum status st;
	if (c->state != COMPLAINT_RECEIVED && c->state != COMPLAINT_ASSIGNED)
		return error_set(err, ST_INVALID_STATE, "state",
				 "只有尚未答复的投诉才能答复（现为%s）",
				 complaint_state_label(c->state));
	if ((st = field_text(reply, "reply", "答复内容", COMPLAINT_TEXT_MIN_CHARS,
			     COMPLAINT_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	snprintf(c->reply, sizeof c->reply, "%s", reply);
	c->state = COMPLAINT_ANSWERED;
	return write_step(reg, c, false, err);
}

enum status complaint_close(const struct registry *reg, struct complaint *c,
			    const char *outcome, struct error *err)
{
	enum status st;
	if (c->state != COMPLAINT_ANSWERED)
		return error_set(err, ST_INVALID_STATE, "state",
				 "只有已答复的投诉才能办结（现为%s）",
				 complaint_state_label(c->state));
	if ((st = field_text(outcome, "outcome", "办理结果", COMPLAINT_TEXT_MIN_CHARS,
			     COMPLAINT_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	snprintf(c->outcome, sizeof c->outcome, "%s", outcome);
	c->state = COMPLAINT_CLOSED;
	return write_step(reg, c, false, err);
}

enum status complaint_reopen(const struct registry *reg, struct complaint *c,
			     const char *reason, struct error *err)
{
	enum status st;
	if (c->state != COMPLAINT_ANSWERED && c->state != COMPLAINT_CLOSED)
		return error_set(err, ST_INVALID_STATE, "state",
				 "只有已答复或已办结的投诉才能重新办理（现为%s）",
				 complaint_state_label(c->state));
	if ((st = field_text(reason, "reason", "重新办理的理由", COMPLAINT_TEXT_MIN_CHARS,
			     COMPLAINT_TEXT_MAX_CHARS, err)) != ST_OK)
		return st;
	const struct division *place = division_table_resolve(reg->divisions, c->office);
	c->state = place != NULL && place->level == DIVISION_TOWN ? COMPLAINT_ASSIGNED
								   : COMPLAINT_RECEIVED;
	c->reply[0] = c->outcome[0] = '\0';
	c->reopened++;
	snprintf(c->reopen_reason, sizeof c->reopen_reason, "%s", reason);
	return write_step(reg, c, false, err);
}

enum status complaint_search(const struct registry *reg, const struct complaint_query *q,
			     struct complaint *out, size_t *count, bool *more, struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > COMPLAINT_LIST_MAX - 1)
		limit = COMPLAINT_LIST_MAX - 1;
	enum status st = store_complaint_search(reg->store, q, out, limit + 1, count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}
