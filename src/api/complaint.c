/*
 * api/complaint.c — complaints over HTTP (policy §3: the rights-protection
 * hotline and e-mail complaints).
 *
 * Anyone, without login, files a complaint on the web form and follows it
 * by its tracking code (state, due date and reply only — never the
 * complainant).  Offices with complaint.handle take in hotline, e-mail,
 * letter and visit complaints, and reach the complaints of their scope:
 * the city all of them, a town those assigned to it; another office's
 * complaint is 404.  Only the city assigns.  Every write is one
 * transaction with its audit row; staff reads are audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/complaint.h"

#define CURSOR_PREFIX "c"

static void object_name(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "complaint:%lld", (long long)id);
}

static void today_text(char *buf, size_t size)
{
	struct date today = date_today();
	date_format(&today, buf, size);
}

/* The whole complaint, for the office that handles it and the city. */
static json_t *complaint_json(const struct api_call *call, const struct complaint *c)
{
	char created[40], updated[40], today[DATE_TEXT_SIZE];
	api_format_time(c->created_at, created, sizeof created);
	api_format_time(c->updated_at, updated, sizeof updated);
	today_text(today, sizeof today);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->id,
			      "code", c->code, "channel", complaint_channel_name(c->channel),
			      "channel_label", complaint_channel_label(c->channel), "category",
			      complaint_category_name(c->category), "category_label",
			      complaint_category_label(c->category), "subject", c->subject,
			      "content", c->content);
	json_object_set_new(j, "complainant_name", api_text_or_null(c->complainant_name));
	json_object_set_new(j, "complainant_phone", api_text_or_null(c->complainant_phone));
	json_object_set_new(j, "respondent", api_text_or_null(c->respondent));
	json_object_set_new(j, "office", api_division_json(call, c->office));
	json_object_set_new(j, "received_on", json_string(c->received_on));
	json_object_set_new(j, "due_on", json_string(c->due_on));
	json_object_set_new(j, "state", json_string(complaint_state_name(c->state)));
	json_object_set_new(j, "state_label", json_string(complaint_state_label(c->state)));
	json_object_set_new(j, "overdue", json_boolean(complaint_is_overdue(c, today)));
	json_object_set_new(j, "reply", api_text_or_null(c->reply));
	json_object_set_new(j, "outcome", api_text_or_null(c->outcome));
	json_object_set_new(j, "reopened", json_integer(c->reopened));
	json_object_set_new(j, "reopen_reason", api_text_or_null(c->reopen_reason));
	json_object_set_new(j, "version", json_integer(c->version));
	json_object_set_new(j, "created_at", json_string(created));
	json_object_set_new(j, "updated_at", json_string(updated));
	return j;
}

/* What the public sees: state, due date and reply — never the complainant. */
static json_t *public_json(const struct complaint *c)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", c->code, "state",
			      complaint_state_name(c->state), "state_label",
			      complaint_state_label(c->state), "received_on", c->received_on,
			      "due_on", c->due_on);
	json_object_set_new(j, "reply", api_text_or_null(c->reply));
	return j;
}

/* --- intake ---------------------------------------------------------------------- */

struct complaint_step {
	struct complaint_request req;
	struct complaint c;
	bool web;
	char text[COMPLAINT_TEXT_SIZE + 4];       /* reply, outcome or reason */
	char office[DIVISION_CODE_SIZE + 8];      /* of an assignment */
};

/* The body's members into `req`; replies 400 itself. */
static bool request_or_reply(struct api_call *call, struct complaint_request *req, bool web)
{
	static const char *const staff_names[] = {"channel", "category", "subject", "content",
						  "complainant_name", "complainant_phone",
						  "respondent", NULL};
	struct {
		const char *name;
		char *buf;
		size_t size;
	} texts[] = {
		{"channel", req->channel, sizeof req->channel},
		{"category", req->category, sizeof req->category},
		{"subject", req->subject, sizeof req->subject},
		{"content", req->content, sizeof req->content},
		{"complainant_name", req->complainant_name, sizeof req->complainant_name},
		{"complainant_phone", req->complainant_phone, sizeof req->complainant_phone},
		{"respondent", req->respondent, sizeof req->respondent},
	};
	/* The web form has no channel: it is always web. */
	if (!api_body_known_or_reply(call, web ? staff_names + 1 : staff_names))
		return false;
	for (size_t i = web ? 1 : 0; i < sizeof texts / sizeof texts[0]; i++)
		if (!api_copy_string_or_reply(call, call->body, texts[i].name, texts[i].buf,
					      texts[i].size))
			return false;
	return true;
}

