/*
 * store.h — the one interface to storage.  Only src/store/ speaks SQL.
 *
 * A store is one database (SQLite today) and the field key beside it
 * (`<database>.key`).  Writes that change a record run in one transaction
 * together with their history rows.  Functions that write open their own
 * transaction, or join the caller's (store_begin / store_commit): a refusal
 * (a duplicate, a stale version) leaves the caller's transaction as it was;
 * a failure after something was written fails the caller's transaction, so
 * that its commit undoes everything.
 *
 * A store handle is used by one thread at a time.
 */
#ifndef LIUDONG_STORE_H
#define LIUDONG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/division.h"
#include "domain/event.h"
#include "domain/organization.h"
#include "domain/person.h"
#include "domain/person_import.h"
#include "domain/worklist.h"
#include "security/crypto.h"

struct store;

enum store_mode {
	STORE_OPEN_EXISTING, /* the database and its key must exist */
	STORE_CREATE,        /* neither may exist: creates both */
};

/*
 * Opens (or creates) the database at `path` and loads its key file.  Brings
 * an older schema up to date; refuses a newer one (ST_SCHEMA_TOO_NEW).
 * On success *out owns the handle; release it with store_close.
 */
enum status store_open(const char *path, enum store_mode mode, struct store **out,
		       struct error *err);

/* Closes the database (checkpointing the WAL) and wipes the key. */
void store_close(struct store *store);

/* Path of the key file that belongs to database `path`. */
void store_key_path(const char *path, char *buf, size_t size);

/* Schema version the database is at, and the newest this program knows. */
int store_schema_version(struct store *store);
int store_schema_latest(void);

enum status store_begin(struct store *store, struct error *err);
enum status store_commit(struct store *store, struct error *err);
void store_rollback(struct store *store);

/*
 * A write's own transaction: a real one if the caller has none, else the
 * caller's (joined without a savepoint, which costs a temporary copy of
 * every page touched).  Pair store_write_begin with exactly one of:
 * store_write_commit; store_write_cancel when the write changed nothing (a
 * refusal found first); store_write_abort when it may have changed
 * something, which rolls back its own transaction or fails the caller's.
 */
enum status store_write_begin(struct store *store, struct error *err);
enum status store_write_commit(struct store *store, struct error *err);
void store_write_cancel(struct store *store);
void store_write_abort(struct store *store);

/* Settings: small named values such as the city ("city" → "6202"). */
enum status store_setting_get(struct store *store, const char *key, char *buf, size_t size,
			      struct error *err);
enum status store_setting_set(struct store *store, const char *key, const char *value,
			      struct error *err);

/* Replaces the division table (one transaction). */
enum status store_division_replace(struct store *store, const struct division_table *table,
				   struct error *err);

/* Loads every division into `table` (initialized by the caller), sorted. */
enum status store_division_load(struct store *store, struct division_table *table,
				struct error *err);

/*
 * Inserts a validated person: sets id, version 1 and timestamps in `p`, and
 * writes the creation history row.  ST_DUPLICATE_PERSON (with related_id)
 * if the ID number is already registered.
 */
enum status store_person_insert(struct store *store, struct person *p, const char *actor,
				struct error *err);

enum status store_person_get(struct store *store, int64_t id, struct person *out,
			     struct error *err);
enum status store_person_get_by_id_number(struct store *store, const char *id_number,
					  struct person *out, struct error *err);

/*
 * Ids of other records with the same name, birth date and hukou county as
 * `p` but another ID number (possible duplicates); at most `max`.
 */
enum status store_person_find_similar(struct store *store, const struct person *p,
				      int64_t *ids, size_t max, size_t *count,
				      struct error *err);

/*
 * Writes the new state `p` of a record whose stored version must still be
 * `expected_version`, bumps the version, and adds one history row per change.
 * ST_VERSION_CONFLICT if the version moved on, ST_NOT_FOUND if the record is
 * gone, ST_DUPLICATE_PERSON if a changed ID number belongs to another record.
 */
enum status store_person_update(struct store *store, struct person *p,
				int64_t expected_version, const struct person_change *changes,
				size_t count, const char *actor, struct error *err);

/* Runs a prepared query; at most `max` rows into `out`. */
enum status store_person_search(struct store *store, const struct person_query *q,
				struct person *out, size_t max, size_t *count,
				struct error *err);

enum status store_person_history(struct store *store, int64_t id, person_history_fn fn,
				 void *ctx, struct error *err);

enum status store_person_count(struct store *store, int64_t *count, struct error *err);

/* Progress of a long operation: done and total units. */
typedef void (*store_progress_fn)(long done, long total, void *ctx);

/*
 * Copies the live database to `to` page by page (consistent while others
 * write), then verifies the copy; the key file is not copied.
 */
enum status store_backup(struct store *store, const char *to, store_progress_fn progress,
			 void *ctx, struct error *err);

/* Callback for each problem a check finds (Chinese text); the count is returned. */
typedef void (*store_problem_fn)(const char *problem, void *ctx);

/*
 * Runs SQLite's integrity check and the foreign-key check, and opens every
 * sealed field; ST_INTEGRITY if anything is wrong.
 */
