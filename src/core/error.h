/*
 * error.h — the one status type and the one error catalogue.
 *
 * Every action that can fail returns an `enum status` and, when it fails,
 * fills a `struct error` with a stable code for programs (`invalid_id_number`),
 * a message in Chinese for people and the field at fault.  The catalogue in
 * error.c maps each status to its code, its HTTP status and its default
 * message; callers may give a more specific message, never raw input.
 */
#ifndef LIUDONG_ERROR_H
#define LIUDONG_ERROR_H

#include <stdbool.h>

enum status {
	ST_OK = 0,
	ST_USAGE,                 /* wrong command-line use */
	ST_INVALID_INPUT,         /* a value of the wrong form */
	ST_MISSING_FIELD,         /* a required field is absent */
	ST_UNKNOWN_FIELD,         /* a field name that does not exist */
	ST_INVALID_ID_NUMBER,     /* resident ID number fails GB 11643 */
	ST_INVALID_DATE,          /* not a real date, or out of range */
	ST_INVALID_DIVISION,      /* not a known division, or wrong level */
	ST_INVALID_CODE,          /* not in a code table (ethnicity, marital status) */
	ST_FLOW_RULE,             /* hukou/residence do not fit the flow */
	ST_DUPLICATE_PERSON,      /* a record with this ID number exists */
	ST_NOT_FOUND,             /* no such record */
	ST_VERSION_CONFLICT,      /* update based on a stale version */
	ST_NOT_INITIALIZED,       /* database missing or has no schema */
	ST_ALREADY_INITIALIZED,   /* init on an existing database */
	ST_SCHEMA_TOO_NEW,        /* database written by a newer liudong */
	ST_KEY_MISSING,           /* field-encryption key file absent */
	ST_KEY_INSECURE,          /* key file readable by others, or malformed */
	ST_KEY_MISMATCH,          /* key file of another database */
	ST_DIVISIONS_MISSING,     /* division source files not found */
	ST_STORAGE,               /* the database failed */
	ST_IO,                    /* a file could not be read or written */
	ST_NO_MEMORY,
	ST_CRYPTO,                /* sealing or opening a field failed */
	ST_INTEGRITY,             /* integrity or foreign-key check failed */
	ST_UNAUTHENTICATED,       /* no valid session or token */
	ST_LOGIN_FAILED,          /* wrong username or password */
	ST_LOGIN_THROTTLED,       /* too many failures: wait related_id seconds */
	ST_ACCOUNT_LOCKED,        /* locked after failures, or disabled */
	ST_FORBIDDEN,             /* the role lacks the permission */
	ST_OUT_OF_SCOPE,          /* the division lies outside the user's scope */
	ST_CSRF,                  /* missing or wrong X-CSRF-Token */
	ST_PASSWORD_REJECTED,     /* password against the policy */
	ST_DUPLICATE_USER,        /* username taken */
	ST_BODY_TOO_LARGE,        /* request body over the limit */
	ST_PRECONDITION_REQUIRED, /* If-Match missing on an update */
	ST_METHOD_NOT_ALLOWED,    /* the path exists, not with this method */
	ST_UNSUPPORTED_MEDIA,     /* body is not application/json */
	ST_UNAVAILABLE,           /* shutting down or overloaded */
	ST_NOT_ALLOWED,           /* the rules do not allow this for this record */
	ST_INVALID_STATE,         /* the record's state does not allow this step */
	ST_DUPLICATE_CERTIFICATE, /* a certificate with this number is recorded */
	ST_CONDITION_UNMET,       /* a transition's conditions are not all met */
	ST_INVALID_CREDIT_CODE,   /* unified social credit code fails GB 32100 */
	ST_DUPLICATE_ORGANIZATION, /* an organization with this credit code exists */
	ST_EXCHANGE_MALFORMED,    /* a message of the exchange that is not well formed */
	ST_EXCHANGE_UNKNOWN_NODE, /* a message from a node that is no registered peer */
	ST_EXCHANGE_SIGNATURE,    /* a message whose signature does not check */
	ST_EXCHANGE_WRONG_NODE,   /* a message addressed to another node */
	ST_EXCHANGE_CLOCK_SKEW,   /* a message sent too long ago or in the future */
	ST_EXCHANGE_NO_PEER,      /* no peer answers for that division */
	ST_EXCHANGE_UNREACHABLE,  /* the peer did not answer (or answered unsigned) */
	ST__COUNT
};

#define ERROR_FIELD_MAX 48
#define ERROR_MESSAGE_MAX 320

struct error {
	enum status status;
	char field[ERROR_FIELD_MAX];      /* API name of the field at fault, or "" */
	char message[ERROR_MESSAGE_MAX];  /* Chinese, for people */
	char reason[48];                  /* finer stable code (e.g. bad_check_character), or "" */
	long long related_id;             /* e.g. the existing record of a duplicate, or 0 */
};

/* Stable snake_case code of a status (`invalid_id_number`). */
const char *error_code(enum status st);

/* HTTP status that fits a status (400, 404, 409, 500, ...). */
int error_http_status(enum status st);

/* The catalogue's default Chinese message. */
const char *error_default_message(enum status st);

/*
 * Fills `err` (which may be NULL) and returns `st`, so that callers can write
 * `return error_set(err, ST_NOT_FOUND, "id", NULL);`.  `fmt` (printf-style,
 * may be NULL for the catalogue message) must never carry raw input.
 */
enum status error_set(struct error *err, enum status st, const char *field,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Sets the finer reason code of an error already set. */
void error_set_reason(struct error *err, const char *reason);

/* Resets `err` to ST_OK with empty texts. */
void error_clear(struct error *err);

#endif
