/*
 * person_import.h — bulk import of persons from WIS exports and office
 * spreadsheets (policy §5: the network is built on the childbearing-age
 * women information system's data).
 *
 * A file (CSV in UTF-8 or GB18030, or XLSX) has a header row whose titles
 * name the person fields (姓名, 公民身份号码, 性别, ...; a mapping adds
 * other titles).  Every further row becomes one outcome:
 *
 *   created    no record has the row's ID number: registered (person_create)
 *   updated    a record exists and the row's non-empty cells differ from it:
 *              changed through person_update, with field history
 *   unchanged  a record exists and the row says nothing new
 *   rejected   the row breaks a rule: its number, the column at fault and
 *              the reason in Chinese are kept with the row's cells
 *
 * Empty cells never clear a field of an existing record.  Rows are
 * committed in batches (persons, history, the audit row of the batch and
 * the run's progress in one transaction), so a run killed at any moment
 * leaves the database consistent; running the same file again resumes
 * after the last committed row (the file is recognized by its SHA-256),
 * and a file already imported yields only `unchanged` rows.
 *
 * Spreadsheet damage is repaired where the intent is unambiguous (blanks
 * and full-width spaces around a value, full-width digits and Ｘ, a lower
 * case x, dates written 2020/1/5 or 20200105 or as an Excel date number)
 * and refused where information is lost: an ID number shown in scientific
 * notation (6.20201E+17) or stored as an XLSX number (a double holds at
 * most 17 significant digits, and Excel keeps 15, so the last digits of an
 * 18-digit number are gone).  A 15-digit legacy number fits a double
 * exactly and is accepted from a number cell.
 */
#ifndef LIUDONG_PERSON_IMPORT_H
#define LIUDONG_PERSON_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/sheet_reader.h"
#include "core/sheet_writer.h"
#include "domain/division.h"
#include "domain/person.h"

#define IMPORT_BATCH_DEFAULT 5000     /* rows per transaction */
#define IMPORT_MAPPING_MAX 64         /* extra title=field lines */
#define IMPORT_TITLE_SIZE 128
#define IMPORT_HEADER_SIZE 4096       /* the titles joined by U+001F */
#define IMPORT_MESSAGE_SIZE 320
#define IMPORT_FILE_NAME_SIZE 128

enum import_mode {
	IMPORT_COMMIT,          /* good rows are kept, bad ones rejected */
	IMPORT_DRY_RUN,         /* every row checked, nothing kept */
	IMPORT_ALL_OR_NOTHING,  /* a checking pass first; rows kept only if none is rejected */
};

enum import_state {
	IMPORT_RUNNING,  /* started, or stopped before the end (resumable) */
	IMPORT_DONE,
	IMPORT_REFUSED,  /* all-or-nothing with rejected rows: nothing kept */
	IMPORT_FAILED,   /* the file could not be read to the end */
};

/* What a column of the file feeds; IMPORT_TARGET_IGNORE for titles left unused. */
enum import_target {
	IMPORT_TARGET_IGNORE = -1,
	/* 0 .. PERSON_FIELD_COUNT-1: the person field of that number */
};

/* One title=field line of a mapping. */
struct import_mapping_entry {
	char title[IMPORT_TITLE_SIZE];
	int target;  /* enum person_field, or IMPORT_TARGET_IGNORE */
};

struct import_mapping {
	struct import_mapping_entry entries[IMPORT_MAPPING_MAX];
	size_t count;
};

/* One run as the store keeps it (table person_import). */
struct person_import_record {
	int64_t id;
	char file_hash[65];                       /* hex SHA-256 */
	char file_name[IMPORT_FILE_NAME_SIZE];
	int64_t file_bytes;
	enum sheet_kind kind;
	enum sheet_encoding encoding;
	enum import_mode mode;
	char scope[DIVISION_CODE_SIZE];
	char default_community[DIVISION_CODE_SIZE];
	char actor[64];
	int64_t user_id;                          /* 0 from the command line */
	enum import_state state;
	char header[IMPORT_HEADER_SIZE];
	int64_t rows_estimate;                    /* data rows expected (CSV: lines), 0 unknown */
	int64_t last_row;                         /* file row number of the last committed row */
	int64_t created, updated, unchanged, rejected;
	char message[IMPORT_MESSAGE_SIZE];
	int64_t started_at, updated_at, finished_at;  /* Unix seconds; finished 0 while running */
};

