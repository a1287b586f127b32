/*
 * certificate.h — marriage and childbearing certificates (流动人口婚育证明)
 * and the service contracts that go with temporary ones (policy §2(2)).
 *
 * Kinds:
 *   standard  — issued free by the town/street office of the city for its
 *               outflow persons, then handed out by the community;
 *   temporary — issued by the residence town/street office to an inflow
 *               person who has none, valid exactly three calendar months,
 *               always together with a service contract;
 *   transfer  — sent with a person handed over to another place (issued by
 *               the hand-over transition, never on its own);
 *   external  — issued elsewhere, handed in by an inflow person and
 *               recorded here with its issuer and number.
 *
 * States: issued → distributed, and at the end revoked (with a reason) or
 * replaced (lost or damaged: a new number, the old one ended in the same
 * transaction).  Expired is not stored: a certificate is expired on every
 * day after valid_until.  Our numbers are the issuing town's 9-digit code,
 * the year and a sequence: 620201001-2026-000123.
 *
 * Every change is one transaction with its event row; the caller adds its
 * audit row to the same transaction (registry_begin).
 */
#ifndef LIUDONG_CERTIFICATE_H
#define LIUDONG_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/idcard.h"
#include "domain/person.h"
#include "domain/settings.h"

#define CERTIFICATE_NUMBER_SIZE 48      /* ours are 21 characters; external up to 40 */
#define CERTIFICATE_NUMBER_MAX_CHARS 40
#define CERTIFICATE_TEXT_SIZE 384       /* issuer names, reasons: at most 100 characters */
#define CERTIFICATE_TEXT_MAX_CHARS 100
#define CERTIFICATE_CHILDREN_MAX 10
#define CERTIFICATE_LIST_MAX 64         /* certificates of one person that are listed */

enum certificate_kind {
	CERTIFICATE_KIND_NONE = 0,
	CERTIFICATE_STANDARD = 1,
	CERTIFICATE_TEMPORARY = 2,
	CERTIFICATE_TRANSFER = 3,
	CERTIFICATE_EXTERNAL = 4,
};

enum certificate_state {
	CERTIFICATE_STATE_NONE = 0,
	CERTIFICATE_ISSUED = 1,
	CERTIFICATE_DISTRIBUTED = 2,
	CERTIFICATE_REVOKED = 3,
	CERTIFICATE_REPLACED = 4,
	CERTIFICATE_EXPIRED = 5, /* never stored: issued or distributed, past valid_until */
};

struct certificate_child {
	char name[PERSON_NAME_SIZE];
	char sex;                         /* 'M' or 'F' */
	char birth_date[DATE_TEXT_SIZE];
};

