/*
 * assessment.h — responsibility agreements and year-end assessment
 * (目标管理责任制与年终考核, policy §6(1), §6(4)).
 *
 * Each year the city signs a target agreement with a party:
 *
 *   department  an organization of kind department (职能部门)
 *   division    a district, town or street of the city (区、镇、街道)
 *   unit        any other organization (单位)
 *
 * An agreement holds 1..20 target items, each with a description, a weight
 * (the weights of an agreement sum to 100) and how it is measured:
 *
 *   manual                       the assessor gives the score
 *   certificate_holding_rate     division parties only: of the persons with
 *                                management floating and flow inflow or
 *                                outflow living in the division, the share
 *                                holding a certificate in force on the
 *                                assessment day (issued or distributed,
 *                                issued on or before that day, last day
 *                                none or not before it)
 *   complaints_answered_on_time  division parties only: of the complaints
 *                                with an office inside the division received
 *                                in the agreement's year, the share first
 *                                answered on or before their due date (the
 *                                day of the audit row of the answer, in China)
 *
 * At year end the assessor scores every item from 0 to 100 points (two
 * decimals; kept in hundredths).  A measured item takes the measured share
 * × 100 as its score unless the assessor gives another score with a
 * reason, which is kept beside the measured value.  The weighted total is
 * Σ weight × score / 100, rounded half up to a hundredth.  The result is
 * pass when the total reaches ASSESSMENT_PASS_SCORE (60 points) and fail
 * otherwise — and fail whatever the total under a one-vote veto
 * (一票否决), which must give its reason.
 *
 *   signed → assessed (scored again as often as needed) → finalized
 *
 * A finalized agreement is locked: nothing changes any more
 * (ST_INVALID_STATE, reason assessment_finalized).  Changing an assessed
 * agreement's items clears its scores (back to signed).
 *
 * The ranking of a year and kind of party lists the assessed and finalized
 * agreements: vetoed ones last, then by total, highest first; equal totals
 * share a rank (1, 2, 2, 4), then by party name.
 *
 * Awards (流动人口综合治理创新单项奖, 流动人口计划生育管理服务奖) are given
 * to a party for a year with a citation.
 */
#ifndef LIUDONG_ASSESSMENT_H
#define LIUDONG_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/error.h"
#include "domain/division.h"
#include "domain/person.h"

#define ASSESSMENT_ITEMS_MAX 20
#define ASSESSMENT_WEIGHT_TOTAL 100
#define ASSESSMENT_SCORE_MAX 10000      /* hundredths of a point: 100 points */
#define ASSESSMENT_PASS_SCORE 6000      /* 60 points */
#define ASSESSMENT_YEAR_MIN 2000
#define ASSESSMENT_YEAR_MAX 2100
#define ASSESSMENT_PARTY_NAME_SIZE 192
#define ASSESSMENT_TITLE_MIN_CHARS 2
#define ASSESSMENT_TITLE_MAX_CHARS 60
#define ASSESSMENT_TITLE_SIZE 192
#define ASSESSMENT_ITEM_MIN_CHARS 2
#define ASSESSMENT_ITEM_MAX_CHARS 100
#define ASSESSMENT_ITEM_SIZE 320
#define ASSESSMENT_REASON_MIN_CHARS 2
#define ASSESSMENT_REASON_MAX_CHARS 200  /* veto, override reasons */
#define ASSESSMENT_REASON_SIZE 640
#define ASSESSMENT_CITATION_MAX_CHARS 500
#define ASSESSMENT_CITATION_SIZE 1536
#define ASSESSMENT_ACTOR_SIZE 64
#define ASSESSMENT_LIST_MAX 200          /* agreements of one listing or ranking */

enum assessment_party_kind {
	PARTY_KIND_NONE = 0,
	PARTY_DEPARTMENT = 1,
	PARTY_DIVISION = 2,
	PARTY_UNIT = 3,
};

enum assessment_measure {
	MEASURE_MANUAL = 0,
	MEASURE_CERTIFICATE_HOLDING_RATE = 1,
	MEASURE_COMPLAINTS_ANSWERED_ON_TIME = 2,
	MEASURE__COUNT
};

enum agreement_state {
	AGREEMENT_STATE_NONE = 0,
	AGREEMENT_SIGNED = 1,
	AGREEMENT_ASSESSED = 2,
	AGREEMENT_FINALIZED = 3,
};

