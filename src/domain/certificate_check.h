/*
 * certificate_check.h — certificate checks by the departments (policy §3:
 * "在办理……时，查验流动人口婚育证明").
 *
 * A department (or an office, or the police) asks by ID number or by
 * certificate number whether a person holds a marriage and childbearing
 * certificate in force, while it issues a licence or a registration.  The
 * answer shows only what the certificate itself shows (the name masked),
 * and which town/street office is responsible for the person: where to
 * notify when there is none (notice.h).
 *
 * Results, by ID number (revoked and replaced certificates are ignored):
 *   not_found  no person has this ID number;
 *   none       the person holds no certificate, valid or expired;
 *   expired    none is in force, and the newest is expired;
 *   valid      one is in force (the newest of them is shown).
 * By number: not_found for an unknown number, else the certificate's state
 * on the day (revoked and replaced count as none).
 */
#ifndef LIUDONG_CERTIFICATE_CHECK_H
#define LIUDONG_CERTIFICATE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "domain/certificate.h"
#include "domain/notice.h"
#include "domain/person.h"

#define CERTIFICATE_CHECK_NOTE_MAX_CHARS 200
#define CERTIFICATE_CHECK_NOTE_SIZE 808      /* 200 characters of up to 4 bytes, and a NUL */
#define CERTIFICATE_CHECK_SUBJECT "婚育证明查验：未持有效证明"

enum certificate_check_result {
	CERTIFICATE_CHECK_NOT_FOUND = 0,
	CERTIFICATE_CHECK_NONE = 1,
	CERTIFICATE_CHECK_EXPIRED = 2,
	CERTIFICATE_CHECK_VALID = 3,
};

struct certificate_check {
	enum certificate_check_result result;
	int64_t person_id;                           /* 0 when not_found */
	char name_masked[PERSON_NAME_SIZE];          /* "" when not_found */
	bool has_certificate;                        /* valid or expired */
	struct certificate certificate;              /* the one shown, if has_certificate */
	char responsible_division[DIVISION_CODE_SIZE]; /* the residence town; "" when not_found */
};

const char *certificate_check_result_name(enum certificate_check_result r);   /* "expired" */
const char *certificate_check_result_label(enum certificate_check_result r);  /* "婚育证明已过期" */

/*
 * Checks by ID number (any accepted form).  ST_INVALID_ID_NUMBER for a
 * malformed one; an unknown one is the result not_found, not an error.
 */
enum status certificate_check_by_id_number(const struct registry *reg, const char *id_number,
					   struct certificate_check *out, struct error *err);

/* Checks by certificate number; an unknown one is the result not_found. */
enum status certificate_check_by_number(const struct registry *reg, const char *number,
					struct certificate_check *out, struct error *err);

/*
 * Sends the notice of a check whose result is none or expired to the
 * responsible town/street office, from `sender`, with the sender's `note`
 * (0..200 characters); joins the caller's transaction like notice_send.
 * ST_NOT_ALLOWED for other results.  `out` receives the notice.
 */
enum status certificate_check_notify(const struct registry *reg,
				     const struct certificate_check *check,
				     const struct notice_sender *sender, const char *note,
				     struct notice *out, struct error *err);

#endif
