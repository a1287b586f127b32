/*
 * cli_env.c — working directories and runs of the program for CLI tests.
 */
#include "cli_env.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

static const char *program(void)
{
	const char *path = getenv("LIUDONG_BIN");
	return path ? path : "build/liudong";
}

struct spawn_result cli_run(const char *dir, const char *input, const char *first, ...)
{
	char *argv[17] = {(char *)program()};
	int argc = 1;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 16; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	struct spawn_result r;
	if (spawn_run(dir, argv, input, &r) != 0)
		fail_msg("cannot run %s", program());
	return r;
}

int cli_env_setup(void **state)
{
	struct cli_env *env = calloc(1, sizeof *env);
	if (env == NULL)
		return -1;
	snprintf(env->dir, sizeof env->dir, "/tmp/liudong-cli-XXXXXX");
	if (mkdtemp(env->dir) == NULL)
		return -1;
	snprintf(env->db, sizeof env->db, "%s/liudong.db", env->dir);
	struct spawn_result r = cli_run(env->dir, NULL, "init", "--city", "620200", (const char *)NULL);
	int rc = r.exit_code;
	if (rc != 0)
		fprintf(stderr, "init failed: %s", r.err);
	spawn_result_free(&r);
	*state = env;
	return rc == 0 ? 0 : -1;
}

int cli_env_teardown(void **state)
{
	struct cli_env *env = *state;
	char command[400];
	snprintf(command, sizeof command, "rm -rf '%s'", env->dir);
	if (system(command) != 0)
		fprintf(stderr, "could not remove %s\n", env->dir);
	free(env);
	return 0;
}
