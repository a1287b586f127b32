/*
 * bench_stats.c — how long each statistics table takes at N persons.
 *
 * The database (--persons N, default 1,000,000, in --dir or a new directory
 * under /tmp, removed afterwards unless --keep; or --db FILE, an existing
 * one) is built in two steps:
 *
 *   demo         registry_initialize (city 620200) and demo_fill with BASE
 *                persons (--base, default 50,000): persons, certificates,
 *                contracts and inquiries through the registry's rules, as
 *                `liudong demo` makes them.
 *   replicas     the demo's persons, certificates and inquiries copied with
 *                plain INSERT … SELECT until there are N persons (new ids,
 *                new blind indexes and certificate numbers; the same sealed
 *                ID numbers and dates).  The inserts go into the tables, so
 *                the triggers of migration 0014 keep the summaries exactly
 *                as they do for every other write.  --check ends the run
 *                with the summaries checked against a recount
 *                (store_stats_check; minutes at 1,000,000 persons).
 *
 * Then, for every table (persons, certificates, casework, trends) and three
 * divisions (the city with its towns, the largest town with its
 * communities, its largest community) the table is computed RUNS times
 * with stats_compute — what GET /api/v1/stats/... does before rendering —
 * and the median and the slowest run are printed; then each of the city's
 * tables as CSV and XLSX (stats_compute + stats_render_file).  The target
 * (every statistics endpoint under 100 ms at 1,000,000 persons) is checked
 * against the slowest figure of all and printed MET / NOT MET.  Missing it
 * is a result, not an error: the exit status is non-zero only when
 * something failed.  Progress goes to stderr.
 */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "domain/division_source.h"
#include "domain/registry.h"
#include "domain/stats.h"
#include "sample/demo.h"
#include "store/store.h"

#define DEFAULT_RUNS 9
#define DEFAULT_PERSONS 1000000L
#define DEFAULT_BASE 50000L
#define BENCH_CITY "620200"
#define BENCH_SEED 20071u
#define TARGET_MS 100.0

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The slowest figure so far, with what it was. */
struct slowest {
	double ms;
	char what[96];
};

static void note(struct slowest *s, double ms, const char *what)
{
	if (ms > s->ms) {
		s->ms = ms;
		snprintf(s->what, sizeof s->what, "%s", what);
	}
}

static void fail(const char *what, const struct error *err)
{
	fprintf(stderr, "bench_stats: %s: %s (%s)\n", what, err->message, error_code(err->status));
}

/* Times `runs` computations of one table; prints the median and the slowest. */
static bool time_table(const struct registry *reg, enum stats_table table, const char *division,
		       const char *label, int runs, struct slowest *slowest)
{
	double ms[64];
	struct stats_result r;
	struct error err;
	size_t rows = 0;
	for (int i = 0; i < runs; i++) {
		double start = now_ms();
		error_clear(&err);
		if (stats_compute(reg, table, division, &r, &err) != ST_OK) {
			fail(stats_table_name(table), &err);
			return false;
		}
		ms[i] = now_ms() - start;
		rows = r.row_count;
		stats_result_release(&r);
	}
	qsort(ms, (size_t)runs, sizeof ms[0], compare_doubles);
	char what[96];
	snprintf(what, sizeof what, "%s %s", stats_table_name(table), label);
	printf("  %-34s %3zu rows  median %8.2f ms  slowest %8.2f ms\n", what, rows,
	       ms[runs / 2], ms[runs - 1]);
	note(slowest, ms[runs - 1], what);
	return true;
}

static bool time_file(const struct registry *reg, enum stats_table table,
		      enum sheet_format format, struct slowest *slowest)
{
	struct stats_result r;
	struct error err;
	char *file = NULL;
	size_t length = 0;
	error_clear(&err);
	double start = now_ms();
	if (stats_compute(reg, table, "", &r, &err) != ST_OK ||
	    stats_render_file(&r, format, NULL, &file, &length, &err) != ST_OK) {
		fail("file", &err);
		return false;
	}
	double ms = now_ms() - start;
	stats_result_release(&r);
	free(file);
	char what[96];
	snprintf(what, sizeof what, "%s city as %s", stats_table_name(table), sheet_extension(format));
	printf("  %-34s %7zu bytes       total %8.2f ms\n", what, length, ms);
	note(slowest, ms, what);
	return true;
}

