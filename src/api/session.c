/*
 * api/session.c — logging in and out, the current user, password change.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "security/auth.h"

#define SESSION_COOKIE "ld_session"

/* The user as the API shows it, with the permissions of the role. */
static json_t *user_json(const struct api_call *call, const struct principal *who)
{
	char path[DIVISION_PATH_SIZE];
	division_table_path(call->reg.divisions, who->scope, path, sizeof path);
	json_t *permissions = json_array();
	for (int p = PERM_PERSON_READ; p < PERM__COUNT; p++)
		if (authz_role_has(who->role, (enum permission)p))
			json_array_append_new(permissions, json_string(permission_name((enum permission)p)));
	json_t *user = json_pack("{s:I, s:s, s:s, s:s, s:{s:s, s:s}, s:o}", "id",
				 (json_int_t)who->user_id, "username", who->username, "role",
				 role_name(who->role), "role_label", role_label(who->role), "scope",
				 "code", who->scope, "name", path, "permissions", permissions);
	/* Employers and landlords act for an organization or a person. */
	if (who->organization_id > 0)
		json_object_set_new(user, "organization_id", json_integer(who->organization_id));
	if (who->person_id > 0)
		json_object_set_new(user, "person_id", json_integer(who->person_id));
	return user;
}

static void set_cookie(struct api_call *call, const char *token, long max_age)
{
	snprintf(call->reply->set_cookie, sizeof call->reply->set_cookie,
		 SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", token,
		 max_age, call->req->tls ? "; Secure" : "");
}

void api_session_create(struct api_call *call)
{
	const char *username, *password;
	struct login_result login;
	struct error err;
	if (!api_string_member_or_reply(call, "username", true, &username) ||
	    !api_string_member_or_reply(call, "password", true, &password))
		return;
	if (json_object_size(call->body) != 2) {
		api_fail_status(call, ST_UNKNOWN_FIELD, "", "登录只需要 username 和 password");
		return;
	}
	if (auth_login(call->reg.store, username, password, call->req->address,
		       api_now_ms() / 1000, &login, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	set_cookie(call, login.session_token, AUTH_SESSION_MAX_SECONDS);
	call->who = login.who;
	call->authenticated = true;
	api_reply(call, 201, json_pack("{s:o, s:s}", "user", user_json(call, &login.who),
				       "csrf_token", login.who.csrf_token));
}

void api_session_delete(struct api_call *call)
{
	struct error err;
	if (call->who.session_id == 0) {
		api_fail_status(call, ST_INVALID_INPUT, "", "API 令牌没有登录会话，无需退出");
		return;
	}
	if (auth_logout(call->reg.store, &call->who, call->req->address, api_now_ms() / 1000,
			&err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	set_cookie(call, "", 0);
	api_no_content(call);
}

void api_me(struct api_call *call)
{
	json_t *me = user_json(call, &call->who);
	/* A new tab of the same session needs the token to change anything. */
	if (call->who.session_id != 0)
		json_object_set_new(me, "csrf_token", json_string(call->who.csrf_token));
	api_reply(call, 200, me);
}

void api_me_password(struct api_call *call)
{
	const char *old_password, *new_password;
	struct error err;
	if (!api_string_member_or_reply(call, "old_password", true, &old_password) ||
	    !api_string_member_or_reply(call, "new_password", true, &new_password))
		return;
	if (json_object_size(call->body) != 2) {
		api_fail_status(call, ST_UNKNOWN_FIELD, "", "只需要 old_password 和 new_password");
		return;
	}
	if (auth_change_password(call->reg.store, &call->who, old_password, new_password,
				 call->req->address, api_now_ms() / 1000, &err) != ST_OK) {
		api_fail(call, &err);
		return;
	}
	api_no_content(call);
}
