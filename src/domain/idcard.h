/*
 * idcard.h — the resident ID number (公民身份号码, GB 11643-1999).
 *
 * 18 characters: a 6-digit address code, the birth date YYYYMMDD, a 3-digit
 * sequence whose parity gives the sex (odd: male), and an ISO 7064 MOD 11-2
 * check character (0-9 or X).  Legacy 15-digit numbers (address, YYMMDD,
 * sequence) are upgraded by inserting the century 19 and computing the check
 * character.  Birth date and sex are always derived from the number.
 */
#ifndef LIUDONG_IDCARD_H
#define LIUDONG_IDCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/error.h"

#define IDCARD_LENGTH 18
#define IDCARD_SIZE 19        /* 18 characters and a NUL */
#define IDCARD_MASKED_SIZE 19 /* masked form has the same length */
#define IDCARD_INPUT_MAX 64   /* longer input is refused unread */

enum idcard_reason {
	IDCARD_OK = 0,
	IDCARD_BAD_LENGTH,          /* neither 15 nor 18 characters */
	IDCARD_BAD_CHARACTER,       /* not digits (and a final X) */
	IDCARD_BAD_PROVINCE,        /* first two digits are no province */
	IDCARD_BAD_BIRTH_DATE,      /* unreal date, before 1900 or in the future */
	IDCARD_BAD_CHECK_CHARACTER, /* MOD 11-2 check character does not match */
};

struct idcard {
	char number[IDCARD_SIZE]; /* canonical 18-character form, X upper case */
	char region[7];           /* the 6-digit address code */
	struct date birth;
	char sex;                 /* 'M' or 'F' */
	bool upgraded;            /* input was a 15-digit number */
};

/*
 * Parses and validates `input` (surrounding ASCII blanks ignored, `x` read as
 * `X`) as of the day `today`.  Returns IDCARD_OK and fills `out`, or the first
 * reason the number is invalid.
 */
enum idcard_reason idcard_parse(const char *input, const struct date *today,
				struct idcard *out);

/* The same, as a status: ST_INVALID_ID_NUMBER with reason and message in `err`. */
enum status idcard_validate(const char *input, const struct date *today,
			    struct idcard *out, const char *field, struct error *err);

/* Stable reason code, e.g. "bad_check_character". */
const char *idcard_reason_code(enum idcard_reason reason);

/* Chinese explanation of a reason, saying what to do. */
const char *idcard_reason_message(enum idcard_reason reason);

/* ISO 7064 MOD 11-2 check character of 17 digits ('0'..'9' or 'X'). */
char idcard_check_character(const char *first17);

/* True if `code` (two digits) is a province-level code used on ID cards. */
bool idcard_is_province(int code);

/* Display form with the middle masked: 620201********123X. */
void idcard_mask(const char *number, char *buf, size_t size);

#endif
