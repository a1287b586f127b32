/*
 * api/outflow.c — outflow registration over HTTP: departures and returns,
 * feedback with the places persons flow to, and benefits (granted, paid,
 * cancelled).
 *
 * Each record is visible where its person is (the caller's scope); outside
 * it the answer is 404, audited, as if the record did not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/outflow.h"

static json_t *departure_json(const struct api_call *call, const struct departure *d)
{
	char created[40];
	api_format_time(d->created_at, created, sizeof created);
	json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:s, s:s}", "id", (json_int_t)d->id,
			      "person_id", (json_int_t)d->person_id, "departed_on", d->departed_on,
			      "destination_division", api_division_json(call, d->destination_division),
			      "state", departure_state_name(d), "state_label",
			      departure_state_label(d));
	json_object_set_new(o, "destination_address", api_text_or_null(d->destination_address));
	json_object_set_new(o, "employer_there", api_text_or_null(d->employer_there));
	json_object_set_new(o, "contact_phone", api_text_or_null(d->contact_phone));
	json_object_set_new(o, "returned_on", api_text_or_null(d->returned_on));
	json_object_set_new(o, "note", api_text_or_null(d->note));
	json_object_set_new(o, "version", json_integer(d->version));
	json_object_set_new(o, "created_at", json_string(created));
	return o;
}

static json_t *feedback_json(const struct feedback *f)
{
	char created[40];
	api_format_time(f->created_at, created, sizeof created);
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)f->id, "person_id", (json_int_t)f->person_id, "direction",
			 feedback_direction_name(f->direction), "direction_label",
			 feedback_direction_label(f->direction), "channel",
			 feedback_channel_name(f->channel), "channel_label",
			 feedback_channel_label(f->channel), "happened_on", f->happened_on,
			 "counterpart", f->counterpart, "content", f->content, "actor", f->actor,
			 "created_at", created);
}

static json_t *benefit_json(const struct benefit *b)
{
	char amount[BENEFIT_AMOUNT_SIZE];
	benefit_amount_format(b->amount_fen, amount, sizeof amount);
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			      (json_int_t)b->id, "person_id", (json_int_t)b->person_id, "kind",
			      benefit_kind_name(b->kind), "kind_label", benefit_kind_label(b->kind),
			      "period", b->period, "amount", amount, "state",
			      benefit_state_name(b->state), "state_label",
			      benefit_state_label(b->state), "granted_on", b->granted_on);
	json_object_set_new(o, "paid_on", api_text_or_null(b->paid_on));
	json_object_set_new(o, "note", api_text_or_null(b->note));
	json_object_set_new(o, "version", json_integer(b->version));
	return o;
}

static void object_name(const char *kind, int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%lld", kind, (long long)id);
}

/*
 * Replies 404 (audited as `action` on `object`) when a record was not found
 * or its person lies outside the caller's scope; true if it may be used.
 */
static bool record_in_scope_or_reply(struct api_call *call, enum status st, struct error *err,
				     int64_t person_id, const char *action, const char *object,
				     const char *missing)
{
	struct person p;
	if (st == ST_OK && (st = person_get(&call->reg, person_id, &p, err)) == ST_OK &&
	    !authz_in_scope(&call->who, p.residence_division)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(err, ST_NOT_FOUND, "id", "%s", missing);
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, err);
		return false;
	}
	return true;
}

/* Departure {id} if its person lies in the caller's scope; 404 (audited) otherwise. */
static bool departure_in_scope_or_reply(struct api_call *call, struct departure *d,
					const char *action)
{
	int64_t id;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return false;
	object_name("departure", id, object, sizeof object);
	enum status st = departure_get(&call->reg, id, d, &err);
	return record_in_scope_or_reply(call, st, &err, d->person_id, action, object,
					"外出登记不存在");
}

/* Benefit {id} if its person lies in the caller's scope; 404 (audited) otherwise. */
static bool benefit_in_scope_or_reply(struct api_call *call, struct benefit *b,
				      const char *action)
{
	int64_t id;
	struct error err;
	char object[64];
	if (!api_id_param_or_reply(call, &id))
		return false;
	object_name("benefit", id, object, sizeof object);
	enum status st = benefit_get(&call->reg, id, b, &err);
	return record_in_scope_or_reply(call, st, &err, b->person_id, action, object,
					"奖励优惠记录不存在");
}

/* Person {id} of the path if it lies in the caller's scope; 404 (audited) otherwise. */
static bool person_param_or_reply(struct api_call *call, int64_t *id, const char *action)
{
	struct person p;
	return api_id_param_or_reply(call, id) &&
	       api_person_in_scope_or_reply(call, *id, &p, action);
}

