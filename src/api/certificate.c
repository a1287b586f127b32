/*
 * api/certificate.c — certificates and service contracts over HTTP: issue,
 * record an external one, list, read, hand out, revoke, replace, check.
 *
 * A certificate is visible where its person is (the caller's scope);
 * outside it the answer is 404.  Checking a certificate by number
 * (departments, police) shows only what the holder's paper shows anyway.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/certificate.h"
#include "domain/codes.h"

#define CONTRACT_LIST_MAX 16

static void certificate_object(const struct certificate *c, char *buf, size_t size)
{
	snprintf(buf, size, "certificate:%s", c->number);
}

static json_t *children_json(const struct certificate *c)
{
	json_t *items = json_array();
	for (size_t i = 0; i < c->child_count; i++) {
		char sex[2] = {c->children[i].sex, '\0'};
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "name", c->children[i].name,
						       "sex", sex, "birth_date",
						       c->children[i].birth_date));
	}
	return items;
}

static json_t *certificate_json(const struct api_call *call, const struct certificate *c)
{
	enum certificate_state state = certificate_state_on(c, &call->reg.today);
	const char *marital = codes_marital_status_name(c->marital_status);
	json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o}", "id",
			      (json_int_t)c->id, "number", c->number, "person_id",
			      (json_int_t)c->person_id, "kind", certificate_kind_name(c->kind),
			      "kind_label", certificate_kind_label(c->kind), "state",
			      certificate_state_name(state), "state_label",
			      certificate_state_label(state), "issuer_division",
			      api_division_json(call, c->issuer_division), "issuer_name",
			      c->issuer_name, "valid_until", api_text_or_null(c->valid_until));
	json_object_set_new(o, "issued_on", json_string(c->issued_on));
	json_object_set_new(o, "valid", json_boolean(certificate_is_valid_on(c, &call->reg.today)));
	json_object_set_new(o, "destination_division",
			    api_division_json(call, c->destination_division));
	json_object_set_new(o, "marital_status", api_text_or_null(c->marital_status));
	json_object_set_new(o, "marital_status_label", json_string(marital ? marital : ""));
	json_object_set_new(o, "marriage_date", api_text_or_null(c->marriage_date));
	json_object_set_new(o, "spouse_name", api_text_or_null(c->spouse_name));
	json_object_set_new(o, "spouse_id_number", api_text_or_null(c->spouse_id_number));
	json_object_set_new(o, "children", children_json(c));
	json_object_set_new(o, "distributed_on", api_text_or_null(c->distributed_on));
	json_object_set_new(o, "received_by", api_text_or_null(c->received_by));
	json_object_set_new(o, "ended_on", api_text_or_null(c->ended_on));
	json_object_set_new(o, "end_reason", api_text_or_null(c->end_reason));
	json_object_set_new(o, "replaces_id", c->replaces_id ? json_integer(c->replaces_id)
							     : json_null());
	json_object_set_new(o, "version", json_integer(c->version));
	return o;
}

static json_t *contract_json(const struct api_call *call, const struct contract *c)
{
	enum contract_state state = contract_state_on(c, &call->reg.today);
	json_t *o = json_pack("{s:I, s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s}", "id",
			      (json_int_t)c->id, "person_id", (json_int_t)c->person_id,
			      "certificate_id", (json_int_t)c->certificate_id, "office_division",
			      api_division_json(call, c->office_division), "signed_on", c->signed_on,
			      "deadline", c->deadline, "terms", c->terms, "state",
			      contract_state_name(state), "state_label", contract_state_label(state));
	json_object_set_new(o, "fulfilled_on", api_text_or_null(c->fulfilled_on));
	json_object_set_new(o, "fulfilled_by", c->fulfilled_by ? json_integer(c->fulfilled_by)
							       : json_null());
	json_object_set_new(o, "version", json_integer(c->version));
	return o;
}

/* --- issuing -------------------------------------------------------------- */

