/*
 * registry.c — initializing a database and opening a workspace on it.
 */
#include "domain/registry.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "domain/division_source.h"
#include "store/store.h"

#define SETTING_CITY "city"

static void summarize(const struct division_table *table, const char *city,
		      struct init_summary *summary)
{
	memset(summary, 0, sizeof *summary);
	memcpy(summary->city, city, DIVISION_CODE_SIZE);
	const struct division *d = division_table_find(table, city);
	if (d)
		memcpy(summary->city_name, d->name, sizeof d->name);
	summary->divisions = table->count;
	for (size_t i = 0; i < table->count; i++) {
		const struct division *item = &table->items[i];
		if (!division_contains(city, item->code))
			continue;
		summary->towns += item->level == DIVISION_TOWN;
		summary->communities += item->level == DIVISION_VILLAGE;
	}
}

enum status registry_initialize(const char *db_path, const char *city_input,
				const char *divisions_dir, struct init_summary *summary,
				struct error *err)
{
	struct division_table table;
	char city[DIVISION_CODE_SIZE];
	struct store *store = NULL;
	enum status st;

	division_table_init(&table);
	if ((st = division_source_read(divisions_dir, city_input, &table, city, err)) != ST_OK)
		goto out_release;
	if ((st = store_open(db_path, STORE_CREATE, &store, err)) != ST_OK)
		goto out_release;
	if ((st = store_begin(store, err)) != ST_OK)
		goto out_remove;
	if ((st = store_division_replace(store, &table, err)) != ST_OK ||
	    (st = store_setting_set(store, SETTING_CITY, city, err)) != ST_OK ||
	    (st = store_verify_key(store, err)) != ST_OK) {
		store_rollback(store);
		goto out_remove;
	}
	if ((st = store_commit(store, err)) != ST_OK)
		goto out_remove;
	summarize(&table, city, summary);
	store_close(store);
	division_table_release(&table);
	return ST_OK;

out_remove:
	store_close(store);
	{
		char key_path[4096], side[4200];
		store_key_path(db_path, key_path, sizeof key_path);
		unlink(db_path);
		unlink(key_path);
		snprintf(side, sizeof side, "%s-wal", db_path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", db_path);
		unlink(side);
	}
out_release:
	division_table_release(&table);
	return st;
}

enum status workspace_open(struct workspace *ws, const char *db_path, struct error *err)
{
	enum status st;
	memset(ws, 0, sizeof *ws);
	division_table_init(&ws->divisions);
	if ((st = store_open(db_path, STORE_OPEN_EXISTING, &ws->store, err)) != ST_OK)
		return st;
	if ((st = store_verify_key(ws->store, err)) != ST_OK ||
	    (st = store_division_load(ws->store, &ws->divisions, err)) != ST_OK ||
	    (st = store_setting_get(ws->store, SETTING_CITY, ws->registry.city,
				    sizeof ws->registry.city, err)) != ST_OK) {
		if (st == ST_NOT_FOUND)
			st = error_set(err, ST_NOT_INITIALIZED, "", NULL);
		workspace_close(ws);
		return st;
	}
	ws->registry.store = ws->store;
	ws->registry.divisions = &ws->divisions;
	ws->registry.today = date_today();
	return ST_OK;
}

void workspace_close(struct workspace *ws)
{
	store_close(ws->store);
	ws->store = NULL;
	division_table_release(&ws->divisions);
}

enum status registry_begin(const struct registry *reg, struct error *err)
{
	return store_begin(reg->store, err);
}

enum status registry_commit(const struct registry *reg, struct error *err)
{
	return store_commit(reg->store, err);
}

void registry_rollback(const struct registry *reg)
{
	store_rollback(reg->store);
}