enum assessment_result {
	RESULT_NONE = 0,
	RESULT_PASS = 1,
	RESULT_FAIL = 2,
};

enum award_kind {
	AWARD_KIND_NONE = 0,
	AWARD_INNOVATION = 1,  /* 流动人口综合治理创新单项奖 */
	AWARD_SERVICE = 2,     /* 流动人口计划生育管理服务奖 */
};

/* Who the city agrees with; exactly one of division and organization_id. */
struct assessment_party {
	enum assessment_party_kind kind;
	char division[DIVISION_CODE_SIZE];      /* a division party, or "" */
	int64_t organization_id;                /* a department or unit, or 0 */
	char name[ASSESSMENT_PARTY_NAME_SIZE];  /* when the agreement was made */
	char place[DIVISION_CODE_SIZE];         /* where it lies: who may read */
};

struct agreement_item {
	int ordinal;                            /* 1.. */
	char description[ASSESSMENT_ITEM_SIZE];
	int weight;                             /* 1..100 */
	enum assessment_measure measure;
	bool scored;
	int score;                              /* hundredths, when scored */
	bool measured;                          /* the system measured a share */
	int64_t numerator, denominator;         /* of the measured share */
	int measured_score;                     /* hundredths: share × 100 points */
	char override_reason[ASSESSMENT_REASON_SIZE];  /* "" unless overridden */
};

struct agreement {
	int64_t id;
	int year;
	struct assessment_party party;
	char title[ASSESSMENT_TITLE_SIZE];
	char signed_on[DATE_TEXT_SIZE];
	enum agreement_state state;
	char assessed_on[DATE_TEXT_SIZE];       /* "" until assessed */
	int total;                              /* hundredths; 0 until assessed */
	bool veto;
	char veto_reason[ASSESSMENT_REASON_SIZE];
	enum assessment_result result;
	char assessed_by[ASSESSMENT_ACTOR_SIZE];
	char finalized_by[ASSESSMENT_ACTOR_SIZE];
	int64_t finalized_at;                   /* Unix seconds, 0 until finalized */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
	size_t item_count;                      /* 0 in listings, which read no items */
	struct agreement_item items[ASSESSMENT_ITEMS_MAX];
};

/* A target item as sent; weight -1 when absent. */
struct agreement_item_request {
	char description[ASSESSMENT_ITEM_SIZE + 4];
	int weight;
	char measure[40];
};

/* An agreement as sent; an update changes only the members marked has_. */
struct agreement_request {
	int year;                                    /* 0 when absent */
	char party_kind[24];
	char party_division[DIVISION_CODE_SIZE + 8];
	int64_t party_organization_id;
	char title[ASSESSMENT_TITLE_SIZE + 4];
	char signed_on[DATE_TEXT_SIZE + 8];          /* "" = today */
	size_t item_count;                           /* > ASSESSMENT_ITEMS_MAX: too many */
	struct agreement_item_request items[ASSESSMENT_ITEMS_MAX];
	bool has_title, has_signed_on, has_items;
};

/* One item's score as sent. */
struct assessment_score_request {
	int ordinal;
	bool has_score;
	int score;                                   /* hundredths */
	char override_reason[ASSESSMENT_REASON_SIZE + 4];
};

struct assessment_request {
	char assessed_on[DATE_TEXT_SIZE + 8];        /* "" = today */
	size_t score_count;                          /* > ASSESSMENT_ITEMS_MAX: too many */
	struct assessment_score_request scores[ASSESSMENT_ITEMS_MAX];
	bool veto;
	char veto_reason[ASSESSMENT_REASON_SIZE + 4];
};

/* A listing of agreements: every filter must hold. */
struct agreement_query {
	int year;                                    /* or 0 */
	enum assessment_party_kind party_kind;       /* or NONE */
	char place[DIVISION_CODE_SIZE];              /* party inside this ("" = anywhere) */
};

/* A row of a ranking. */
struct assessment_rank {
	int rank;                                    /* 1..; equal totals share it */
	const struct agreement *agreement;           /* not owned */
};

struct award {
	int64_t id;
	int year;
	enum award_kind kind;
	struct assessment_party party;
	char citation[ASSESSMENT_CITATION_SIZE];
	char awarded_on[DATE_TEXT_SIZE];
	char awarded_by[ASSESSMENT_ACTOR_SIZE];
	int64_t created_at;
};

