/*
 * date.h — calendar dates (proleptic Gregorian, no time zone).
 *
 * Dates travel as text in the ISO form 2026-11-29 everywhere (API, database,
 * CLI); this is the one place that parses and checks them.
 */
#ifndef LIUDONG_DATE_H
#define LIUDONG_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int year;   /* 1..9999 */
	int month;  /* 1..12 */
	int day;    /* 1..days_in_month */
};

#define DATE_TEXT_SIZE 11 /* "YYYY-MM-DD" and its NUL */

bool date_is_leap_year(int year);
int date_days_in_month(int year, int month);

/* True if year/month/day name a real calendar day. */
bool date_is_valid(int year, int month, int day);

/* Parses exactly "YYYY-MM-DD"; false on any other form or an unreal day. */
bool date_parse(const char *text, struct date *out);

/* Parses the first 8 characters as digits "YYYYMMDD" (as inside ID numbers). */
bool date_parse_compact(const char *digits, struct date *out);

/* Writes "YYYY-MM-DD" into `buf` (at least DATE_TEXT_SIZE bytes). */
void date_format(const struct date *d, char *buf, size_t size);

/* <0, 0, >0 as a is before, equal to or after b. */
int date_compare(const struct date *a, const struct date *b);

/*
 * Today in China (Asia/Shanghai, UTC+8 all year), whatever the server's
 * time zone: the day every rule is checked against.
 */
struct date date_today(void);

/* The day in China at Unix time `seconds`. */
struct date date_in_china(long long seconds);

/*
 * The same day `months` calendar months later (or earlier when negative),
 * moved back to the month's last day when that month is shorter:
 * 31 Jan + 3 → 30 Apr; 30 Nov + 3 → 28 Feb, or 29 Feb in a leap year.
 * Years are kept within 1..9999 (the ends are clamped).
 */
struct date date_add_months(const struct date *d, int months);

/* The day `days` days later (earlier when negative). */
struct date date_add_days(const struct date *d, long days);

/* Days from a to b (negative when b is before a). */
long date_days_between(const struct date *a, const struct date *b);

/* Whole years from `birth` to `on` (age on that day). */
int date_years_between(const struct date *birth, const struct date *on);

/* Days since 1970-01-01 (negative before), and back. */
long date_to_days(const struct date *d);
struct date date_from_days(long days);

#endif
