/*
 * auth.h — users, passwords, logins, sessions and API tokens.
 *
 * Passwords: argon2id (through crypto.h), 12 to 128 characters, no
 * composition rules, refused when found in the list of common passwords
 * shipped with the program.  Sessions: a random token in an HttpOnly cookie
 * (kept only as a hash), a CSRF token for state-changing requests, 30 minutes
 * idle and 12 hours in all.  API tokens for programs: `Authorization: Bearer`,
 * kept only as a hash.  Failed logins are throttled per username and per
 * address with a growing delay; ten in a row lock the account until an admin
 * unlocks it.  Every login, logout and failed login is audited.
 */
#ifndef LIUDONG_AUTH_H
#define LIUDONG_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "security/authz.h"

struct store;
struct division_table;

#define AUTH_PASSWORD_MIN_CHARS 12
#define AUTH_PASSWORD_MAX_CHARS 128
#define AUTH_SESSION_IDLE_SECONDS (30 * 60)
#define AUTH_SESSION_MAX_SECONDS (12 * 60 * 60)
#define AUTH_LOCK_AFTER_FAILURES 10
#define AUTH_TOKEN_TEXT_SIZE 48   /* random token as text (base64url of 32 bytes) + NUL */

/* A user as listed (never the password hash). */
struct user_info {
	int64_t id;
	char username[64];
	enum role role;
	char scope[DIVISION_CODE_SIZE];
	bool disabled;
	bool locked;
	int failed_logins;
	int64_t created_at;
	int64_t organization_id;  /* employer, landlord: whom the account acts for; else 0 */
	int64_t person_id;        /* landlord who is a person; else 0 */
};

/* An API token as listed (never the token or its digest). */
struct token_info {
	int64_t id;
	int64_t user_id;
	char username[64];
	char name[264];
	int64_t created_at;
	int64_t revoked_at;  /* 0 while valid */
};

/*
 * Checks a new password against the policy: ST_PASSWORD_REJECTED with field
 * "password" and reason too_short, too_long, common or bad_character.
 */
enum status auth_password_acceptable(const char *password, struct error *err);

/*
 * The functions that manage users and tokens take `actor`: who does it (a
 * user name, or "cli:<login>" for the command line), for the audit trail.
 *
 * Creates a user.  Username: 3–32 of [a-z0-9_.-]; the scope must be a known
 * division whose level fits the role (authz_scope_fits_role).
 */
enum status auth_user_add(struct store *store, const char *actor,
			  const struct division_table *divisions,
			  const char *username, enum role role, const char *scope,
			  const char *password, int64_t *id, struct error *err);
/* Whom an employer or landlord account acts for (0: nobody). */
struct auth_binding {
	int64_t organization_id;
	int64_t person_id;
};

/*
 * Creates a user bound to an organization or person: an employer account
 * to one organization (not a department), a landlord account to one
 * organization or one person; other roles to nobody.
 */
enum status auth_user_add_bound(struct store *store, const char *actor,
				const struct division_table *divisions, const char *username,
				enum role role, const char *scope, const struct auth_binding *binding,
				const char *password, int64_t *id, struct error *err);
enum status auth_user_disable(struct store *store, const char *actor, const char *username,
			      struct error *err);
/* Sets a new password, clears failures and the lock, ends the user's sessions. */
enum status auth_user_reset_password(struct store *store, const char *actor, const char *username,
				     const char *password, struct error *err);
enum status auth_user_unlock(struct store *store, const char *actor, const char *username,
			     struct error *err);
/* Calls fn for every user in username order. */
enum status auth_user_list(struct store *store, bool (*fn)(const struct user_info *, void *),
			   void *ctx, struct error *err);
/* The user with this id as listed; ST_NOT_FOUND if none. */
enum status auth_user_info(struct store *store, int64_t id, struct user_info *out,
			   struct error *err);

/* What a successful login hands back; the session token goes into the cookie. */
struct login_result {
	struct principal who;
	char session_token[AUTH_TOKEN_TEXT_SIZE];
	int64_t expires_at;  /* the 12-hour limit, Unix seconds */
};

/*
 * Logs a user in from `address` at `now`.  Wrong username or password:
 * ST_LOGIN_FAILED (same message either way); too early after failures:
 * ST_LOGIN_THROTTLED with err->related_id = seconds to wait; locked or
 * disabled: ST_ACCOUNT_LOCKED.  Audits success and failure.
 */
enum status auth_login(struct store *store, const char *username, const char *password,
		       const char *address, int64_t now, struct login_result *out,
		       struct error *err);

/*
 * The principal of a session token at `now`; ST_UNAUTHENTICATED if unknown,
 * ended or expired.  Records activity at most once a minute.
 */
enum status auth_session(struct store *store, const char *token, int64_t now,
			 struct principal *out, struct error *err);

/* Ends a session and audits the logout. */
enum status auth_logout(struct store *store, const struct principal *who, const char *address,
			int64_t now, struct error *err);

/* Changes one's own password: the old one must match; other sessions end. */
enum status auth_change_password(struct store *store, const struct principal *who,
				 const char *old_password, const char *new_password,
				 const char *address, int64_t now, struct error *err);

/* Creates an API token for a user; the token text is shown once. */
enum status auth_token_create(struct store *store, const char *actor, const char *username,
			      const char *name,
			      char token[AUTH_TOKEN_TEXT_SIZE], int64_t *id, struct error *err);
/* Calls fn for every API token, newest first. */
enum status auth_token_list(struct store *store, bool (*fn)(const struct token_info *, void *),
			    void *ctx, struct error *err);
/* Revokes a valid token at once (audited); ST_NOT_FOUND if there is no such valid token. */
enum status auth_token_revoke(struct store *store, const char *actor, int64_t id,
			      struct error *err);

/* The principal of an API token; ST_UNAUTHENTICATED if unknown or revoked. */
enum status auth_bearer(struct store *store, const char *token, struct principal *out,
			struct error *err);

#endif