/* The largest town (most persons) and a community of it. */
static bool pick_divisions(const struct registry *reg, char town[DIVISION_CODE_SIZE],
			   char community[DIVISION_CODE_SIZE])
{
	struct stats_result r;
	struct error err;
	error_clear(&err);
	if (stats_compute(reg, STATS_PERSONS, "", &r, &err) != ST_OK) {
		fail("persons", &err);
		return false;
	}
	double best = -1;
	for (size_t i = 0; i + 1 < r.row_count; i++)
		if (r.rows[i].kind == STATS_ROW_DIVISION && r.rows[i].values[0] > best) {
			best = r.rows[i].values[0];
			memcpy(town, r.rows[i].code, DIVISION_CODE_SIZE);
		}
	printf("persons in the registry: %.0f\n", stats_result_total(&r)->values[0]);
	stats_result_release(&r);
	if (best < 0 || stats_compute(reg, STATS_PERSONS, town, &r, &err) != ST_OK)
		return false;
	best = -1;
	for (size_t i = 0; i + 1 < r.row_count; i++)
		if (r.rows[i].kind == STATS_ROW_DIVISION && r.rows[i].values[0] > best) {
			best = r.rows[i].values[0];
			memcpy(community, r.rows[i].code, DIVISION_CODE_SIZE);
		}
	stats_result_release(&r);
	return best >= 0;
}

/* --- building the database ----------------------------------------------- */

static const char person_columns[] =
	"id_number_sealed, name, sex, birth_date, ethnicity, hukou_division, hukou_address, "
	"residence_division, residence_address, flow, management, marital_status, "
	"marriage_date, arrival_date, phone_sealed, possible_duplicate, version, created_at, "
	"updated_at";

static const char certificate_columns[] =
	"kind, state, issuer_division, issuer_name, issued_on, valid_until, "
	"destination_division, marital_status, marriage_date, spouse_name, "
	"spouse_id_number_sealed, distributed_on, received_by, ended_on, end_reason, version, "
	"created_at, updated_at";

static const char inquiry_columns[] =
	"from_division, to_division, channel, urgency, subject, state, note, sent_on, due_on, "
	"answered_on, answer_marital_status, answer_text, answer_reference, cancel_reason, "
	"version, created_at, updated_at";

static bool exec_sql(sqlite3 *db, const char *sql)
{
	char *message = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &message) == SQLITE_OK)
		return true;
	fprintf(stderr, "bench_stats: %s\n", message ? message : sqlite3_errmsg(db));
	sqlite3_free(message);
	return false;
}

/*
 * Copy `copy` (from 1) of the first `base` persons (ids 1..base) and their
 * certificates and inquiries, at most `count` persons: ids shifted by
 * copy * base.
 */
static bool replicate(sqlite3 *db, long base, long copy, long count)
{
	char sql[2048];
	long long shift = (long long)copy * base;
	snprintf(sql, sizeof sql,
		 "BEGIN IMMEDIATE;"
		 "INSERT INTO person (id, id_number_index, %1$s) SELECT id + %2$lld, randomblob(32), "
		 "%1$s FROM person WHERE id <= %3$ld ORDER BY id LIMIT %4$ld;"
		 "INSERT INTO certificate (number, person_id, %5$s) SELECT number || '-R%6$ld', "
		 "person_id + %2$lld, %5$s FROM certificate WHERE person_id <= %7$ld;"
		 "INSERT INTO inquiry (person_id, %8$s) SELECT person_id + %2$lld, %8$s "
		 "FROM inquiry WHERE person_id <= %7$ld;"
		 "COMMIT;",
		 person_columns, shift, base, count, certificate_columns, copy, count,
		 inquiry_columns);
	return exec_sql(db, sql);
}

static bool build_database(const char *path, long persons, long base)
{
	struct init_summary summary;
	struct workspace ws;
	struct demo_summary demo;
	struct error err;
	error_clear(&err);
	if (base > persons)
		base = persons;
	double start = now_ms();
	if (registry_initialize(path, BENCH_CITY, division_source_default_dir(), &summary, &err) !=
		    ST_OK ||
	    workspace_open(&ws, path, &err) != ST_OK) {
		fail(path, &err);
		return false;
	}
	enum status st = demo_fill(&ws.registry, (size_t)base, BENCH_SEED, NULL, NULL, &demo, &err);
	workspace_close(&ws);
	if (st != ST_OK) {
		fail("demo", &err);
		return false;
	}
	fprintf(stderr, "demo: %ld persons in %.0f s\n", base, (now_ms() - start) / 1e3);
	start = now_ms();
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK || !exec_sql(db, "PRAGMA foreign_keys = ON")) {
		sqlite3_close(db);
		return false;
	}
	sqlite3_busy_timeout(db, 10000);
	bool ok = true;
	for (long copy = 1; ok && copy * base < persons; copy++) {
		long count = persons - copy * base < base ? persons - copy * base : base;
		ok = replicate(db, base, copy, count);
		fprintf(stderr, "replicas: %ld persons\n", copy * base + count);
	}
	sqlite3_close(db);
	if (ok)
		fprintf(stderr, "replicas: %ld persons in %.0f s\n", persons - base,
			(now_ms() - start) / 1e3);
	return ok;
}

