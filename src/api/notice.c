/*
 * api/notice.c — notices (通报, §3) over HTTP: send one, the caller's
 * inbox, open one (which marks it read) and acknowledge it.
 *
 * The inbox and the reading side act for the logged-in user's office: the
 * notices addressed into its scope (domain/notice.h).  A notice addressed
 * elsewhere answers 404, audited, as if it did not exist.  Opening a notice
 * writes (it marks it read), so it runs as one write with its audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/text.h"
#include "domain/notice.h"

#define CURSOR_PREFIX "n"

static void object_name(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "notice:%lld", (long long)id);
}

static json_t *time_or_null(int64_t seconds)
{
	char text[40];
	if (seconds == 0)
		return json_null();
	api_format_time(seconds, text, sizeof text);
	return json_string(text);
}

static json_t *id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

/* A notice as the caller's office sees it (recipients: those in its scope). */
static json_t *notice_json(const struct api_call *call, const struct notice *n)
{
	enum role role = ROLE_NONE;
	bool read = n->recipient_count > 0, acknowledged = n->recipient_count > 0;
	json_t *recipients = json_array();
	for (size_t i = 0; i < n->recipient_count; i++) {
		const struct notice_recipient *r = &n->recipients[i];
		read = read && r->read_at != 0;
		acknowledged = acknowledged && r->acknowledged_at != 0;
		json_t *item = json_pack("{s:o}", "division", api_division_json(call, r->division));
		json_object_set_new(item, "read_at", time_or_null(r->read_at));
		json_object_set_new(item, "acknowledged_at", time_or_null(r->acknowledged_at));
		json_object_set_new(item, "acknowledged_by", api_text_or_null(r->acknowledged_by));
		json_array_append_new(recipients, item);
	}
	role_parse(n->sender.role, &role);
	json_t *sender = json_pack("{s:s, s:s, s:s, s:o}", "username", n->sender.username, "role",
				   n->sender.role, "role_label", role_label(role), "division",
				   api_division_json(call, n->sender.division));
	json_t *j = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)n->id, "subject",
			      n->subject, "body", n->body, "sender", sender);
	json_object_set_new(j, "person_id", id_or_null(n->person_id));
	json_object_set_new(j, "organization_id", id_or_null(n->organization_id));
	json_object_set_new(j, "created_at", time_or_null(n->created_at));
	json_object_set_new(j, "recipients", recipients);
	json_object_set_new(j, "read", json_boolean(read));
	json_object_set_new(j, "acknowledged", json_boolean(acknowledged));
	return j;
}

/* The sender of a notice: the logged-in user and its office. */
static void sender_of(const struct api_call *call, struct notice_sender *sender)
{
	memset(sender, 0, sizeof *sender);
	sender->user_id = call->who.user_id;
	snprintf(sender->username, sizeof sender->username, "%s", call->who.username);
	snprintf(sender->role, sizeof sender->role, "%s", role_name(call->who.role));
	snprintf(sender->division, sizeof sender->division, "%s", call->who.scope);
}

/* Optional member `name`: a positive integer or null/absent (0); replies 400 otherwise. */
static bool optional_id_or_reply(struct api_call *call, const char *name, int64_t *id)
{
	json_t *value = json_object_get(call->body, name);
	*id = 0;
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_integer(value) || json_integer_value(value) <= 0) {
		api_fail_status(call, ST_INVALID_INPUT, name, "编号应为正整数");
		return false;
	}
	*id = json_integer_value(value);
	return true;
}

struct send_step {
	const char *codes[NOTICE_RECIPIENTS_MAX + 1];  /* borrowed from the body */
	char subject[NOTICE_SUBJECT_SIZE];
	char body[NOTICE_BODY_SIZE];
	struct notice_request req;
	struct notice n;
};

/*
 * The body of POST /api/v1/notices into `s`.  More than the maximum
 * recipients are passed on as one too many, for the domain to refuse.
 */
static bool send_request_or_reply(struct api_call *call, struct send_step *s)
{
	static const char *const names[] = {"recipients", "subject", "body", "person_id",
					    "organization_id", NULL};
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "subject", s->subject, sizeof s->subject) ||
	    !api_copy_string_or_reply(call, call->body, "body", s->body, sizeof s->body) ||
	    !optional_id_or_reply(call, "person_id", &s->req.person_id) ||
	    !optional_id_or_reply(call, "organization_id", &s->req.organization_id))
		return false;
	json_t *list = json_object_get(call->body, "recipients");
	if (list == NULL || json_is_null(list)) {
		api_fail_status(call, ST_MISSING_FIELD, "recipients", "请至少选择一个收件的镇（街道）或社区");
		return false;
	}
	if (!json_is_array(list)) {
		api_fail_status(call, ST_INVALID_INPUT, "recipients", "收件单位应为区划代码的列表");
		return false;
	}
	size_t count = json_array_size(list);
	if (count > NOTICE_RECIPIENTS_MAX + 1)
		count = NOTICE_RECIPIENTS_MAX + 1;
	for (size_t i = 0; i < count; i++) {
		const char *code = json_string_value(json_array_get(list, i));
		if (code == NULL || strlen(code) >= DIVISION_CODE_SIZE) {
			api_fail_status(call, ST_INVALID_DIVISION, "recipients",
					"收件单位应为本市镇（街道）或社区（村）的区划代码");
			return false;
		}
		s->codes[i] = code;
	}
	sender_of(call, &s->req.sender);
	s->req.recipients = s->codes;
	s->req.recipient_count = count;
	s->req.subject = s->subject;
	s->req.body = s->body;
	return true;
}