enum status store_check(struct store *store, store_problem_fn report, void *ctx,
			size_t *problems, struct error *err);

/*
 * Proves the key file belongs to this database: opens a value sealed when
 * the key was first used with it (and seals one if there is none yet).
 * ST_KEY_MISMATCH if the key is another database's.
 */
enum status store_verify_key(struct store *store, struct error *err);

/* Size of the database in bytes (pages in use times page size). */
enum status store_size_bytes(struct store *store, int64_t *bytes, struct error *err);

/* --- users, sessions, API tokens, login throttling, audit (security) ------
 *
 * The rows behind security/auth.h and security/audit.h.  The store keeps
 * what it is given: policy (who may log in, delays, expiry) lives in
 * security/auth.c.  Times are Unix seconds unless said otherwise; token
 * digests are CRYPTO_DIGEST_SIZE (32) bytes, never the tokens themselves.
 */

#define STORE_USERNAME_SIZE 64
#define STORE_ROLE_SIZE 24
#define STORE_PASSWORD_HASH_SIZE 128  /* = CRYPTO_PASSWORD_HASH_SIZE */
#define STORE_CSRF_TOKEN_SIZE 48
#define STORE_TOKEN_DIGEST_SIZE 32    /* = CRYPTO_DIGEST_SIZE */
#define STORE_TOKEN_NAME_SIZE 264     /* 64 characters of up to 4 bytes */

/* One row of user_account. */
struct store_user {
	int64_t id;
	char username[STORE_USERNAME_SIZE];
	char password_hash[STORE_PASSWORD_HASH_SIZE];  /* argon2id string */
	char role[STORE_ROLE_SIZE];                    /* role code, e.g. "town_officer" */
	char scope[DIVISION_CODE_SIZE];                /* division code, significant length */
	bool disabled;
	bool locked;
	int failed_logins;       /* failures in a row */
	int64_t last_failed_at;  /* 0 if none */
	int64_t created_at;
	int64_t password_changed_at;
	int64_t organization_id;  /* employer, landlord: whom the account acts for; else 0 */
	int64_t person_id;        /* landlord who is a person; else 0 */
};

/*
 * A session or an API token together with its user, as one indexed lookup
 * returns it.
 */
struct store_credential {
	int64_t id;              /* session or api_token id */
	int64_t user_id;
	char username[STORE_USERNAME_SIZE];
	char role[STORE_ROLE_SIZE];
	char scope[DIVISION_CODE_SIZE];
	bool user_disabled;
	char csrf_token[STORE_CSRF_TOKEN_SIZE];  /* sessions; "" for API tokens */
	int64_t created_at;
	int64_t last_seen_at;    /* sessions; 0 for API tokens */
	bool ended;              /* session ended (logout) or token revoked */
	int64_t organization_id; /* the user's binding (employer, landlord), or 0 */
	int64_t person_id;
};

/* Inserts a user (id ignored; set on success).  ST_DUPLICATE_USER if the name is taken. */
enum status store_user_insert(struct store *store, struct store_user *user, struct error *err);

/* The user with this name, or ST_NOT_FOUND. */
enum status store_user_get(struct store *store, const char *username, struct store_user *out,
			   struct error *err);
enum status store_user_get_by_id(struct store *store, int64_t id, struct store_user *out,
				 struct error *err);

/* Calls fn for every user in username order until it returns false. */
enum status store_user_list(struct store *store,
			    bool (*fn)(const struct store_user *user, void *ctx), void *ctx,
			    struct error *err);

enum status store_user_disable(struct store *store, int64_t id, struct error *err);

/* Sets the password hash and clears failures and the lock. */
enum status store_user_set_password(struct store *store, int64_t id, const char *password_hash,
				    int64_t now, struct error *err);

/* Clears failures in a row and the lock (after a success or an unlock). */
enum status store_user_clear_failures(struct store *store, int64_t id, struct error *err);

/* Counts one more failure in a row at `now`; *failures gets the new count. */
enum status store_user_count_failure(struct store *store, int64_t id, int64_t now,
				     int *failures, struct error *err);

enum status store_user_lock(struct store *store, int64_t id, struct error *err);

/* Failures in a row from a client address (0 and 0 if none). */
enum status store_login_address_get(struct store *store, const char *address, int *failures,
				    int64_t *last_failed_at, struct error *err);
enum status store_login_address_count_failure(struct store *store, const char *address,
					      int64_t now, int *failures, struct error *err);
enum status store_login_address_clear(struct store *store, const char *address,
				      struct error *err);

/* Stores a new session under the digest of its token; *id gets its id. */
enum status store_session_insert(struct store *store,
				 const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
				 int64_t user_id, const char *csrf_token, const char *address,
				 int64_t now, int64_t *id, struct error *err);

/* The session stored under `digest` with its user; ST_NOT_FOUND if none. */
enum status store_session_lookup(struct store *store,
				 const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
				 struct store_credential *out, struct error *err);

/* Records activity: last_seen_at = now. */
enum status store_session_touch(struct store *store, int64_t id, int64_t now,
				struct error *err);

/* Ends one session (if not ended yet). */
enum status store_session_end(struct store *store, int64_t id, int64_t now, struct error *err);

