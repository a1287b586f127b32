/*
 * sample.h — realistic synthetic persons, for the demo database and the
 * benchmarks.
 *
 * Everything is drawn from a seeded generator, so a seed always gives the
 * same people: valid ID numbers (real county codes, birth dates that match
 * the ages, sequence parity that matches the sex, correct check character),
 * Chinese names, addresses in real divisions of the city.
 */
#ifndef LIUDONG_SAMPLE_H
#define LIUDONG_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

struct sample_rng {
	uint64_t state;
};

void sample_rng_seed(struct sample_rng *rng, uint64_t seed);
uint64_t sample_rng_next(struct sample_rng *rng);
/* Uniform in [0, bound). */
uint32_t sample_rng_below(struct sample_rng *rng, uint32_t bound);

/* The divisions people are drawn from; points into a division table. */
struct sample_pool {
	const struct division_table *table;
	char city[DIVISION_CODE_SIZE];
	const struct division **communities;   /* villages and communities of the city */
	size_t community_count;
	const struct division **counties_away; /* counties outside the city */
	size_t county_away_count;
	const struct division **counties_near; /* counties outside the city, same province */
	size_t county_near_count;
};

/* Builds the pool for `city`; ST_INVALID_DIVISION if the city has no communities. */
enum status sample_pool_init(struct sample_pool *pool, const struct division_table *table,
			     const char *city, struct error *err);
void sample_pool_release(struct sample_pool *pool);

/*
 * Draws one person (not yet stored) as of `today`: about four in five
 * inflow, the rest outflow.  `out` is complete and passes person_validate.
 */
void sample_person(struct sample_rng *rng, const struct sample_pool *pool,
		   const struct date *today, struct person *out);

/* The same, living in (or managed by) the pool's community number `community`. */
void sample_person_at(struct sample_rng *rng, const struct sample_pool *pool, size_t community,
		      const struct date *today, struct person *out);

/* The same person as field values, for person_create; returns the count. */
size_t sample_person_values(const struct person *p, struct person_value *values, size_t max);

#endif
