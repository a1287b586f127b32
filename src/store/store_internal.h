/*
 * store_internal.h — what the files of src/store/ share: the handle and its
 * statement cache.  Never included outside src/store/.
 */
#ifndef LIUDONG_STORE_INTERNAL_H
#define LIUDONG_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "security/crypto.h"
#include "store/store.h"

/* Columns of a person row in the order store/person.c reads them. */
#define PERSON_COLUMNS                                                                     \
	"id, id_number_sealed, name, sex, birth_date, ethnicity, hukou_division, "         \
	"hukou_address, residence_division, residence_address, flow, management, "         \
	"marital_status, marriage_date, arrival_date, phone_sealed, possible_duplicate, " \
	"version, created_at, updated_at"

/* Columns of a user_account row in the order store/user.c reads them. */
#define USER_COLUMNS                                                                  \
	"id, username, password_hash, role, scope, disabled, locked, failed_logins, " \
	"last_failed_at, created_at, password_changed_at, organization_id, person_id"

/* Columns of an audit row in the order store/audit.c reads them. */
#define AUDIT_COLUMNS \
	"id, at, user_id, username, role, address, action, object, outcome, detail"

/* A session or API token with its user, in the order store/session.c reads them. */
#define CREDENTIAL_COLUMNS(table, csrf, last_seen, ended)                              \
	"SELECT c.id, c.user_id, " csrf ", c.created_at, " last_seen ", " ended ", "      \
	"u.username, u.role, u.scope, u.disabled, u.organization_id, u.person_id "        \
	"FROM " table " AS c "                    \
	"JOIN user_account AS u ON u.id = c.user_id WHERE c.token_hash = ?1"

/* Statements prepared once per handle and reused. */
/*
 * Certificate `x` (an SQL alias) is in force on day `day` (an SQL
 * expression such as "?3"): issued or distributed, issued on or before
 * that day, and its last day none or not before it.  The work list and the
 * assessment's certificate holding rate count with this one definition.
 */
#define STORE_CERTIFICATE_IN_FORCE(x, day)                                              \
	x ".state IN (1, 2) AND " x ".issued_on <= " day " AND (" x ".valid_until = '' OR " \
	x ".valid_until >= " day ")"

enum statement {
	STMT_SETTING_GET,
	STMT_SETTING_SET,
	STMT_DIVISION_INSERT,
	STMT_DIVISION_ALL,
	STMT_PERSON_INSERT,
	STMT_PERSON_HISTORY_INSERT,
	STMT_PERSON_GET,
	STMT_PERSON_GET_BY_INDEX,
	STMT_PERSON_ID_BY_INDEX,
	STMT_PERSON_SIMILAR,
	STMT_PERSON_UPDATE,
	STMT_PERSON_VERSION,
	STMT_PERSON_HISTORY,
	STMT_PERSON_COUNT,
	/* security: store/user.c, store/session.c, store/audit.c */
	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_GET_BY_ID,
	STMT_USER_ALL,
	STMT_USER_DISABLE,
	STMT_USER_SET_PASSWORD,
	STMT_USER_CLEAR_FAILURES,
	STMT_USER_COUNT_FAILURE,
	STMT_USER_LOCK,
	STMT_ADDRESS_GET,
	STMT_ADDRESS_COUNT_FAILURE,
	STMT_ADDRESS_CLEAR,
	STMT_SESSION_INSERT,
	STMT_SESSION_LOOKUP,
	STMT_SESSION_TOUCH,
	STMT_SESSION_END,
	STMT_SESSION_END_USER,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_LOOKUP,
	STMT_AUDIT_LAST,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_ALL,
	STMT__COUNT
};

/* Search statements by which filters are set (one bit per filter). */
#define SEARCH_FILTER_BITS 5
#define SEARCH_STATEMENTS (1 << SEARCH_FILTER_BITS)

struct store {
	sqlite3 *db;
	struct crypto_keys keys;
	sqlite3_stmt *statements[STMT__COUNT];
	sqlite3_stmt *search_statements[SEARCH_STATEMENTS];
	int transaction_depth;   /* 0: none; 1: store_begin; >1: writes joined to it */
	bool transaction_failed; /* a joined write failed after changing something */
	int schema_version;
};

/*
 * The cached statement `which`, reset and with bindings cleared, ready to
 * bind; NULL (with err set) if it cannot be prepared.
 */
sqlite3_stmt *store_statement(struct store *store, enum statement which, struct error *err);

/* Prepares SQL for one-off use; the caller finalizes. */
sqlite3_stmt *store_prepare(struct store *store, const char *sql, struct error *err);

/* Sets err from the database's last error (logged, never shown to people). */
enum status store_fail(struct store *store, struct error *err, const char *what);

/* Executes SQL without results. */
enum status store_exec(struct store *store, const char *sql, struct error *err);


/*
 * Adds one row of a record's field history with `insert_sql`, whose
 * parameters are ?1 record id, ?2 version, ?3 time, ?4 actor, ?5 field,
 * ?6 old value, ?7 new value (NULL values stay NULL).
 */
enum status store_history_row(struct store *store, const char *insert_sql, int64_t id,
			      int64_t version, int64_t now, const char *actor, const char *field,
			      const char *old_value, const char *new_value, struct error *err);

/* Binds text (NULL or "" as given) — static storage must outlive the step. */
int store_bind_text(sqlite3_stmt *stmt, int index, const char *text);

/* Copies column text into buf (empty for NULL). */
void store_column_text(sqlite3_stmt *stmt, int column, char *buf, size_t size);

/* Opens every sealed person field; reports and counts those that fail. */
enum status store_person_check_sealed(struct store *store, store_problem_fn report, void *ctx,
				      size_t *problems, struct error *err);

#endif
