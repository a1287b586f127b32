/*
 * api/inquiry.c — letter inquiries over HTTP: open (and send), list, read,
 * send, record the answer, cancel.
 *
 * An inquiry is visible where its person is (the caller's scope).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/codes.h"
#include "domain/inquiry.h"
#include "exchange/exchange_io.h"

#define CURSOR_PREFIX "q"

static json_t *inquiry_json(const struct api_call *call, const struct inquiry *q)
{
	enum inquiry_state state = inquiry_state_on(q, &call->reg.today);
	const char *answered = codes_marital_status_name(q->answer_marital_status);
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)q->id, "person_id", (json_int_t)q->person_id,
			      "from_division", api_division_json(call, q->from_division),
			      "to_division", api_division_json(call, q->to_division), "channel",
			      inquiry_channel_name(q->channel), "channel_label",
			      inquiry_channel_label(q->channel), "urgency",
			      inquiry_urgency_name(q->urgency), "urgency_label",
			      inquiry_urgency_label(q->urgency), "subject",
			      inquiry_subject_name(q->subject), "subject_label",
			      inquiry_subject_label(q->subject), "state", inquiry_state_name(state),
			      "state_label", inquiry_state_label(state));
	json_object_set_new(o, "note", api_text_or_null(q->note));
	json_object_set_new(o, "sent_on", api_text_or_null(q->sent_on));
	json_object_set_new(o, "due_on", api_text_or_null(q->due_on));
	json_object_set_new(o, "answered_on", api_text_or_null(q->answered_on));
	json_object_set_new(o, "answer_marital_status", api_text_or_null(q->answer_marital_status));
	json_object_set_new(o, "answer_marital_status_label",
			    answered ? json_string(answered) : json_null());
	json_object_set_new(o, "answer_text", api_text_or_null(q->answer_text));
	json_object_set_new(o, "answer_reference", api_text_or_null(q->answer_reference));
	json_object_set_new(o, "cancel_reason", api_text_or_null(q->cancel_reason));
	json_object_set_new(o, "version", json_integer(q->version));
	return o;
}

static void inquiry_object(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "inquiry:%lld", (long long)id);
}

/* Inquiry {id} if its person lies in the caller's scope; 404 (audited) otherwise. */
static bool inquiry_in_scope_or_reply(struct api_call *call, struct inquiry *q,
				      const char *action)
{
	int64_t id;
	struct person p;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return false;
	inquiry_object(id, object, sizeof object);
	enum status st = inquiry_get(&call->reg, id, q, &err);
	if (st == ST_OK && (st = person_get(&call->reg, q->person_id, &p, &err)) == ST_OK &&
	    !authz_in_scope(&call->who, p.residence_division)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "函调不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

struct create {
	struct inquiry_request req;
	struct inquiry q;
};

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct create *c = ctx;
	struct person p;
	enum status st = inquiry_create(&call->reg, &c->req, call->who.username, &c->q, err);
	if (st == ST_OK)
		inquiry_object(c->q.id, object, size);
	/* Sent over the network: the request to the hukou place's node, in this transaction. */
	if (st == ST_OK && c->q.state == INQUIRY_SENT && c->q.channel == INQUIRY_NETWORK &&
	    (st = person_get(&call->reg, c->q.person_id, &p, err)) == ST_OK)
		st = exchange_request_inquiry(call->reg.store, &c->q, &p, err);
	return st;
}

static bool person_id_or_reply(struct api_call *call, int64_t *id)
{
	json_t *value = json_object_get(call->body, "person_id");
	if (value == NULL) {
		api_fail_status(call, ST_MISSING_FIELD, "person_id", "请指明被函调的人员档案");
		return false;
	}
	if (!json_is_integer(value) || json_integer_value(value) <= 0) {
		api_fail_status(call, ST_INVALID_INPUT, "person_id", "person_id 应为档案编号（正整数）");
		return false;
	}
	*id = json_integer_value(value);
	return true;
}

static bool send_flag_or_reply(struct api_call *call, bool *send)
{
	json_t *value = json_object_get(call->body, "send");
	*send = false;
	if (value == NULL)
		return true;
	if (!json_is_boolean(value)) {
		api_fail_status(call, ST_INVALID_INPUT, "send", "send 应为 true 或 false");
		return false;
	}
	*send = json_is_true(value);
	return true;
}

void api_inquiry_create(struct api_call *call)
{
	static const char *const names[] = {"person_id", "to_division", "channel", "urgency",
					    "subject", "note", "send", NULL};
	struct person p;
	struct create *c = calloc(1, sizeof *c);
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct inquiry_request *r = &c->req;
	if (api_body_known_or_reply(call, names) && person_id_or_reply(call, &r->person_id) &&
	    send_flag_or_reply(call, &r->send) &&
	    api_copy_string_or_reply(call, call->body, "to_division", r->to_division,
				     sizeof r->to_division) &&
	    api_copy_string_or_reply(call, call->body, "channel", r->channel, sizeof r->channel) &&
	    api_copy_string_or_reply(call, call->body, "urgency", r->urgency, sizeof r->urgency) &&
	    api_copy_string_or_reply(call, call->body, "subject", r->subject, sizeof r->subject) &&
	    api_copy_string_or_reply(call, call->body, "note", r->note, sizeof r->note) &&
	    api_person_in_scope_or_reply(call, r->person_id, &p, "inquiry.create") &&
	    api_write(call, "inquiry.create", "inquiry:", create_write, c)) {
		exchange_sender_wake();
		api_reply(call, 201, inquiry_json(call, &c->q));
	}
	free(c);
}

void api_inquiry_get(struct api_call *call)
{
	struct inquiry *q = calloc(1, sizeof *q);
	char object[64];
	if (q == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (inquiry_in_scope_or_reply(call, q, "inquiry.read")) {
		inquiry_object(q->id, object, sizeof object);
		api_audit_read(call, "inquiry.read", object, "ok", "");
		api_reply(call, 200, inquiry_json(call, q));
	}
	free(q);
}

/* --- send, answer, cancel --------------------------------------------------- */

struct step {
	struct inquiry q;
	char on[DATE_TEXT_SIZE];
	char reason[INQUIRY_TEXT_SIZE];
	struct inquiry_answer answer;
};

static enum status send_write(struct api_call *call, void *ctx, char *object, size_t size,
			      struct error *err)
{
	struct step *s = ctx;
	struct person p;
	(void)object, (void)size;
	enum status st = inquiry_send(&call->reg, s->q.id, s->on, call->who.username, &s->q, err);
	if (st == ST_OK && s->q.channel == INQUIRY_NETWORK &&
	    (st = person_get(&call->reg, s->q.person_id, &p, err)) == ST_OK)
		st = exchange_request_inquiry(call->reg.store, &s->q, &p, err);
	return st;
}

static enum status answer_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct step *s = ctx;
	(void)object, (void)size;
	return inquiry_record_answer(&call->reg, s->q.id, &s->answer, call->who.username, &s->q,
				     err);
}

static enum status cancel_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct step *s = ctx;
	(void)object, (void)size;
	return inquiry_cancel(&call->reg, s->q.id, s->reason, call->who.username, &s->q, err);
}