/* Ends every open session of a user except `keep_id` (0: all); *ended gets how many. */
enum status store_session_end_user(struct store *store, int64_t user_id, int64_t keep_id,
				   int64_t now, int *ended, struct error *err);

/* Stores a new API token under the digest of its text; *id gets its id. */
enum status store_token_insert(struct store *store,
			       const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
			       int64_t user_id, const char *name, int64_t now, int64_t *id,
			       struct error *err);

/* The API token stored under `digest` with its user; ST_NOT_FOUND if none. */
enum status store_token_lookup(struct store *store,
			       const unsigned char digest[STORE_TOKEN_DIGEST_SIZE],
			       struct store_credential *out, struct error *err);

/* One row of api_token as listed (never its digest), with its user's name. */
struct store_token {
	int64_t id;
	int64_t user_id;
	char username[STORE_USERNAME_SIZE];
	char name[STORE_TOKEN_NAME_SIZE];
	int64_t created_at;
	int64_t revoked_at;  /* 0 while valid */
};

/* Calls fn for every API token, newest first, until it returns false. */
enum status store_token_list(struct store *store,
			     bool (*fn)(const struct store_token *token, void *ctx), void *ctx,
			     struct error *err);

/* Revokes token `id` at `now`; *revoked is false if there is no such valid token. */
enum status store_token_revoke(struct store *store, int64_t id, int64_t now, bool *revoked,
			       struct error *err);

struct audit_entry;   /* security/audit.h */
struct audit_filter;

/*
 * Appends `count` audit rows in one write (joining the caller's transaction
 * if there is one): reads the last row's id and hash, gives each entry the
 * next id and chains its hash (audit_entry_serialize, crypto_chain_hash).
 * Sets entries[i].id.
 */
enum status store_audit_append(struct store *store, struct audit_entry *entries, size_t count,
			       struct error *err);

/*
 * Calls fn for every audit row in id order with its stored hash.  `intact`
 * is false if a column cannot be what audit_write stored (wrong type, too
 * long, embedded NUL), so that such a row can be reported as broken.
 */
typedef bool (*store_audit_row_fn)(const struct audit_entry *entry, const unsigned char *hash,
				   size_t hash_len, bool intact, void *ctx);
enum status store_audit_walk(struct store *store, store_audit_row_fn fn, void *ctx,
			     struct error *err);

/*
 * Rows matching `filter` newest first (at most filter->limit), each passed to
 * fn until it returns false.  `from` is inclusive, `to` exclusive.
 */
enum status store_audit_search(struct store *store, const struct audit_filter *filter,
			       bool (*fn)(const struct audit_entry *entry, void *ctx), void *ctx,
			       struct error *err);

/* --- signing ---------------------------------------------------------------
 *
 * The deployment's signing key is derived from the key file (crypto.h) and
 * held by the store with the other keys; callers sign through the store and
 * never see the secret half.
 */

/* Signs `len` bytes of `msg` with the deployment's key into `sig`. */
enum status store_sign(struct store *store, const void *msg, size_t len,
		       unsigned char sig[CRYPTO_SIGNATURE_SIZE], struct error *err);

/* The deployment's public key, which checks what store_sign signed. */
void store_public_key(struct store *store, unsigned char out[CRYPTO_PUBLIC_KEY_SIZE]);

/* --- certificates, contracts, record events (domain/certificate.h) ------- */

struct certificate;
struct contract;

/*
 * The next sequence number of `town`'s certificates in `year` (1, 2, ...);
 * joins the caller's transaction so the number and the certificate are
 * written together.
 */
enum status store_certificate_next_sequence(struct store *store, const char *town, int year,
					    long *sequence, struct error *err);

/* Inserts a certificate with its children; sets id, version 1 and timestamps. */
enum status store_certificate_insert(struct store *store, struct certificate *c,
				     struct error *err);

enum status store_certificate_get(struct store *store, int64_t id, struct certificate *out,
				  struct error *err);
enum status store_certificate_get_by_number(struct store *store, const char *number,
					    struct certificate *out, struct error *err);

/* True if a certificate with this number exists. */
enum status store_certificate_number_exists(struct store *store, const char *number,
					    bool *exists, struct error *err);

/* A person's certificates, newest first: at most `max`. */
enum status store_certificate_list(struct store *store, int64_t person_id,
				   struct certificate *out, size_t max, size_t *count,
				   struct error *err);

/*
 * Writes the state, hand-out and end fields of `c` if its stored version is
 * still `expected_version`, bumping the version (ST_VERSION_CONFLICT if not).
 */
enum status store_certificate_update(struct store *store, struct certificate *c,
				     int64_t expected_version, struct error *err);

enum status store_contract_insert(struct store *store, struct contract *c, struct error *err);
enum status store_contract_get(struct store *store, int64_t id, struct contract *out,
			       struct error *err);
enum status store_contract_list(struct store *store, int64_t person_id, struct contract *out,
				size_t max, size_t *count, struct error *err);

/*
 * Marks every active contract of a person fulfilled by certificate
 * `certificate_id` on `on`; *fulfilled gets how many.
 */