struct certificate {
	int64_t id;
	char number[CERTIFICATE_NUMBER_SIZE];
	int64_t person_id;
	enum certificate_kind kind;
	enum certificate_state state;               /* as stored (never EXPIRED) */
	char issuer_division[DIVISION_CODE_SIZE];   /* our issuing town; "" for external */
	char issuer_name[CERTIFICATE_TEXT_SIZE];    /* office name as printed */
	char issued_on[DATE_TEXT_SIZE];
	char valid_until[DATE_TEXT_SIZE];           /* last valid day, "" = until revoked */
	char destination_division[DIVISION_CODE_SIZE]; /* transfer: the receiving place */
	char marital_status[3];                     /* what the certificate states */
	char marriage_date[DATE_TEXT_SIZE];
	char spouse_name[PERSON_NAME_SIZE];
	char spouse_id_number[IDCARD_SIZE];
	struct certificate_child children[CERTIFICATE_CHILDREN_MAX];
	size_t child_count;
	char distributed_on[DATE_TEXT_SIZE];
	char received_by[PERSON_NAME_SIZE];
	char ended_on[DATE_TEXT_SIZE];              /* revoked or replaced on */
	char end_reason[CERTIFICATE_TEXT_SIZE];
	int64_t replaces_id;                        /* the certificate this one replaced, or 0 */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* What an office asks for when it issues (or records) a certificate. */
struct certificate_request {
	enum certificate_kind kind;
	char issued_on[DATE_TEXT_SIZE];             /* "" = today; never in the future */
	char spouse_name[PERSON_NAME_SIZE];
	char spouse_id_number[IDCARD_INPUT_MAX];
	struct certificate_child children[CERTIFICATE_CHILDREN_MAX];
	size_t child_count;
	/* external only */
	char number[CERTIFICATE_NUMBER_SIZE];
	char issuer_name[CERTIFICATE_TEXT_SIZE];
	char valid_until[DATE_TEXT_SIZE];           /* "" = until revoked */
	/* temporary only: the contract's deadline, "" = the certificate's end */
	char contract_deadline[DATE_TEXT_SIZE];
	/* transfer only (set by the hand-over transition) */
	char destination_division[DIVISION_CODE_SIZE];
};

enum contract_state {
	CONTRACT_STATE_NONE = 0,
	CONTRACT_ACTIVE = 1,
	CONTRACT_FULFILLED = 2,
	CONTRACT_CANCELLED = 3,
	CONTRACT_OVERDUE = 4, /* never stored: active, past its deadline */
};

/* The service contract (流动人口计划生育管理服务合同书) of a temporary certificate. */
struct contract {
	int64_t id;
	int64_t person_id;
	int64_t certificate_id;                     /* the temporary certificate */
	char office_division[DIVISION_CODE_SIZE];   /* the residence town/street */
	char signed_on[DATE_TEXT_SIZE];
	char deadline[DATE_TEXT_SIZE];              /* to hand in the proper certificate */
	char terms[SETTING_VALUE_SIZE];             /* the deployment's terms when signed */
	enum contract_state state;                  /* as stored (never OVERDUE) */
	char fulfilled_on[DATE_TEXT_SIZE];
	int64_t fulfilled_by;                       /* the certificate that fulfilled it, or 0 */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
};

/* Why a certificate is replaced. */
enum certificate_loss {
	CERTIFICATE_LOST = 1,
	CERTIFICATE_DAMAGED = 2,
};

const char *certificate_kind_name(enum certificate_kind kind);    /* "temporary" */
const char *certificate_kind_label(enum certificate_kind kind);   /* "临时婚育证明" */
bool certificate_kind_parse(const char *name, enum certificate_kind *out);
const char *certificate_state_name(enum certificate_state state); /* "distributed" */
const char *certificate_state_label(enum certificate_state state);
const char *contract_state_name(enum contract_state state);
const char *contract_state_label(enum contract_state state);
bool certificate_loss_parse(const char *name, enum certificate_loss *out);

/* True if `number` has our form: 9 digits, '-', year, '-', 6 digits. */
bool certificate_number_is_ours(const char *number);

/* Our number for a town's `sequence`-th certificate of `year`. */
void certificate_number_format(const char *town, int year, long sequence, char *buf,
			       size_t size);

/* The state on `today`: EXPIRED for an issued or distributed one past valid_until. */
enum certificate_state certificate_state_on(const struct certificate *c,
					    const struct date *today);

/* True if the certificate is in force on `today` (issued or distributed, not expired). */
bool certificate_is_valid_on(const struct certificate *c, const struct date *today);

/* The state on `today`: OVERDUE for an active contract past its deadline. */
enum contract_state contract_state_on(const struct contract *c, const struct date *today);

/*
 * Issues a standard or temporary certificate, or records an external one,
 * for person `person_id`.  A temporary certificate comes with its service
 * contract (`contract`, may be NULL otherwise); recording a standard or
 * external certificate fulfils the person's active contracts.  Refusals:
 * ST_NOT_ALLOWED (wrong flow, a valid certificate held, marital status
 * unknown, transfer asked for directly), ST_DUPLICATE_CERTIFICATE,
 * ST_INVALID_* for bad values.
 */
enum status certificate_issue(const struct registry *reg, int64_t person_id,
			      const struct certificate_request *req, const char *actor,
			      struct certificate *out, struct contract *contract,
			      struct error *err);

/*
 * Issues the transfer certificate of a hand-over (the caller's transaction,
 * see transition.h).
 */
enum status certificate_issue_transfer(const struct registry *reg, const struct person *p,
				       const struct certificate_request *req, const char *actor,
				       struct certificate *out, struct error *err);

/* Loads a certificate by number or id; ST_NOT_FOUND if none. */
enum status certificate_get(const struct registry *reg, const char *number,
			    struct certificate *out, struct error *err);
enum status certificate_get_by_id(const struct registry *reg, int64_t id,
				  struct certificate *out, struct error *err);

/*
 * The certificates of a person, newest first: at most `max` into `out`,
 * *count set.
 */
enum status certificate_list(const struct registry *reg, int64_t person_id,
			     struct certificate *out, size_t max, size_t *count,
			     struct error *err);

/* True in *held if the person holds a valid certificate of a kind in `kinds` (bit per kind). */
enum status certificate_person_holds(const struct registry *reg, int64_t person_id,
				     unsigned kinds, bool *held, struct error *err);
#define CERTIFICATE_KIND_BIT(kind) (1u << (kind))
#define CERTIFICATE_PROPER_KINDS                                                   \
	(CERTIFICATE_KIND_BIT(CERTIFICATE_STANDARD) |                              \
	 CERTIFICATE_KIND_BIT(CERTIFICATE_TRANSFER) | CERTIFICATE_KIND_BIT(CERTIFICATE_EXTERNAL))
#define CERTIFICATE_ANY_KIND (CERTIFICATE_PROPER_KINDS | CERTIFICATE_KIND_BIT(CERTIFICATE_TEMPORARY))

/*
 * Records the hand-out of an issued certificate: on (not before the issue,
 * not in the future) to `received_by`.  ST_INVALID_STATE unless issued and
 * not expired; external certificates are never handed out here.
 */
enum status certificate_distribute(const struct registry *reg, const char *number,
				   const char *on, const char *received_by, const char *actor,
				   struct certificate *out, struct error *err);

/* Revokes a certificate in force (issued, distributed or expired) with a reason. */
enum status certificate_revoke(const struct registry *reg, const char *number,
			       const char *reason, const char *actor, struct certificate *out,
			       struct error *err);

/*
 * Replaces a lost or damaged certificate of ours that is still valid: a new
 * number with the same content and the same end of validity, issued today;
 * the old one becomes `replaced`.  `replacement` receives the new one.
 */
enum status certificate_replace(const struct registry *reg, const char *number,
				enum certificate_loss loss, const char *note, const char *actor,
				struct certificate *replacement, struct error *err);

/* What a scanned QR code proves about a certificate. */
enum certificate_verdict {
	CERTIFICATE_VERDICT_VALID,
	CERTIFICATE_VERDICT_EXPIRED,
	CERTIFICATE_VERDICT_REVOKED,  /* revoked or replaced */
	CERTIFICATE_VERDICT_FORGED,   /* the signature is not ours, or no such certificate */
};

/*
 * Checks a number and the signature text of its QR code; `out` receives the
 * certificate unless the verdict is FORGED.
 */
enum status certificate_verify(const struct registry *reg, const char *number, const char *sig,
			       struct certificate *out, enum certificate_verdict *verdict,
			       struct error *err);

/*
 * The signed verification link of one of our certificates, under
 * `base_url`: what its QR code carries.  ST_NOT_ALLOWED for external ones.
 */
enum status certificate_verify_link(const struct registry *reg, const char *base_url,
				    const char *number, char *buf, size_t size,
				    struct error *err);

/* The contracts of a person, newest first. */
enum status contract_list(const struct registry *reg, int64_t person_id,
			  struct contract *out, size_t max, size_t *count, struct error *err);
enum status contract_get(const struct registry *reg, int64_t id, struct contract *out,
			 struct error *err);

#endif
