/*
 * name_table.h — enums that carry a table of stable names (or Chinese
 * labels) indexed by value: a value's entry, read safely, and the value of
 * a name.  Tables whose value 0 means "none" hold "" at index 0.
 */
#ifndef LIUDONG_NAME_TABLE_H
#define LIUDONG_NAME_TABLE_H

#include <stddef.h>
#include <string.h>

#define NAME_TABLE_COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* The entry of `value`, or "" for a value outside the table. */
#define NAME_TABLE_AT(table, value) \
	((unsigned)(value) < NAME_TABLE_COUNT(table) ? (table)[value] : "")

/* The index of `name` in table[0..count), or -1. */
static inline int name_table_find(const char *const *table, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(table[i], name) == 0)
			return (int)i;
	return -1;
}

/* For a table whose index 0 is "none" (""): the value of a non-empty `name`, or 0. */
static inline int name_table_value(const char *const *table, size_t count, const char *name)
{
	int i = name[0] ? name_table_find(table, count, name) : 0;
	return i < 0 ? 0 : i;
}

#endif
