/*
 * store/division.c — the division table in the database.
 */
#include "store/store_internal.h"

enum status store_division_replace(struct store *store, const struct division_table *table,
				   struct error *err)
{
	enum status st = store_write_begin(store, err);
	if (st != ST_OK)
		return st;
	if ((st = store_exec(store, "DELETE FROM division", err)) != ST_OK)
		goto out_abort;
	for (size_t i = 0; i < table->count; i++) {
		const struct division *d = &table->items[i];
		sqlite3_stmt *stmt = store_statement(store, STMT_DIVISION_INSERT, err);
		if (stmt == NULL) {
			st = err ? err->status : ST_STORAGE;
			goto out_abort;
		}
		store_bind_text(stmt, 1, d->code);
		store_bind_text(stmt, 2, d->name);
		sqlite3_bind_int(stmt, 3, (int)d->level);
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			st = store_fail(store, err, "division insert");
			goto out_abort;
		}
	}
	return store_write_commit(store, err);

out_abort:
	store_write_abort(store);
	return st;
}

enum status store_division_load(struct store *store, struct division_table *table,
				struct error *err)
{
	sqlite3_stmt *stmt = store_statement(store, STMT_DIVISION_ALL, err);
	if (stmt == NULL)
		return err ? err->status : ST_STORAGE;
	int rc;
	enum status st = ST_OK;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(stmt, 0);
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		if ((st = division_table_add(table, code ? code : "", name ? name : "", err)) != ST_OK)
			break;
	}
	if (st == ST_OK && rc != SQLITE_DONE)
		st = store_fail(store, err, "division load");
	sqlite3_reset(stmt);
	division_table_sort(table);
	return st;
}
