/*
 * division.h — administrative divisions (行政区划, NBS 统计用区划代码).
 *
 * Codes are kept at their significant length: province 2 digits (62),
 * prefecture city 4 (6202), county 6 (620201), town/street 9 (620201001),
 * community/village 12 (620201001001).  A division contains every code that
 * starts with its own, which makes scope checks a prefix test.  People often
 * write the padded forms (620200, 620201001000); `division_table_resolve`
 * accepts them.
 *
 * The table is small (all counties of China plus one city's towns and
 * communities, a few thousand rows) and is held in memory, sorted by code.
 */
#ifndef LIUDONG_DIVISION_H
#define LIUDONG_DIVISION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define DIVISION_CODE_SIZE 13  /* 12 digits and a NUL */
#define DIVISION_NAME_SIZE 96
#define DIVISION_PATH_SIZE 384

enum division_level {
	DIVISION_PROVINCE = 1, /* 省 */
	DIVISION_CITY = 2,     /* 地级市 */
	DIVISION_COUNTY = 3,   /* 县、区 */
	DIVISION_TOWN = 4,     /* 乡镇、街道 */
	DIVISION_VILLAGE = 5,  /* 社区、村 */
};

struct division {
	char code[DIVISION_CODE_SIZE];
	char name[DIVISION_NAME_SIZE];
	enum division_level level;
};

/* Divisions sorted by code; owns `items`. */
struct division_table {
	struct division *items;
	size_t count;
	size_t capacity;
};

/* Level implied by a code's length, or 0 if no level has that length. */
enum division_level division_level_of(const char *code);

/* Chinese name of a level (省级、地级、县级、乡镇街道、社区村). */
const char *division_level_name(enum division_level level);

/* True if `code` is all digits and of a level's length. */
bool division_code_is_wellformed(const char *code);

/* Writes the parent code (one level up) into out; false for a province. */
bool division_parent_code(const char *code, char out[DIVISION_CODE_SIZE]);

/*
 * True if `code` lies inside `scope` (or is it).  Both at significant
 * length; a scope whose length is no level's contains nothing.
 */
bool division_contains(const char *scope, const char *code);

void division_table_init(struct division_table *table);
void division_table_release(struct division_table *table);

/* Appends a row (copying it); call division_table_sort once all are in. */
enum status division_table_add(struct division_table *table, const char *code,
			       const char *name, struct error *err);
void division_table_sort(struct division_table *table);

/* The division with exactly this code, or NULL. */
const struct division *division_table_find(const struct division_table *table,
					   const char *code);

/*
 * The division a user means by `input`: the exact code, or a padded form
 * (620200 for 6202, 620201001000 for 620201001).  NULL if none.
 */
const struct division *division_table_resolve(const struct division_table *table,
					      const char *input);

/*
 * Full name from the province down (甘肃省嘉峪关市雄关街道福民社区): names
 * that repeat their parent's, and placeholders such as 市辖区, are left out.
 */
void division_table_path(const struct division_table *table, const char *code,
			 char *buf, size_t size);

/*
 * Direct children of `code` (the next level down), in code order: fills up
 * to `max` pointers into the table and returns how many there are in all.
 */
size_t division_table_children(const struct division_table *table, const char *code,
			       const struct division **out, size_t max);

#endif
