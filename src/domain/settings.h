/*
 * settings.h — what a deployment may configure, with defaults.
 *
 * Settings live in the database (setting table) so that every process
 * serving it agrees.  Each has a name, a Chinese label, a default and a
 * check; an unknown name or a value that fails its check is refused.
 */
#ifndef LIUDONG_SETTINGS_H
#define LIUDONG_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct registry;

enum setting {
	SETTING_CERTIFICATE_VALIDITY_MONTHS, /* standard certificates; 0 = until revoked */
	SETTING_INQUIRY_DUE_DAYS_NORMAL,     /* days an ordinary inquiry may take */
	SETTING_INQUIRY_DUE_DAYS_URGENT,     /* days an urgent inquiry may take */
	SETTING_CONTRACT_TERMS,              /* obligations and services of a contract */
	SETTING_PUBLIC_URL,                  /* base of verification links in QR codes */
	SETTING_REPORT_HANDLING_DAYS,        /* days a field report may stay unverified */
	SETTING_COMPLAINT_DUE_DAYS,          /* days a complaint may take to be answered */
	SETTING__COUNT
};

#define SETTING_VALUE_SIZE 8192 /* bytes, the longest value (contract terms) and NUL */

struct setting_info {
	const char *name;          /* "inquiry_due_days_normal" */
	const char *label;         /* Chinese */
	const char *default_value;
	int min, max;              /* integer settings; both 0 for text */
	size_t max_chars;          /* text settings */
};

const struct setting_info *setting_info(enum setting which);
bool setting_by_name(const char *name, enum setting *out);

/* The value, or its default when never set; `buf` of SETTING_VALUE_SIZE. */
enum status setting_get(const struct registry *reg, enum setting which, char *buf,
			size_t size, struct error *err);

/* An integer setting's value (or default). */
enum status setting_get_int(const struct registry *reg, enum setting which, int *out,
			    struct error *err);

/* Checks `value` against the setting's rule without storing it. */
enum status setting_check(enum setting which, const char *value, struct error *err);

/* Checks and stores a value, with its audit row (by `actor`) in one transaction. */
enum status setting_set(const struct registry *reg, enum setting which, const char *value,
			const char *actor, struct error *err);

#endif
