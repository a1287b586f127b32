/*
 * api/user.c — accounts and API tokens for the system administrator
 * (user.admin): the same actions as `liudong user` and `liudong token`,
 * through security/auth.h, each audited with the administrator's name.
 *
 * Passwords come only in request bodies and are wiped after use; a new
 * token is shown in the one response that creates it, and never again.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "security/auth.h"

#define USER_PASSWORD_SIZE 520  /* 128 characters of up to 4 bytes */
#define USER_ROLE_SIZE 32

/* A user as the API shows it (never the password hash). */
static json_t *user_json(const struct api_call *call, const struct user_info *u)
{
	char created[40];
	api_format_time(u->created_at, created, sizeof created);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:b, s:i, s:s}", "id",
			      (json_int_t)u->id, "username", u->username, "role", role_name(u->role),
			      "role_label", role_label(u->role), "scope",
			      api_division_json(call, u->scope), "disabled", u->disabled, "locked",
			      u->locked, "failed_logins", u->failed_logins, "created_at", created);
	json_object_set_new(j, "organization_id",
			    u->organization_id ? json_integer(u->organization_id) : json_null());
	json_object_set_new(j, "person_id", u->person_id ? json_integer(u->person_id) : json_null());
	return j;
}

struct user_list {
	const struct api_call *call;
	json_t *items;
};

static bool user_list_row(const struct user_info *u, void *ctx)
{
	struct user_list *list = ctx;
	json_array_append_new(list->items, user_json(list->call, u));
	return true;
}

void api_user_list(struct api_call *call)
{
	static const char *const names[] = {NULL};
	struct user_list list = {call, NULL};
	struct error err;
	if (!api_query_known_or_reply(call, names))
		return;
	list.items = json_array();
	if (auth_user_list(call->reg.store, user_list_row, &list, &err) != ST_OK) {
		json_decref(list.items);
		api_fail(call, &err);
		return;
	}
	api_audit_read(call, "user.list", "", "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", list.items));
}

/* An optional positive integer member (absent or null: 0); replies 400 itself. */
static bool id_member_or_reply(struct api_call *call, const char *name, int64_t *out)
{
	json_t *value = json_object_get(call->body, name);
	*out = 0;
	if (value == NULL || json_is_null(value))
		return true;
	if (!json_is_integer(value) || json_integer_value(value) <= 0) {
		api_fail_status(call, ST_INVALID_INPUT, name, "应为正整数编号");
		return false;
	}
	*out = json_integer_value(value);
	return true;
}

/* Replies with user `id` as it now is. */
static void reply_user(struct api_call *call, int status, int64_t id)
{
	struct user_info u;
	struct error err;
	if (auth_user_info(call->reg.store, id, &u, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	api_reply(call, status, user_json(call, &u));
}

void api_user_create(struct api_call *call)
{
	static const char *const names[] = {"username", "role", "scope", "password",
					    "organization_id", "person_id", NULL};
	char username[72], role_text[USER_ROLE_SIZE], scope[32], password[USER_PASSWORD_SIZE];
	struct auth_binding binding = {0, 0};
	enum role role = ROLE_NONE;
	struct error err;
	int64_t id = 0;
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "username", username, sizeof username) ||
	    !api_copy_string_or_reply(call, call->body, "role", role_text, sizeof role_text) ||
	    !api_copy_string_or_reply(call, call->body, "scope", scope, sizeof scope) ||
	    !api_copy_string_or_reply(call, call->body, "password", password, sizeof password) ||
	    !id_member_or_reply(call, "organization_id", &binding.organization_id) ||
	    !id_member_or_reply(call, "person_id", &binding.person_id))
		goto out_wipe;
	const char *missing = !username[0] ? "username" : !role_text[0] ? "role"
			    : !scope[0] ? "scope" : !password[0] ? "password" : NULL;
	if (missing != NULL) {
		api_fail_status(call, ST_MISSING_FIELD, missing, NULL);
		goto out_wipe;
	}
	if (!role_parse(role_text, &role)) {
		api_fail_status(call, ST_INVALID_CODE, "role", "角色代码不正确");
		goto out_wipe;
	}
	if (auth_user_add_bound(call->reg.store, call->who.username, call->reg.divisions, username,
				role, scope, &binding, password, &id, &err) != ST_OK) {
		/* The binding's fields as this request names them (the command line's are shorter). */
		if (strcmp(err.field, "organization") == 0 || strcmp(err.field, "person") == 0)
			snprintf(err.field, sizeof err.field, "%s_id",
				 err.field[0] == 'o' ? "organization" : "person");
		api_fail(call, &err);
		goto out_wipe;
	}
	reply_user(call, 201, id);
out_wipe:
	explicit_bzero(password, sizeof password);
}