static enum status create_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct complaint_step *s = ctx;
	/* Staff intake stays with the office that took it in; the web form goes to the city. */
	enum status st = complaint_create(&call->reg, &s->req, s->web, s->web ? "" : call->who.scope,
					  &s->c, err);
	if (st == ST_OK)
		object_name(s->c.id, object, size);
	return st;
}

static void create(struct api_call *call, bool web)
{
	struct complaint_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	s->web = web;
	if (request_or_reply(call, &s->req, web) &&
	    api_write(call, "complaint.create", "complaint:", create_write, s)) {
		if (web) {
			api_reply(call, 201, json_pack("{s:s, s:s}", "code", s->c.code, "due_on",
						       s->c.due_on));
		} else {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)s->c.version);
			api_reply(call, 201, complaint_json(call, &s->c));
		}
	}
	free(s);
}

void api_public_complaint_create(struct api_call *call) { create(call, true); }
void api_complaint_create(struct api_call *call) { create(call, false); }

/* --- public status ------------------------------------------------------------------ */

void api_public_complaint_get(struct api_call *call)
{
	struct complaint *c = calloc(1, sizeof *c);
	struct error err;
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	const char *code = http_param(call->req, "number");
	enum status st = ST_NOT_FOUND;
	if (code != NULL && strlen(code) == COMPLAINT_CODE_CHARS)
		st = complaint_get_by_code(&call->reg, code, c, &err);
	else
		error_set(&err, ST_NOT_FOUND, "code", "投诉不存在");
	if (st != ST_OK)
		api_fail(call, &err);
	else
		api_reply(call, 200, public_json(c));
	free(c);
}

/* --- staff reads ---------------------------------------------------------------------- */

/* Path {id} as a complaint of the caller's offices; replies 404 (audited) itself. */
static bool complaint_param_or_reply(struct api_call *call, struct complaint *c,
				     const char *action)
{
	int64_t id;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return false;
	object_name(id, object, sizeof object);
	enum status st = complaint_get(&call->reg, id, c, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, c->office)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "id", "投诉不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

void api_complaint_get(struct api_call *call)
{
	char object[64];
	struct complaint *c = calloc(1, sizeof *c);
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (complaint_param_or_reply(call, c, "complaint.get")) {
		object_name(c->id, object, sizeof object);
		api_audit_read(call, "complaint.get", object, "ok", "");
		snprintf(call->reply->etag, sizeof call->reply->etag, "%lld", (long long)c->version);
		api_reply(call, 200, complaint_json(call, c));
	}
	free(c);
}

/* Reads ?state=&category=&channel=&overdue=&limit=&cursor= into q; replies 400 itself. */
static bool query_or_reply(struct api_call *call, struct complaint_query *q)
{
	static const char *const names[] = {"state", "category", "channel", "overdue",
					    "limit", "cursor", NULL};
	char state[32], category[32], channel[32], overdue[16];
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "state", state, sizeof state) ||
	    !api_copy_query_or_reply(call, "category", category, sizeof category) ||
	    !api_copy_query_or_reply(call, "channel", channel, sizeof channel) ||
	    !api_copy_query_or_reply(call, "overdue", overdue, sizeof overdue))
		return false;
	if (state[0] && !complaint_state_parse(state, &q->state)) {
		api_fail_status(call, ST_INVALID_INPUT, "state",
				"state 应为 received、assigned、answered 或 closed");
		return false;
	}
	if (category[0] && !complaint_category_parse(category, &q->category)) {
		api_fail_status(call, ST_INVALID_INPUT, "category",
				"category 应为 rights_infringement、service、fee、certificate 或 other");
		return false;
	}
	if (channel[0] && !complaint_channel_parse(channel, &q->channel)) {
		api_fail_status(call, ST_INVALID_INPUT, "channel",
				"channel 应为 hotline、email、web、letter 或 visit");
		return false;
	}
	if (overdue[0] && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0) {
		api_fail_status(call, ST_INVALID_INPUT, "overdue", "overdue 应为 true 或 false");
		return false;
	}
	q->overdue_only = strcmp(overdue, "true") == 0;
	today_text(q->today, sizeof q->today);
	return api_page_or_reply(call, CURSOR_PREFIX[0], COMPLAINT_LIST_MAX - 1, &q->limit,
				 &q->before_id);
}