/* The inquiry in scope and a body with only `names`; replies itself on failure. */
static struct step *step_or_reply(struct api_call *call, const char *action,
				  const char *const *names)
{
	struct step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return NULL;
	}
	if (!inquiry_in_scope_or_reply(call, &s->q, action) || !api_body_known_or_reply(call, names)) {
		free(s);
		return NULL;
	}
	return s;
}

static void finish_step(struct api_call *call, struct step *s, const char *action,
			api_write_fn fn)
{
	char object[64];
	inquiry_object(s->q.id, object, sizeof object);
	if (api_write(call, action, object, fn, s)) {
		exchange_sender_wake();
		api_reply(call, 200, inquiry_json(call, &s->q));
	}
	free(s);
}

void api_inquiry_send(struct api_call *call)
{
	static const char *const names[] = {"sent_on", NULL};
	struct step *s = step_or_reply(call, "inquiry.send", names);
	if (s == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "sent_on", s->on, sizeof s->on)) {
		free(s);
		return;
	}
	finish_step(call, s, "inquiry.send", send_write);
}

void api_inquiry_answer(struct api_call *call)
{
	static const char *const names[] = {"answered_on", "marital_status", "answer_text",
					    "reference", NULL};
	struct step *s = step_or_reply(call, "inquiry.answer", names);
	if (s == NULL)
		return;
	struct inquiry_answer *a = &s->answer;
	if (!api_copy_string_or_reply(call, call->body, "answered_on", a->answered_on,
				      sizeof a->answered_on) ||
	    !api_copy_string_or_reply(call, call->body, "marital_status", a->marital_status,
				      sizeof a->marital_status) ||
	    !api_copy_string_or_reply(call, call->body, "answer_text", a->text, sizeof a->text) ||
	    !api_copy_string_or_reply(call, call->body, "reference", a->reference,
				      sizeof a->reference)) {
		free(s);
		return;
	}
	finish_step(call, s, "inquiry.answer", answer_write);
}

