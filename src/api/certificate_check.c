/*
 * api/certificate_check.c — certificate checks by the departments (§3):
 * by ID number or certificate number, anywhere in the city, showing only
 * what the certificate shows; and the one-step notice to the responsible
 * town/street office when the person holds no certificate in force.
 *
 * The ID number asked for is never written to the audit trail: the audit
 * row names the person record (person:12) or the certificate number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/certificate_check.h"

/* Exactly one of id_number and number, as given. */
struct check_key {
	char id_number[IDCARD_INPUT_MAX];
	char number[CERTIFICATE_NUMBER_SIZE];
};

/* Refuses neither or both of the two keys; replies 400 itself. */
static bool one_key_or_reply(struct api_call *call, const struct check_key *key)
{
	if (key->id_number[0] == '\0' && key->number[0] == '\0') {
		api_fail_status(call, ST_MISSING_FIELD, "id_number",
				"请填写公民身份号码（id_number）或证明编号（number）");
		return false;
	}
	if (key->id_number[0] && key->number[0]) {
		api_fail_status(call, ST_INVALID_INPUT, "number",
				"公民身份号码和证明编号只填一项");
		return false;
	}
	return true;
}

static enum status run_check(struct api_call *call, const struct check_key *key,
			     struct certificate_check *check, struct error *err)
{
	if (key->id_number[0])
		return certificate_check_by_id_number(&call->reg, key->id_number, check, err);
	return certificate_check_by_number(&call->reg, key->number, check, err);
}

/* The audit object of a check: the person record, else the number asked for. */
static void check_object(const struct check_key *key, const struct certificate_check *check,
			 char *buf, size_t size)
{
	if (check->person_id > 0)
		api_person_object(check->person_id, buf, size);
	else if (key->number[0])
		snprintf(buf, size, "certificate:%s", key->number);
	else
		buf[0] = '\0';
}

static json_t *check_json(const struct api_call *call, const struct certificate_check *check)
{
	json_t *j = json_pack("{s:s, s:s}", "result", certificate_check_result_name(check->result),
			      "result_label", certificate_check_result_label(check->result));
	json_object_set_new(j, "name_masked", api_text_or_null(check->name_masked));
	if (check->has_certificate) {
		const struct certificate *c = &check->certificate;
		json_t *cert = json_pack("{s:s, s:s, s:s, s:s}", "number", c->number, "kind",
					 certificate_kind_name(c->kind), "kind_label",
					 certificate_kind_label(c->kind), "issuer_name",
					 c->issuer_name);
		json_object_set_new(cert, "valid_until", api_text_or_null(c->valid_until));
		json_object_set_new(j, "certificate", cert);
	} else {
		json_object_set_new(j, "certificate", json_null());
	}
	json_object_set_new(j, "responsible_division",
			    check->responsible_division[0]
				    ? api_division_json(call, check->responsible_division)
				    : json_null());
	return j;
}

void api_certificate_check_query(struct api_call *call)
{
	static const char *const names[] = {"id_number", "number", NULL};
	struct check_key key;
	struct error err;
	enum status st;
	char object[80], detail[64];
	struct certificate_check *check = calloc(1, sizeof *check);
	if (check == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (!api_query_known_or_reply(call, names) ||
	    !api_copy_query_or_reply(call, "id_number", key.id_number, sizeof key.id_number) ||
	    !api_copy_query_or_reply(call, "number", key.number, sizeof key.number) ||
	    !one_key_or_reply(call, &key))
		goto out_free_check;
	st = run_check(call, &key, check, &err);
	check_object(&key, check, object, sizeof object);
	snprintf(detail, sizeof detail, "by=%s result=%s", key.id_number[0] ? "id_number" : "number",
		 st == ST_OK ? certificate_check_result_name(check->result) : "");
	api_audit_read(call, "certificate.check", object, st == ST_OK ? "ok" : error_code(st),
		       detail);
	if (st != ST_OK)
		api_fail(call, &err);
	else
		api_reply(call, 200, check_json(call, check));
out_free_check:
	free(check);
}

struct notify_step {
	struct check_key key;
	char note[CERTIFICATE_CHECK_NOTE_SIZE];
	struct certificate_check check;
	struct notice n;
};

static enum status notify_write(struct api_call *call, void *ctx, char *object, size_t size,
				struct error *err)
{
	struct notify_step *s = ctx;
	struct notice_sender sender = {.user_id = call->who.user_id};
	snprintf(sender.username, sizeof sender.username, "%s", call->who.username);
	snprintf(sender.role, sizeof sender.role, "%s", role_name(call->who.role));
	snprintf(sender.division, sizeof sender.division, "%s", call->who.scope);
	enum status st = run_check(call, &s->key, &s->check, err);
	if (st != ST_OK ||
	    (st = certificate_check_notify(&call->reg, &s->check, &sender, s->note, &s->n, err)) !=
		    ST_OK)
		return st;
	snprintf(object, size, "notice:%lld", (long long)s->n.id);
	return ST_OK;
}

void api_certificate_check_notice(struct api_call *call)
{
	static const char *const names[] = {"id_number", "number", "note", NULL};
	struct notify_step *s = calloc(1, sizeof *s);
	if (s == NULL) {
		api_fail_status(call, ST_NO_MEMORY, "", NULL);
		return;
	}
	if (api_body_known_or_reply(call, names) &&
	    api_copy_string_or_reply(call, call->body, "id_number", s->key.id_number,
				     sizeof s->key.id_number) &&
	    api_copy_string_or_reply(call, call->body, "number", s->key.number,
				     sizeof s->key.number) &&
	    api_copy_string_or_reply(call, call->body, "note", s->note, sizeof s->note) &&
	    one_key_or_reply(call, &s->key) &&
	    api_write(call, "notice.send", "notice:", notify_write, s)) {
		json_t *body = check_json(call, &s->check);
		json_object_set_new(body, "notice_id", json_integer(s->n.id));
		api_reply(call, 201, body);
	}
	free(s);
}
