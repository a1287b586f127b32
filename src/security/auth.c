/*
 * auth.c — users, the password policy, logins with throttling and lock,
 * sessions and API tokens (auth.h).
 *
 * A login runs in two short write transactions around the password check,
 * never one long one: argon2id takes tens of milliseconds and must not hold
 * the database's write lock.  The first transaction checks the delays and
 * counts the attempt as a failure in advance (so that parallel guesses see
 * each other and are throttled); the second records the outcome: on success
 * it clears the counters and opens the session, on failure it may lock the
 * account.  Each writes its audit row in the same transaction.
 */
#include "security/auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/embedded.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/organization.h"
#include "security/audit.h"
#include "security/crypto.h"
#include "store/store.h"

extern const struct embedded_file security_common_passwords[];

#define AUTH_USERNAME_MIN 3
#define AUTH_USERNAME_MAX 32
#define AUTH_FREE_FAILURES 3          /* failures in a row before delays start */
#define AUTH_MAX_DELAY_SECONDS 300
#define AUTH_TOUCH_SECONDS 60         /* last_seen_at is written at most this often */
#define AUTH_TOKEN_NAME_MAX 64        /* characters */
#define AUTH_SHOWN_USERNAME_SIZE 49   /* an attempted username as audited */
#define AUTH_DETAIL_SIZE 160

_Static_assert(AUTH_TOKEN_TEXT_SIZE >= CRYPTO_TOKEN_SIZE, "session token buffer");
_Static_assert(sizeof(((struct principal *)0)->csrf_token) >= CRYPTO_TOKEN_SIZE, "csrf buffer");
_Static_assert(STORE_CSRF_TOKEN_SIZE >= CRYPTO_TOKEN_SIZE, "stored csrf buffer");
_Static_assert(sizeof(((struct user_info *)0)->username) == STORE_USERNAME_SIZE, "username");

/*
 * A password nobody knows, hashed with crypto_password_hash's parameters
 * (argon2id, t=2, m=19 MiB, p=1).  Unknown usernames are checked against it
 * so that they take as long as a wrong password and do not reveal which
 * accounts exist.  Regenerate it if crypto.c's parameters change.
 */
static const char auth_dummy_hash[] =
	"$argon2id$v=19$m=19456,t=2,p=1$BcheLto5+ISGe/h4Ph2sbg$"
	"OSirSQSAmOKLU3kQsUIqOzBNjt2oU/yXRDAK4185WbI";

/* --- small rules ---------------------------------------------------------- */

