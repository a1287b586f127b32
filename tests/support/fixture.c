/*
 * fixture.c — temporary databases for tests.
 */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/log.h"
#include "domain/idcard.h"
#include "store/store.h"

static const char *const divisions[][2] = {
	{"11", "北京市"}, {"1101", "市辖区"}, {"110105", "朝阳区"},
	{"41", "河南省"}, {"4101", "郑州市"}, {"410102", "中原区"},
	{"51", "四川省"}, {"5101", "成都市"}, {"510104", "锦江区"},
	{"62", "甘肃省"}, {"6201", "兰州市"}, {"620102", "城关区"},
	{"6202", "嘉峪关市"}, {"620201", "嘉峪关市"},
	{"620201001", "雄关街道"}, {"620201001001", "福民社区"}, {"620201001002", "胜利社区"},
	{"620201002", "钢城街道"}, {"620201002001", "大众社区"},
	{"620201100", "新城镇"}, {"620201100200", "野麻湾村村民委员会"},
};

int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct error err;
	struct store *store;
	struct division_table table;
	log_set_quiet(1);
	snprintf(f->dir, sizeof f->dir, "/tmp/liudong-test-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db_path, sizeof f->db_path, "%s/test.db", f->dir);
	if (store_open(f->db_path, STORE_CREATE, &store, &err) != ST_OK)
		return -1;
	division_table_init(&table);
	for (size_t i = 0; i < sizeof divisions / sizeof divisions[0]; i++)
		division_table_add(&table, divisions[i][0], divisions[i][1], &err);
	division_table_sort(&table);
	if (store_division_replace(store, &table, &err) != ST_OK ||
	    store_setting_set(store, "city", "6202", &err) != ST_OK)
		return -1;
	division_table_release(&table);
	store_close(store);
	if (workspace_open(&f->ws, f->db_path, &err) != ST_OK)
		return -1;
	f->ws.registry.today = (struct date){2026, 11, 29};
	f->reg = &f->ws.registry;
	*state = f;
	return 0;
}

int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	char command[400];
	workspace_close(&f->ws);
	snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
	if (system(command) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(f);
	return 0;
}

void fixture_id_number(const char *region, const char *yyyymmdd, int sequence, char out[19])
{
	snprintf(out, 19, "%.6s%.8s%03d", region, yyyymmdd, sequence);
	out[17] = idcard_check_character(out);
	out[18] = '\0';
}

long fixture_count(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long n = -1;
	if (sqlite3_open_v2(f->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return n;
}

void fixture_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	if (sqlite3_open_v2(f->db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("cannot open %s", f->db_path);
	char *message = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
		fail_msg("%s", message ? message : "exec failed");
	sqlite3_close(db);
}