enum status store_contract_fulfil(struct store *store, int64_t person_id,
				  int64_t certificate_id, const char *on, int *fulfilled,
				  struct error *err);


/* Appends an event (joining the caller's transaction). */
enum status store_event_insert(struct store *store, struct record_event *e, struct error *err);

/* The events of a person, oldest first, until fn returns false. */
enum status store_event_list(struct store *store, int64_t person_id,
			     bool (*fn)(const struct record_event *e, void *ctx), void *ctx,
			     struct error *err);

/* --- letter inquiries (domain/inquiry.h) ----------------------------------- */

struct inquiry;
struct inquiry_query;

/* Inserts an inquiry; sets id, version 1 and timestamps. */
enum status store_inquiry_insert(struct store *store, struct inquiry *q, struct error *err);

enum status store_inquiry_get(struct store *store, int64_t id, struct inquiry *out,
			      struct error *err);

/*
 * Writes the state, dates, answer and cancel reason of `q` if its stored
 * version is still `expected_version` (ST_VERSION_CONFLICT if not).
 */
enum status store_inquiry_update(struct store *store, struct inquiry *q,
				 int64_t expected_version, struct error *err);

/* The inquiries about a person, newest first. */
enum status store_inquiry_list_for_person(struct store *store, int64_t person_id,
					  struct inquiry *out, size_t max, size_t *count,
					  struct error *err);

/*
 * Inquiries about persons living inside q->division, newest first, before
 * q->before_id; OVERDUE means sent with due_on before `today` (YYYY-MM-DD).
 * At most `max` rows.
 */
enum status store_inquiry_search(struct store *store, const struct inquiry_query *q,
				 const char *today, struct inquiry *out, size_t max,
				 size_t *count, struct error *err);

/* --- departures, feedback, benefits (domain/outflow.h) --------------------- */

struct departure;
struct feedback;
struct benefit;

/*
 * Inserts a departure (returned_on ''), sealing its contact phone; sets id,
 * version 1 and timestamps.  ST_NOT_ALLOWED if the person has an open one.
 */
enum status store_departure_insert(struct store *store, struct departure *d, struct error *err);

enum status store_departure_get(struct store *store, int64_t id, struct departure *out,
				struct error *err);

/* The person's open departure (returned_on ''), if any: *found tells. */
enum status store_departure_find_open(struct store *store, int64_t person_id,
				      struct departure *out, bool *found, struct error *err);

/* Writes returned_on of `d` if its stored version is still `expected_version`. */
enum status store_departure_update(struct store *store, struct departure *d,
				   int64_t expected_version, struct error *err);

/* The departures of a person, newest first: at most `max`. */
enum status store_departure_list_for_person(struct store *store, int64_t person_id,
					    struct departure *out, size_t max, size_t *count,
					    struct error *err);

/* Inserts a feedback row (never changed afterwards); sets id and created_at. */
enum status store_feedback_insert(struct store *store, struct feedback *f, struct error *err);

/* The feedback about a person, newest first: at most `max`. */
enum status store_feedback_list_for_person(struct store *store, int64_t person_id,
					   struct feedback *out, size_t max, size_t *count,
					   struct error *err);

/* Inserts a benefit; sets id, version 1 and timestamps. */
enum status store_benefit_insert(struct store *store, struct benefit *b, struct error *err);

enum status store_benefit_get(struct store *store, int64_t id, struct benefit *out,
			      struct error *err);

/* Writes state, paid_on and note of `b` if its stored version is still `expected_version`. */
enum status store_benefit_update(struct store *store, struct benefit *b,
				 int64_t expected_version, struct error *err);

/* The benefits of a person, newest first: at most `max`. */
enum status store_benefit_list_for_person(struct store *store, int64_t person_id,
					  struct benefit *out, size_t max, size_t *count,
					  struct error *err);

/* --- service points (domain/service_point.h) ------------------------------- */

struct service_point;
struct service_point_query;

/* Inserts a service point (version 1); fills its id, version and timestamps. */
enum status store_service_point_insert(struct store *store, struct service_point *p,
				       struct error *err);

/* ST_NOT_FOUND if there is no point `id`. */
enum status store_service_point_get(struct store *store, int64_t id, struct service_point *out,
				    struct error *err);

/*
 * Writes all fields of `p` if its stored version is still
 * `expected_version` (ST_VERSION_CONFLICT otherwise); bumps the version.
 */
enum status store_service_point_update(struct store *store, struct service_point *p,
				       int64_t expected_version, struct error *err);

/* At most `max` points matching `q`, newest first. */
enum status store_service_point_search(struct store *store, const struct service_point_query *q,
				       struct service_point *out, size_t max, size_t *count,
				       struct error *err);

/* --- complaints (domain/complaint.h) --------------------------------------- */

struct complaint;
struct complaint_query;

/* Inserts a complaint (version 1), its phone sealed; fills id, version and timestamps. */
enum status store_complaint_insert(struct store *store, struct complaint *c, struct error *err);

/* Complaint `id`, or (id 0) the one with tracking `code`; ST_NOT_FOUND if none. */
enum status store_complaint_get(struct store *store, int64_t id, const char *code,
				struct complaint *out, struct error *err);