void api_complaint_search(struct api_call *call)
{
	struct complaint_query q;
	struct error err;
	char detail[160];
	size_t count = 0;
	bool more = false;
	if (!query_or_reply(call, &q))
		return;
	snprintf(q.office, sizeof q.office, "%s", call->who.scope);
	struct complaint *list = calloc(COMPLAINT_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (complaint_search(&call->reg, &q, list, &count, &more, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	snprintf(detail, sizeof detail, "state=%s category=%s channel=%s overdue=%s",
		 complaint_state_name(q.state), complaint_category_name(q.category),
		 complaint_channel_name(q.channel), q.overdue_only ? "true" : "false");
	api_audit_read(call, "complaint.search", "", "ok", detail);
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, complaint_json(call, &list[i]));
	json_t *body = json_pack("{s:o}", "items", items);
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}

/* --- steps ---------------------------------------------------------------------------- */

enum step { STEP_ASSIGN, STEP_ANSWER, STEP_CLOSE, STEP_REOPEN };

struct step_info {
	const char *action;
	const char *member;  /* the one body member */
};

static const struct step_info steps[] = {
	[STEP_ASSIGN] = {"complaint.assign", "office"},
	[STEP_ANSWER] = {"complaint.answer", "reply"},
	[STEP_CLOSE] = {"complaint.close", "outcome"},
	[STEP_REOPEN] = {"complaint.reopen", "reason"},
};

struct step_ctx {
	struct complaint_step s;
	enum step step;
};

static enum status step_write(struct api_call *call, void *ctx, char *object, size_t size,
			      struct error *err)
{
	struct step_ctx *x = ctx;
	(void)object, (void)size;
	switch (x->step) {
	case STEP_ASSIGN:
		/* Only the city assigns complaints to its towns. */
		if (!authz_in_scope(&call->who, call->reg.city))
			return error_set(err, ST_FORBIDDEN, "", "只有市里才能交办投诉");
		return complaint_assign(&call->reg, &x->s.c, x->s.office, err);
	case STEP_ANSWER:
		return complaint_answer(&call->reg, &x->s.c, x->s.text, err);
	case STEP_CLOSE:
		return complaint_close(&call->reg, &x->s.c, x->s.text, err);
	case STEP_REOPEN:
		return complaint_reopen(&call->reg, &x->s.c, x->s.text, err);
	}
	return error_set(err, ST_INVALID_INPUT, "", NULL);
}

static void run_step(struct api_call *call, enum step step)
{
	const struct step_info *info = &steps[step];
	const char *names[] = {info->member, NULL};
	char object[64];
	struct step_ctx *x = calloc(1, sizeof *x);
	if (x == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	x->step = step;
	char *buf = step == STEP_ASSIGN ? x->s.office : x->s.text;
	size_t size = step == STEP_ASSIGN ? sizeof x->s.office : sizeof x->s.text;
	if (complaint_param_or_reply(call, &x->s.c, info->action) &&
	    api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, info->member, buf, size)) {
		object_name(x->s.c.id, object, sizeof object);
		if (api_write(call, info->action, object, step_write, x)) {
			snprintf(call->reply->etag, sizeof call->reply->etag, "%lld",
				 (long long)x->s.c.version);
			api_reply(call, 200, complaint_json(call, &x->s.c));
		}
	}
	free(x);
}

void api_complaint_assign(struct api_call *call) { run_step(call, STEP_ASSIGN); }
void api_complaint_reply(struct api_call *call) { run_step(call, STEP_ANSWER); }
void api_complaint_close(struct api_call *call) { run_step(call, STEP_CLOSE); }
void api_complaint_reopen(struct api_call *call) { run_step(call, STEP_REOPEN); }
