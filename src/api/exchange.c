/*
 * api/exchange.c — the exchange between places over HTTP.
 *
 *   POST /exchange/v1/messages   messages from other nodes: no user, the
 *                                sending node's signature instead
 *                                (exchange/exchange.h has the checks).
 *   GET  /api/v1/exchange/...    what officers see and do: the messages sent
 *                                and received, the inquiries received from
 *                                other places and their answers, checking a
 *                                certificate with the node that issued it,
 *                                and a remote query at the hukou place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/date.h"
#include "core/text.h"
#include "security/certsig.h"
#include "domain/codes.h"
#include "domain/idcard.h"
#include "domain/registry.h"
#include "exchange/exchange_io.h"
#include "security/audit.h"
#include "store/store.h"

#define MESSAGES_MAX 200
#define RECEIVED_MAX 100

/* --- receiving --------------------------------------------------------------- */

/* Audits an exchange event as node `from` (queued when not in a transaction). */
static enum status audit_node(struct api_call *call, const char *from, const char *action,
			      const char *object, const char *outcome, const char *detail,
			      bool in_transaction, struct error *err)
{
	struct audit_entry e;
	audit_entry_init(&e, NULL, call->req->address, action, object, outcome);
	snprintf(e.username, sizeof e.username, "node:%s", from[0] ? from : "-");
	snprintf(e.detail, sizeof e.detail, "%s", detail);
	if (!in_transaction) {
		audit_queue(&e);
		return ST_OK;
	}
	return audit_write(call->reg.store, &e, err);
}

/* Refuses a message: audited, the error replied, nothing applied. */
static void refuse(struct api_call *call, const struct exchange_envelope *e,
		   const struct error *err)
{
	char action[48];
	snprintf(action, sizeof action, "exchange.%s", e->type[0] ? e->type : "message");
	audit_node(call, e->from, action, e->id, error_code(err->status), "", false, NULL);
	api_fail(call, err);
}

/* Replies 200 with a body signed by this node. */
static void reply_signed(struct api_call *call, const struct crypto_node_key *key,
			 const struct exchange_node *node, const char *id, const char *result,
			 json_t *payload)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:o}", "id", id, "from", node->name, "result",
			      result, "payload", payload ? payload : json_null());
	char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	if (text == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct http_reply *reply = call->reply;
	free(reply->body);
	reply->status = 200;
	reply->content_type = "application/json; charset=utf-8";
	reply->body = text;
	reply->body_length = strlen(text);
	exchange_sign(key, text, reply->body_length, reply->signature);
}

/* Checks sender, signature, addressee and time; replies the refusal itself. */
static bool message_checked_or_reply(struct api_call *call, const struct exchange_envelope *e,
				     struct exchange_node *node, struct crypto_node_key *key)
{
	struct exchange_peer peer;
	struct error err;
	const char *sig = http_header(call->req, EXCHANGE_SIGNATURE_HEADER);
	if (store_exchange_peer_get(call->reg.store, e->from, &peer, &err) != ST_OK) {
		error_set(&err, ST_EXCHANGE_UNKNOWN_NODE, "from", NULL);
	} else if (!exchange_signature_valid(peer.public_key, call->req->body,
					     call->req->body_length, sig)) {
		error_set(&err, ST_EXCHANGE_SIGNATURE, EXCHANGE_SIGNATURE_HEADER, NULL);
	} else if (exchange_node_open(call->reg.store, call->db_path, node, key, &err) != ST_OK) {
		/* err says why this node cannot take messages */
	} else if (strcmp(e->to, node->name) != 0) {
		error_set(&err, ST_EXCHANGE_WRONG_NODE, "to", NULL);
	} else if (!exchange_time_acceptable(e->sent_at, (int64_t)time(NULL))) {
		error_set(&err, ST_EXCHANGE_CLOCK_SKEW, "sent_at", NULL);
	} else {
		return true;
	}
	refuse(call, e, &err);
	return false;
}

/*
 * Applies a checked message once: in one transaction the inbox row, the
 * message's effects and the audit row.  A message applied before is
 * acknowledged as a duplicate and changes nothing.
 */
