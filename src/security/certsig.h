/*
 * certsig.h — the signature a marriage-and-childbearing certificate carries
 * in its QR code, and the text of that QR code.
 *
 * The deployment signs exactly the bytes
 *     "liudong-certificate-v1\n" <certificate number>
 * with its key (store_sign); the signature travels as 86 characters of
 * base64url without padding.  The QR code holds a link to the public check
 * page:
 *     <base URL>/verify/<number>?sig=<signature>
 * e.g. http://127.0.0.1:8080/verify/620201001-2026-000123?sig=…
 * The page checks the signature and shows the certificate's current state;
 * `liudong verify` checks the signature alone, offline, with the public key.
 *
 * A certificate number is the issuing town's 9-digit division code, the
 * year and a 6-digit sequence: 620201001-2026-000123.
 */
#ifndef LIUDONG_CERTSIG_H
#define LIUDONG_CERTSIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "security/crypto.h"

struct store;

#define CERTSIG_NUMBER_SIZE 22  /* "620201001-2026-000123" and the NUL */
#define CERTSIG_TEXT_SIZE 87    /* CRYPTO_BASE64URL_SIZE(CRYPTO_SIGNATURE_SIZE) */
#define CERTSIG_URL_MAX 512     /* a payload (URL) and its NUL */

/* What checking a (number, signature text) pair found. */
enum certsig_result {
	CERTSIG_VALID,     /* this key signed this number */
	CERTSIG_FORGED,    /* well-formed, but not this key's signature of this number */
	CERTSIG_MALFORMED, /* not a certificate number, or not a signature's text */
};

/* A scanned payload taken apart (certsig_parse). */
struct certsig_scan {
	char number[CERTSIG_NUMBER_SIZE];
	char sig[CERTSIG_TEXT_SIZE];
};

/* True if `number` has the form of a certificate number (9 digits-4 digits-6 digits). */
bool certsig_number_valid(const char *number);

/*
 * Signs a certificate number with the deployment's key into `out` as
 * base64url text.  ST_INVALID_INPUT (field "number") if the number does not
 * have the certificate number's form.
 */
enum status certsig_sign(struct store *store, const char *number, char out[CERTSIG_TEXT_SIZE],
			 struct error *err);

/* Checks that `sig_text` is the signature of `number` under `public_key`. */
enum certsig_result certsig_check(const unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE],
				  const char *number, const char *sig_text);

/*
 * Writes the QR code's text, "<base_url>/verify/<number>?sig=<sig_text>",
 * into `out` (`size` bytes, CERTSIG_URL_MAX is enough for a base URL of up to
 * 380 characters).  A trailing slash of `base_url` is dropped; an empty
 * base URL gives the path alone.  ST_INVALID_INPUT if the number or the
 * signature text is not of its form, or the text does not fit.
 */
enum status certsig_url(const char *base_url, const char *number, const char *sig_text,
			char *out, size_t size, struct error *err);

/*
 * Takes a scanned payload apart into number and signature text.  Accepts a
 * link with any scheme and host (and any path before /verify/), the path
 * "/verify/<number>?sig=…", and the bare "<number>?sig=…"; other query
 * parameters and a fragment are ignored, surrounding whitespace too.  Refuses
 * anything else with ST_INVALID_INPUT, a Chinese message saying what is wrong
 * and a reason code: empty, too_long, bad_character, not_a_verify_link,
 * bad_number, missing_signature, duplicate_signature, bad_signature.
 * The signature is checked for its form only (certsig_check does the rest).
 * When only the signature is wrong, out->number holds the number read.
 */
enum status certsig_parse(const char *payload, struct certsig_scan *out, struct error *err);

#endif