static bool children_or_reply(struct api_call *call, struct certificate_request *req)
{
	json_t *children = json_object_get(call->body, "children");
	size_t i;
	json_t *child;
	if (children == NULL || json_is_null(children))
		return true;
	if (!json_is_array(children) || json_array_size(children) > CERTIFICATE_CHILDREN_MAX) {
		api_fail_status(call, ST_INVALID_INPUT, "children", "子女应为列表，最多 10 个");
		return false;
	}
	json_array_foreach(children, i, child) {
		static const char *const names[] = {"name", "sex", "birth_date", NULL};
		struct certificate_child *c = &req->children[i];
		char sex[4];
		const char *key;
		json_t *value;
		if (!json_is_object(child)) {
			api_fail_status(call, ST_INVALID_INPUT, "children",
					"每个子女应含 name、sex、birth_date");
			return false;
		}
		json_object_foreach(child, key, value) {
			bool known = false;
			for (const char *const *n = names; *n && !known; n++)
				known = strcmp(*n, key) == 0;
			if (!known) {
				api_fail_status(call, ST_UNKNOWN_FIELD, "children",
						"子女只能含 name、sex、birth_date");
				return false;
			}
		}
		if (!api_copy_string_or_reply(call, child, "name", c->name, sizeof c->name) ||
		    !api_copy_string_or_reply(call, child, "sex", sex, sizeof sex) ||
		    !api_copy_string_or_reply(call, child, "birth_date", c->birth_date,
					      sizeof c->birth_date))
			return false;
		c->sex = strlen(sex) == 1 ? sex[0] : '?';
		req->child_count = i + 1;
	}
	return true;
}

/* Reads an issue or record request; `external` picks which members are allowed. */
static bool request_or_reply(struct api_call *call, bool external,
			     struct certificate_request *req)
{
	static const char *const issue_names[] = {"kind", "issued_on", "spouse_name",
						  "spouse_id_number", "children",
						  "contract_deadline", NULL};
	static const char *const record_names[] = {"number", "issuer_name", "issued_on",
						   "valid_until", "spouse_name",
						   "spouse_id_number", "children", NULL};
	char kind[16];
	memset(req, 0, sizeof *req);
	if (!api_body_known_or_reply(call, external ? record_names : issue_names) ||
	    !api_copy_string_or_reply(call, call->body, "issued_on", req->issued_on,
				      sizeof req->issued_on) ||
	    !api_copy_string_or_reply(call, call->body, "spouse_name", req->spouse_name,
				      sizeof req->spouse_name) ||
	    !api_copy_string_or_reply(call, call->body, "spouse_id_number", req->spouse_id_number,
				      sizeof req->spouse_id_number) ||
	    !children_or_reply(call, req))
		return false;
	if (external) {
		req->kind = CERTIFICATE_EXTERNAL;
		return api_copy_string_or_reply(call, call->body, "number", req->number,
						sizeof req->number) &&
		       api_copy_string_or_reply(call, call->body, "issuer_name", req->issuer_name,
						sizeof req->issuer_name) &&
		       api_copy_string_or_reply(call, call->body, "valid_until", req->valid_until,
						sizeof req->valid_until);
	}
	if (!api_copy_string_or_reply(call, call->body, "kind", kind, sizeof kind) ||
	    !api_copy_string_or_reply(call, call->body, "contract_deadline",
				      req->contract_deadline, sizeof req->contract_deadline))
		return false;
	if (!certificate_kind_parse(kind, &req->kind) || req->kind == CERTIFICATE_EXTERNAL) {
		api_fail_status(call, kind[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD, "kind",
				"kind 应为 standard（婚育证明）或 temporary（临时婚育证明）");
		return false;
	}
	return true;
}

struct issue {
	int64_t person_id;
	struct certificate_request req;
	struct certificate cert;
	struct contract contract;
};

static enum status issue_write(struct api_call *call, void *ctx, char *object, size_t size,
			       struct error *err)
{
	struct issue *is = ctx;
	enum status st = certificate_issue(&call->reg, is->person_id, &is->req, call->who.username,
					   &is->cert, &is->contract, err);
	if (st == ST_OK)
		certificate_object(&is->cert, object, size);
	return st;
}

static void issue_or_record(struct api_call *call, bool external)
{
	struct person p;
	struct issue *is = calloc(1, sizeof *is);
	const char *action = external ? "certificate.record" : "certificate.issue";
	if (is == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_id_param_or_reply(call, &is->person_id) &&
	    api_person_in_scope_or_reply(call, is->person_id, &p, action) &&
	    request_or_reply(call, external, &is->req) &&
	    api_write(call, action, "certificate:", issue_write, is)) {
		json_t *body = certificate_json(call, &is->cert);
		if (is->cert.kind == CERTIFICATE_TEMPORARY)
			json_object_set_new(body, "contract", contract_json(call, &is->contract));
		api_reply(call, 201, body);
	}
	free(is);
}

void api_certificate_issue(struct api_call *call)
{
	issue_or_record(call, false);
}

void api_certificate_record(struct api_call *call)
{
	issue_or_record(call, true);
}

/* --- reading -------------------------------------------------------------- */

static enum status load_certificates(const struct registry *reg, int64_t person_id, void *out,
				     size_t max, size_t *count, struct error *err)
{
	return certificate_list(reg, person_id, out, max, count, err);
}

static json_t *render_certificate(const struct api_call *call, const void *item)
{
	return certificate_json(call, item);
}

void api_certificate_list(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"certificate.list", sizeof(struct certificate), CERTIFICATE_LIST_MAX,
		load_certificates, render_certificate};
	api_list_for_person(call, &listing);
}