static enum status send_write(struct api_call *call, void *ctx, char *object, size_t size,
			      struct error *err)
{
	struct send_step *s = ctx;
	enum status st = notice_send(&call->reg, &s->req, &s->n, err);
	if (st == ST_OK)
		object_name(s->n.id, object, size);
	return st;
}

void api_notice_send(struct api_call *call)
{
	struct send_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (send_request_or_reply(call, s) &&
	    api_write(call, "notice.send", "notice:", send_write, s))
		api_reply(call, 201, notice_json(call, &s->n));
	free(s);
}

/* --- one notice ------------------------------------------------------------ */

struct read_step {
	int64_t id;
	struct notice n;
};

static enum status get_write(struct api_call *call, void *ctx, char *object, size_t size,
			     struct error *err)
{
	struct read_step *s = ctx;
	size_t marked;
	(void)object, (void)size;
	return notice_mark_read(&call->reg, s->id, call->who.scope, &s->n, &marked, err);
}

static enum status acknowledge_write(struct api_call *call, void *ctx, char *object,
				     size_t size, struct error *err)
{
	struct read_step *s = ctx;
	(void)object, (void)size;
	return notice_acknowledge(&call->reg, s->id, call->who.scope, call->who.username, &s->n,
				  err);
}

/* Runs `fn` on notice {id} as one write audited as `action`; replies 200 with it. */
static void notice_step(struct api_call *call, const char *action, api_write_fn fn)
{
	char object[64];
	struct read_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_id_param_or_reply(call, &s->id)) {
		object_name(s->id, object, sizeof object);
		if (api_write(call, action, object, fn, s))
			api_reply(call, 200, notice_json(call, &s->n));
	}
	free(s);
}

void api_notice_get(struct api_call *call)
{
	notice_step(call, "notice.get", get_write);
}

void api_notice_acknowledge(struct api_call *call)
{
	static const char *const names[] = {NULL};
	if (api_body_known_or_reply(call, names))
		notice_step(call, "notice.acknowledge", acknowledge_write);
}

/* --- the inbox ----------------------------------------------------------------- */

/* Reads ?unread=&limit=&cursor= into q; replies 400 itself. */
static bool inbox_query_or_reply(struct api_call *call, struct notice_query *q)
{
	static const char *const names[] = {"unread", "limit", "cursor", NULL};
	char unread[8];
	memset(q, 0, sizeof *q);
	q->limit = 20;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "unread", unread, sizeof unread))
		return false;
	if (unread[0] && strcmp(unread, "true") != 0 && strcmp(unread, "false") != 0) {
		api_fail_status(call, ST_INVALID_INPUT, "unread", "unread 应为 true 或 false");
		return false;
	}
	q->unread_only = strcmp(unread, "true") == 0;
	if (!api_page_or_reply(call, CURSOR_PREFIX[0], NOTICE_LIST_MAX - 1, &q->limit,
			       &q->before_id))
		return false;
	snprintf(q->scope, sizeof q->scope, "%s", call->who.scope);
	return true;
}

void api_notice_inbox(struct api_call *call)
{
	struct notice_query q;
	struct error err;
	size_t count = 0;
	bool more = false;
	int64_t unread_count = 0;
	if (!inbox_query_or_reply(call, &q))
		return;
	struct notice *list = calloc(NOTICE_LIST_MAX, sizeof *list);
	if (list == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (notice_inbox(&call->reg, &q, list, &count, &more, &unread_count, &err) != ST_OK) {
		free(list);
		api_fail(call, &err);
		return;
	}
	api_audit_read(call, "notice.inbox", "", "ok", q.unread_only ? "unread=true" : "");
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, notice_json(call, &list[i]));
	json_t *body = json_pack("{s:o, s:I}", "items", items, "unread_count",
				 (json_int_t)unread_count);
	api_set_next_cursor(body, more, CURSOR_PREFIX[0], more ? list[count - 1].id : 0);
	free(list);
	api_reply(call, 200, body);
}