static void apply_once(struct api_call *call, const struct exchange_envelope *e,
		       const struct exchange_node *node, const struct crypto_node_key *key)
{
	struct exchange_effect effect;
	struct error err;
	bool seen = false;
	char action[48];
	snprintf(action, sizeof action, "exchange.%s", e->type);
	memset(&effect, 0, sizeof effect);
	if (registry_begin(&call->reg, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	if (store_exchange_inbox_seen(call->reg.store, e->id, &seen, &err) != ST_OK)
		goto out_fail;
	if (seen) {
		registry_rollback(&call->reg);
		audit_node(call, e->from, action, e->id, "duplicate", "", false, NULL);
		reply_signed(call, key, node, e->id, "duplicate", NULL);
		return;
	}
	if (exchange_apply(&call->reg, e, &effect, &err) != ST_OK)
		goto out_fail;
	struct store_inbox_row row = {.received_ms = api_now_ms()};
	snprintf(row.id, sizeof row.id, "%s", e->id);
	snprintf(row.from_node, sizeof row.from_node, "%s", e->from);
	snprintf(row.type, sizeof row.type, "%s", e->type);
	snprintf(row.outcome, sizeof row.outcome, "%s", effect.outcome);
	if (store_exchange_inbox_add(call->reg.store, &row, &err) != ST_OK ||
	    audit_node(call, e->from, action, effect.object[0] ? effect.object : e->id,
		       effect.outcome, effect.detail, true, &err) != ST_OK ||
	    registry_commit(&call->reg, &err) != ST_OK)
		goto out_fail;
	reply_signed(call, key, node, e->id, "applied", effect.answer);
	return;
out_fail:
	registry_rollback(&call->reg);
	json_decref(effect.answer);
	refuse(call, e, &err);
}

void api_exchange_receive(struct api_call *call)
{
	struct exchange_envelope e;
	struct exchange_node node;
	struct crypto_node_key key;
	struct error err;
	if (exchange_envelope_parse(call->req->body, call->req->body_length, &e, &err) != ST_OK) {
		refuse(call, &e, &err);
		exchange_envelope_release(&e);
		return;
	}
	if (message_checked_or_reply(call, &e, &node, &key)) {
		apply_once(call, &e, &node, &key);
		crypto_wipe(&key, sizeof key);
	}
	exchange_envelope_release(&e);
}

/* --- the messages ------------------------------------------------------------- */

static const char *const outbox_states[] = {"", "queued", "delivered", "failed"};

static json_t *outbox_json(const struct store_outbox_row *r)
{
	char created[40], delivered[40], next[40];
	api_format_time(r->created_ms / 1000, created, sizeof created);
	api_format_time(r->delivered_ms / 1000, delivered, sizeof delivered);
	api_format_time(r->next_attempt_ms / 1000, next, sizeof next);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s}", "seq", (json_int_t)r->seq,
			      "id", r->id, "peer", r->peer, "type", r->type, "state",
			      outbox_states[r->state >= 1 && r->state <= 3 ? r->state : 0],
			      "attempts", r->attempts, "created_at", created);
	json_object_set_new(o, "delivered_at", r->delivered_ms ? json_string(delivered) : json_null());
	json_object_set_new(o, "next_attempt_at",
			    r->state == STORE_OUTBOX_QUEUED && r->next_attempt_ms ? json_string(next)
										 : json_null());
	json_object_set_new(o, "delivery_ms", r->delivered_ms ? json_integer(r->delivered_ms -
									      r->created_ms)
							      : json_null());
	json_object_set_new(o, "last_error", api_text_or_null(r->last_error));
	return o;
}

