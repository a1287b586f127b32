/*
 * store/maintenance.c — online backup and integrity checks.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "store/store_internal.h"

#define BACKUP_PAGES_PER_STEP 256

/* Runs a PRAGMA that answers "ok" or lists problems; reports each problem. */
static enum status run_check_pragma(struct store *store, sqlite3 *db, const char *sql,
				    bool ok_row, store_problem_fn report, void *ctx,
				    size_t *problems, struct error *err)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(store, err, "check prepare");
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char line[512];
		if (ok_row) {
			const unsigned char *text = sqlite3_column_text(stmt, 0);
			if (text && sqlite3_stricmp((const char *)text, "ok") == 0)
				continue;
			snprintf(line, sizeof line, "数据库结构损坏：%s", text ? (const char *)text : "");
		} else {
			snprintf(line, sizeof line, "表 %s 第 %lld 行引用了不存在的 %s 记录",
				 (const char *)sqlite3_column_text(stmt, 0),
				 (long long)sqlite3_column_int64(stmt, 1),
				 (const char *)sqlite3_column_text(stmt, 2));
		}
		if (report)
			report(line, ctx);
		(*problems)++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(store, err, "check");
	return ST_OK;
}

/* Sealed columns besides the person's own, each opened by the check. */
static const struct sealed_column {
	const char *sql;    /* id and the sealed value, rows with a value only */
	const char *label;  /* what a row is, in Chinese */
} sealed_columns[] = {
	{"SELECT id, spouse_id_number_sealed FROM certificate "
	 "WHERE spouse_id_number_sealed IS NOT NULL", "婚育证明"},
	{"SELECT id, contact_phone_sealed FROM departure WHERE contact_phone_sealed IS NOT NULL",
	 "外出登记"},
	{"SELECT id, contact_phone_sealed FROM organization WHERE contact_phone_sealed IS NOT NULL",
	 "单位"},
};

static enum status check_sealed_column(struct store *store, const struct sealed_column *column,
				       store_problem_fn report, void *ctx, size_t *problems,
				       struct error *err)
{
	sqlite3_stmt *stmt = store_prepare(store, column->sql, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int rc;
	char plain[128], line[160];
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *sealed = sqlite3_column_blob(stmt, 1);
		size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
		if (sealed && crypto_open(&store->keys, sealed, len, plain, sizeof plain, NULL) == ST_OK)
			continue;
		snprintf(line, sizeof line, "%s %lld 的加密字段无法解开（密钥不匹配或数据被改动）",
			 column->label, (long long)sqlite3_column_int64(stmt, 0));
		if (report)
			report(line, ctx);
		(*problems)++;
	}
	crypto_wipe(plain, sizeof plain);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? ST_OK : store_fail(store, err, "check sealed");
}

enum status store_check(struct store *store, store_problem_fn report, void *ctx,
			size_t *problems, struct error *err)
{
	enum status st;
	*problems = 0;
	if ((st = run_check_pragma(store, store->db, "PRAGMA integrity_check", true, report, ctx,
				   problems, err)) != ST_OK ||
	    (st = run_check_pragma(store, store->db, "PRAGMA foreign_key_check", false, report,
				   ctx, problems, err)) != ST_OK ||
	    (st = store_person_check_sealed(store, report, ctx, problems, err)) != ST_OK ||
	    (st = store_stats_check(store, report, ctx, problems, err)) != ST_OK)
		return st;
	for (size_t i = 0; i < sizeof sealed_columns / sizeof sealed_columns[0]; i++)
		if ((st = check_sealed_column(store, &sealed_columns[i], report, ctx, problems,
					      err)) != ST_OK)
			return st;
	if (*problems > 0)
		return error_set(err, ST_INTEGRITY, "", "数据库检查发现 %zu 个问题", *problems);
	return ST_OK;
}

/* Checks the finished copy with SQLite's quick check. */
static enum status verify_copy(struct store *store, sqlite3 *copy, struct error *err)
{
	size_t problems = 0;
	enum status st = run_check_pragma(store, copy, "PRAGMA quick_check", true, NULL, NULL,
					  &problems, err);
	if (st == ST_OK && problems > 0)
		return error_set(err, ST_INTEGRITY, "", "备份文件校验未通过，请重新备份");
	return st;
}

enum status store_backup(struct store *store, const char *to, store_progress_fn progress,
			 void *ctx, struct error *err)
{
	struct stat st_buf;
	if (stat(to, &st_buf) == 0)
		return error_set(err, ST_IO, "to", "备份文件已存在，不会覆盖：请换一个文件名");

	sqlite3 *copy = NULL;
	enum status st = ST_OK;
	if (sqlite3_open_v2(to, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		log_error("backup: cannot create %s: %s", to, sqlite3_errmsg(copy));
		sqlite3_close(copy);
		return error_set(err, ST_IO, "to", "无法创建备份文件，请检查路径和权限");
	}
	/*
	 * A read transaction held on the source fixes one snapshot (WAL lets the
	 * server go on writing), so the copy is consistent and never restarts.
	 */
	if (sqlite3_exec(store->db, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL,
			 NULL) != SQLITE_OK) {
		st = store_fail(store, err, "backup snapshot");
		goto out_close;
	}
	sqlite3_backup *backup = sqlite3_backup_init(copy, "main", store->db, "main");
	if (backup == NULL) {
		log_error("backup: %s", sqlite3_errmsg(copy));
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
		st = error_set(err, ST_STORAGE, "", "备份无法开始，请稍后重试");
		goto out_close;
	}
	int rc;
	do {
		rc = sqlite3_backup_step(backup, BACKUP_PAGES_PER_STEP);
		if (progress)
			progress(sqlite3_backup_pagecount(backup) - sqlite3_backup_remaining(backup),
				 sqlite3_backup_pagecount(backup), ctx);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(backup);
	sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_DONE) {
		log_error("backup: step failed: %s (%d)", sqlite3_errstr(rc), rc);
		st = error_set(err, ST_STORAGE, "", "备份中途失败，请检查磁盘空间后重试");
		goto out_close;
	}
	st = verify_copy(store, copy, err);

out_close:
	sqlite3_close(copy);
	if (st != ST_OK)
		unlink(to);
	return st;
}

#define KEY_CHECK_SETTING "key_check"
#define KEY_CHECK_TEXT "liudong field key check"

enum status store_verify_key(struct store *store, struct error *err)
{
	char sealed[CRYPTO_SEALED_TEXT_SIZE(sizeof KEY_CHECK_TEXT)];
	char opened[sizeof KEY_CHECK_TEXT + 1];
	struct error lookup;
	enum status st = store_setting_get(store, KEY_CHECK_SETTING, sealed, sizeof sealed, &lookup);
	if (st == ST_NOT_FOUND) {
		if ((st = crypto_seal_text(&store->keys, KEY_CHECK_TEXT, sealed, sizeof sealed, err)) !=
		    ST_OK)
			return st;
		return store_setting_set(store, KEY_CHECK_SETTING, sealed, err);
	}
	if (st != ST_OK)
		return error_set(err, lookup.status, "", "%s", lookup.message);
	if (crypto_open_text(&store->keys, sealed, opened, sizeof opened, NULL) != ST_OK ||
	    strcmp(opened, KEY_CHECK_TEXT) != 0)
		return error_set(err, ST_KEY_MISMATCH, "", NULL);
	return ST_OK;
}
