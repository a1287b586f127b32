/*
 * aid.c — the rules of aid records (policy §2(3)(4)).
 */
#include "domain/aid.h"

#include <stdio.h>
#include <string.h>

#include "domain/event.h"
#include "domain/field.h"
#include "store/store.h"

/* The recipient: exactly one of a registered person and a name. */
static enum status check_recipient(const struct person *person, const struct aid_request *req,
				   struct aid *out, struct error *err)
{
	if (person != NULL) {
		if (req->recipient_name[0] != '\0')
			return error_set(err, ST_INVALID_INPUT, "recipient_name",
					 "已选择登记的人员时不要再填写受助人姓名");
		out->person_id = person->id;
		snprintf(out->recipient_name, sizeof out->recipient_name, "%s", person->name);
		return ST_OK;
	}
	enum status st = field_text(req->recipient_name, "recipient_name", "受助人姓名", 1,
				    AID_NAME_MAX_CHARS, err);
	if (st == ST_MISSING_FIELD)
		error_set(err, ST_MISSING_FIELD, "recipient_name",
			  "请选择登记的人员（person_id）或填写受助人姓名");
	if (st != ST_OK)
		return st;
	snprintf(out->recipient_name, sizeof out->recipient_name, "%s", req->recipient_name);
	return ST_OK;
}

enum status aid_record(const struct registry *reg, const struct service_point *point,
		       const struct person *person, const struct aid_request *req,
		       const char *actor, struct aid *out, struct error *err)
{
	enum status st;
	struct date given;
	memset(out, 0, sizeof *out);
	if (point->kind != SERVICE_POINT_AID_STORE || !point->active) {
		st = error_set(err, ST_NOT_ALLOWED, "service_point_id",
			       point->active ? "只有爱心救助超市才能登记救助记录"
					     : "该爱心救助超市已停用，不能登记救助记录");
		error_set_reason(err, point->active ? "not_aid_store" : "service_point_inactive");
		return st;
	}
	if ((st = check_recipient(person, req, out, err)) != ST_OK ||
	    (st = field_text(req->items, "items", "救助物品或内容", AID_ITEMS_MIN_CHARS,
			     AID_ITEMS_MAX_CHARS, err)) != ST_OK ||
	    (st = field_past_date(req->given_on, false, AID_EARLIEST, &reg->today, "given_on",
				  "救助日期", &given, err)) != ST_OK)
		return st;
	if (req->has_amount && (req->amount < 0 || req->amount > AID_AMOUNT_MAX))
		return error_set(err, ST_INVALID_INPUT, "amount",
				 "金额以分为单位，应为 0 到 %d 的整数", AID_AMOUNT_MAX);
	out->service_point_id = point->id;
	snprintf(out->items, sizeof out->items, "%s", req->items);
	out->amount = req->has_amount ? req->amount : -1;
	date_format(&given, out->given_on, sizeof out->given_on);
	snprintf(out->given_by, sizeof out->given_by, "%s", actor);
	if ((st = store_write_begin(reg->store, err)) != ST_OK)
		return st;
	st = store_aid_insert(reg->store, out, err);
	if (st == ST_OK && out->person_id > 0)
		st = event_add(reg, out->person_id, "aid", out->id, actor, "aid.give", err,
			       "%s 在%s给予救助：%s", out->given_on, point->name, out->items);
	if (st != ST_OK) {
		store_write_abort(reg->store);
		return st;
	}
	return store_write_commit(reg->store, err);
}

enum status aid_list(const struct registry *reg, int64_t point_id, int64_t before_id,
		     size_t limit, struct aid *out, size_t *count, bool *more,
		     struct error *err)
{
	if (limit < 1)
		limit = 1;
	if (limit > AID_LIST_MAX - 1)
		limit = AID_LIST_MAX - 1;
	enum status st = store_aid_list(reg->store, point_id, before_id, out, limit + 1, count,
					err);
	*more = st == ST_OK && *count > limit;
	if (*more)
		*count = limit;
	return st;
}
