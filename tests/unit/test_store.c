/*
 * test_store.c — the store's promises (src/store/): schema versions, the
 * key file, transactions and savepoints, backup and the integrity check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "sample/sample.h"
#include "store/store.h"

static void path_in(struct fixture *f, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", f->dir, name);
}

/* Stores `n` sample persons through the store API in one transaction. */
static void store_samples(struct fixture *f, int n, uint64_t seed)
{
	struct sample_pool pool;
	struct sample_rng rng;
	struct error err;
	assert_int_equal(sample_pool_init(&pool, &f->ws.divisions, "6202", &err), ST_OK);
	sample_rng_seed(&rng, seed);
	assert_int_equal(store_begin(f->ws.store, &err), ST_OK);
	for (int i = 0; i < n; i++) {
		struct person p;
		sample_person(&rng, &pool, &f->reg->today, &p);
		assert_int_equal(person_validate(f->reg, &p, &err), ST_OK);
		assert_int_equal(store_person_insert(f->ws.store, &p, "tester", &err), ST_OK);
	}
	assert_int_equal(store_commit(f->ws.store, &err), ST_OK);
	sample_pool_release(&pool);
}

static void test_database_runs_in_wal_mode_with_foreign_keys(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_schema_version(f->ws.store), store_schema_latest());
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM pragma_journal_mode "
					  "WHERE journal_mode = 'wal'"),
			 1);
	assert_int_equal(fixture_count(f, "SELECT max(version) FROM schema_version"),
			 store_schema_latest());
}

static void test_database_of_a_newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct store *store;
	struct error err;
	workspace_close(&f->ws);
	fixture_exec(f, "INSERT INTO schema_version VALUES (999, 0)");
	assert_int_equal(store_open(f->db_path, STORE_OPEN_EXISTING, &store, &err),
			 ST_SCHEMA_TOO_NEW);
	assert_string_equal(error_code(err.status), "schema_too_new");
	fixture_exec(f, "DELETE FROM schema_version WHERE version = 999");
	assert_int_equal(workspace_open(&f->ws, f->db_path, &err), ST_OK);
}

static void test_missing_or_open_key_file_is_refused(void **state)
{
	struct fixture *f = *state;
	char key[400], moved[400];
	struct store *store;
	struct error err;
	workspace_close(&f->ws);
	store_key_path(f->db_path, key, sizeof key);
	path_in(f, "moved.key", moved, sizeof moved);

	assert_int_equal(rename(key, moved), 0);
	assert_int_equal(store_open(f->db_path, STORE_OPEN_EXISTING, &store, &err), ST_KEY_MISSING);
	assert_int_equal(rename(moved, key), 0);

	assert_int_equal(chmod(key, 0644), 0);
	assert_int_equal(store_open(f->db_path, STORE_OPEN_EXISTING, &store, &err), ST_KEY_INSECURE);
	assert_int_equal(chmod(key, 0600), 0);
	assert_int_equal(workspace_open(&f->ws, f->db_path, &err), ST_OK);
}

static void test_damaged_key_file_is_refused(void **state)
{
	struct fixture *f = *state;
	char key[400];
	struct store *store;
	struct error err;
	workspace_close(&f->ws);
	store_key_path(f->db_path, key, sizeof key);
	int fd = open(key, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "liudong-field-key-v1 abc\n", 25), 25);
	close(fd);
	assert_int_equal(store_open(f->db_path, STORE_OPEN_EXISTING, &store, &err), ST_KEY_INSECURE);
	/* Leave a usable workspace for teardown: a new database beside it. */
	path_in(f, "other.db", f->db_path, sizeof f->db_path);
	assert_int_equal(store_open(f->db_path, STORE_CREATE, &store, &err), ST_OK);
	store_close(store);
	f->ws.store = NULL;
}

static void test_create_never_overwrites_and_open_needs_a_database(void **state)
{
	struct fixture *f = *state;
	struct store *store;
	struct error err;
	char missing[400];
	assert_int_equal(store_open(f->db_path, STORE_CREATE, &store, &err), ST_ALREADY_INITIALIZED);
	path_in(f, "missing.db", missing, sizeof missing);
	assert_int_equal(store_open(missing, STORE_OPEN_EXISTING, &store, &err), ST_NOT_INITIALIZED);
	assert_int_equal(access(missing, F_OK), -1);
}

static void test_a_key_from_another_database_cannot_open_the_fields(void **state)
{
	struct fixture *f = *state;
	char key[400], other_db[400], other_key[400];
	struct store *store;
	struct error err;
	size_t problems = 0;
	store_samples(f, 3, 7);
	workspace_close(&f->ws);
	path_in(f, "other.db", other_db, sizeof other_db);
	assert_int_equal(store_open(other_db, STORE_CREATE, &store, &err), ST_OK);
	store_close(store);
	store_key_path(f->db_path, key, sizeof key);
	store_key_path(other_db, other_key, sizeof other_key);
	assert_int_equal(rename(other_key, key), 0);

	assert_int_equal(store_open(f->db_path, STORE_OPEN_EXISTING, &store, &err), ST_OK);
	assert_int_equal(store_verify_key(store, &err), ST_KEY_MISMATCH);
	assert_string_equal(error_code(err.status), "key_mismatch");
	struct person p;
	assert_int_equal(store_person_get(store, 1, &p, &err), ST_CRYPTO);
	assert_int_equal(store_check(store, NULL, NULL, &problems, &err), ST_INTEGRITY);
	assert_int_equal(problems, 3);
	store_close(store);
	f->ws.store = NULL;
}