void api_exchange_messages(struct api_call *call)
{
	static const char *const names[] = {"state", "direction", "limit", NULL};
	char state_text[16], direction[16], limit_text[8];
	enum store_outbox_state state = STORE_OUTBOX_ANY;
	struct error err;
	long limit = 50;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "state", state_text, sizeof state_text) ||
	    !api_copy_query_or_reply(call, "direction", direction, sizeof direction) ||
	    !api_copy_query_or_reply(call, "limit", limit_text, sizeof limit_text))
		return;
	for (int s = 1; s <= 3 && state_text[0]; s++)
		if (strcmp(state_text, outbox_states[s]) == 0)
			state = (enum store_outbox_state)s;
	if (state_text[0] && state == STORE_OUTBOX_ANY) {
		api_fail_status(call, ST_INVALID_INPUT, "state", "state 应为 queued、delivered 或 failed");
		return;
	}
	if (direction[0] && strcmp(direction, "out") != 0 && strcmp(direction, "in") != 0) {
		api_fail_status(call, ST_INVALID_INPUT, "direction", "direction 应为 out（发出）或 in（收到）");
		return;
	}
	if (limit_text[0]) {
		char *end;
		limit = strtol(limit_text, &end, 10);
		if (*end || limit < 1 || limit > MESSAGES_MAX) {
			api_fail_status(call, ST_INVALID_INPUT, "limit", "limit 应为 1 至 200 的整数");
			return;
		}
	}
	int64_t counts[4];
	json_t *items = json_array();
	enum status st = store_exchange_outbox_counts(call->reg.store, counts, &err);
	if (st == ST_OK && strcmp(direction, "in") == 0) {
		struct store_inbox_row *rows = calloc((size_t)limit, sizeof *rows);
		size_t count = 0;
		st = rows ? store_exchange_inbox_list(call->reg.store, rows, (size_t)limit, &count, &err)
			  : error_set(&err, ST_NO_MEMORY, "", NULL);
		for (size_t i = 0; st == ST_OK && i < count; i++) {
			char at[40];
			api_format_time(rows[i].received_ms / 1000, at, sizeof at);
			json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id",
							       rows[i].id, "from", rows[i].from_node,
							       "type", rows[i].type, "outcome",
							       rows[i].outcome, "received_at", at));
		}
		free(rows);
	} else if (st == ST_OK) {
		struct store_outbox_row *rows = calloc((size_t)limit, sizeof *rows);
		size_t count = 0;
		st = rows ? store_exchange_outbox_list(call->reg.store, state, 0, rows, (size_t)limit,
						       &count, &err)
			  : error_set(&err, ST_NO_MEMORY, "", NULL);
		for (size_t i = 0; st == ST_OK && i < count; i++)
			json_array_append_new(items, outbox_json(&rows[i]));
		free(rows);
	}
	if (st != ST_OK) {
		json_decref(items);
		api_fail(call, &err);
		return;
	}
	api_audit_read(call, "exchange.read", "exchange:messages", "ok", "");
	api_reply(call, 200,
		  json_pack("{s:{s:I, s:I, s:I}, s:o}", "counts", "queued", (json_int_t)counts[1],
			    "delivered", (json_int_t)counts[2], "failed", (json_int_t)counts[3],
			    "items", items));
}

/* --- inquiries received from other places ---------------------------------------- */

static json_t *received_json(const struct api_call *call, const struct exchange_received_inquiry *q)
{
	char masked[IDCARD_MASKED_SIZE];
	const char *status_label = codes_marital_status_name(q->marital_status);
	idcard_mask(q->id_number, masked, sizeof masked);
	json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "id",
			      (json_int_t)q->id, "from_node", q->from_node, "remote_id",
			      (json_int_t)q->remote_id, "person_name", q->person_name,
			      "id_number", q->id_number, "id_number_masked", masked,
			      "hukou_division", api_division_json(call, q->hukou_division),
			      "from_division", q->from_division, "subject", q->subject, "state",
			      q->state == EXCHANGE_INQUIRY_ANSWERED ? "answered" : "received");
	json_object_set_new(o, "note", api_text_or_null(q->note));
	json_object_set_new(o, "due_on", api_text_or_null(q->due_on));
	json_object_set_new(o, "answered_on", api_text_or_null(q->answered_on));
	json_object_set_new(o, "marital_status", api_text_or_null(q->marital_status));
	json_object_set_new(o, "marital_status_label",
			    status_label ? json_string(status_label) : json_null());
	json_object_set_new(o, "answer_text", api_text_or_null(q->answer_text));
	json_object_set_new(o, "reference", api_text_or_null(q->reference));
	json_object_set_new(o, "version", json_integer(q->version));
	return o;
}