static enum status load_contracts(const struct registry *reg, int64_t person_id, void *out,
				  size_t max, size_t *count, struct error *err)
{
	return contract_list(reg, person_id, out, max, count, err);
}

static json_t *render_contract(const struct api_call *call, const void *item)
{
	return contract_json(call, item);
}

void api_contract_list(struct api_call *call)
{
	static const struct api_person_listing listing = {
		"contract.list", sizeof(struct contract), CONTRACT_LIST_MAX, load_contracts,
		render_contract};
	api_list_for_person(call, &listing);
}

/*
 * Loads certificate {number} if its person lies in the caller's scope;
 * replies 404 otherwise (audited as `action`).  `p` (may be NULL) gets the person.
 */
static bool certificate_in_scope_or_reply(struct api_call *call, struct certificate *c,
					  struct person *p, const char *action)
{
	struct error err;
	struct person holder;
	const char *number = http_param(call->req, "number");
	char object[80];
	snprintf(object, sizeof object, "certificate:%s", number ? number : "");
	enum status st = certificate_get(&call->reg, number ? number : "", c, &err);
	if (st == ST_OK && (st = person_get(&call->reg, c->person_id, &holder, &err)) == ST_OK &&
	    !authz_in_scope(&call->who, holder.residence_division)) {
		api_audit_read(call, action, object, "out_of_scope", "");
		st = error_set(&err, ST_NOT_FOUND, "number", "证明不存在");
	} else if (st == ST_NOT_FOUND) {
		api_audit_read(call, action, object, "not_found", "");
	}
	if (st != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	if (p)
		*p = holder;
	return true;
}

static json_t *holder_json(const struct api_call *call, const struct person *p)
{
	char sex[2] = {p->sex, '\0'};
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)p->id,
			 "name", p->name, "id_number", p->id_number, "sex", sex, "birth_date",
			 p->birth_date, "hukou_division", api_division_json(call, p->hukou_division),
			 "residence_division", api_division_json(call, p->residence_division));
}

void api_certificate_get(struct api_call *call)
{
	struct certificate *c = calloc(1, sizeof *c);
	struct person p;
	char object[80];
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (certificate_in_scope_or_reply(call, c, &p, "certificate.read")) {
		certificate_object(c, object, sizeof object);
		api_audit_read(call, "certificate.read", object, "ok", "");
		json_t *body = certificate_json(call, c);
		char url[512];
		json_object_set_new(body, "person", holder_json(call, &p));
		json_object_set_new(body, "verify_url",
				    api_certificate_verify_url(call, c->number, url, sizeof url)
					    ? json_string(url)
					    : json_null());
		api_reply(call, 200, body);
	}
	free(c);
}

/* --- hand-out, revocation, replacement ------------------------------------- */

struct change {
	char number[CERTIFICATE_NUMBER_SIZE];
	char on[DATE_TEXT_SIZE];
	char who[PERSON_NAME_SIZE];
	char text[CERTIFICATE_TEXT_SIZE];
	enum certificate_loss loss;
	struct certificate cert;
};

static enum status distribute_write(struct api_call *call, void *ctx, char *object, size_t size,
				    struct error *err)
{
	struct change *ch = ctx;
	(void)object, (void)size;
	return certificate_distribute(&call->reg, ch->number, ch->on, ch->who, call->who.username,
				      &ch->cert, err);
}

static enum status revoke_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct change *ch = ctx;
	(void)object, (void)size;
	return certificate_revoke(&call->reg, ch->number, ch->text, call->who.username, &ch->cert,
				  err);
}

static enum status replace_write(struct api_call *call, void *ctx, char *object, size_t size,
				 struct error *err)
{
	struct change *ch = ctx;
	enum status st = certificate_replace(&call->reg, ch->number, ch->loss, ch->text,
					     call->who.username, &ch->cert, err);
	if (st == ST_OK)
		snprintf(object, size, "certificate:%s", ch->number);
	return st;
}