/* --- departures ------------------------------------------------------------------ */

struct departure_step {
	struct departure_request req;
	struct departure d;
	char returned_on[DATE_TEXT_SIZE];
};

static enum status departure_create_write(struct api_call *call, void *ctx, char *object,
					  size_t size, struct error *err)
{
	struct departure_step *s = ctx;
	enum status st = departure_create(&call->reg, &s->req, call->who.username, &s->d, err);
	if (st == ST_OK)
		object_name("departure", s->d.id, object, size);
	return st;
}

static enum status departure_return_write(struct api_call *call, void *ctx, char *object,
					  size_t size, struct error *err)
{
	struct departure_step *s = ctx;
	(void)object, (void)size;
	return departure_record_return(&call->reg, s->d.id, s->returned_on, call->who.username,
				       &s->d, err);
}

void api_departure_create(struct api_call *call)
{
	static const char *const names[] = {"departed_on", "destination_division",
					    "destination_address", "employer_there",
					    "contact_phone", "note", NULL};
	struct departure_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct departure_request *r = &s->req;
	if (person_param_or_reply(call, &r->person_id, "departure.create") &&
	    api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "departed_on", r->departed_on,
				     sizeof r->departed_on) &&
	    api_copy_string_or_reply(call, call->body, "destination_division",
				     r->destination_division, sizeof r->destination_division) &&
	    api_copy_string_or_reply(call, call->body, "destination_address",
				     r->destination_address, sizeof r->destination_address) &&
	    api_copy_string_or_reply(call, call->body, "employer_there", r->employer_there,
				     sizeof r->employer_there) &&
	    api_copy_string_or_reply(call, call->body, "contact_phone", r->contact_phone,
				     sizeof r->contact_phone) &&
	    api_copy_string_or_reply(call, call->body, "note", r->note, sizeof r->note) &&
	    api_write(call, "departure.create", "departure:", departure_create_write, s))
		api_reply(call, 201, departure_json(call, &s->d));
	free(s);
}

void api_departure_return(struct api_call *call)
{
	static const char *const names[] = {"returned_on", NULL};
	char object[64];
	struct departure_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (departure_in_scope_or_reply(call, &s->d, "departure.return") &&
	    api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "returned_on", s->returned_on,
				     sizeof s->returned_on)) {
		object_name("departure", s->d.id, object, sizeof object);
		if (api_write(call, "departure.return", object, departure_return_write, s))
			api_reply(call, 200, departure_json(call, &s->d));
	}
	free(s);
}

static enum status load_departures(const struct registry *reg, int64_t person_id, void *out,
				   size_t max, size_t *count, struct error *err)
{
	return departure_list_for_person(reg, person_id, out, max, count, err);
}

static json_t *render_departure(const struct api_call *call, const void *item)
{
	return departure_json(call, item);
}

void api_departure_list(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"departure.list", sizeof(struct departure), OUTFLOW_LIST_MAX, load_departures,
		render_departure};
	api_list_for_person(call, &listing);
}

/* --- feedback ------------------------------------------------------------------------ */

struct feedback_step {
	struct feedback_request req;
	struct feedback f;
};

static enum status feedback_create_write(struct api_call *call, void *ctx, char *object,
					 size_t size, struct error *err)
{
	struct feedback_step *s = ctx;
	enum status st = feedback_create(&call->reg, &s->req, call->who.username, &s->f, err);
	if (st == ST_OK)
		object_name("feedback", s->f.id, object, size);
	return st;
}

void api_feedback_create(struct api_call *call)
{
	static const char *const names[] = {"direction", "channel", "happened_on", "counterpart",
					    "content", NULL};
	struct feedback_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct feedback_request *r = &s->req;
	if (person_param_or_reply(call, &r->person_id, "feedback.create") &&
	    api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "direction", r->direction,
				     sizeof r->direction) &&
	    api_copy_string_or_reply(call, call->body, "channel", r->channel, sizeof r->channel) &&
	    api_copy_string_or_reply(call, call->body, "happened_on", r->happened_on,
				     sizeof r->happened_on) &&
	    api_copy_string_or_reply(call, call->body, "counterpart", r->counterpart,
				     sizeof r->counterpart) &&
	    api_copy_string_or_reply(call, call->body, "content", r->content, sizeof r->content) &&
	    api_write(call, "feedback.create", "feedback:", feedback_create_write, s))
		api_reply(call, 201, feedback_json(&s->f));
	free(s);
}

static enum status load_feedback(const struct registry *reg, int64_t person_id, void *out,
				 size_t max, size_t *count, struct error *err)
{
	return feedback_list_for_person(reg, person_id, out, max, count, err);
}