/* Checks the summaries against a recount of the records. */
static bool check_summaries(struct workspace *ws)
{
	size_t problems = 0;
	struct error err;
	error_clear(&err);
	double start = now_ms();
	if (store_stats_check(ws->registry.store, NULL, NULL, &problems, &err) != ST_OK) {
		fail("check", &err);
		return false;
	}
	printf("summaries against a recount: %s (%zu differing, %.0f s)\n",
	       problems == 0 ? "equal" : "DIFFERENT", problems, (now_ms() - start) / 1e3);
	return problems == 0;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *dir = NULL;
	long runs = DEFAULT_RUNS, persons = DEFAULT_PERSONS, base = DEFAULT_BASE;
	bool keep = false, check = false, usage = false;
	for (int i = 1; i < argc && !usage; i++) {
		long *number = strcmp(argv[i], "--runs") == 0	 ? &runs
			       : strcmp(argv[i], "--persons") == 0 ? &persons
			       : strcmp(argv[i], "--base") == 0	 ? &base
								 : NULL;
		if (number && i + 1 < argc) {
			char *end;
			errno = 0;
			*number = strtol(argv[++i], &end, 10);
			usage = errno != 0 || *end != '\0' || *number < 1 || *number > 100000000L;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strcmp(argv[i], "--keep") == 0) {
			keep = true;
		} else if (strcmp(argv[i], "--check") == 0) {
			check = true;
		} else {
			usage = true;
		}
	}
	if (usage || runs > 64) {
		fprintf(stderr, "usage: bench_stats [--persons N] [--base N] [--dir DIR] [--keep] "
				"[--runs 1..64] [--check]\n       bench_stats --db FILE [--runs 1..64] [--check]\n");
		return 2;
	}
	char made[PATH_MAX] = "", path[PATH_MAX + 16];
	if (db == NULL) {
		if (dir == NULL) {
			snprintf(made, sizeof made, "/tmp/liudong-bench-stats.XXXXXX");
			if (mkdtemp(made) == NULL) {
				perror("bench_stats: mkdtemp");
				return 1;
			}
			dir = made;
		}
		snprintf(path, sizeof path, "%s/stats.db", dir);
		if (!build_database(path, persons, base))
			return 1;
		db = path;
	}
	struct workspace ws;
	struct error err;
	error_clear(&err);
	if (workspace_open(&ws, db, &err) != ST_OK) {
		fail(db, &err);
		return 1;
	}
	char town[DIVISION_CODE_SIZE] = "", community[DIVISION_CODE_SIZE] = "";
	struct slowest slowest = {0, ""};
	bool ok = pick_divisions(&ws.registry, town, community);
	printf("machine: %ld cores online\n", sysconf(_SC_NPROCESSORS_ONLN));
	printf("statistics, %ld runs each (stats_compute, the work of GET /api/v1/stats/...):\n",
	       runs);
	for (int t = 0; ok && t < STATS_TABLE_END; t++) {
		char label[64];
		ok = time_table(&ws.registry, (enum stats_table)t, "", "city+towns", (int)runs,
				&slowest);
		snprintf(label, sizeof label, "town %s", town);
		ok = ok && time_table(&ws.registry, (enum stats_table)t, town, label, (int)runs,
				      &slowest);
		snprintf(label, sizeof label, "community %s", community);
		ok = ok && time_table(&ws.registry, (enum stats_table)t, community, label, (int)runs,
				      &slowest);
	}
	for (int t = 0; ok && t < STATS_TABLE_END; t++)
		ok = time_file(&ws.registry, (enum stats_table)t, SHEET_CSV, &slowest) &&
		     time_file(&ws.registry, (enum stats_table)t, SHEET_XLSX, &slowest);
	if (ok)
		printf("slowest: %s, %.2f ms (target < %.0f ms: %s)\n", slowest.what, slowest.ms,
		       TARGET_MS, slowest.ms < TARGET_MS ? "MET" : "NOT MET");
	ok = ok && (!check || check_summaries(&ws));
	workspace_close(&ws);
	if (made[0] && !keep) {
		char file[PATH_MAX + 32];
		static const char *const suffixes[] = {"", "-wal", "-shm", ".key"};
		for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
			snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
			unlink(file);
		}
		rmdir(made);
	}
	return ok ? 0 : 1;
}
