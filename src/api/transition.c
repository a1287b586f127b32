/*
 * api/transition.c — transitions over HTTP: check or carry out one, list
 * them; and the timeline of a person's certificates, contracts, inquiries
 * and transitions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "exchange/exchange_io.h"
#include "domain/event.h"
#include "domain/transition.h"

static json_t *conditions_json(const struct transition_check *check)
{
	json_t *items = json_array();
	for (size_t i = 0; i < check->count; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "code",
						       check->items[i].code, "message",
						       check->items[i].message, "met",
						       check->items[i].met));
	return items;
}

static json_t *transition_json(const struct api_call *call, const struct transition *t)
{
	char created[40];
	api_format_time(t->created_at, created, sizeof created);
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)t->id,
			      "person_id", (json_int_t)t->person_id, "kind",
			      transition_kind_name(t->kind), "kind_label",
			      transition_kind_label(t->kind), "effective_on", t->effective_on,
			      "from_management", person_management_name(t->from_management),
			      "to_management", person_management_name(t->to_management));
	json_object_set_new(o, "inquiry_id", t->inquiry_id ? json_integer(t->inquiry_id) : json_null());
	json_object_set_new(o, "certificate_id",
			    t->certificate_id ? json_integer(t->certificate_id) : json_null());
	json_object_set_new(o, "destination_division",
			    api_division_json(call, t->destination_division));
	json_object_set_new(o, "destination_address", api_text_or_null(t->destination_address));
	json_object_set_new(o, "documents", api_text_or_null(t->documents));
	json_object_set_new(o, "actor", json_string(t->actor));
	json_object_set_new(o, "created_at", json_string(created));
	return o;
}

static bool flag_or_reply(struct api_call *call, const char *name, bool *out)
{
	json_t *value = json_object_get(call->body, name);
	*out = false;
	if (value == NULL)
		return true;
	if (!json_is_boolean(value)) {
		api_fail_status(call, ST_INVALID_INPUT, name, "应为 true 或 false");
		return false;
	}
	*out = json_is_true(value);
	return true;
}

static bool inquiry_id_or_reply(struct api_call *call, int64_t *id)
{
	json_t *value = json_object_get(call->body, "inquiry_id");
	*id = 0;
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_integer(value) || json_integer_value(value) <= 0) {
		api_fail_status(call, ST_INVALID_INPUT, "inquiry_id", "inquiry_id 应为函调编号（正整数）");
		return false;
	}
	*id = json_integer_value(value);
	return true;
}

static bool request_or_reply(struct api_call *call, struct transition_request *r, bool *dry_run)
{
	static const char *const names[] = {"kind", "effective_on", "long_term_residence",
					    "fixed_residence", "intent_to_stay", "inquiry_id",
					    "spouse_name", "spouse_id_number", "destination_division",
					    "destination_address", "documents", "dry_run", NULL};
	char kind[32];
	memset(r, 0, sizeof *r);
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "kind", kind, sizeof kind) ||
	    !api_copy_string_or_reply(call, call->body, "effective_on", r->effective_on,
				      sizeof r->effective_on) ||
	    !flag_or_reply(call, "long_term_residence", &r->long_term_residence) ||
	    !flag_or_reply(call, "fixed_residence", &r->fixed_residence) ||
	    !flag_or_reply(call, "intent_to_stay", &r->intent_to_stay) ||
	    !flag_or_reply(call, "dry_run", dry_run) || !inquiry_id_or_reply(call, &r->inquiry_id) ||
	    !api_copy_string_or_reply(call, call->body, "spouse_name", r->spouse_name,
				      sizeof r->spouse_name) ||
	    !api_copy_string_or_reply(call, call->body, "spouse_id_number", r->spouse_id_number,
				      sizeof r->spouse_id_number) ||
	    !api_copy_string_or_reply(call, call->body, "destination_division",
				      r->destination_division, sizeof r->destination_division) ||
	    !api_copy_string_or_reply(call, call->body, "destination_address",
				      r->destination_address, sizeof r->destination_address) ||
	    !api_copy_string_or_reply(call, call->body, "documents", r->documents,
				      sizeof r->documents))
		return false;
	if (!transition_kind_parse(kind, &r->kind)) {
		api_fail_status(call, kind[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD, "kind",
				"kind 应为 handover、resident_by_marriage、resident_by_stay、left 或 returned");
		return false;
	}
	return true;
}

struct apply {
	int64_t person_id;
	struct transition_request req;
	struct transition t;
	struct certificate certificate;
	struct transition_check check;
};

static enum status apply_write(struct api_call *call, void *ctx, char *object, size_t size,
			       struct error *err)
{
	struct apply *a = ctx;
	struct person p;
	(void)object, (void)size;
	enum status st = transition_apply(&call->reg, a->person_id, &a->req, call->who.username,
					  &a->t, &a->certificate, &a->check, err);
	if (st != ST_OK || (a->t.kind != TRANSITION_HANDOVER && a->t.kind != TRANSITION_LEFT) ||
	    (st = person_get(&call->reg, a->person_id, &p, err)) != ST_OK)
		return st;
	/* The other place hears of it in this transaction: the receiving place of a
	 * hand-over, the hukou place of an inflow person who left. */
	if (a->t.kind == TRANSITION_HANDOVER && a->t.certificate_id)
		st = exchange_hand_over(call->reg.store, &p, a->t.destination_division,
					a->t.destination_address, a->t.effective_on,
					&a->certificate, err);
	else if (a->t.kind == TRANSITION_LEFT && p.flow == FLOW_INFLOW)
		st = exchange_notice_person(call->reg.store, &p, "left", err);
	return st;
}