/*
 * Writes the state, office, reply, outcome and reopened count of `c` if its
 * stored version is still `expected_version` (ST_VERSION_CONFLICT otherwise).
 */
enum status store_complaint_update(struct store *store, struct complaint *c,
				   int64_t expected_version, struct error *err);

/* At most `max` complaints matching `q`, newest first. */
enum status store_complaint_search(struct store *store, const struct complaint_query *q,
				   struct complaint *out, size_t max, size_t *count,
				   struct error *err);

/* --- organizations (domain/organization.h) --------------------------------- */

struct organization;
struct organization_change;
struct organization_query;

/*
 * Inserts an organization, sealing its contact phone, with its creation
 * history row; sets id, version 1 and timestamps.  ST_DUPLICATE_ORGANIZATION
 * (related_id: the existing one) if its credit code is taken.
 */
enum status store_organization_insert(struct store *store, struct organization *o,
				      const char *actor, struct error *err);

enum status store_organization_get(struct store *store, int64_t id, struct organization *out,
				   struct error *err);

/*
 * Writes every field of `o` if its stored version is still
 * `expected_version` (ST_VERSION_CONFLICT otherwise), bumps the version and
 * adds one history row per entry of `changes`.
 */
enum status store_organization_update(struct store *store, struct organization *o,
				      int64_t expected_version,
				      const struct organization_change *changes, size_t count,
				      const char *actor, struct error *err);

/* At most `max` organizations matching `q`, newest first. */
enum status store_organization_search(struct store *store, const struct organization_query *q,
				      struct organization *out, size_t max, size_t *count,
				      struct error *err);

/* Calls `fn` for each history row of organization `id`, oldest first. */
enum status store_organization_history(struct store *store, int64_t id,
				       organization_history_fn fn, void *ctx, struct error *err);

/* --- employment (domain/employment.h) --------------------------------------- */

struct employment;
struct employment_change;
struct employment_worker;

/* Which workers of an organization a list or register holds. */
struct employment_filter {
	int64_t organization_id;
	bool current_only;      /* only those with no ends_on */
	bool on_site_only;      /* only those who live on site; ordered by site and arrival */
	const char *work_site;  /* exactly this site, or "" */
};

/*
 * Inserts an employment with its creation history row (joins the
 * caller's transaction); ST_INVALID_STATE if the person is already
 * employed there.
 */
enum status store_employment_insert(struct store *store, struct employment *e, const char *actor,
				    struct error *err);

enum status store_employment_get(struct store *store, int64_t id, struct employment *out,
				 struct error *err);

/* Writes `e` if still at `expected_version`, with one history row per change. */
enum status store_employment_update(struct store *store, struct employment *e,
				    int64_t expected_version,
				    const struct employment_change *changes, size_t count,
				    const char *actor, struct error *err);

/* At most `max` workers matching `f` with their persons' details. */
enum status store_employment_workers(struct store *store, const struct employment_filter *f,
				     struct employment_worker *out, size_t max, size_t *count,
				     struct error *err);

/* --- notices (domain/notice.h) ----------------------------------------------- */

struct notice;
struct notice_query;

/*
 * Inserts a notice and one row per recipient (joins the caller's
 * transaction); sets id and created_at.
 */
enum status store_notice_insert(struct store *store, struct notice *n, struct error *err);

/* Notice `id` with its recipients inside `scope`; ST_NOT_FOUND if none is. */
enum status store_notice_get(struct store *store, int64_t id, const char *scope,
			     struct notice *out, struct error *err);

/* Marks read the unread recipients of notice `id` inside `scope`; *marked rows. */
enum status store_notice_mark_read(struct store *store, int64_t id, const char *scope,
				   size_t *marked, struct error *err);

/*
 * Acknowledges for `username` the recipients of notice `id` inside `scope`
 * that had not (marking them read too); *acknowledged rows.
 */
enum status store_notice_acknowledge(struct store *store, int64_t id, const char *scope,
				     const char *username, size_t *acknowledged,
				     struct error *err);

/* At most `max` notices of the inbox of q->scope, newest first, with their recipients in scope. */
enum status store_notice_inbox(struct store *store, const struct notice_query *q,
			       struct notice *out, size_t max, size_t *count, struct error *err);

/* How many notices have an unread recipient inside `scope`. */
enum status store_notice_unread_count(struct store *store, const char *scope, int64_t *count,
				      struct error *err);

/* --- joint registration visits (domain/visit.h) ------------------------------ */

struct visit;
struct visit_change;
struct visit_person;
struct visit_query;

/*
 * Inserts a checked visit with its persons and its creation history row
 * (joins the caller's transaction); sets id, both versions (1) and the
 * timestamps.
 */
enum status store_visit_insert(struct store *store, struct visit *v, const char *actor,
			       struct error *err);

/* Visit `id` with its persons' ids and relations (no names); ST_NOT_FOUND if none. */
enum status store_visit_get(struct store *store, int64_t id, struct visit *out,
			    struct error *err);

/*
 * Writes the fields of `part` (an enum visit_part) and both officers of `v`
 * if that part's stored version is still `expected_version`
 * (ST_VERSION_CONFLICT otherwise), bumps it, and adds one history row per
 * change.
 */
