/*
 * cli_env.h — a working directory with an initialized Jiayuguan database,
 * and a way to run the liudong program in it, for the CLI tests.
 */
#ifndef LIUDONG_TEST_CLI_ENV_H
#define LIUDONG_TEST_CLI_ENV_H

#include "spawn.h"

struct cli_env {
	char dir[256];  /* a fresh working directory per group */
	char db[300];   /* an initialized Jiayuguan database in it (liudong.db) */
};

/*
 * Runs liudong ($LIUDONG_BIN) in `dir` with `input` (may be NULL) on
 * standard input and up to 15 arguments, the list ending with NULL.
 */
struct spawn_result cli_run(const char *dir, const char *input, const char *first, ...);

/* Group setup: the directory and `liudong init --city 620200` in it. */
int cli_env_setup(void **state);

/* Group teardown: removes the directory. */
int cli_env_teardown(void **state);

#endif