/* One rejected row, as kept for the error file. */
struct person_import_error {
	int64_t row_number;
	char column[IMPORT_TITLE_SIZE];
	char code[48];
	char reason[ERROR_MESSAGE_MAX];
	char *cells;  /* the row's cells separated by U+001F; owned by whoever fills it */
};

/* Progress report, called after each committed batch and at the end. */
typedef void (*person_import_progress_fn)(const struct person_import_record *rec, void *ctx);

/* Who runs an import, for history and audit rows. */
struct import_actor {
	const char *name;       /* history actor: "cli:zhang" or the username */
	int64_t user_id;        /* 0 from the command line */
	const char *role;       /* role code for the audit row, or "" */
	const char *address;    /* client address, or "" */
};

struct person_import_options {
	enum sheet_encoding encoding;
	enum import_mode mode;
	const struct import_mapping *mapping;     /* may be NULL */
	char scope[DIVISION_CODE_SIZE];           /* rows must live inside (the user's scope) */
	char default_community[DIVISION_CODE_SIZE]; /* for rows without a community, or "" */
	const char *file_name;
	struct import_actor actor;
	size_t batch_rows;                        /* 0: IMPORT_BATCH_DEFAULT */
	person_import_progress_fn progress;       /* may be NULL */
	void *progress_ctx;
	int64_t existing_id;                      /* a record made by person_import_prepare, or 0 */
};

const char *person_import_mode_name(enum import_mode mode);        /* "commit" */
const char *person_import_state_name(enum import_state state);     /* "running" */
bool person_import_mode_parse(const char *name, enum import_mode *out);
bool person_import_state_parse(const char *name, enum import_state *out);

/*
 * Reads a mapping: one `title=field` per line (field an API name such as
 * id_number, or `ignore`), blank lines and lines starting with # skipped.
 * ST_INVALID_INPUT naming the line otherwise.
 */
enum status person_import_mapping_parse(const char *text, struct import_mapping *out,
					struct error *err);

/*
 * The field a column title stands for: the mapping first, then the titles
 * offices use.  Returns the person field, or IMPORT_TARGET_IGNORE.
 */
int person_import_column_target(const char *title, const struct import_mapping *mapping);

/*
 * Cleans an ID number cell as Excel leaves it: blanks and full-width spaces
 * trimmed, full-width digits and Ｘ made ASCII, x made X.  Returns false
 * (and a Chinese reason in `reason`) when digits were lost: scientific
 * notation, or an 18-digit number stored as a number cell.
 */
bool person_import_clean_id_number(const char *cell, bool numeric, char *out, size_t size,
				   char *reason, size_t reason_size);

/*
 * A date cell as YYYY-MM-DD: accepts 2020-01-05, 2020/1/5, 2020.1.5,
 * 20200105, 2020年1月5日 and (from a number cell) an Excel date number.
 * False if it is none of those or no real date.
 */
bool person_import_clean_date(const char *cell, bool numeric, char *out, size_t size);

/*
 * Runs an import of `src` with `opt`: inspects the file, resumes an
 * unfinished run of the same file, same mode and scope (or starts a new
 * record), and goes through every row.  `rec` receives the final record.
 * A file that cannot be read, or a header without the required columns,
 * fails the run (the record says why); rejected rows do not.
 */
enum status person_import_run(const struct registry *reg, const struct sheet_source *src,
			      const struct person_import_options *opt,
			      struct person_import_record *rec, struct error *err);

/*
 * Inspects the file and creates (or finds, to resume) the run's record
 * without reading rows, so that a caller can hand out its id first.
 */
enum status person_import_prepare(const struct registry *reg, const struct sheet_source *src,
				  const struct person_import_options *opt,
				  struct person_import_record *rec, struct error *err);

/* Loads a run's record; ST_NOT_FOUND if there is none. */
enum status person_import_get(const struct registry *reg, int64_t id,
			      struct person_import_record *rec, struct error *err);

/* Calls `fn` for each rejected row of run `id`, in row order; return false to stop. */
typedef bool (*person_import_error_fn)(const struct person_import_error *e, void *ctx);
enum status person_import_errors(const struct registry *reg, int64_t id,
				 person_import_error_fn fn, void *ctx, struct error *err);

/*
 * Writes the rejected rows of run `rec` as a file the office can correct
 * and import again: the file's own columns, then 原行号, 错误列 and
 * 错误原因 (which an import ignores).  `path` NULL: into memory (*out).
 */
enum status person_import_error_file(const struct registry *reg,
				     const struct person_import_record *rec,
				     enum sheet_format format,
				     const char *path, char **out, size_t *length,
				     struct error *err);

#endif