struct award_request {
	int year;
	char kind[24];
	char party_kind[24];
	char party_division[DIVISION_CODE_SIZE + 8];
	int64_t party_organization_id;
	char citation[ASSESSMENT_CITATION_SIZE + 4];
	char awarded_on[DATE_TEXT_SIZE + 8];         /* "" = today */
};

const char *assessment_party_kind_name(enum assessment_party_kind k);  /* "division" */
const char *assessment_party_kind_label(enum assessment_party_kind k); /* "区、镇（街道）" */
bool assessment_party_kind_parse(const char *name, enum assessment_party_kind *out);
const char *assessment_measure_name(enum assessment_measure m);
const char *assessment_measure_label(enum assessment_measure m);
bool assessment_measure_parse(const char *name, enum assessment_measure *out);
const char *agreement_state_name(enum agreement_state s);
const char *agreement_state_label(enum agreement_state s);
const char *assessment_result_name(enum assessment_result r);  /* "pass", "fail", "" */
const char *assessment_result_label(enum assessment_result r);
const char *award_kind_name(enum award_kind k);
const char *award_kind_label(enum award_kind k);
bool award_kind_parse(const char *name, enum award_kind *out);

/* --- the rules, without storage ---------------------------------------------- */

/* The items' weights are each 1..100 and sum to 100; else ST_INVALID_INPUT. */
enum status assessment_check_weights(const struct agreement_item *items, size_t count,
				     struct error *err);

/* True if `score` (hundredths) lies in 0..ASSESSMENT_SCORE_MAX. */
bool assessment_score_is_valid(int score);

/* Σ weight × score / 100 in hundredths, rounded half up; unscored items count 0. */
int assessment_weighted_total(const struct agreement_item *items, size_t count);

/* Pass at ASSESSMENT_PASS_SCORE or more, fail below it or under a veto. */
enum assessment_result assessment_result_of(int total, bool veto);

/* A measured share numerator/denominator as hundredths of points, rounded half up. */
int assessment_share_score(int64_t numerator, int64_t denominator);

/*
 * Orders `rows` (their agreements assessed) for a ranking: vetoed last, then
 * total highest first, then party name and id; sets each rank, equal
 * totals (and equal veto) sharing one.
 */
void assessment_rank_sort(struct assessment_rank *rows, size_t count);

/* --- agreements ---------------------------------------------------------------- */

/* Checks a request and makes the agreement (signed).  Its own transaction, joined. */
enum status agreement_create(const struct registry *reg, const struct agreement_request *req,
			     struct agreement *out, struct error *err);

/* Agreement `id` with its items. */
enum status agreement_get(const struct registry *reg, int64_t id, struct agreement *out,
			  struct error *err);

/*
 * Changes title, signed_on and/or items of `a` (not finalized) if its
 * version is still `expected_version`; new items clear the scores.
 * *changed: whether anything changed (nothing written otherwise).
 */
enum status agreement_update(const struct registry *reg, struct agreement *a,
			     int64_t expected_version, const struct agreement_request *req,
			     bool *changed, struct error *err);

/*
 * Scores every item of `a` (not finalized): measures its measured items on
 * the assessment day, takes the scores given, sets total, veto and
 * result; the agreement becomes assessed.  `actor` is the assessor.
 */
enum status agreement_assess(const struct registry *reg, struct agreement *a,
			     const struct assessment_request *req, const char *actor,
			     struct error *err);

/* Locks an assessed agreement (finalized by `actor`). */
enum status agreement_finalize(const struct registry *reg, struct agreement *a,
			       const char *actor, struct error *err);

/* At most `max` agreements matching `q` (without items), by year, kind, name. */
enum status agreement_search(const struct registry *reg, const struct agreement_query *q,
			     struct agreement *out, size_t max, size_t *count, struct error *err);

/* --- awards ---------------------------------------------------------------------- */

enum status award_give(const struct registry *reg, const struct award_request *req,
		       const char *actor, struct award *out, struct error *err);

/* At most `max` awards of `year` (0: every year) for parties inside `place`, newest first. */
enum status award_search(const struct registry *reg, int year, const char *place,
			 struct award *out, size_t max, size_t *count, struct error *err);

#endif