static bool auth_username_valid(const char *username)
{
	size_t len = username ? strnlen(username, AUTH_USERNAME_MAX + 1) : 0;
	if (len < AUTH_USERNAME_MIN || len > AUTH_USERNAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = username[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* True if the password is on the built-in list (ASCII case ignored). */
static bool auth_password_is_common(const char *password)
{
	const struct embedded_file *list = &security_common_passwords[0];
	const char *line = (const char *)list->data, *end = line + list->size;
	size_t len = strlen(password);
	while (line < end) {
		const char *newline = memchr(line, '\n', (size_t)(end - line));
		const char *line_end = newline ? newline : end;
		size_t n = (size_t)(line_end - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == len && line[0] != '#' && strncasecmp(line, password, n) == 0)
			return true;
		line = line_end + 1;
	}
	return false;
}

enum status auth_password_acceptable(const char *password, struct error *err)
{
	if (password == NULL || !text_is_clean(password, (size_t)-1)) {
		error_set(err, ST_PASSWORD_REJECTED, "password",
			  "密码含有控制字符或无效字符，请换一个密码");
		error_set_reason(err, "bad_character");
		return ST_PASSWORD_REJECTED;
	}
	size_t chars = text_char_count(password);
	const char *reason = NULL;
	if (chars < AUTH_PASSWORD_MIN_CHARS) {
		error_set(err, ST_PASSWORD_REJECTED, "password",
			  "密码太短：至少 %d 个字符（汉字、字母、数字、符号、空格都算），"
			  "可以用几个词组成一句好记的话",
			  AUTH_PASSWORD_MIN_CHARS);
		reason = "too_short";
	} else if (chars > AUTH_PASSWORD_MAX_CHARS) {
		error_set(err, ST_PASSWORD_REJECTED, "password", "密码太长：最多 %d 个字符",
			  AUTH_PASSWORD_MAX_CHARS);
		reason = "too_long";
	} else if (auth_password_is_common(password)) {
		error_set(err, ST_PASSWORD_REJECTED, "password",
			  "这是常见密码，很容易被猜中，请换一个不常见的（可以用几个词组成一句话）");
		reason = "common";
	}
	if (reason == NULL)
		return ST_OK;
	error_set_reason(err, reason);
	return ST_PASSWORD_REJECTED;
}

/*
 * Seconds still to wait after `failures` in a row, the last at
 * `last_failed_at`: none for the first three, then 2^(n-3) s up to 300 s.
 */
static int64_t auth_throttle_wait(int failures, int64_t last_failed_at, int64_t now)
{
	if (failures < AUTH_FREE_FAILURES)
		return 0;
	int shift = failures - AUTH_FREE_FAILURES;
	int64_t delay = shift >= 9 ? AUTH_MAX_DELAY_SECONDS : (int64_t)1 << shift;
	if (delay > AUTH_MAX_DELAY_SECONDS)
		delay = AUTH_MAX_DELAY_SECONDS;
	int64_t wait = last_failed_at + delay - now;
	if (wait > delay)
		wait = delay;  /* the clock went back */
	return wait > 0 ? wait : 0;
}

/* An attempted username for the audit trail: printable ASCII, others as '?'. */
static void auth_shown_username(const char *username, char out[AUTH_SHOWN_USERNAME_SIZE])
{
	size_t n = 0;
	for (; username && username[n] && n < AUTH_SHOWN_USERNAME_SIZE - 1; n++) {
		unsigned char c = (unsigned char)username[n];
		out[n] = c > 0x20 && c < 0x7F ? (char)c : '?';
	}
	out[n] = '\0';
}

/* Commits the transaction store_begin opened, or rolls it back if st failed. */
static enum status auth_finish(struct store *store, enum status st, struct error *err)
{
	if (st != ST_OK) {
		store_rollback(store);
		return st;
	}
	return store_commit(store, err);
}

/* Writes one audit row about the account `username` (object "user:<name>"). */
static enum status auth_audit(struct store *store, const struct principal *who,
			      const char *address, const char *action, const char *username,
			      const char *outcome, const char *detail, struct error *err)
{
	struct audit_entry e;
	char object[sizeof e.object] = "";
	if (username && username[0])
		snprintf(object, sizeof object, "user:%s", username);
	audit_entry_init(&e, who, address, action, object, outcome);
	snprintf(e.detail, sizeof e.detail, "%s", detail ? detail : "");
	return audit_write(store, &e, err);
}

/* An audit row of an administrative action by `actor` (not a logged-in user). */
static enum status auth_admin_audit(struct store *store, const char *actor, const char *action,
				    const char *username, const char *outcome,
				    const char *detail, struct error *err)
{
	struct audit_entry e;
	char object[sizeof e.object] = "";
	if (username && username[0])
		snprintf(object, sizeof object, "user:%s", username);
	audit_entry_init(&e, NULL, "", action, object, outcome);
	snprintf(e.username, sizeof e.username, "%s", actor ? actor : "");
	snprintf(e.detail, sizeof e.detail, "%s", detail ? detail : "");
	return audit_write(store, &e, err);
}

/* Fills a principal from stored fields; false if the role is not known. */
static bool auth_principal_fill(struct principal *out, int64_t user_id, const char *username,
				const char *role, const char *scope)
{
	memset(out, 0, sizeof *out);
	if (!role_parse(role, &out->role)) {
		log_error("auth: user %lld has an unknown role", (long long)user_id);
		return false;
	}
	out->user_id = user_id;
	snprintf(out->username, sizeof out->username, "%s", username);
	snprintf(out->scope, sizeof out->scope, "%s", scope);
	return true;
}

/* The user named `username`; ST_NOT_FOUND with a message for people. */
static enum status auth_user_load(struct store *store, const char *username,
				  struct store_user *user, struct error *err)
{
	if (!auth_username_valid(username))
		return error_set(err, ST_NOT_FOUND, "username", "用户不存在，请用 user list 查看用户");
	enum status st = store_user_get(store, username, user, err);
	if (st == ST_NOT_FOUND)
		error_set(err, ST_NOT_FOUND, "username", "用户不存在，请用 user list 查看用户");
	return st;
}

/* --- users ------------------------------------------------------------- */

/* Checks role and scope of a new user; writes the scope at significant length. */
static enum status auth_check_scope(struct store *store, const struct division_table *divisions,
				    enum role role, const char *scope,
				    char out[DIVISION_CODE_SIZE], struct error *err)
{
	char city[DIVISION_CODE_SIZE] = "";
	if (role_name(role)[0] == '\0')
		return error_set(err, ST_INVALID_INPUT, "role", "没有这个角色，请用 --help 查看角色列表");
	const struct division *d = scope ? division_table_resolve(divisions, scope) : NULL;
	if (d == NULL)
		return error_set(err, ST_INVALID_DIVISION, "scope",
				 "管辖范围不是已知的行政区划代码，请用 division show 核对");
	if (!authz_scope_fits_role(role, d->level))
		return error_set(err, ST_INVALID_DIVISION, "scope",
				 "%s的管辖范围不能是%s区划，请选择合适级别的区划", role_label(role),
				 division_level_name(d->level));
	if (store_setting_get(store, "city", city, sizeof city, NULL) == ST_OK &&
	    !division_contains(city, d->code))
		return error_set(err, ST_INVALID_DIVISION, "scope", "管辖范围必须在本市之内");
	snprintf(out, DIVISION_CODE_SIZE, "%s", d->code);
	return ST_OK;
}

/*
 * Checks whom an account acts for: an employer one organization (not a
 * department), a landlord one organization or one person, others nobody.
 */
static enum status auth_check_binding(struct store *store, enum role role,
				      const struct auth_binding *b, struct error *err)
{
	struct organization org;
	struct person p;
	bool bound = b->organization_id > 0 || b->person_id > 0;
	enum status st;
	if (role != ROLE_EMPLOYER && role != ROLE_LANDLORD)
		return bound ? error_set(err, ST_INVALID_INPUT, "organization",
					 "只有用工单位和出租户的账号绑定单位或人员")
			     : ST_OK;
	if (b->organization_id > 0 && b->person_id > 0)
		return error_set(err, ST_INVALID_INPUT, "person", "账号只能绑定一个单位或一个人员");
	if (role == ROLE_EMPLOYER && b->person_id > 0)
		return error_set(err, ST_INVALID_INPUT, "person", "用工单位账号应绑定单位，不能绑定个人");
	if (b->person_id > 0 && (st = store_person_get(store, b->person_id, &p, err)) != ST_OK)
		return st == ST_NOT_FOUND ? error_set(err, ST_INVALID_INPUT, "person", "所绑定的人员档案不存在")
					  : st;
	if (b->organization_id > 0) {
		st = store_organization_get(store, b->organization_id, &org, err);
		if (st == ST_NOT_FOUND)
			return error_set(err, ST_INVALID_INPUT, "organization", "所绑定的单位不存在");
		if (st != ST_OK)
			return st;
		if (org.kind == ORGANIZATION_DEPARTMENT)
			return error_set(err, ST_INVALID_INPUT, "organization",
					 "职能部门不能作为用工单位或出租户绑定");
	}
	return ST_OK;
}

enum status auth_user_add(struct store *store, const char *actor,
			  const struct division_table *divisions,
			  const char *username, enum role role, const char *scope,
			  const char *password, int64_t *id, struct error *err)
{
	static const struct auth_binding none = {0, 0};
	return auth_user_add_bound(store, actor, divisions, username, role, scope, &none, password,
				   id, err);
}

enum status auth_user_add_bound(struct store *store, const char *actor,
				const struct division_table *divisions, const char *username,
				enum role role, const char *scope, const struct auth_binding *binding,
				const char *password, int64_t *id, struct error *err)
{
	struct store_user user;
	char detail[AUTH_DETAIL_SIZE];
	enum status st;
	memset(&user, 0, sizeof user);
	if (!auth_username_valid(username))
		return error_set(err, ST_INVALID_INPUT, "username",
				 "用户名应为 3 到 32 个小写字母、数字或 _ . -");
	if ((st = auth_check_binding(store, role, binding, err)) != ST_OK)
		return st;
	user.organization_id = binding->organization_id;
	user.person_id = binding->person_id;
	if ((st = auth_check_scope(store, divisions, role, scope, user.scope, err)) != ST_OK ||
	    (st = auth_password_acceptable(password, err)) != ST_OK ||
	    (st = crypto_password_hash(password, user.password_hash, err)) != ST_OK)
		return st;
	snprintf(user.username, sizeof user.username, "%s", username);
	snprintf(user.role, sizeof user.role, "%s", role_name(role));
	user.created_at = (int64_t)time(NULL);
	snprintf(detail, sizeof detail, "role=%s scope=%s organization=%lld person=%lld", user.role,
		 user.scope, (long long)user.organization_id, (long long)user.person_id);

	if ((st = store_begin(store, err)) != ST_OK)
		return st;
	if ((st = store_user_insert(store, &user, err)) == ST_OK)
		st = auth_admin_audit(store, actor, "user.add", username, "ok", detail, err);
	if ((st = auth_finish(store, st, err)) != ST_OK)
		return st;
	if (id)
		*id = user.id;
	return ST_OK;
}

enum status auth_user_disable(struct store *store, const char *actor, const char *username,
			      struct error *err)
{
	struct store_user user;
	int64_t now = (int64_t)time(NULL);
	int ended = 0;
	enum status st = auth_user_load(store, username, &user, err);
	if (st != ST_OK)
		return st;
	if ((st = store_begin(store, err)) != ST_OK)
		return st;
	if ((st = store_user_disable(store, user.id, err)) == ST_OK &&
	    (st = store_session_end_user(store, user.id, 0, now, &ended, err)) == ST_OK)
		st = auth_admin_audit(store, actor, "user.disable", username, "ok", "", err);
	return auth_finish(store, st, err);
}

enum status auth_user_reset_password(struct store *store, const char *actor, const char *username,
				     const char *password, struct error *err)
{
	struct store_user user;
	char hash[CRYPTO_PASSWORD_HASH_SIZE], detail[AUTH_DETAIL_SIZE];
	int64_t now = (int64_t)time(NULL);
	int ended = 0;
	enum status st;
	if ((st = auth_user_load(store, username, &user, err)) != ST_OK ||
	    (st = auth_password_acceptable(password, err)) != ST_OK ||
	    (st = crypto_password_hash(password, hash, err)) != ST_OK)
		return st;
	if ((st = store_begin(store, err)) != ST_OK)
		return st;
	if ((st = store_user_set_password(store, user.id, hash, now, err)) == ST_OK &&
	    (st = store_session_end_user(store, user.id, 0, now, &ended, err)) == ST_OK) {
		snprintf(detail, sizeof detail, "ended_sessions=%d", ended);
		st = auth_admin_audit(store, actor, "user.reset_password", username, "ok", detail, err);
	}
	return auth_finish(store, st, err);
}

enum status auth_user_unlock(struct store *store, const char *actor, const char *username,
			     struct error *err)
{
	struct store_user user;
	enum status st = auth_user_load(store, username, &user, err);
	if (st != ST_OK)
		return st;
	if ((st = store_begin(store, err)) != ST_OK)
		return st;
	if ((st = store_user_clear_failures(store, user.id, err)) == ST_OK)
		st = auth_admin_audit(store, actor, "user.unlock", username, "ok", "", err);
	return auth_finish(store, st, err);
}

struct user_list_ctx {
	bool (*fn)(const struct user_info *, void *);
	void *ctx;
};

/* What a stored user shows (no password hash). */
static void auth_user_info_fill(const struct store_user *user, struct user_info *info)
{
	memset(info, 0, sizeof *info);
	info->id = user->id;
	snprintf(info->username, sizeof info->username, "%s", user->username);
	if (!role_parse(user->role, &info->role))
		info->role = ROLE_NONE;
	snprintf(info->scope, sizeof info->scope, "%s", user->scope);
	info->disabled = user->disabled;
	info->locked = user->locked;
	info->failed_logins = user->failed_logins;
	info->created_at = user->created_at;
	info->organization_id = user->organization_id;
	info->person_id = user->person_id;
}

static bool auth_user_list_row(const struct store_user *user, void *ctx)
{
	struct user_list_ctx *list = ctx;
	struct user_info info;
	auth_user_info_fill(user, &info);
	return list->fn(&info, list->ctx);
}

enum status auth_user_info(struct store *store, int64_t id, struct user_info *out,
			   struct error *err)
{
	struct store_user user;
	enum status st = store_user_get_by_id(store, id, &user, err);
	if (st == ST_OK)
		auth_user_info_fill(&user, out);
	explicit_bzero(user.password_hash, sizeof user.password_hash);
	return st;
}

enum status auth_user_list(struct store *store, bool (*fn)(const struct user_info *, void *),
			   void *ctx, struct error *err)
{
	struct user_list_ctx list = {fn, ctx};
	return store_user_list(store, auth_user_list_row, &list, err);
}

/* --- login ---------------------------------------------------------------- */

/* One login attempt as it goes through the steps of auth_login. */
struct login_attempt {
	const char *username;                   /* as typed */
	char shown[AUTH_SHOWN_USERNAME_SIZE];   /* as audited */
	char address[48];
	int64_t now;
	bool known;                             /* user holds the account */
	struct store_user user;
	int user_failures;                      /* after counting this attempt */
};

/* Reads the account (if the name can be one) and the address's failures. */
static enum status auth_login_load(struct store *store, struct login_attempt *a,
				   int *address_failures, int64_t *address_last,
				   struct error *err)
{
	struct error lookup;
	enum status st = store_login_address_get(store, a->address, address_failures,
						 address_last, err);
	if (st != ST_OK || !auth_username_valid(a->username))
		return st;
	st = store_user_get(store, a->username, &a->user, &lookup);
	a->known = st == ST_OK;
	if (st == ST_NOT_FOUND)
		return ST_OK;
	if (st != ST_OK && err)
		*err = lookup;
	return st;
}

/*
 * Records an attempt in the first transaction: a throttled one is only
 * audited; any other counts as a failure of the address (and of the
 * account, unless it is locked) until the password proves otherwise.
 */
static enum status auth_login_record(struct store *store, struct login_attempt *a,
				     enum status refusal, int64_t wait, struct error *err)
{
	char detail[AUTH_DETAIL_SIZE];
	int address_failures;
	enum status st;
	const char *account = a->known ? a->user.username : NULL;
	if (refusal == ST_LOGIN_THROTTLED) {
		snprintf(detail, sizeof detail, "username=%s wait=%llds", a->shown, (long long)wait);
		return auth_audit(store, NULL, a->address, "login", account, "throttled", detail,
				  err);
	}
	if ((st = store_login_address_count_failure(store, a->address, a->now, &address_failures,
						    err)) != ST_OK)
		return st;
	if (refusal == ST_ACCOUNT_LOCKED) {
		snprintf(detail, sizeof detail, "username=%s", a->shown);
		return auth_audit(store, NULL, a->address, "login", account,
				  a->user.disabled ? "disabled" : "locked", detail, err);
	}
	if (a->known)
		return store_user_count_failure(store, a->user.id, a->now, &a->user_failures, err);
	return ST_OK;
}

/* ST_LOGIN_THROTTLED with the seconds to wait in related_id. */
static enum status auth_throttled(int64_t wait, struct error *err)
{
	error_set(err, ST_LOGIN_THROTTLED, "", "登录失败次数过多，请 %lld 秒后再试",
		  (long long)wait);
	if (err)
		err->related_id = wait;
	return ST_LOGIN_THROTTLED;
}

/* The error a refused attempt answers with. */
static enum status auth_login_refusal(const struct login_attempt *a, enum status refusal,
				      int64_t wait, struct error *err)
{
	if (refusal == ST_LOGIN_THROTTLED)
		return auth_throttled(wait, err);
	if (a->user.disabled)
		return error_set(err, ST_ACCOUNT_LOCKED, "", "账号已停用，请联系系统管理员");
	return error_set(err, ST_ACCOUNT_LOCKED, "",
			 "账号因连续登录失败已锁定，请联系系统管理员解锁");
}

/*
 * The first transaction of a login: decides whether the password may be
 * checked at all.  ST_OK if it may; otherwise the refusal, audited.
 */
static enum status auth_login_claim(struct store *store, struct login_attempt *a,
				    struct error *err)
{
	int address_failures = 0;
	int64_t address_last = 0, wait = 0;
	enum status refusal = ST_OK;
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	st = auth_login_load(store, a, &address_failures, &address_last, err);
	if (st == ST_OK) {
		bool barred = a->known && (a->user.locked || a->user.disabled);
		wait = auth_throttle_wait(address_failures, address_last, a->now);
		if (a->known && !barred && wait == 0)
			wait = auth_throttle_wait(a->user.failed_logins, a->user.last_failed_at,
						  a->now);
		refusal = wait > 0 ? ST_LOGIN_THROTTLED : barred ? ST_ACCOUNT_LOCKED : ST_OK;
		st = auth_login_record(store, a, refusal, wait, err);
	}
	if ((st = auth_finish(store, st, err)) != ST_OK)
		return st;
	return refusal == ST_OK ? ST_OK : auth_login_refusal(a, refusal, wait, err);
}

/* Second transaction after a wrong password: lock on the tenth, audit. */
static enum status auth_login_failed(struct store *store, const struct login_attempt *a,
				     struct error *err)
{
	char detail[AUTH_DETAIL_SIZE];
	bool lock = a->known && a->user_failures >= AUTH_LOCK_AFTER_FAILURES;
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	if (lock)
		st = store_user_lock(store, a->user.id, err);
	snprintf(detail, sizeof detail, "username=%s%s", a->shown, lock ? " account_locked" : "");
	if (st == ST_OK)
		st = auth_audit(store, NULL, a->address, "login", a->known ? a->user.username : NULL,
				"failed", detail, err);
	if ((st = auth_finish(store, st, err)) != ST_OK)
		return st;
	if (lock)
		return error_set(err, ST_ACCOUNT_LOCKED, "",
				 "连续 %d 次登录失败，账号已锁定，请联系系统管理员解锁",
				 AUTH_LOCK_AFTER_FAILURES);
	return error_set(err, ST_LOGIN_FAILED, "", NULL);
}

/* Opens a session for `who`: a fresh token (returned) and CSRF token. */
static enum status auth_session_open(struct store *store, struct principal *who,
				     const char *address, int64_t now,
				     char token[AUTH_TOKEN_TEXT_SIZE], struct error *err)
{
	unsigned char digest[CRYPTO_DIGEST_SIZE];
	char csrf[CRYPTO_TOKEN_SIZE];
	crypto_random_token(token);
	crypto_random_token(csrf);
	crypto_token_digest(token, digest);
	enum status st = store_session_insert(store, digest, who->user_id, csrf, address, now,
					      &who->session_id, err);
	if (st == ST_OK)
		snprintf(who->csrf_token, sizeof who->csrf_token, "%s", csrf);
	return st;
}

/* Second transaction after the right password: clear counters, open the session. */
static enum status auth_login_succeeded(struct store *store, const struct login_attempt *a,
					struct login_result *out, struct error *err)
{
	char detail[AUTH_DETAIL_SIZE];
	memset(out, 0, sizeof *out);
	if (!auth_principal_fill(&out->who, a->user.id, a->user.username, a->user.role,
				 a->user.scope))
		return error_set(err, ST_STORAGE, "", NULL);
	out->who.organization_id = a->user.organization_id;
	out->who.person_id = a->user.person_id;
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	if ((st = store_user_clear_failures(store, a->user.id, err)) == ST_OK &&
	    (st = store_login_address_clear(store, a->address, err)) == ST_OK &&
	    (st = auth_session_open(store, &out->who, a->address, a->now, out->session_token,
				    err)) == ST_OK) {
		snprintf(detail, sizeof detail, "session=%lld", (long long)out->who.session_id);
		st = auth_audit(store, &out->who, a->address, "login", a->user.username, "ok",
				detail, err);
	}
	if ((st = auth_finish(store, st, err)) != ST_OK) {
		memset(out, 0, sizeof *out);
		return st;
	}
	out->expires_at = a->now + AUTH_SESSION_MAX_SECONDS;
	return ST_OK;
}

enum status auth_login(struct store *store, const char *username, const char *password,
		       const char *address, int64_t now, struct login_result *out,
		       struct error *err)
{
	struct login_attempt a;
	memset(&a, 0, sizeof a);
	a.username = username ? username : "";
	a.now = now;
	auth_shown_username(a.username, a.shown);
	snprintf(a.address, sizeof a.address, "%s", address ? address : "");
	if (password == NULL)
		password = "";

	enum status st = auth_login_claim(store, &a, err);
	if (st != ST_OK)
		return st;
	/* Unknown names are checked against the dummy hash: same time, no answer. */
	bool right = crypto_password_verify(a.known ? a.user.password_hash : auth_dummy_hash,
					    password) &&
		     a.known;
	if (!right)
		return auth_login_failed(store, &a, err);
	return auth_login_succeeded(store, &a, out, err);
}

/* --- sessions and tokens ------------------------------------------------ */

/* Digest of a presented token; false if it cannot be one of ours. */
static bool auth_token_digest(const char *token, unsigned char digest[CRYPTO_DIGEST_SIZE])
{
	size_t len = token ? strnlen(token, AUTH_TOKEN_TEXT_SIZE) : 0;
	if (len == 0 || len >= AUTH_TOKEN_TEXT_SIZE)
		return false;
	crypto_token_digest(token, digest);
	return true;
}

/* What a failed credential lookup answers: ST_UNAUTHENTICATED unless storage failed. */
static enum status auth_lookup_failed(enum status st, struct error *err)
{
	if (st == ST_NOT_FOUND)
		return error_set(err, ST_UNAUTHENTICATED, "", NULL);
	return st;
}

enum status auth_session(struct store *store, const char *token, int64_t now,
			 struct principal *out, struct error *err)
{
	unsigned char digest[CRYPTO_DIGEST_SIZE];
	struct store_credential c;
	if (!auth_token_digest(token, digest))
		return error_set(err, ST_UNAUTHENTICATED, "", NULL);
	enum status st = store_session_lookup(store, digest, &c, err);
	if (st != ST_OK)
		return auth_lookup_failed(st, err);
	if (c.ended || c.user_disabled || now >= c.created_at + AUTH_SESSION_MAX_SECONDS ||
	    now >= c.last_seen_at + AUTH_SESSION_IDLE_SECONDS ||
	    !auth_principal_fill(out, c.user_id, c.username, c.role, c.scope))
		return error_set(err, ST_UNAUTHENTICATED, "", NULL);
	out->session_id = c.id;
	out->organization_id = c.organization_id;
	out->person_id = c.person_id;
	snprintf(out->csrf_token, sizeof out->csrf_token, "%s", c.csrf_token);
	if (now - c.last_seen_at > AUTH_TOUCH_SECONDS) {
		struct error touch;
		if (store_session_touch(store, c.id, now, &touch) != ST_OK)
			log_error("auth: session %lld: activity not recorded (%s)", (long long)c.id,
				  error_code(touch.status));
	}
	return ST_OK;
}

enum status auth_logout(struct store *store, const struct principal *who, const char *address,
			int64_t now, struct error *err)
{
	char detail[AUTH_DETAIL_SIZE];
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	if (who->session_id != 0)
		st = store_session_end(store, who->session_id, now, err);
	snprintf(detail, sizeof detail, "session=%lld", (long long)who->session_id);
	if (st == ST_OK)
		st = auth_audit(store, who, address, "logout", who->username, "ok", detail, err);
	return auth_finish(store, st, err);
}

/*
 * Audits a refused password change and returns `refusal` (already set in
 * err), unless the audit cannot be written.  A wrong old password counts as
 * a failed login and the tenth in a row locks the account, as at login.
 */
static enum status auth_change_refused(struct store *store, const struct principal *who,
				       const char *address, int64_t now, const char *outcome,
				       enum status refusal, struct error *err)
{
	struct error write;
	int failures = 0;
	error_clear(&write);
	enum status st = store_begin(store, &write);
	if (st != ST_OK)
		goto out_failed;
	if (refusal == ST_LOGIN_FAILED) {
		st = store_user_count_failure(store, who->user_id, now, &failures, &write);
		if (st == ST_OK && failures >= AUTH_LOCK_AFTER_FAILURES)
			st = store_user_lock(store, who->user_id, &write);
	}
	if (st == ST_OK)
		st = auth_audit(store, who, address, "password.change", who->username, outcome, "",
				&write);
	if ((st = auth_finish(store, st, &write)) != ST_OK)
		goto out_failed;
	return refusal;

out_failed:
	if (err)
		*err = write;
	return st;
}

enum status auth_change_password(struct store *store, const struct principal *who,
				 const char *old_password, const char *new_password,
				 const char *address, int64_t now, struct error *err)
{
	struct store_user user;
	char hash[CRYPTO_PASSWORD_HASH_SIZE], detail[AUTH_DETAIL_SIZE];
	int ended = 0;
	enum status st;
	if ((st = auth_password_acceptable(new_password, err)) != ST_OK ||
	    (st = store_user_get_by_id(store, who->user_id, &user, err)) != ST_OK)
		return st;
	if (user.disabled || user.locked) {
		error_set(err, ST_ACCOUNT_LOCKED, "", NULL);
		return auth_change_refused(store, who, address, now, "locked", ST_ACCOUNT_LOCKED,
					   err);
	}
	int64_t wait = auth_throttle_wait(user.failed_logins, user.last_failed_at, now);
	if (wait > 0) {
		auth_throttled(wait, err);
		return auth_change_refused(store, who, address, now, "throttled",
					   ST_LOGIN_THROTTLED, err);
	}
	if (!crypto_password_verify(user.password_hash, old_password ? old_password : "")) {
		error_set(err, ST_LOGIN_FAILED, "old_password", "原密码不正确，请重新输入");
		return auth_change_refused(store, who, address, now, "failed", ST_LOGIN_FAILED,
					   err);
	}
	if ((st = crypto_password_hash(new_password, hash, err)) != ST_OK ||
	    (st = store_begin(store, err)) != ST_OK)
		return st;
	if ((st = store_user_set_password(store, user.id, hash, now, err)) == ST_OK &&
	    (st = store_session_end_user(store, user.id, who->session_id, now, &ended, err)) ==
		    ST_OK) {
		snprintf(detail, sizeof detail, "ended_sessions=%d", ended);
		st = auth_audit(store, who, address, "password.change", who->username, "ok", detail,
				err);
	}
	return auth_finish(store, st, err);
}

enum status auth_token_create(struct store *store, const char *actor, const char *username,
			      const char *name,
			      char token[AUTH_TOKEN_TEXT_SIZE], int64_t *id, struct error *err)
{
	struct store_user user;
	unsigned char digest[CRYPTO_DIGEST_SIZE];
	char detail[AUTH_DETAIL_SIZE];
	int64_t token_id = 0;
	enum status st;
	if (name == NULL)
		name = "";
	if (!text_is_clean(name, AUTH_TOKEN_NAME_MAX))
		return error_set(err, ST_INVALID_INPUT, "name",
				 "令牌名称最多 %d 个字符，且不能含控制字符", AUTH_TOKEN_NAME_MAX);
	if ((st = auth_user_load(store, username, &user, err)) != ST_OK)
		return st;
	if (user.disabled)
		return error_set(err, ST_ACCOUNT_LOCKED, "username", "账号已停用，不能为它创建令牌");
	crypto_random_token(token);
	crypto_token_digest(token, digest);
	if ((st = store_begin(store, err)) != ST_OK)
		goto out_wipe;
	if ((st = store_token_insert(store, digest, user.id, name, (int64_t)time(NULL), &token_id,
				     err)) == ST_OK) {
		snprintf(detail, sizeof detail, "token=%lld", (long long)token_id);
		st = auth_admin_audit(store, actor, "token.create", user.username, "ok", detail, err);
	}
	if ((st = auth_finish(store, st, err)) != ST_OK)
		goto out_wipe;
	if (id)
		*id = token_id;
	return ST_OK;

out_wipe:
	memset(token, 0, AUTH_TOKEN_TEXT_SIZE);
	return st;
}

enum status auth_bearer(struct store *store, const char *token, struct principal *out,
			struct error *err)
{
	unsigned char digest[CRYPTO_DIGEST_SIZE];
	struct store_credential c;
	if (!auth_token_digest(token, digest))
		return error_set(err, ST_UNAUTHENTICATED, "", NULL);
	enum status st = store_token_lookup(store, digest, &c, err);
	if (st != ST_OK)
		return auth_lookup_failed(st, err);
	if (c.ended || c.user_disabled ||
	    !auth_principal_fill(out, c.user_id, c.username, c.role, c.scope))
		return error_set(err, ST_UNAUTHENTICATED, "", NULL);
	out->organization_id = c.organization_id;
	out->person_id = c.person_id;
	return ST_OK;
}

struct token_list_ctx {
	bool (*fn)(const struct token_info *, void *);
	void *ctx;
};

static bool auth_token_list_row(const struct store_token *token, void *ctx)
{
	struct token_list_ctx *list = ctx;
	struct token_info info;
	memset(&info, 0, sizeof info);
	info.id = token->id;
	info.user_id = token->user_id;
	snprintf(info.username, sizeof info.username, "%s", token->username);
	snprintf(info.name, sizeof info.name, "%s", token->name);
	info.created_at = token->created_at;
	info.revoked_at = token->revoked_at;
	return list->fn(&info, list->ctx);
}

enum status auth_token_list(struct store *store, bool (*fn)(const struct token_info *, void *),
			    void *ctx, struct error *err)
{
	struct token_list_ctx list = {fn, ctx};
	return store_token_list(store, auth_token_list_row, &list, err);
}

enum status auth_token_revoke(struct store *store, const char *actor, int64_t id,
			      struct error *err)
{
	char detail[AUTH_DETAIL_SIZE];
	bool revoked = false;
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	if ((st = store_token_revoke(store, id, (int64_t)time(NULL), &revoked, err)) == ST_OK &&
	    !revoked)
		st = error_set(err, ST_NOT_FOUND, "", "没有这个有效的令牌（不存在或已吊销）");
	if (st == ST_OK) {
		snprintf(detail, sizeof detail, "token=%lld", (long long)id);
		st = auth_admin_audit(store, actor, "token.revoke", "", "ok", detail, err);
	}
	return auth_finish(store, st, err);
}
