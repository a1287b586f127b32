/*
 * bench_import.c — how fast `liudong import` loads a CSV file, and how much
 * memory it needs while doing so.
 *
 * One run: a fresh database made by registry_initialize (city 620200) in
 * --dir; a CSV file (UTF-8 with BOM, the titles an office uses) of --rows
 * persons drawn by sample_person from a fixed seed (valid ID numbers of
 * real counties, communities of the city; a drawn ID number already drawn
 * is written again, as real exports repeat people, and imports as
 * `unchanged`).  Then the real program, `liudong import FILE`, runs as a
 * child process; the time is the child's wall clock from start to exit
 * (reading, checking, sealing, writing, committing) and the peak memory its
 * ru_maxrss from wait4.  The file is streamed, so the peak should not grow
 * with the file.
 *
 * usage: bench_import --liudong PATH [--rows N] [--dir DIR]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "domain/codes.h"
#include "domain/division_source.h"
#include "domain/registry.h"
#include "sample/sample.h"

#define BENCH_CITY "620200"
#define BENCH_SEED 20071
#define DEFAULT_ROWS 1000000L
#define TARGET_ROWS_PER_SECOND 100000.0
#define TARGET_RSS_MIB 200.0

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Writes `rows` drawn persons as an office's CSV file. */
static enum status write_csv(const char *path, const struct sample_pool *pool,
			     const struct date *today, long rows, struct error *err)
{
	struct sample_rng rng;
	struct person p;
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return error_set(err, ST_IO, "", "cannot write %s", path);
	sample_rng_seed(&rng, BENCH_SEED);
	fputs("\xEF\xBB\xBF姓名,公民身份号码,性别,出生日期,民族,户籍地,户籍地详细地址,所属社区,"
	      "现居住地详细地址,流动类型,婚姻状况,初婚日期,流入日期,联系电话\r\n", f);
	for (long i = 0; i < rows; i++) {
		sample_person(&rng, pool, today, &p);
		const char *ethnicity = codes_ethnicity_name(p.ethnicity);
		const char *marital = codes_marital_status_name(p.marital_status);
		fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\r\n", p.name, p.id_number,
			p.sex == 'F' ? "女" : "男", p.birth_date, ethnicity ? ethnicity : "",
			p.hukou_division, p.hukou_address, p.residence_division, p.residence_address,
			person_flow_label(p.flow), marital ? marital : "", p.marriage_date,
			p.arrival_date, p.phone);
	}
	if (fclose(f) != 0)
		return error_set(err, ST_IO, "", "cannot write %s", path);
	return ST_OK;
}

/* Runs `liudong --db DB import FILE`; its wall time and peak RSS (KiB). */
static int run_import(const char *liudong, const char *db, const char *csv, double *seconds,
		      double *cpu_seconds, long *max_rss_kib)
{
	double start = now_seconds();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(liudong, liudong, "--db", db, "import", csv, (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage usage;
	if (wait4(pid, &status, 0, &usage) != pid)
		return -1;
	*seconds = now_seconds() - start;
	*cpu_seconds = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
		       (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
	*max_rss_kib = usage.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
	const char *liudong = NULL, *dir = NULL;
	long rows = DEFAULT_ROWS;
	for (int i = 1; i + 1 < argc; i += 2) {
		char *end;
		if (strcmp(argv[i], "--liudong") == 0)
			liudong = argv[i + 1];
		else if (strcmp(argv[i], "--dir") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--rows") == 0 &&
			 (rows = strtol(argv[i + 1], &end, 10)) > 0 && *end == '\0')
			continue;
		else
			break;
	}
	if (liudong == NULL || dir == NULL || rows <= 0) {
		fprintf(stderr, "usage: bench_import --liudong PATH --dir DIR [--rows N]\n");
		return 2;
	}
	char db[512], csv[512];
	snprintf(db, sizeof db, "%s/import.db", dir);
	snprintf(csv, sizeof csv, "%s/import.csv", dir);

	struct init_summary summary;
	struct workspace ws;
	struct sample_pool pool;
	struct error err;
	error_clear(&err);
	enum status st = registry_initialize(db, BENCH_CITY, division_source_default_dir(),
					     &summary, &err);
	if (st == ST_OK && (st = workspace_open(&ws, db, &err)) == ST_OK) {
		if ((st = sample_pool_init(&pool, &ws.divisions, ws.registry.city, &err)) == ST_OK) {
			fprintf(stderr, "bench_import: writing %ld rows to %s\n", rows, csv);
			st = write_csv(csv, &pool, &ws.registry.today, rows, &err);
			sample_pool_release(&pool);
		}
		workspace_close(&ws);
	}
	if (st != ST_OK) {
		fprintf(stderr, "bench_import: %s [%s]\n", err.message, error_code(st));
		return 1;
	}
	struct stat s;
	stat(csv, &s);
	double seconds, cpu;
	long rss;
	int rc = run_import(liudong, db, csv, &seconds, &cpu, &rss);
	if (rc != 0) {
		fprintf(stderr, "bench_import: liudong import exited with %d\n", rc);
		return 1;
	}
	double rate = (double)rows / seconds, mib = (double)rss / 1024.0;
	printf("import (CSV)      : %10.0f rows/s     target >= %.0f  %s  "
	       "(liudong import, %ld rows, %.1f MiB file, %.1f s wall, %.1f s CPU = %.0f rows per CPU second)\n",
	       rate, TARGET_ROWS_PER_SECOND, rate >= TARGET_ROWS_PER_SECOND ? "MET" : "NOT MET",
	       rows, (double)s.st_size / 1048576.0, seconds, cpu, cpu > 0 ? (double)rows / cpu : 0);
	printf("import peak RSS   : %10.1f MiB        target <  %.0f  %s  (ru_maxrss of the child)\n",
	       mib, TARGET_RSS_MIB, mib < TARGET_RSS_MIB ? "MET" : "NOT MET");
	return 0;
}
