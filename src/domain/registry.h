/*
 * registry.h — setting up a database and opening it for work.
 *
 * A workspace bundles what the rules need: the store, the division table
 * held in memory, and the city the database serves.
 */
#ifndef LIUDONG_REGISTRY_H
#define LIUDONG_REGISTRY_H

#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

struct workspace {
	struct store *store;             /* owned */
	struct division_table divisions; /* owned */
	struct registry registry;        /* points into the two above */
};

/* What `init` reports back. */
struct init_summary {
	char city[DIVISION_CODE_SIZE];
	char city_name[DIVISION_NAME_SIZE];
	size_t divisions;
	size_t towns;        /* towns and streets of the city */
	size_t communities;  /* communities and villages of the city */
};

/*
 * Creates the database at `db_path` with its key file, loads the divisions
 * from `divisions_dir` (all counties of the country, and the towns and
 * communities of `city_input`) and records the city.  Nothing is left behind
 * on failure.
 */
enum status registry_initialize(const char *db_path, const char *city_input,
				const char *divisions_dir, struct init_summary *summary,
				struct error *err);

/* Opens an initialized database for work; today's date as the rules' day. */
enum status workspace_open(struct workspace *ws, const char *db_path, struct error *err);

void workspace_close(struct workspace *ws);

/*
 * One transaction around several registry actions (a change and its audit
 * row): the actions inside join it, and nothing is kept unless it commits.
 */
enum status registry_begin(const struct registry *reg, struct error *err);
enum status registry_commit(const struct registry *reg, struct error *err);
void registry_rollback(const struct registry *reg);

#endif
