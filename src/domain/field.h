/*
 * field.h — checks of single values that come from outside, shared by the
 * records of the registry (free text, dates up to today, phone numbers).
 * Each fills `err` with the field's API name and a Chinese message that
 * names the field's label.
 */
#ifndef LIUDONG_FIELD_H
#define LIUDONG_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/error.h"

/*
 * Text of `min_chars` to `max_chars` characters without control
 * characters.  min_chars 0: optional ("" passes); otherwise "" is
 * ST_MISSING_FIELD.
 */
enum status field_text(const char *value, const char *field, const char *label,
		       size_t min_chars, size_t max_chars, struct error *err);

/*
 * A real date, not after `today` and not before `earliest` (YYYY-MM-DD;
 * NULL or "" for none).  "" is ST_MISSING_FIELD when `required`, else today.
 */
enum status field_past_date(const char *value, bool required, const char *earliest,
			    const struct date *today, const char *field, const char *label,
			    struct date *out, struct error *err);

/* A phone number: 5 to 20 digits, blanks, '+' and '-'; "" passes. */
enum status field_phone(const char *value, const char *field, struct error *err);

#endif
