/*
 * routes.c — the whole API at a glance: one row per route.
 *
 * The router checks method, login, CSRF token, permission and body size
 * before a handler runs.  Patterns are matched in order; {id} matches
 * digits only.  docs/api.md documents every row (a test compares them).
 */
#include "api/api.h"

#define KIB 1024

const struct route api_routes[] = {
	{HTTP_GET, "/healthz", api_health, PERM_PUBLIC, 0, "健康检查"},
	{HTTP_GET, "/metrics", api_metrics, PERM_PUBLIC, 0, "运行指标（Prometheus 文本格式）"},
	{HTTP_POST, "/api/v1/session", api_session_create, PERM_PUBLIC, 4 * KIB, "登录"},
	{HTTP_DELETE, "/api/v1/session", api_session_delete, PERM_LOGIN, 0, "退出登录"},
	{HTTP_GET, "/api/v1/me", api_me, PERM_LOGIN, 0, "当前用户"},
	{HTTP_POST, "/api/v1/me/password", api_me_password, PERM_LOGIN, 4 * KIB, "修改本人密码"},
	{HTTP_POST, "/api/v1/persons", api_person_create, PERM_PERSON_WRITE, 16 * KIB, "登记流动人口档案"},
	{HTTP_GET, "/api/v1/persons", api_person_search, PERM_PERSON_READ, 0, "查询档案（分页）"},
	{HTTP_GET, "/api/v1/persons/lookup", api_person_lookup, PERM_PERSON_LOOKUP, 0, "异地查询（按身份号码，须说明事由）"},
	{HTTP_GET, "/api/v1/persons/{id}", api_person_get, PERM_PERSON_READ, 0, "查看档案"},
	{HTTP_PATCH, "/api/v1/persons/{id}", api_person_update, PERM_PERSON_WRITE, 16 * KIB, "修改档案（If-Match 版本）"},
	{HTTP_GET, "/api/v1/persons/{id}/history", api_person_history, PERM_PERSON_READ, 0, "档案变更历史"},
	{HTTP_GET, "/api/v1/audit", api_audit_search, PERM_AUDIT_READ, 0, "审计记录查询"},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