enum status store_visit_update_part(struct store *store, struct visit *v, int part,
				    int64_t expected_version, const struct visit_change *changes,
				    size_t count, const char *actor, struct error *err);

/* Links `person` to visit `v` with its history row; touches updated_at. */
enum status store_visit_add_person(struct store *store, struct visit *v,
				   const struct visit_person *person, const char *actor,
				   struct error *err);

/* At most `max` visits (without persons) of q's division and dates, newest first. */
enum status store_visit_search(struct store *store, const struct visit_query *q,
			       struct visit *out, size_t max, size_t *count, struct error *err);

/* --- the work list (domain/worklist.h) ------------------------------------ */

/*
 * How many items of `kind` (never WORKLIST_ALL) belong to persons living
 * inside `division` (a code at its significant length), under the rules'
 * bounds `dates`.
 */
enum status store_worklist_count(struct store *store, enum worklist_kind kind,
				 const char *division, const struct worklist_dates *dates,
				 int64_t *count, struct error *err);

/*
 * The first `max` items of `kind` by the record's date (the rule's basis),
 * under the same conditions as store_worklist_count, and in *total how many
 * there are in all (from the same statement); due dates are left to the
 * caller.
 */
enum status store_worklist_list(struct store *store, enum worklist_kind kind,
				const char *division, const struct worklist_dates *dates,
				size_t max, struct worklist_item *out, size_t *count,
				int64_t *total, struct error *err);

/* --- transitions (domain/transition.h) -------------------------------------- */

struct transition;

/* Inserts a transition with its evidence; sets id and created_at. */
enum status store_transition_insert(struct store *store, struct transition *t,
				    struct error *err);

/* The transitions of a person, newest first. */
enum status store_transition_list(struct store *store, int64_t person_id,
				  struct transition *out, size_t max, size_t *count,
				  struct error *err);

/* --- homes, tenancies, field reports (domain/housing.h, domain/field_report.h) --- */

struct home;
struct home_query;
struct tenancy;
struct field_report;
struct field_report_query;

/* Inserts a home; sets id, version 1 and timestamps. */
enum status store_home_insert(struct store *store, struct home *h, struct error *err);

enum status store_home_get(struct store *store, int64_t id, struct home *out, struct error *err);

/* Writes community, address, rooms and note of `h` if its version is still `expected_version`. */
enum status store_home_update(struct store *store, struct home *h, int64_t expected_version,
			      struct error *err);

/* At most `max` homes matching `q`, newest first. */
enum status store_home_search(struct store *store, const struct home_query *q, struct home *out,
			      size_t max, size_t *count, struct error *err);

/*
 * Inserts a current tenancy; sets id, version 1 and timestamps.
 * ST_INVALID_STATE if the person has a current one in that home.
 */
enum status store_tenancy_insert(struct store *store, struct tenancy *t, struct error *err);

/* A tenancy with its person's name and ID number. */
enum status store_tenancy_get(struct store *store, int64_t id, struct tenancy *out,
			      struct error *err);

/* Writes ends_on of `t` if its version is still `expected_version`. */
enum status store_tenancy_end(struct store *store, struct tenancy *t, int64_t expected_version,
			      struct error *err);

/* The tenancies of a home with their persons, newest first: at most `max`. */
enum status store_tenancy_list(struct store *store, int64_t home_id, struct tenancy *out,
			       size_t max, size_t *count, struct error *err);

/* Inserts a field report; sets id and version 1. */
enum status store_field_report_insert(struct store *store, struct field_report *r,
				      struct error *err);

enum status store_field_report_get(struct store *store, int64_t id, struct field_report *out,
				   struct error *err);

/* Writes state, outcome, changed records and step times of `r` if its version is still `expected_version`. */
enum status store_field_report_update(struct store *store, struct field_report *r,
				      int64_t expected_version, struct error *err);

/* At most `max` field reports matching `q`, newest first. */
enum status store_field_report_search(struct store *store, const struct field_report_query *q,
				      struct field_report *out, size_t max, size_t *count,
				      struct error *err);

/* --- agreements, assessment and awards (domain/assessment.h) --------------- */

struct agreement;
struct agreement_query;
struct assessment_party;
struct award;

/* Inserts an agreement with its items (version 1); fills id, version and timestamps. */
enum status store_agreement_insert(struct store *store, struct agreement *a, struct error *err);

/* Agreement `id` with its items; ST_NOT_FOUND if none. */
enum status store_agreement_get(struct store *store, int64_t id, struct agreement *out,
				struct error *err);

/* The id of the agreement of `party` for `year` into *id, or 0 if none. */
enum status store_agreement_find(struct store *store, int year,
				 const struct assessment_party *party, int64_t *id,
				 struct error *err);

/*
 * Writes the agreement's own columns, and its items when `items` (all of
 * them, replacing the stored ones), if its version is still
 * `expected_version` (ST_VERSION_CONFLICT otherwise).
 */
enum status store_agreement_update(struct store *store, struct agreement *a,
				   int64_t expected_version, bool items, struct error *err);

/* At most `max` agreements matching `q`, without items. */
enum status store_agreement_search(struct store *store, const struct agreement_query *q,
				   struct agreement *out, size_t max, size_t *count,
				   struct error *err);

