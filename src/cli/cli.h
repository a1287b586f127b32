/*
 * cli.h — what the subcommands of the `liudong` program share.
 *
 * Exit status: 0 done, 1 failed, 2 wrong usage.  Errors go to standard
 * error in Chinese with their stable code in brackets:
 *   错误：公民身份号码校验位不符…… [invalid_id_number]
 */
#ifndef LIUDONG_CLI_H
#define LIUDONG_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/registry.h"

enum { CLI_OK = 0, CLI_FAILURE = 1, CLI_USAGE = 2 };

struct cli {
	const char *db_path;  /* --db, else $LIUDONG_DB, else ./liudong.db */
};

typedef int (*cli_command_fn)(struct cli *cli, int argc, char **argv);

/* One row of a subcommand table. */
struct cli_command {
	const char *name;
	const char *summary;  /* Chinese, one line */
	cli_command_fn run;
};

/*
 * Runs the command named by argv[0] from `table` (ending with a NULL name),
 * with argv[0] as the command's own name.  Prints the table for --help or
 * an unknown name.
 */
int cli_dispatch(struct cli *cli, const char *group, const struct cli_command *table,
		 int argc, char **argv);

/* Prints an error as 错误：message [code] (and the field); returns 1 or 2. */
int cli_fail(const struct error *err);

/* Prints a usage error and the usage text; returns 2. */
int cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True if argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);

/* Strict decimal parse of a positive 64-bit integer. */
bool cli_parse_id(const char *text, int64_t *out);

/* Strict decimal parse of a non-negative integer up to `max`. */
bool cli_parse_count(const char *text, long max, long *out);

/*
 * Takes `--db FILE` / `--db=FILE` out of argv (anywhere) into cli->db_path;
 * returns the new argc, or -1 if --db has no value.
 */
int cli_take_db_option(struct cli *cli, int argc, char **argv);

/* Opens the workspace of cli->db_path, printing the error on failure. */
bool cli_open_workspace(struct cli *cli, struct workspace *ws);

/* Who the history names for changes made here ("cli:<login name>"). */
const char *cli_actor(void);

/* Formats Unix seconds as local "2026-11-29 14:05:09". */
void cli_format_time(int64_t seconds, char *buf, size_t size);

/* The division source directory: the option, else $LIUDONG_DIVISIONS, else the build's. */
const char *cli_divisions_dir(const char *option);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_id(struct cli *cli, int argc, char **argv);
int cmd_person(struct cli *cli, int argc, char **argv);
int cmd_division(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_routes(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_register(struct cli *cli, int argc, char **argv);
int cmd_setting(struct cli *cli, int argc, char **argv);
int cmd_key(struct cli *cli, int argc, char **argv);
int cmd_node(struct cli *cli, int argc, char **argv);
int cmd_peer(struct cli *cli, int argc, char **argv);
int cmd_exchange(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_due(struct cli *cli, int argc, char **argv);
int cmd_stats(struct cli *cli, int argc, char **argv);
/* `export stats`: one statistics table as a CSV or XLSX file (cmd_stats.c). */
int cli_export_stats(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);

#endif