static json_t *render_feedback(const struct api_call *call, const void *item)
{
	(void)call;
	return feedback_json(item);
}

void api_feedback_list(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"feedback.list", sizeof(struct feedback), OUTFLOW_LIST_MAX, load_feedback,
		render_feedback};
	api_list_for_person(call, &listing);
}

/* --- benefits ---------------------------------------------------------------------------- */

struct benefit_step {
	struct benefit_request req;
	struct benefit b;
	char paid_on[DATE_TEXT_SIZE];
	char reason[OUTFLOW_TEXT_SIZE];
};

static enum status benefit_grant_write(struct api_call *call, void *ctx, char *object,
				       size_t size, struct error *err)
{
	struct benefit_step *s = ctx;
	enum status st = benefit_grant(&call->reg, &s->req, call->who.username, &s->b, err);
	if (st == ST_OK)
		object_name("benefit", s->b.id, object, size);
	return st;
}

static enum status benefit_pay_write(struct api_call *call, void *ctx, char *object,
				     size_t size, struct error *err)
{
	struct benefit_step *s = ctx;
	(void)object, (void)size;
	return benefit_record_payment(&call->reg, s->b.id, s->paid_on, call->who.username, &s->b,
				      err);
}

static enum status benefit_cancel_write(struct api_call *call, void *ctx, char *object,
					size_t size, struct error *err)
{
	struct benefit_step *s = ctx;
	(void)object, (void)size;
	return benefit_cancel(&call->reg, s->b.id, s->reason, call->who.username, &s->b, err);
}

void api_benefit_create(struct api_call *call)
{
	static const char *const names[] = {"kind", "period", "amount", "granted_on", "note", NULL};
	struct benefit_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	struct benefit_request *r = &s->req;
	if (person_param_or_reply(call, &r->person_id, "benefit.grant") &&
	    api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "kind", r->kind, sizeof r->kind) &&
	    api_copy_string_or_reply(call, call->body, "period", r->period, sizeof r->period) &&
	    api_copy_string_or_reply(call, call->body, "amount", r->amount, sizeof r->amount) &&
	    api_copy_string_or_reply(call, call->body, "granted_on", r->granted_on,
				     sizeof r->granted_on) &&
	    api_copy_string_or_reply(call, call->body, "note", r->note, sizeof r->note) &&
	    api_write(call, "benefit.grant", "benefit:", benefit_grant_write, s))
		api_reply(call, 201, benefit_json(&s->b));
	free(s);
}

/* The benefit in scope and a body with only `names`; replies itself on failure. */
static struct benefit_step *benefit_step_or_reply(struct api_call *call, const char *action,
						  const char *const *names)
{
	struct benefit_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return NULL;
	}
	if (!benefit_in_scope_or_reply(call, &s->b, action) ||
	    !api_body_known_or_reply(call, names)) {
		free(s);
		return NULL;
	}
	return s;
}

static void finish_benefit_step(struct api_call *call, struct benefit_step *s,
				const char *action, api_write_fn fn)
{
	char object[64];
	object_name("benefit", s->b.id, object, sizeof object);
	if (api_write(call, action, object, fn, s))
		api_reply(call, 200, benefit_json(&s->b));
	free(s);
}

void api_benefit_pay(struct api_call *call)
{
	static const char *const names[] = {"paid_on", NULL};
	struct benefit_step *s = benefit_step_or_reply(call, "benefit.pay", names);
	if (s == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "paid_on", s->paid_on, sizeof s->paid_on)) {
		free(s);
		return;
	}
	finish_benefit_step(call, s, "benefit.pay", benefit_pay_write);
}

void api_benefit_cancel(struct api_call *call)
{
	static const char *const names[] = {"reason", NULL};
	struct benefit_step *s = benefit_step_or_reply(call, "benefit.cancel", names);
	if (s == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "reason", s->reason, sizeof s->reason)) {
		free(s);
		return;
	}
	finish_benefit_step(call, s, "benefit.cancel", benefit_cancel_write);
}

static enum status load_benefits(const struct registry *reg, int64_t person_id, void *out,
				 size_t max, size_t *count, struct error *err)
{
	return benefit_list_for_person(reg, person_id, out, max, count, err);
}

static json_t *render_benefit(const struct api_call *call, const void *item)
{
	(void)call;
	return benefit_json(item);
}

void api_benefit_list(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"benefit.list", sizeof(struct benefit), OUTFLOW_LIST_MAX, load_benefits,
		render_benefit};
	api_list_for_person(call, &listing);
}