/*
 * The share a measured item measures for division `division` (at
 * significant length) on day `day` of `year`: *numerator of *denominator
 * (domain/assessment.h says what each measure counts).
 */
enum status store_assessment_measure(struct store *store, int measure, const char *division,
				     int year, const char *day, int64_t *numerator,
				     int64_t *denominator, struct error *err);

/* Inserts an award; fills id and created_at. */
enum status store_award_insert(struct store *store, struct award *a, struct error *err);

/* At most `max` awards of `year` (0: any) for parties inside `place` ("" any), newest first. */
enum status store_award_search(struct store *store, int year, const char *place,
			       struct award *out, size_t max, size_t *count, struct error *err);

/* --- aid given by aid stores (domain/aid.h) --------------------------------- */

struct aid;

/* Inserts an aid record; fills id and created_at. */
enum status store_aid_insert(struct store *store, struct aid *a, struct error *err);

/* At most `max` aid records of service point `point_id` before id `before_id` (0: newest). */
enum status store_aid_list(struct store *store, int64_t point_id, int64_t before_id,
			   struct aid *out, size_t max, size_t *count, struct error *err);

/* --- the exchange between places (exchange/exchange.h) ---------------------- */

struct exchange_node;
struct exchange_peer;
struct exchange_received_inquiry;

enum store_outbox_state {
	STORE_OUTBOX_ANY = 0,
	STORE_OUTBOX_QUEUED = 1,
	STORE_OUTBOX_DELIVERED = 2,
	STORE_OUTBOX_FAILED = 3,
};

#define STORE_OUTBOX_PAYLOAD_SIZE 8192
#define STORE_OUTBOX_ERROR_SIZE 256

/* One outbox message; times in Unix milliseconds. */
struct store_outbox_row {
	int64_t seq;
	char id[33];
	char peer[41];
	char type[32];
	char payload[STORE_OUTBOX_PAYLOAD_SIZE];  /* JSON object text */
	enum store_outbox_state state;
	int attempts;
	int64_t next_attempt_ms;
	char last_error[STORE_OUTBOX_ERROR_SIZE];
	int64_t created_ms;
	int64_t delivered_ms;  /* 0 until delivered */
};

/* One applied (or refused-after-check) incoming message. */
struct store_inbox_row {
	char id[33];
	char from_node[41];
	char type[32];
	char outcome[32];
	int64_t received_ms;
};

/* This node; *found false (and ST_OK) before `liudong node init`. */
enum status store_exchange_node_get(struct store *store, struct exchange_node *out, bool *found,
				    struct error *err);
/* Records this node; ST_ALREADY_INITIALIZED if it is recorded. */
enum status store_exchange_node_insert(struct store *store, const struct exchange_node *node,
				       struct error *err);

/* Adds a peer, or replaces the one of the same name. */
enum status store_exchange_peer_put(struct store *store, struct exchange_peer *peer,
				    struct error *err);
/* ST_NOT_FOUND if there is no peer `name`. */
enum status store_exchange_peer_get(struct store *store, const char *name,
				    struct exchange_peer *out, struct error *err);
enum status store_exchange_peer_remove(struct store *store, const char *name, struct error *err);
/* At most `max` peers in name order. */
enum status store_exchange_peer_list(struct store *store, struct exchange_peer *out, size_t max,
				     size_t *count, struct error *err);

/* Queues a message (joins the caller's transaction). */
enum status store_exchange_outbox_add(struct store *store, const char *id, const char *peer,
				      const char *type, const char *payload, int64_t created_ms,
				      struct error *err);
/*
 * Queued messages in delivery order: for each peer its first `per_peer`
 * queued messages by seq; `out` holds `max`.
 */
enum status store_exchange_outbox_queued(struct store *store, size_t per_peer,
					 struct store_outbox_row *out, size_t max, size_t *count,
					 struct error *err);
/* Writes state, attempts, next attempt, last error and delivery time of row `seq`. */
enum status store_exchange_outbox_mark(struct store *store, const struct store_outbox_row *row,
				       struct error *err);
/* Messages in `state` (or any), newest first, with seq below `before_seq` (0: from the newest). */
enum status store_exchange_outbox_list(struct store *store, enum store_outbox_state state,
				       int64_t before_seq, struct store_outbox_row *out,
				       size_t max, size_t *count, struct error *err);
/* How many messages are in each state (index: enum store_outbox_state). */
enum status store_exchange_outbox_counts(struct store *store, int64_t counts[4],
					 struct error *err);
/* Median of delivered_ms - created_ms over delivered messages, and how many. */
enum status store_exchange_outbox_timing(struct store *store, int64_t *median_ms,
					 int64_t *first_created_ms, int64_t *last_delivered_ms,
					 int64_t *delivered, struct error *err);

/* True (*seen) if message `id` was applied here. */
enum status store_exchange_inbox_seen(struct store *store, const char *id, bool *seen,
				      struct error *err);
/* Records message `id` as applied (joins the caller's transaction). */
enum status store_exchange_inbox_add(struct store *store, const struct store_inbox_row *row,
				     struct error *err);
