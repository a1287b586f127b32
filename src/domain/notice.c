/*
 * notice.c — the rules of notices (通报, §3): whom one may notify, what a
 * notice must say, and which offices see it.
 */
#include "domain/notice.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "domain/field.h"
#include "domain/organization.h"
#include "store/store.h"

enum status notice_check_recipient(const struct registry *reg, const char *code,
				   char out[DIVISION_CODE_SIZE], struct error *err)
{
	const struct division *place = division_table_resolve(reg->divisions, code);
	if (place == NULL || !division_contains(reg->city, place->code) ||
	    (place->level != DIVISION_TOWN && place->level != DIVISION_VILLAGE))
		return error_set(err, ST_INVALID_DIVISION, "recipients",
				 "通报只能发给本市的镇（街道）或社区（村），请检查收件单位的区划代码");
	memcpy(out, place->code, DIVISION_CODE_SIZE);
	return ST_OK;
}

bool notice_recipient_in_scope(const char *scope, const char *division)
{
	return scope[0] != '\0' && division_contains(scope, division);
}

/* The recipients of `req`, checked and in canonical form, each once, into `n`. */
static enum status check_recipients(const struct registry *reg, const struct notice_request *req,
				    struct notice *n, struct error *err)
{
	if (req->recipient_count == 0)
		return error_set(err, ST_MISSING_FIELD, "recipients", "请至少选择一个收件的镇（街道）或社区");
	if (req->recipient_count > NOTICE_RECIPIENTS_MAX)
		return error_set(err, ST_INVALID_INPUT, "recipients",
				 "一份通报最多发给 %d 个单位，请分几次发送", NOTICE_RECIPIENTS_MAX);
	for (size_t i = 0; i < req->recipient_count; i++) {
		char code[DIVISION_CODE_SIZE];
		bool repeated = false;
		enum status st = notice_check_recipient(reg, req->recipients[i], code, err);
		if (st != ST_OK)
			return st;
		for (size_t j = 0; j < n->recipient_count && !repeated; j++)
			repeated = strcmp(n->recipients[j].division, code) == 0;
		if (!repeated)
			memcpy(n->recipients[n->recipient_count++].division, code, sizeof code);
	}
	return ST_OK;
}

/* The person and organization a notice names must exist. */
static enum status check_subjects(const struct registry *reg, const struct notice_request *req,
				  struct error *err)
{
	enum status st;
	if (req->person_id < 0 || req->organization_id < 0)
		return error_set(err, ST_INVALID_INPUT, req->person_id < 0 ? "person_id" : "organization_id",
				 "编号应为正整数");
	if (req->person_id > 0) {
		struct person p;
		if ((st = store_person_get(reg->store, req->person_id, &p, err)) == ST_NOT_FOUND)
			return error_set(err, ST_NOT_FOUND, "person_id", "通报所涉及的人员档案不存在");
		if (st != ST_OK)
			return st;
	}
	if (req->organization_id > 0) {
		struct organization o;
		if ((st = store_organization_get(reg->store, req->organization_id, &o, err)) ==
		    ST_NOT_FOUND)
			return error_set(err, ST_NOT_FOUND, "organization_id", "通报所涉及的单位不存在");
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

enum status notice_send(const struct registry *reg, const struct notice_request *req,
			struct notice *out, struct error *err)
{
	const char *subject = req->subject ? req->subject : "";
	const char *body = req->body ? req->body : "";
	enum status st;
	memset(out, 0, sizeof *out);
	if ((st = check_recipients(reg, req, out, err)) != ST_OK ||
	    (st = field_text(subject, "subject", "通报标题", NOTICE_SUBJECT_MIN_CHARS,
			     NOTICE_SUBJECT_MAX_CHARS, err)) != ST_OK ||
	    (st = field_text(body, "body", "通报内容", NOTICE_BODY_MIN_CHARS, NOTICE_BODY_MAX_CHARS,
			     err)) != ST_OK ||
	    (st = check_subjects(reg, req, err)) != ST_OK)
		return st;
	out->sender = req->sender;
	snprintf(out->subject, sizeof out->subject, "%s", subject);
	snprintf(out->body, sizeof out->body, "%s", body);
	out->person_id = req->person_id;
	out->organization_id = req->organization_id;
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = store_notice_insert(reg->store, out, err)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status notice_get(const struct registry *reg, int64_t id, const char *scope,
		       struct notice *out, struct error *err)
{
	if (scope[0] == '\0')
		return error_set(err, ST_NOT_FOUND, "id", "通报不存在");
	enum status st = store_notice_get(reg->store, id, scope, out, err);
	for (size_t i = 0; st == ST_OK && i < out->recipient_count; i++)
		assert(notice_recipient_in_scope(scope, out->recipients[i].division));
	return st;
}

enum status notice_mark_read(const struct registry *reg, int64_t id, const char *scope,
			     struct notice *out, size_t *marked, struct error *err)
{
	enum status st = notice_get(reg, id, scope, out, err);
	*marked = 0;
	if (st != ST_OK || (st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	if ((st = store_notice_mark_read(reg->store, id, scope, marked, err)) != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	if ((st = store_write_commit(reg->store, err)) != ST_OK)
		return st;
	return *marked > 0 ? notice_get(reg, id, scope, out, err) : ST_OK;
}

enum status notice_acknowledge(const struct registry *reg, int64_t id, const char *scope,
			       const char *username, struct notice *out, struct error *err)
{
	size_t acknowledged = 0;
	enum status st = notice_get(reg, id, scope, out, err);
	if (st != ST_OK || (st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_notice_acknowledge(reg->store, id, scope, username, &acknowledged, err);
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	if (acknowledged == 0) {
		store_write_cancel(reg->store);
		return error_set(err, ST_INVALID_STATE, "id", "本单位已确认收到这份通报，无需再次确认");
	}
	if ((st = store_write_commit(reg->store, err)) != ST_OK)
		return st;
	return notice_get(reg, id, scope, out, err);
}

enum status notice_inbox(const struct registry *reg, const struct notice_query *q,
			 struct notice *out, size_t *count, bool *more, int64_t *unread_count,
			 struct error *err)
{
	size_t limit = q->limit < 1 ? 1 : q->limit;
	if (limit > NOTICE_LIST_MAX - 1)
		limit = NOTICE_LIST_MAX - 1;
	*count = 0;
	*more = false;
	*unread_count = 0;
	if (q->scope[0] == '\0')
		return ST_OK;
	enum status st = store_notice_inbox(reg->store, q, out, limit + 1, count, err);
	if (st == ST_OK)
		st = store_notice_unread_count(reg->store, q->scope, unread_count, err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}
