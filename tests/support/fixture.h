/*
 * fixture.h — a real database in a temporary directory, with a small but
 * real division table (Jiayuguan's streets and some communities, and a few
 * counties elsewhere), for tests of the registry and the store.
 */
#ifndef LIUDONG_TEST_FIXTURE_H
#define LIUDONG_TEST_FIXTURE_H

#include "domain/registry.h"

struct fixture {
	char dir[256];
	char db_path[300];
	struct workspace ws;
	struct registry *reg;
};

/* Creates the database and opens a workspace on it; today is 2026-11-29. */
int fixture_setup(void **state);

/* Closes the workspace and removes the directory. */
int fixture_teardown(void **state);

/* Builds a valid 18-character ID number from region, birth date and sequence. */
void fixture_id_number(const char *region, const char *yyyymmdd, int sequence, char out[19]);

/* Runs SQL on the fixture's database directly (bypassing the store): count of rows. */
long fixture_count(struct fixture *f, const char *sql);

/* Executes SQL on the fixture's database directly, as a tamperer would. */
void fixture_exec(struct fixture *f, const char *sql);

#endif
