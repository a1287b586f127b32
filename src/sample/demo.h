/*
 * demo.h — fills a database with sample persons for demonstration.
 */
#ifndef LIUDONG_DEMO_H
#define LIUDONG_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/person.h"
#include "sample/paperwork.h"

struct demo_summary {
	size_t persons;
	size_t inflow;
	size_t outflow;
	size_t communities;      /* communities and villages with at least one person */
	size_t hukou_provinces;  /* provinces the inflow persons come from */
	size_t flagged;          /* marked as possible duplicates */
	struct paperwork_summary paperwork;
};

typedef void (*demo_progress_fn)(size_t done, size_t total, void *ctx);

/*
 * Registers `count` sample persons through the registry's rules, in batches
 * of one transaction each.  The same seed gives the same persons.
 */
enum status demo_fill(const struct registry *reg, size_t count, uint64_t seed,
		      demo_progress_fn progress, void *ctx, struct demo_summary *summary,
		      struct error *err);

/* One demo login: a user of a role and scope, with a fresh random password. */
struct demo_login {
	const char *username;
	const char *role;
	const char *scope;       /* padded code, as people write it */
	const char *who;         /* Chinese description */
	char password[24];
};

#define DEMO_LOGIN_COUNT 6

/*
 * Creates the demo users (an admin, the city office, two street offices, a
 * community officer and a police liaison) with random passwords, filled
 * into `logins`.
 */
enum status demo_users(const struct registry *reg, struct demo_login logins[DEMO_LOGIN_COUNT],
		       struct error *err);

#endif