/* The certificate in scope and the change asked for in the body; replies itself. */
static struct change *change_or_reply(struct api_call *call, const char *action,
				      const char *const *names)
{
	struct change *ch = calloc(1, sizeof *ch);
	if (ch == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return NULL;
	}
	if (!certificate_in_scope_or_reply(call, &ch->cert, NULL, action) ||
	    !api_body_known_or_reply(call, names)) {
		free(ch);
		return NULL;
	}
	snprintf(ch->number, sizeof ch->number, "%s", ch->cert.number);
	return ch;
}

static void finish_change(struct api_call *call, struct change *ch, const char *action,
			  api_write_fn fn, int status)
{
	char object[80];
	snprintf(object, sizeof object, "certificate:%s", ch->number);
	if (api_write(call, action, object, fn, ch))
		api_reply(call, status, certificate_json(call, &ch->cert));
	free(ch);
}

void api_certificate_distribute(struct api_call *call)
{
	static const char *const names[] = {"distributed_on", "received_by", NULL};
	struct change *ch = change_or_reply(call, "certificate.distribute", names);
	if (ch == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "distributed_on", ch->on, sizeof ch->on) ||
	    !api_copy_string_or_reply(call, call->body, "received_by", ch->who, sizeof ch->who)) {
		free(ch);
		return;
	}
	finish_change(call, ch, "certificate.distribute", distribute_write, 200);
}

void api_certificate_revoke(struct api_call *call)
{
	static const char *const names[] = {"reason", NULL};
	struct change *ch = change_or_reply(call, "certificate.revoke", names);
	if (ch == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "reason", ch->text, sizeof ch->text)) {
		free(ch);
		return;
	}
	finish_change(call, ch, "certificate.revoke", revoke_write, 200);
}

void api_certificate_replace(struct api_call *call)
{
	static const char *const names[] = {"cause", "note", NULL};
	char cause[16];
	struct change *ch = change_or_reply(call, "certificate.replace", names);
	if (ch == NULL)
		return;
	if (!api_copy_string_or_reply(call, call->body, "cause", cause, sizeof cause) ||
	    !api_copy_string_or_reply(call, call->body, "note", ch->text, sizeof ch->text)) {
		free(ch);
		return;
	}
	if (!certificate_loss_parse(cause, &ch->loss)) {
		api_fail_status(call, cause[0] ? ST_INVALID_INPUT : ST_MISSING_FIELD, "cause",
				"补发原因 cause 应为 lost（遗失）或 damaged（损坏）");
		free(ch);
		return;
	}
	finish_change(call, ch, "certificate.replace", replace_write, 201);
}

/* --- checking by number ---------------------------------------------------- */

/*
 * What a department or police officer may learn from a certificate's
 * number: its state and the holder's masked name; with the holder's ID
 * number, whether it is theirs.  Audited like a remote query.
 */
void api_certificate_check(struct api_call *call)
{
	static const char *const names[] = {"id_number", NULL};
	struct certificate *c = calloc(1, sizeof *c);
	struct person p;
	struct error err;
	char id_number[IDCARD_INPUT_MAX];
	const char *number = http_param(call->req, "number");
	char object[80];
	snprintf(object, sizeof object, "certificate:%s", number ? number : "");
	if (c == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "id_number", id_number, sizeof id_number)) {
		free(c);
		return;
	}
	enum status st = certificate_get(&call->reg, number ? number : "", c, &err);
	if (st == ST_OK)
		st = person_get(&call->reg, c->person_id, &p, &err);
	api_audit_read(call, "certificate.check", object, st == ST_OK ? "ok" : error_code(st), "");
	if (st != ST_OK) {
		free(c);
		api_fail(call, &err);
		return;
	}
	enum certificate_state state = certificate_state_on(c, &call->reg.today);
	char masked[PERSON_NAME_SIZE];
	person_mask_name(p.name, masked, sizeof masked);
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:o}", "number",
				 c->number, "kind", certificate_kind_name(c->kind), "kind_label",
				 certificate_kind_label(c->kind), "state",
				 certificate_state_name(state), "state_label",
				 certificate_state_label(state), "valid",
				 certificate_is_valid_on(c, &call->reg.today), "name_masked", masked,
				 "issuer_name", c->issuer_name, "valid_until",
				 api_text_or_null(c->valid_until));
	json_object_set_new(body, "issued_on", json_string(c->issued_on));
	if (id_number[0]) {
		struct idcard id;
		bool matches = idcard_parse(id_number, &call->reg.today, &id) == IDCARD_OK &&
			       strcmp(id.number, p.id_number) == 0;
		json_object_set_new(body, "holder_matches", json_boolean(matches));
	}
	free(c);
	api_reply(call, 200, body);
}
