/*
 * audit.h — the audit trail: who did what to which record, and the outcome.
 *
 * Rows are append-only and form a hash chain: each row's hash covers the
 * previous row's hash and the row's own fields (crypto.h's chain hash), so
 * that an edited, inserted or removed row breaks the chain at that point.
 *
 * Writes are audited inside their own transaction (audit_write joins it).
 * Reads are queued and group-committed by a background flusher at least
 * every 100 ms and at shutdown, so that audited reads stay fast.
 */
#ifndef LIUDONG_AUDIT_H
#define LIUDONG_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "security/authz.h"

struct store;

struct audit_entry {
	int64_t id;            /* set when stored */
	int64_t at;            /* Unix milliseconds */
	int64_t user_id;       /* 0 if nobody is logged in (failed login) */
	char username[64];
	char role[24];
	char address[48];      /* client IP address */
	char action[32];       /* "login", "person.read", "person.update", ... */
	char object[64];       /* "person:42", "user:zhangwei", "" */
	char outcome[32];      /* "ok", "denied", an error code such as "version_conflict" */
	char detail[400];      /* e.g. the stated reason of a remote query (up to 100 characters);
				  never an ID number, never a name */
};

/* Fills who/role/user_id of an entry from a principal (NULL: anonymous). */
void audit_entry_init(struct audit_entry *e, const struct principal *who, const char *address,
		      const char *action, const char *object, const char *outcome);

/* Appends one row now, joining the caller's transaction if there is one. */
enum status audit_write(struct store *store, struct audit_entry *e, struct error *err);

/*
 * Queues a row for group commit (reads).  Starts the flusher on first use
 * with its own store handle opened on `db_path`.
 */
enum status audit_queue_start(const char *db_path, struct error *err);
void audit_queue(const struct audit_entry *e);
/* Writes out everything queued and stops the flusher. */
void audit_queue_stop(void);

/*
 * Walks the whole chain; *rows gets the number checked, *first_broken the id
 * of the first row whose hash does not match (0 if none).  ST_INTEGRITY if
 * broken.
 */
enum status audit_verify(struct store *store, int64_t *rows, int64_t *first_broken,
			 struct error *err);

struct audit_filter {
	int64_t user_id;       /* 0: any */
	char object[64];       /* "": any */
	char action[32];       /* "": any */
	int64_t from;          /* Unix ms, 0: any */
	int64_t to;            /* Unix ms, 0: any */
	int64_t before_id;     /* cursor: rows with smaller id (newest first), 0: start */
	size_t limit;          /* 1..500 */
};

/* Calls fn for matching rows, newest first. */
enum status audit_search(struct store *store, const struct audit_filter *filter,
			 bool (*fn)(const struct audit_entry *, void *), void *ctx,
			 struct error *err);

/*
 * The bytes a row's hash covers: a version byte, then id, at and user_id as
 * 8-byte big-endian integers, then username, role, address, action, object,
 * outcome and detail each as a 2-byte big-endian length and its bytes.
 * Unambiguous, so that moving text from one field to another changes them.
 * Returns the length written into out, or 0 if `size` is too small.
 */
#define AUDIT_CANONICAL_MAX 1024
size_t audit_entry_serialize(const struct audit_entry *e, unsigned char *out, size_t size);

#endif
