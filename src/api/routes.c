/*
 * routes.c — the whole API at a glance: one row per route.
 *
 * The router checks method, login, CSRF token, permission and body size
 * before a handler runs.  Patterns are matched in order; {id} matches
 * digits only, {number} digits, letters and '-'.  docs/api.md documents every row (a test compares them).
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
	{HTTP_GET, "/api/v1/persons/{id}/certificates", api_certificate_list, PERM_PERSON_READ, 0, "本人的婚育证明"},
	{HTTP_POST, "/api/v1/persons/{id}/certificates", api_certificate_issue, PERM_CERTIFICATE_ISSUE, 16 * KIB, "签发婚育证明或临时婚育证明（临时证明同时签订合同）"},
	{HTTP_POST, "/api/v1/persons/{id}/certificates/external", api_certificate_record, PERM_CERTIFICATE_DISTRIBUTE, 16 * KIB, "登记外地出具的婚育证明"},
	{HTTP_GET, "/api/v1/persons/{id}/contracts", api_contract_list, PERM_PERSON_READ, 0, "本人的管理服务合同书"},
	{HTTP_GET, "/api/v1/certificates/{number}", api_certificate_get, PERM_PERSON_READ, 0, "查看婚育证明"},
	{HTTP_POST, "/api/v1/certificates/{number}/distribution", api_certificate_distribute, PERM_CERTIFICATE_DISTRIBUTE, 4 * KIB, "发放婚育证明"},
	{HTTP_POST, "/api/v1/certificates/{number}/revocation", api_certificate_revoke, PERM_CERTIFICATE_ISSUE, 4 * KIB, "注销婚育证明"},
	{HTTP_POST, "/api/v1/certificates/{number}/replacement", api_certificate_replace, PERM_CERTIFICATE_ISSUE, 4 * KIB, "补发遗失或损坏的婚育证明"},
	{HTTP_GET, "/api/v1/certificates/{number}/qr", api_certificate_qr, PERM_PERSON_READ, 0, "证明二维码（SVG，含签名的核验链接）"},
	{HTTP_GET, "/verify/{number}", api_verify_page, PERM_PUBLIC, 0, "证明核验页（扫码打开，无需登录）"},
	{HTTP_GET, "/api/v1/certificates/{number}/check", api_certificate_check, PERM_CERTIFICATE_CHECK, 0, "查验婚育证明（按编号）"},
	{HTTP_GET, "/api/v1/persons/{id}/inquiries", api_inquiry_list_for_person, PERM_PERSON_READ, 0, "本人的函调"},
	{HTTP_POST, "/api/v1/inquiries", api_inquiry_create, PERM_INQUIRY_WRITE, 8 * KIB, "新建函调（可同时发出）"},
	{HTTP_GET, "/api/v1/inquiries", api_inquiry_search, PERM_PERSON_READ, 0, "查询函调（分页）"},
	{HTTP_GET, "/api/v1/inquiries/{id}", api_inquiry_get, PERM_PERSON_READ, 0, "查看函调"},
	{HTTP_POST, "/api/v1/inquiries/{id}/sending", api_inquiry_send, PERM_INQUIRY_WRITE, 4 * KIB, "发出函调"},
	{HTTP_POST, "/api/v1/inquiries/{id}/answer", api_inquiry_answer, PERM_INQUIRY_WRITE, 8 * KIB, "登记回函"},
	{HTTP_POST, "/api/v1/inquiries/{id}/cancellation", api_inquiry_cancel, PERM_INQUIRY_WRITE, 4 * KIB, "撤销函调"},
	{HTTP_GET, "/api/v1/persons/{id}/events", api_person_events, PERM_PERSON_READ, 0, "证明、合同、函调、转换的办理记录"},
	{HTTP_GET, "/api/v1/persons/{id}/transitions", api_transition_list, PERM_PERSON_READ, 0, "本人的管理方式转换"},
	{HTTP_POST, "/api/v1/persons/{id}/transitions", api_transition_create, PERM_TRANSITION_WRITE, 8 * KIB, "办理转换（或 dry_run 只核对条件）"},
	{HTTP_GET, "/api/v1/persons/{id}/departures", api_departure_list, PERM_PERSON_READ, 0, "本人的外出登记"},
	{HTTP_POST, "/api/v1/persons/{id}/departures", api_departure_create, PERM_PERSON_WRITE, 8 * KIB, "登记流出人口外出（流入地、工作单位、联系电话）"},
	{HTTP_POST, "/api/v1/departures/{id}/return", api_departure_return, PERM_PERSON_WRITE, 4 * KIB, "登记外出返回"},
	{HTTP_GET, "/api/v1/persons/{id}/feedback", api_feedback_list, PERM_PERSON_READ, 0, "与流入地往来的反馈"},
	{HTTP_POST, "/api/v1/persons/{id}/feedback", api_feedback_create, PERM_PERSON_WRITE, 8 * KIB, "登记发往或收到的流入地反馈"},
	{HTTP_GET, "/api/v1/persons/{id}/benefits", api_benefit_list, PERM_PERSON_READ, 0, "本人及家庭的奖励优惠"},
	{HTTP_POST, "/api/v1/persons/{id}/benefits", api_benefit_create, PERM_BENEFIT_WRITE, 8 * KIB, "核定奖励优惠"},
	{HTTP_POST, "/api/v1/benefits/{id}/payment", api_benefit_pay, PERM_BENEFIT_WRITE, 4 * KIB, "登记奖励优惠已发放"},
	{HTTP_POST, "/api/v1/benefits/{id}/cancellation", api_benefit_cancel, PERM_BENEFIT_WRITE, 4 * KIB, "撤销奖励优惠（须写原因）"},
	{HTTP_POST, "/api/v1/organizations", api_organization_create, PERM_ORGANIZATION_WRITE, 8 * KIB, "登记单位（职能部门、用工单位、建筑施工企业、个体工商户、服务机构）"},
	{HTTP_GET, "/api/v1/organizations", api_organization_search, PERM_ORGANIZATION_READ, 0, "查询单位（分页）"},
	{HTTP_GET, "/api/v1/organizations/{id}", api_organization_get, PERM_ORGANIZATION_READ, 0, "查看单位"},
	{HTTP_PATCH, "/api/v1/organizations/{id}", api_organization_update, PERM_ORGANIZATION_WRITE, 8 * KIB, "修改单位（If-Match 版本）"},
	{HTTP_GET, "/api/v1/organizations/{id}/history", api_organization_history, PERM_ORGANIZATION_READ, 0, "单位变更历史"},
	{HTTP_GET, "/api/v1/worklist", api_worklist, PERM_WORKLIST_READ, 0, "待办事项（本单位管辖范围内，按到期日期）"},
	{HTTP_GET, "/api/v1/audit", api_audit_search, PERM_AUDIT_READ, 0, "审计记录查询"},
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];
