/*
 * fuzz_certsig.c — certsig_parse and certsig_check on arbitrary scanned text.
 *
 * Rules checked besides "never crashes": a payload that parses gives a
 * number of the certificate form and a signature text of base64url
 * characters; the link built again from them parses to the same number
 * and signature; a signature checked against a key that signed nothing
 * never counts as valid.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "security/certsig.h"

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "fuzz_certsig: rule broken: %s (line %d)\n", \
				#cond, __LINE__);                                     \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* A public key nobody holds the secret of (all 0x2a). */
static const unsigned char stranger[CRYPTO_PUBLIC_KEY_SIZE] = {
	0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a,
	0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a,
	0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a, 0x2a};

static bool is_base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *payload = malloc(size + 1);
	struct certsig_scan scan, again;
	struct error err;
	char url[CERTSIG_URL_MAX];
	if (payload == NULL)
		return 0;
	memcpy(payload, data, size);
	payload[size] = '\0';
	if (certsig_parse(payload, &scan, &err) == ST_OK) {
		CHECK(certsig_number_valid(scan.number));
		CHECK(scan.sig[0] != '\0' && is_base64url(scan.sig));
		CHECK(certsig_check(stranger, scan.number, scan.sig) != CERTSIG_VALID);
		if (certsig_url("https://ld.example.gov.cn", scan.number, scan.sig, url, sizeof url,
				&err) == ST_OK) {
			CHECK(certsig_parse(url, &again, &err) == ST_OK);
			CHECK(strcmp(again.number, scan.number) == 0);
			CHECK(strcmp(again.sig, scan.sig) == 0);
		}
	} else {
		CHECK(err.status == ST_INVALID_INPUT);
		CHECK(err.message[0] != '\0');
	}
	free(payload);
	return 0;
}
