/*
 * spawn.h — runs the liudong program as a user would, capturing its output.
 */
#ifndef LIUDONG_TEST_SPAWN_H
#define LIUDONG_TEST_SPAWN_H

struct spawn_result {
	int exit_code;  /* exit status, or 128 + signal */
	char *out;      /* standard output, NUL-terminated; owned */
	char *err;      /* standard error, NUL-terminated; owned */
};

/*
 * Runs `argv` (argv[0] a path) in directory `dir`, with `input` (may be NULL)
 * on standard input; fills `r`.  Returns 0, or -1 if it could not run.
 */
int spawn_run(const char *dir, char *const argv[], const char *input, struct spawn_result *r);

void spawn_result_free(struct spawn_result *r);

#endif