/* Incoming messages, newest first: at most `max`. */
enum status store_exchange_inbox_list(struct store *store, struct store_inbox_row *out,
				      size_t max, size_t *count, struct error *err);

/* Persons handed over to this place (struct exchange_handover). */
struct exchange_handover;
enum status store_exchange_handover_insert(struct store *store, struct exchange_handover *h,
					   struct error *err);
/* Handovers whose destination lies inside `division`, newest first. */
enum status store_exchange_handover_list(struct store *store, const char *division,
					 struct exchange_handover *out, size_t max,
					 size_t *count, struct error *err);

/* Inquiries received from other places (exchange/exchange.h). */
enum status store_exchange_inquiry_insert(struct store *store,
					  struct exchange_received_inquiry *q, struct error *err);
enum status store_exchange_inquiry_get(struct store *store, int64_t id,
				       struct exchange_received_inquiry *out, struct error *err);
/* Writes the answer of `q` if its stored version is still `expected_version`. */
enum status store_exchange_inquiry_answer(struct store *store,
					  struct exchange_received_inquiry *q,
					  int64_t expected_version, struct error *err);
/* Received inquiries whose hukou lies inside `division`, newest first. */
enum status store_exchange_inquiry_list(struct store *store, const char *division,
					struct exchange_received_inquiry *out, size_t max,
					size_t *count, struct error *err);

/* --- imports of persons (domain/person_import.h) ---------------------------- */

/* Adds a run's record (state running): sets id, state and times in `r`. */
enum status store_import_insert(struct store *store, struct person_import_record *r,
				struct error *err);
enum status store_import_get(struct store *store, int64_t id, struct person_import_record *r,
			     struct error *err);
/* The newest unfinished run of this file, mode and scope; ST_NOT_FOUND if none. */
enum status store_import_find_resumable(struct store *store, const char *file_hash,
					enum import_mode mode, const char *scope,
					const char *default_community,
					struct person_import_record *r, struct error *err);
/* Writes state, header, progress, counts, message and times of `r`. */
enum status store_import_save(struct store *store, struct person_import_record *r,
			      struct error *err);
/* Keeps a rejected row (its cells sealed). */
enum status store_import_error_insert(struct store *store, int64_t import_id,
				      const struct person_import_error *e, struct error *err);
/* Each rejected row of a run in row order; e->cells is valid during the call only. */
enum status store_import_errors(struct store *store, int64_t import_id,
				person_import_error_fn fn, void *ctx, struct error *err);
/*
 * A savepoint inside the current transaction, and undoing everything
 * written since it (a dry run checks rows by writing them, then undoes).
 */
enum status store_savepoint(struct store *store, struct error *err);
enum status store_savepoint_undo(struct store *store, struct error *err);

/* --- statistics (domain/stats.h; summaries of migration 0014) ------------- */

enum store_stats_query {
	STORE_STATS_PERSON_YEARS,  /* text birth year 'YYYY'; keys female, flow, management */
	STORE_STATS_PERSON_MONTHS, /* birth months from..to: text 'YYYY-MM'; keys as above */
	STORE_STATS_PERSON_BIRTHS, /* from person, births from..to: text date; keys as above */
	STORE_STATS_HOLDING,       /* floating persons; keys flow, temporary, holding today */
	STORE_STATS_CERTIFICATES,  /* issued or distributed; keys kind, in force today */
	STORE_STATS_INQUIRIES,     /* keys state, overdue today */
	STORE_STATS_FIELD_REPORTS, /* keys state, whole hours to closing (-1); sum seconds */
	STORE_STATS_COMPLAINTS,    /* keys state, overdue today, days to closing (-1) */
	STORE_STATS_TRENDS,        /* text month 'YYYY-MM'; key measure (migration 0014) */
	STORE_STATS_QUERY_END
};

/* One summed row as a query hands it over; the texts live until the callback returns. */
struct store_stats_row {
	const char *division;  /* the code at the asked level */
	const char *text;      /* month or date, or "" */
	int64_t key[3];
	int64_t count;
	int64_t sum;           /* seconds (field reports), else 0 */
};

typedef void (*store_stats_row_fn)(const struct store_stats_row *row, void *ctx);

/*
 * One query: rows of divisions of code length `level` (4, 9 or 12) inside
 * `division`; `today` for the queries that need it; `from`..`to` the birth
 * months (PERSON_MONTHS), birth dates (PERSON_BIRTHS) or months (TRENDS),
 * both included.  HOLDING and CERTIFICATES read months, and days only in
 * today's month.
 */
struct store_stats_request {
	enum store_stats_query query;
	int level;
	const char *division;
	const char *today;
	const char *from;
	const char *to;
	store_stats_row_fn fn;
	void *ctx;
};

/* Runs the requests in one read transaction (consistent figures). */
enum status store_stats_read(struct store *store, const struct store_stats_request *requests,
			     size_t count, struct error *err);

/* Recomputes every summary from the records (one write transaction). */
enum status store_stats_rebuild(struct store *store, struct error *err);

/* Reports each summary that differs from a recount of the records; adds to *problems. */
enum status store_stats_check(struct store *store, store_problem_fn report, void *ctx,
			      size_t *problems, struct error *err);

#endif
