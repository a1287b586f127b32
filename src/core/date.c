/*
 * date.c — calendar arithmetic on civil dates.
 */
#include "core/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool date_is_valid(int year, int month, int day)
{
	if (year < 1 || year > 9999)
		return false;
	return day >= 1 && day <= date_days_in_month(year, month);
}

static bool digits_to_int(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool date_parse(const char *text, struct date *out)
{
	struct date d;
	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	if (!digits_to_int(text, 4, &d.year) || !digits_to_int(text + 5, 2, &d.month) ||
	    !digits_to_int(text + 8, 2, &d.day))
		return false;
	if (!date_is_valid(d.year, d.month, d.day))
		return false;
	*out = d;
	return true;
}

bool date_parse_compact(const char *digits, struct date *out)
{
	struct date d;
	if (!digits_to_int(digits, 4, &d.year) || !digits_to_int(digits + 4, 2, &d.month) ||
	    !digits_to_int(digits + 6, 2, &d.day))
		return false;
	if (!date_is_valid(d.year, d.month, d.day))
		return false;
	*out = d;
	return true;
}

void date_format(const struct date *d, char *buf, size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
}

int date_compare(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

#define CHINA_UTC_OFFSET_SECONDS (8 * 3600) /* no daylight saving since 1991 */
#define SECONDS_PER_DAY 86400

struct date date_in_china(long long seconds)
{
	long long local = seconds + CHINA_UTC_OFFSET_SECONDS;
	long long days = local / SECONDS_PER_DAY - (local % SECONDS_PER_DAY < 0);
	return date_from_days((long)days);
}

struct date date_today(void)
{
	/* Asked on every request: worked out once a second per thread. */
	static _Thread_local time_t computed = -1;
	static _Thread_local struct date today;
	time_t now = time(NULL);
	if (now != computed) {
		today = date_in_china((long long)now);
		computed = now;
	}
	return today;
}

struct date date_add_months(const struct date *d, int months)
{
	long index = (long)d->year * 12 + (d->month - 1) + months;
	if (index < 12)
		index = 12;
	if (index > 9999L * 12 + 11)
		index = 9999L * 12 + 11;
	struct date out = {(int)(index / 12), (int)(index % 12) + 1, d->day};
	int last = date_days_in_month(out.year, out.month);
	if (out.day > last)
		out.day = last;
	return out;
}

struct date date_add_days(const struct date *d, long days)
{
	return date_from_days(date_to_days(d) + days);
}

long date_days_between(const struct date *a, const struct date *b)
{
	return date_to_days(b) - date_to_days(a);
}

int date_years_between(const struct date *birth, const struct date *on)
{
	int years = on->year - birth->year;
	if (on->month < birth->month ||
	    (on->month == birth->month && on->day < birth->day))
		years--;
	return years;
}

/* Days from civil date, after the well-known era-based algorithm. */
long date_to_days(const struct date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(long days)
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int day = (int)(doy - (153 * mp + 2) / 5 + 1);
	int month = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (struct date){(int)(y + (month <= 2)), month, day};
}