/* The user of path parameter {id}; replies 404 itself. */
static bool user_param_or_reply(struct api_call *call, struct user_info *u)
{
	int64_t id;
	struct error err;
	if (!api_id_param_or_reply(call, &id))
		return false;
	if (auth_user_info(call->reg.store, id, u, &err) != ST_OK) {
		api_fail(call, &err);
		return false;
	}
	return true;
}

/* `disabling` and `unlocking`: no body, one action on the account. */
static void simple_action(struct api_call *call,
			  enum status (*action)(struct store *, const char *, const char *,
						struct error *))
{
	static const char *const names[] = {NULL};
	struct user_info u;
	struct error err;
	if (!api_body_known_or_reply(call, names) || !user_param_or_reply(call, &u))
		return;
	if (action(call->reg.store, call->who.username, u.username, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	reply_user(call, 200, u.id);
}

void api_user_disable(struct api_call *call)
{
	simple_action(call, auth_user_disable);
}

void api_user_unlock(struct api_call *call)
{
	simple_action(call, auth_user_unlock);
}

void api_user_reset_password(struct api_call *call)
{
	static const char *const names[] = {"password", NULL};
	char password[USER_PASSWORD_SIZE] = "";
	struct user_info u;
	struct error err;
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "password", password, sizeof password) ||
	    !user_param_or_reply(call, &u))
		goto out_wipe;
	if (!password[0]) {
		api_fail_status(call, ST_MISSING_FIELD, "password", NULL);
		goto out_wipe;
	}
	if (auth_user_reset_password(call->reg.store, call->who.username, u.username, password,
				     &err) != ST_OK) {
		api_fail(call, &err);
		goto out_wipe;
	}
	reply_user(call, 200, u.id);
out_wipe:
	explicit_bzero(password, sizeof password);
}

/* --- tokens ----------------------------------------------------------------------------- */

static json_t *token_json(const struct token_info *t)
{
	char created[40], revoked[40];
	api_format_time(t->created_at, created, sizeof created);
	json_t *j = json_pack("{s:I, s:{s:I, s:s}, s:s, s:s}", "id", (json_int_t)t->id, "user",
			      "id", (json_int_t)t->user_id, "username", t->username, "name", t->name,
			      "created_at", created);
	if (t->revoked_at) {
		api_format_time(t->revoked_at, revoked, sizeof revoked);
		json_object_set_new(j, "revoked_at", json_string(revoked));
	} else {
		json_object_set_new(j, "revoked_at", json_null());
	}
	return j;
}

static bool token_list_row(const struct token_info *t, void *ctx)
{
	json_array_append_new(ctx, token_json(t));
	return true;
}

void api_token_list(struct api_call *call)
{
	static const char *const names[] = {NULL};
	struct error err;
	if (!api_query_known_or_reply(call, names))
		return;
	json_t *items = json_array();
	if (auth_token_list(call->reg.store, token_list_row, items, &err) != ST_OK) {
		json_decref(items);
		api_fail(call, &err);
		return;
	}
	api_audit_read(call, "token.list", "", "ok", "");
	api_reply(call, 200, json_pack("{s:o}", "items", items));
}

void api_token_create(struct api_call *call)
{
	static const char *const names[] = {"username", "name", NULL};
	char username[72], name[280] = "", token[AUTH_TOKEN_TEXT_SIZE];
	struct error err;
	int64_t id = 0;
	if (!api_body_known_or_reply(call, names) ||
	    !api_copy_string_or_reply(call, call->body, "username", username, sizeof username) ||
	    !api_copy_string_or_reply(call, call->body, "name", name, sizeof name))
		return;
	if (!username[0]) {
		api_fail_status(call, ST_MISSING_FIELD, "username", NULL);
		return;
	}
	if (auth_token_create(call->reg.store, call->who.username, username, name, token, &id,
			      &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	api_reply(call, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "username",
				       username, "name", name, "token", token));
	explicit_bzero(token, sizeof token);
}

void api_token_revoke(struct api_call *call)
{
	static const char *const names[] = {NULL};
	int64_t id;
	struct error err;
	if (!api_body_known_or_reply(call, names) || !api_id_param_or_reply(call, &id))
		return;
	if (auth_token_revoke(call->reg.store, call->who.username, id, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	api_no_content(call);
}
