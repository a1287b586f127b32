/*
 * credit_code.h — the unified social credit code (统一社会信用代码,
 * GB 32100-2015) of organizations.
 *
 * 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z):
 *   1      registration authority (登记管理部门代码): any character but 0
 *   2      institution type (机构类别代码)
 *   3–8    administrative division code of the registering office (6 digits)
 *   9–17   organization code (主体标识码)
 *   18     check character: weights 3^(i-1) mod 31 over the values of 1–17,
 *          check = 31 − (sum mod 31), 31 written as 0.
 * Input is trimmed of blanks and upper-cased before it is checked.
 */
#ifndef LIUDONG_CREDIT_CODE_H
#define LIUDONG_CREDIT_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define CREDIT_CODE_LENGTH 18
#define CREDIT_CODE_SIZE 19   /* 18 characters and a NUL */

enum credit_code_reason {
	CREDIT_CODE_OK = 0,
	CREDIT_CODE_BAD_LENGTH,          /* not 18 characters */
	CREDIT_CODE_BAD_CHARACTER,       /* outside the set, 0 first, or a letter in 3–8 */
	CREDIT_CODE_BAD_CHECK_CHARACTER, /* position 18 does not match */
};

/*
 * Checks `input` and writes its canonical form (upper case, no blanks) to
 * `out`; `out` is "" unless the code is valid.
 */
enum credit_code_reason credit_code_parse(const char *input, char out[CREDIT_CODE_SIZE]);

/* The same, as a status: ST_INVALID_CREDIT_CODE with reason and message in `err`. */
enum status credit_code_validate(const char *input, char out[CREDIT_CODE_SIZE],
				 const char *field, struct error *err);

/* Stable reason code, e.g. "bad_check_character". */
const char *credit_code_reason_code(enum credit_code_reason reason);

/* Chinese explanation of a reason, saying what to do. */
const char *credit_code_reason_message(enum credit_code_reason reason);

/*
 * The check character of the 17 characters `first17` (each from the set);
 * '\0' if one is not.
 */
char credit_code_check_character(const char *first17);

#endif