static void test_failed_write_inside_a_transaction_undoes_only_itself(void **state)
{
	struct fixture *f = *state;
	struct sample_pool pool;
	struct sample_rng rng;
	struct error err;
	struct person a, b;
	assert_int_equal(sample_pool_init(&pool, &f->ws.divisions, "6202", &err), ST_OK);
	sample_rng_seed(&rng, 11);
	sample_person(&rng, &pool, &f->reg->today, &a);
	sample_person(&rng, &pool, &f->reg->today, &b);
	sample_pool_release(&pool);

	assert_int_equal(store_begin(f->ws.store, &err), ST_OK);
	assert_int_equal(store_person_insert(f->ws.store, &a, "tester", &err), ST_OK);
	struct person again = a;
	assert_int_equal(store_person_insert(f->ws.store, &again, "tester", &err),
			 ST_DUPLICATE_PERSON);
	assert_int_equal(store_person_insert(f->ws.store, &b, "tester", &err), ST_OK);
	assert_int_equal(store_commit(f->ws.store, &err), ST_OK);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person_history"), 2);
}

static void test_rolled_back_transaction_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct sample_pool pool;
	struct sample_rng rng;
	struct error err;
	struct person a;
	assert_int_equal(sample_pool_init(&pool, &f->ws.divisions, "6202", &err), ST_OK);
	sample_rng_seed(&rng, 12);
	sample_person(&rng, &pool, &f->reg->today, &a);
	sample_pool_release(&pool);
	assert_int_equal(store_begin(f->ws.store, &err), ST_OK);
	assert_int_equal(store_person_insert(f->ws.store, &a, "tester", &err), ST_OK);
	store_rollback(f->ws.store);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM person_history"), 0);
}

static void test_backup_is_a_checked_copy_and_never_overwrites(void **state)
{
	struct fixture *f = *state;
	char copy[400], copy_key[400], key[400], command[1000];
	struct error err;
	struct store *store;
	store_samples(f, 25, 3);
	path_in(f, "backup.db", copy, sizeof copy);
	assert_int_equal(store_backup(f->ws.store, copy, NULL, NULL, &err), ST_OK);
	assert_int_equal(store_backup(f->ws.store, copy, NULL, NULL, &err), ST_IO);

	store_key_path(f->db_path, key, sizeof key);
	store_key_path(copy, copy_key, sizeof copy_key);
	snprintf(command, sizeof command, "cp -p '%s' '%s'", key, copy_key);
	assert_int_equal(system(command), 0);
	assert_int_equal(store_open(copy, STORE_OPEN_EXISTING, &store, &err), ST_OK);
	int64_t n = 0;
	size_t problems = 0;
	assert_int_equal(store_person_count(store, &n, &err), ST_OK);
	assert_int_equal(n, 25);
	assert_int_equal(store_check(store, NULL, NULL, &problems, &err), ST_OK);
	store_close(store);
}

static void test_check_finds_a_dangling_reference(void **state)
{
	struct fixture *f = *state;
	struct error err;
	size_t problems = 0;
	store_samples(f, 2, 5);
	assert_int_equal(store_check(f->ws.store, NULL, NULL, &problems, &err), ST_OK);
	fixture_exec(f, "PRAGMA foreign_keys = OFF; "
			"INSERT INTO person_history (person_id, version, changed_at, actor, field) "
			"VALUES (9999, 1, 0, 'x', '*')");
	assert_int_equal(store_check(f->ws.store, NULL, NULL, &problems, &err), ST_INTEGRITY);
	assert_int_equal(problems, 1);
}

static void test_settings_round_trip(void **state)
{
	struct fixture *f = *state;
	struct error err;
	char value[32];
	assert_int_equal(store_setting_get(f->ws.store, "city", value, sizeof value, &err), ST_OK);
	assert_string_equal(value, "6202");
	assert_int_equal(store_setting_set(f->ws.store, "city", "6201", &err), ST_OK);
	assert_int_equal(store_setting_get(f->ws.store, "city", value, sizeof value, &err), ST_OK);
	assert_string_equal(value, "6201");
	assert_int_equal(store_setting_get(f->ws.store, "nothing", value, sizeof value, &err),
			 ST_NOT_FOUND);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_database_runs_in_wal_mode_with_foreign_keys),
		T(test_database_of_a_newer_schema_is_refused),
		T(test_missing_or_open_key_file_is_refused),
		T(test_damaged_key_file_is_refused),
		T(test_create_never_overwrites_and_open_needs_a_database),
		T(test_a_key_from_another_database_cannot_open_the_fields),
		T(test_failed_write_inside_a_transaction_undoes_only_itself),
		T(test_rolled_back_transaction_leaves_nothing),
		T(test_backup_is_a_checked_copy_and_never_overwrites),
		T(test_check_finds_a_dangling_reference),
		T(test_settings_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
