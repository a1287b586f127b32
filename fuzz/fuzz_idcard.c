/*
 * fuzz_idcard.c — idcard_parse on arbitrary bytes.
 *
 * Rules checked besides "never crashes": a number accepted as valid has the
 * canonical 18-character form with the right MOD 11-2 check character; its
 * region, birth date and sex are the ones written in it; the canonical form
 * parses again to the same card; idcard_validate agrees with idcard_parse;
 * the masked form keeps the first six and the last four characters only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/idcard.h"

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "fuzz_idcard: rule broken: %s (line %d)\n", \
				#cond, __LINE__);                                    \
			abort();                                                     \
		}                                                                    \
	} while (0)

/* A fixed "today", so that a saved input replays the same way on any day. */
static const struct date today = {2026, 11, 29};

static void check_valid(const struct idcard *card)
{
	CHECK(strlen(card->number) == IDCARD_LENGTH);
	for (int i = 0; i < 17; i++)
		CHECK(card->number[i] >= '0' && card->number[i] <= '9');
	CHECK(idcard_check_character(card->number) == card->number[17]);
	CHECK(memcmp(card->region, card->number, 6) == 0 && card->region[6] == '\0');
	CHECK(idcard_is_province((card->number[0] - '0') * 10 + (card->number[1] - '0')));
	char birth[DATE_TEXT_SIZE], written[DATE_TEXT_SIZE];
	date_format(&card->birth, birth, sizeof birth);
	snprintf(written, sizeof written, "%.4s-%.2s-%.2s", card->number + 6,
		 card->number + 10, card->number + 12);
	CHECK(strcmp(birth, written) == 0);
	CHECK(date_is_valid(card->birth.year, card->birth.month, card->birth.day));
	CHECK(card->birth.year >= 1900 && date_compare(&card->birth, &today) <= 0);
	CHECK(card->sex == (((card->number[16] - '0') % 2) ? 'M' : 'F'));

	struct idcard again;
	CHECK(idcard_parse(card->number, &today, &again) == IDCARD_OK);
	CHECK(strcmp(again.number, card->number) == 0);
	CHECK(strcmp(again.region, card->region) == 0);
	CHECK(date_compare(&again.birth, &card->birth) == 0);
	CHECK(again.sex == card->sex);
	CHECK(!again.upgraded);

	char masked[IDCARD_MASKED_SIZE];
	idcard_mask(card->number, masked, sizeof masked);
	CHECK(strlen(masked) == IDCARD_LENGTH);
	CHECK(memcmp(masked, card->number, 6) == 0);
	CHECK(memcmp(masked + 14, card->number + 14, 4) == 0);
	CHECK(strspn(masked + 6, "*") == 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = malloc(size + 1);
	if (input == NULL)
		return 0;
	memcpy(input, data, size);
	input[size] = '\0';

	struct idcard card;
	memset(&card, 0, sizeof card);
	enum idcard_reason reason = idcard_parse(input, &today, &card);
	CHECK(reason >= IDCARD_OK && reason <= IDCARD_BAD_CHECK_CHARACTER);
	CHECK(idcard_reason_code(reason) != NULL && idcard_reason_code(reason)[0] != '\0');
	CHECK(idcard_reason_message(reason) != NULL);

	struct idcard card2;
	struct error err;
	error_clear(&err);
	enum status st = idcard_validate(input, &today, &card2, "id_number", &err);
	CHECK((st == ST_OK) == (reason == IDCARD_OK));
	if (reason == IDCARD_OK) {
		check_valid(&card);
		CHECK(strcmp(card2.number, card.number) == 0);
		/* A 15-digit input is upgraded with the century 19. */
		if (card.upgraded)
			CHECK(card.number[6] == '1' && card.number[7] == '9');
	} else {
		CHECK(st == ST_INVALID_ID_NUMBER);
		CHECK(strcmp(err.reason, idcard_reason_code(reason)) == 0);
		CHECK(strcmp(err.field, "id_number") == 0);
	}
	/* The mask never reads past the end nor overflows, whatever it is given. */
	char masked[IDCARD_MASKED_SIZE];
	idcard_mask(input, masked, sizeof masked);
	CHECK(strlen(masked) <= IDCARD_LENGTH);
	free(input);
	return 0;
}