/* 422 with the list of conditions, each met or not. */
static void reply_unmet(struct api_call *call, const struct error *err,
			const struct transition_check *check)
{
	json_t *missing = json_array();
	for (size_t i = 0; i < check->count; i++)
		if (!check->items[i].met)
			json_array_append_new(missing, json_pack("{s:s, s:s}", "code",
								 check->items[i].code, "message",
								 check->items[i].message));
	json_t *error = json_pack("{s:s, s:s, s:s, s:o, s:o}", "code", error_code(err->status),
				  "message", err->message, "field", "", "missing", missing,
				  "conditions", conditions_json(check));
	api_reply(call, error_http_status(err->status), json_pack("{s:o}", "error", error));
}

void api_transition_create(struct api_call *call)
{
	struct person p;
	struct error err;
	bool dry_run = false;
	char object[64];
	struct apply *a = calloc(1, sizeof *a);
	if (a == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (!api_id_param_or_reply(call, &a->person_id) ||
	    !api_person_in_scope_or_reply(call, a->person_id, &p, "transition.create") ||
	    !request_or_reply(call, &a->req, &dry_run))
		goto out;
	api_person_object(a->person_id, object, sizeof object);
	if (dry_run) {
		if (transition_check(&call->reg, a->person_id, &a->req, &a->check, &err) != ST_OK) {
			api_fail(call, &err);
			goto out;
		}
		api_audit_read(call, "transition.check", object, "ok", transition_kind_name(a->req.kind));
		api_reply(call, 200, json_pack("{s:s, s:b, s:o}", "kind",
					       transition_kind_name(a->req.kind), "allowed",
					       a->check.allowed, "conditions",
					       conditions_json(&a->check)));
		goto out;
	}
	/* Refusals for unmet conditions carry the list; api_write replies the rest. */
	if (transition_check(&call->reg, a->person_id, &a->req, &a->check, &err) == ST_OK &&
	    !a->check.allowed) {
		struct error audit_err;
		transition_unmet_error(&a->check, &err);
		api_audit_write(call, "transition.create", object, error_code(err.status),
				transition_kind_name(a->req.kind), &audit_err);
		reply_unmet(call, &err, &a->check);
		goto out;
	}
	if (api_write(call, "transition.create", object, apply_write, a)) {
		exchange_sender_wake();
		json_t *body = transition_json(call, &a->t);
		json_object_set_new(body, "conditions", conditions_json(&a->check));
		if (a->t.certificate_id)
			json_object_set_new(body, "certificate_number",
					    json_string(a->certificate.number));
		api_reply(call, 201, body);
	}
out:
	free(a);
}

static enum status load_transitions(const struct registry *reg, int64_t person_id, void *out,
				    size_t max, size_t *count, struct error *err)
{
	return transition_list(reg, person_id, out, max, count, err);
}

static json_t *render_transition(const struct api_call *call, const void *item)
{
	return transition_json(call, item);
}

void api_transition_list(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"transition.list", sizeof(struct transition), TRANSITION_LIST_MAX,
		load_transitions, render_transition};
	api_list_for_person(call, &listing);
}

/* --- the timeline ------------------------------------------------------------ */

static bool append_event(const struct record_event *e, void *ctx)
{
	json_t *items = ctx;
	char at[40];
	api_format_time(e->at, at, sizeof at);
	json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
					       (json_int_t)e->id, "at", at, "actor", e->actor,
					       "action", e->action, "subject", e->subject, "detail",
					       e->detail));
	return true;
}

void api_person_events(struct api_call *call)
{
	int64_t id;
	struct person p;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id) ||
	    !api_person_in_scope_or_reply(call, id, &p, "event.list"))
		return;
	json_t *items = json_array();
	if (event_list(&call->reg, id, append_event, items, &err) != ST_OK) {
		json_decref(items);
		api_fail(call, &err);
		return;
	}
	api_person_object(id, object, sizeof object);
	api_audit_read(call, "event.list", object, "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}