void api_inquiry_cancel(struct api_call *call)
{
	static const char *const names[] = {"reason", NULL};
	struct step *s = step_or_reply(call, "inquiry.cancel", names);
	if (s == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "reason", s->reason, sizeof s->reason)) {
		free(s);
		return;
	}
	finish_step(call, s, "inquiry.cancel", cancel_write);
}

/* --- listings --------------------------------------------------------------- */

/* A listing's rows, each with the person it is about (name, masked ID number). */
static json_t *items_json(const struct api_call *call, const struct inquiry *list, size_t count)
{
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *item = inquiry_json(call, &list[i]);
		struct person p;
		struct error err;
		char masked[IDCARD_MASKED_SIZE];
		if (person_get(&call->reg, list[i].person_id, &p, &err) == ST_OK) {
			idcard_mask(p.id_number, masked, sizeof masked);
			json_object_set_new(item, "person",
					    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p.id,
						      "name", p.name, "id_number_masked", masked));
		}
		json_array_append_new(items, item);
	}
	return items;
}

static enum status load_inquiries(const struct registry *reg, int64_t person_id, void *out,
				  size_t max, size_t *count, struct error *err)
{
	return inquiry_list_for_person(reg, person_id, out, max, count, err);
}

static json_t *render_inquiry(const struct api_call *call, const void *item)
{
	return inquiry_json(call, item);
}

void api_inquiry_list_for_person(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"inquiry.list", sizeof(struct inquiry), INQUIRY_LIST_MAX, load_inquiries,
		render_inquiry};
	api_list_for_person(call, &listing);
}

/* Reads ?state=&division=&limit=&cursor= into q; replies 400 itself. */
static bool query_or_reply(struct api_call *call, struct inquiry_query *q, char *wanted,
			   size_t wanted_size)
{
	static const char *const names[] = {"state", "division", "limit", "cursor", NULL};
	char state[16];
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "state", state, sizeof state) ||
	    !api_copy_query_or_reply(call, "division", wanted, wanted_size))
		return false;
	if (state[0] && !inquiry_state_parse(state, &q->state)) {
		api_fail_status(call, ST_INVALID_INPUT, "state",
				"state 应为 draft、sent、answered、cancelled 或 overdue");
		return false;
	}
	if (!api_page_or_reply(call, CURSOR_PREFIX[0], INQUIRY_LIST_MAX - 1, &q->limit,
			       &q->before_id))
		return false;
	return true;
}

void api_inquiry_search(struct api_call *call)
{
	struct inquiry_query q;
	char wanted[DIVISION_CODE_SIZE + 8], narrowed[DIVISION_CODE_SIZE], detail[96];
	struct error err;
	size_t count = 0;
	bool more = false;
	if (!query_or_reply(call, &q, wanted, sizeof wanted))
		return;
	if (!api_resolve_division_or_reply(call, "division", wanted, sizeof wanted))
		return;
	struct inquiry *list = calloc(INQUIRY_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (authz_narrow_to_scope(&call->who, wanted, narrowed)) {
		memcpy(q.division, narrowed, sizeof narrowed);
		if (inquiry_search(&call->reg, &q, list, &count, &more, &err) != ST_OK) {
			free(list);
			api_fail(call, &err);
			return;
		}
	}
	snprintf(detail, sizeof detail, "division=%s state=%s", wanted, inquiry_state_name(q.state));
	api_audit_read(call, "inquiry.search", "", "ok", detail);
	json_t *body = json_pack("{s:o}", "items", items_json(call, list, count));
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}
