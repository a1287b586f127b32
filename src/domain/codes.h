/*
 * codes.h — national code tables used on person records.
 *
 * Ethnicity: GB 3304 (民族代码), two digits 01..56, 97 other, 98 foreign
 * origin.  Marital status: GB/T 2261.2 (婚姻状况代码).
 */
#ifndef LIUDONG_CODES_H
#define LIUDONG_CODES_H

#include <stdbool.h>

/* Chinese name of an ethnicity code ("01" → 汉族), or NULL if unknown. */
const char *codes_ethnicity_name(const char *code);

/* Chinese name of a marital-status code ("20" → 已婚), or NULL if unknown. */
const char *codes_marital_status_name(const char *code);

/* True for the marital statuses that mean married now (20, 21, 22, 23). */
bool codes_marital_status_is_married(const char *code);

/* True for "10" 未婚 (never married). */
bool codes_marital_status_is_never_married(const char *code);

#endif
