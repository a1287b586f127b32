/*
 * store.h — the one interface to storage.  Only src/store/ speaks SQL.
 *
 * A store is one database (SQLite today) and the field key beside it
 * (`<database>.key`).  Writes that change a record run in one transaction
 * together with their history rows.  Functions that write open their own
 * transaction, or join the caller's (store_begin / store_commit), in which
 * case a failure undoes only their own part (a savepoint).
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
#include "domain/person.h"

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

/* Size of the database in bytes (pages in use times page size). */
enum status store_size_bytes(struct store *store, int64_t *bytes, struct error *err);

#endif