void api_exchange_inquiry_list(struct api_call *call)
{
	static const char *const names[] = {NULL};
	struct error err;
	size_t count = 0;
	if (!api_query_known_or_reply(call, names))
		return;
	struct exchange_received_inquiry *rows = calloc(RECEIVED_MAX, sizeof *rows);
	if (rows == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (store_exchange_inquiry_list(call->reg.store, call->who.scope, rows, RECEIVED_MAX,
					&count, &err) != ST_OK) {
		free(rows);
		api_fail(call, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, received_json(call, &rows[i]));
	free(rows);
	api_audit_read(call, "exchange.inquiry.list", "exchange:inquiries", "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}

struct answer_step {
	struct exchange_received_inquiry q;
	char answered_on[DATE_TEXT_SIZE];
	char marital_status[8];
	char text[INQUIRY_TEXT_SIZE];
	char reference[INQUIRY_REFERENCE_SIZE];
};

static enum status answer_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct answer_step *s = ctx;
	struct exchange_received_inquiry *q = &s->q;
	struct date on;
	(void)object, (void)size;
	if (q->state != EXCHANGE_INQUIRY_RECEIVED)
		return error_set(err, ST_INVALID_STATE, "state", "该来函已经答复过");
	if (codes_marital_status_name(s->marital_status) == NULL)
		return error_set(err, ST_INVALID_CODE, "marital_status",
				 "婚姻状况应为 GB/T 2261.2 代码，如 10 未婚、20 已婚");
	if (s->answered_on[0] && (!date_parse(s->answered_on, &on) ||
				  date_compare(&on, &call->reg.today) > 0))
		return error_set(err, ST_INVALID_DATE, "answered_on", "答复日期应为不晚于今天的真实日期");
	if (text_char_count(s->text) > INQUIRY_TEXT_MAX_CHARS ||
	    text_char_count(s->reference) > INQUIRY_REFERENCE_MAX_CHARS)
		return error_set(err, ST_INVALID_INPUT, "answer_text", "答复内容或文号过长");
	int64_t version = q->version;
	q->state = EXCHANGE_INQUIRY_ANSWERED;
	if (s->answered_on[0])
		snprintf(q->answered_on, sizeof q->answered_on, "%s", s->answered_on);
	else
		date_format(&call->reg.today, q->answered_on, sizeof q->answered_on);
	snprintf(q->marital_status, sizeof q->marital_status, "%s", s->marital_status);
	snprintf(q->answer_text, sizeof q->answer_text, "%s", s->text);
	snprintf(q->reference, sizeof q->reference, "%s", s->reference);
	enum status st = store_exchange_inquiry_answer(call->reg.store, q, version, err);
	if (st == ST_OK)
		st = exchange_answer_inquiry(call->reg.store, q, err);
	return st;
}

void api_exchange_inquiry_answer(struct api_call *call)
{
	static const char *const names[] = {"answered_on", "marital_status", "answer_text",
					    "reference", NULL};
	struct error err;
	int64_t id;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return;
	struct answer_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	snprintf(object, sizeof object, "exchange_inquiry:%lld", (long long)id);
	enum status st = store_exchange_inquiry_get(call->reg.store, id, &s->q, &err);
	if (st == ST_OK && !authz_in_scope(&call->who, s->q.hukou_division))
		st = error_set(&err, ST_NOT_FOUND, "id", "来函不存在");
	if (st != ST_OK) {
		api_audit_read(call, "exchange.inquiry.answer", object, error_code(st), "");
		api_fail(call, &err);
		free(s);
		return;
	}
	if (api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "answered_on", s->answered_on,
				     sizeof s->answered_on) &&
	    api_copy_string_or_reply(call, call->body, "marital_status", s->marital_status,
				     sizeof s->marital_status) &&
	    api_copy_string_or_reply(call, call->body, "answer_text", s->text, sizeof s->text) &&
	    api_copy_string_or_reply(call, call->body, "reference", s->reference,
				     sizeof s->reference) &&
	    api_write(call, "exchange.inquiry.answer", object, answer_write, s)) {
		exchange_sender_wake();
		api_reply(call, 200, received_json(call, &s->q));
	}
	free(s);
}

/* --- persons handed over to this place ------------------------------------------------ */

void api_exchange_handover_list(struct api_call *call)
{
	static const char *const names[] = {NULL};
	struct error err;
	size_t count = 0;
	if (!api_query_known_or_reply(call, names))
		return;
	struct exchange_handover *rows = calloc(RECEIVED_MAX, sizeof *rows);
	if (rows == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (store_exchange_handover_list(call->reg.store, call->who.scope, rows, RECEIVED_MAX,
					 &count, &err) != ST_OK) {
		free(rows);
		api_fail(call, &err);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++) {
		const struct exchange_handover *h = &rows[i];
		char received[40];
		api_format_time(h->created_at, received, sizeof received);
		json_t *o = json_pack(
			"{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "id",
			(json_int_t)h->id, "from_node", h->from_node, "person_name", h->person_name,
			"id_number", h->id_number, "hukou_division",
			api_division_json(call, h->hukou_division), "destination_division",
			api_division_json(call, h->destination_division), "effective_on",
			h->effective_on, "received_at", received, "certificate", "number",
			h->certificate_number, "issuer_name", h->certificate_issuer, "issued_on",
			h->certificate_issued_on, "marital_status", h->marital_status, "spouse_name",
			h->spouse_name);
		json_object_set_new(o, "destination_address", api_text_or_null(h->destination_address));
		json_array_append_new(items, o);
	}
	free(rows);
	api_audit_read(call, "exchange.handover.list", "exchange:handovers", "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}

/* --- asking another node ---------------------------------------------------------- */

void api_exchange_certificate(struct api_call *call)
{
	static const char *const names[] = {NULL};
	const char *number = http_param(call->req, "number");
	char peer[EXCHANGE_NAME_SIZE], division[7], object[64];
	struct error err;
	json_t *answer = NULL;
	if (!api_query_known_or_reply(call, names))
		return;
	if (number == NULL || !certsig_number_valid(number)) {
		api_fail_status(call, ST_INVALID_INPUT, "number",
				"证明编号应为“9位区划代码-年份-6位序号”，如 620201001-2026-000123");
		return;
	}
	snprintf(division, sizeof division, "%.6s", number);
	snprintf(object, sizeof object, "certificate:%s", number);
	enum status st = exchange_peer_for(call->reg.store, division, peer, &err);
	if (st == ST_OK)
		st = exchange_ask(call->reg.store, call->db_path, peer, "certificate.verify",
				  json_pack("{s:s}", "number", number), &answer, &err);
	api_audit_read(call, "exchange.certificate.verify", object,
		       st == ST_OK ? "ok" : error_code(st), st == ST_OK ? peer : "");
	if (st != ST_OK) {
		api_fail(call, &err);
		return;
	}
	json_object_set_new(answer, "node", json_string(peer));
	api_reply(call, 200, answer);
}

void api_exchange_person_query(struct api_call *call)
{
	static const char *const names[] = {"id_number", "reason", NULL};
	char id_number[IDCARD_INPUT_MAX], reason[320], peer[EXCHANGE_NAME_SIZE], detail[400];
	struct idcard card;
	struct error err;
	json_t *answer = NULL;
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "id_number", id_number, sizeof id_number) ||
	    !api_copy_query_or_reply(call, "reason", reason, sizeof reason))
		return;
	if (text_char_count(reason) < 2 || text_char_count(reason) > 100) {
		api_fail_status(call, ST_MISSING_FIELD, "reason", "异地查询必须说明理由（2至100个字）");
		return;
	}
	if (idcard_validate(id_number, &call->reg.today, &card, "id_number", &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	enum status st = exchange_peer_for(call->reg.store, card.region, peer, &err);
	if (st == ST_OK)
		st = exchange_ask(call->reg.store, call->db_path, peer, "person.query",
				  json_pack("{s:s, s:s, s:s}", "id_number", card.number, "user",
					    call->who.username, "reason", reason),
				  &answer, &err);
	snprintf(detail, sizeof detail, "node:%s reason:%s", st == ST_OK ? peer : "-", reason);
	api_audit_read(call, "exchange.person.query", "", st == ST_OK ? "ok" : error_code(st),
		       detail);
	if (st != ST_OK) {
		api_fail(call, &err);
		return;
	}
	json_object_set_new(answer, "node", json_string(peer));
	api_reply(call, 200, answer);
}
