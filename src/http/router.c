/*
 * router.c — matching and the checks every route shares: method, login,
 * CSRF token, permission, body size and JSON form, in that order, before
 * any handler runs.
 */
#include "http/router.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "http/static.h"
#include "security/auth.h"
#include "security/crypto.h"

#define SESSION_COOKIE "ld_session"

/* A path parameter's kind: {id} takes digits, {number} a certificate number. */
struct param_kind {
	const char *pattern;  /* "{id}" */
	const char *name;     /* "id" */
	size_t max_len;
	bool letters;         /* also A-Z, a-z and '-' */
};

static const struct param_kind param_kinds[] = {
	{"{id}", "id", 18, false},
	{"{number}", "number", 40, true},
};

static const struct param_kind *param_kind_at(const char *pattern)
{
	for (size_t i = 0; i < sizeof param_kinds / sizeof param_kinds[0]; i++)
		if (strncmp(pattern, param_kinds[i].pattern, strlen(param_kinds[i].pattern)) == 0)
			return &param_kinds[i];
	return NULL;
}

static bool param_char(char c, bool letters)
{
	if (c >= '0' && c <= '9')
		return true;
	return letters && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-');
}

/* Matches one pattern segment by segment; a parameter takes a run of its characters. */
static bool pattern_matches(const char *pattern, const char *path, struct http_request *req)
{
	size_t used = 0;
	req->param_count = 0;
	while (*pattern && *path) {
		if (*pattern == '{') {
			const struct param_kind *kind = param_kind_at(pattern);
			const char *end = path;
			if (kind == NULL)
				return false;
			while (param_char(*end, kind->letters))
				end++;
			size_t len = (size_t)(end - path);
			if (len == 0 || len > kind->max_len ||
			    used + len + 1 > sizeof req->param_text ||
			    req->param_count >= HTTP_MAX_PARAMS)
				return false;
			memcpy(req->param_text + used, path, len);
			req->param_text[used + len] = '\0';
			req->params[req->param_count].name = kind->name;
			req->params[req->param_count].value = req->param_text + used;
			req->param_count++;
			used += len + 1;
			pattern += strlen(kind->pattern);
			path = end;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

size_t router_match(struct http_request *req, bool *wrong_method, char *allow, size_t size)
{
	size_t found = SIZE_MAX;
	*wrong_method = false;
	if (allow && size)
		allow[0] = '\0';
	for (size_t i = 0; i < api_route_count; i++) {
		const struct route *r = &api_routes[i];
		if (!pattern_matches(r->pattern, req->path, req))
			continue;
		enum http_method method = req->method == HTTP_HEAD ? HTTP_GET : req->method;
		if (r->method == method) {
			found = i;
			break;
		}
		*wrong_method = true;
		if (allow && size) {
			size_t len = strlen(allow);
			snprintf(allow + len, size - len, "%s%s", len ? ", " : "",
				 http_method_name(r->method));
		}
	}
	if (found != SIZE_MAX) {
		pattern_matches(api_routes[found].pattern, req->path, req);
		*wrong_method = false;
	}
	return found;
}

static bool changes_state(enum http_method method)
{
	return method == HTTP_POST || method == HTTP_PATCH || method == HTTP_PUT ||
	       method == HTTP_DELETE;
}

/* Finds the caller from a bearer token or the session cookie. */
static enum status authenticate(struct api_call *call, struct error *err)
{
	const char *authorization = http_header(call->req, "Authorization");
	if (authorization && strncmp(authorization, "Bearer ", 7) == 0)
		return auth_bearer(call->reg.store, authorization + 7, &call->who, err);
	char token[128];
	if (!http_cookie(call->req, SESSION_COOKIE, token, sizeof token))
		return error_set(err, ST_UNAUTHENTICATED, "", NULL);
	return auth_session(call->reg.store, token, api_now_ms() / 1000, &call->who, err);
}

/* A state-changing request under a session must repeat its CSRF token. */
static bool csrf_token_valid(const struct api_call *call)
{
	if (call->who.session_id == 0 || !changes_state(call->req->method))
		return true;
	const char *sent = http_header(call->req, "X-CSRF-Token");
	size_t expected = strlen(call->who.csrf_token);
	return sent && expected > 0 && strlen(sent) == expected &&
	       crypto_equal(sent, call->who.csrf_token, expected);
}

static bool is_json_content(const char *content_type)
{
	return content_type && strncmp(content_type, "application/json", 16) == 0 &&
	       (content_type[16] == '\0' || content_type[16] == ';');
}

/* Parses the body of a state-changing request as one JSON object. */
static bool parse_body_or_reply(struct api_call *call)
{
	if (!changes_state(call->req->method) || call->req->method == HTTP_DELETE)
		return true;
	if (!is_json_content(http_header(call->req, "Content-Type"))) {
		api_fail_status(call, ST_UNSUPPORTED_MEDIA, "", NULL);
		return false;
	}
	json_error_t error;
	call->body = json_loadb(call->req->body ? call->req->body : "", call->req->body_length,
				JSON_REJECT_DUPLICATES, &error);
	if (call->body == NULL || !json_is_object(call->body)) {
		json_decref(call->body);
		call->body = NULL;
		api_fail_status(call, ST_INVALID_INPUT, "", "请求内容不是有效的 JSON 对象，请检查格式");
		return false;
	}
	return true;
}

/* Runs the shared checks (login, CSRF, permission, size, JSON); false if one replied. */
static bool admit(struct api_call *call)
{
	struct error err;
	const struct route *r = call->route;
	if (r->permission != PERM_PUBLIC) {
		if (authenticate(call, &err) != ST_OK) {
			api_fail(call, &err);
			return false;
		}
		call->authenticated = true;
		if (!csrf_token_valid(call)) {
			api_audit_read(call, "access.denied", r->pattern, "csrf_token_invalid", "");
			api_fail_status(call, ST_CSRF, "", NULL);
			return false;
		}
		if (!authz_role_has(call->who.role, r->permission)) {
			api_audit_read(call, "access.denied", r->pattern, "forbidden",
				       permission_name(r->permission));
			api_fail_status(call, ST_FORBIDDEN, "", NULL);
			return false;
		}
	}
	if (call->req->body_too_large) {
		api_fail_status(call, ST_BODY_TOO_LARGE, "", NULL);
		return false;
	}
	return parse_body_or_reply(call);
}

void router_handle(const struct router_context *ctx, struct http_request *req,
		   struct http_reply *reply, size_t *route_index, int64_t *user_id)
{
	struct api_call call;
	bool wrong_method;
	memset(&call, 0, sizeof call);
	call.req = req;
	call.reply = reply;
	call.db_path = ctx->db_path;
	call.reg.store = ctx->store;
	call.reg.divisions = ctx->divisions;
	snprintf(call.reg.city, sizeof call.reg.city, "%s", ctx->city);
	call.reg.today = date_today();
	*user_id = 0;

	*route_index = router_match(req, &wrong_method, reply->allow, sizeof reply->allow);
	if (*route_index == SIZE_MAX) {
		if (!wrong_method && static_serve(req, reply))
			return;
		if (wrong_method)
			api_fail_status(&call, ST_METHOD_NOT_ALLOWED, "", NULL);
		else
			api_fail_status(&call, ST_NOT_FOUND, "", "没有这个地址");
		return;
	}
	call.route = &api_routes[*route_index];
	call.route_index = *route_index;
	size_t limit = call.route->body_limit ? call.route->body_limit : ctx->default_body_limit;
	if (req->body_length > limit)
		req->body_too_large = true;
	if (admit(&call))
		call.route->handler(&call);
	*user_id = call.authenticated ? call.who.user_id : 0;
	json_decref(call.body);
}
