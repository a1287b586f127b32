/*
 * certificate_verify.c — what a scanned QR code proves, and the signed link
 * a certificate's QR code carries.
 */
#include "domain/certificate.h"

#include "security/certsig.h"
#include "store/store.h"

enum status certificate_verify(const struct registry *reg, const char *number, const char *sig,
			       struct certificate *out, enum certificate_verdict *verdict,
			       struct error *err)
{
	unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE];
	store_public_key(reg->store, public_key);
	*verdict = CERTIFICATE_VERDICT_FORGED;
	if (number == NULL || sig == NULL || certsig_check(public_key, number, sig) != CERTSIG_VALID)
		return ST_OK;
	enum status st = certificate_get(reg, number, out, err);
	if (st == ST_NOT_FOUND)
		return ST_OK;
	if (st != ST_OK)
		return st;
	if (certificate_state_on(out, &reg->today) == CERTIFICATE_EXPIRED)
		*verdict = CERTIFICATE_VERDICT_EXPIRED;
	else if (certificate_is_valid_on(out, &reg->today))
		*verdict = CERTIFICATE_VERDICT_VALID;
	else
		*verdict = CERTIFICATE_VERDICT_REVOKED;
	return ST_OK;
}

enum status certificate_verify_link(const struct registry *reg, const char *base_url,
				    const char *number, char *buf, size_t size,
				    struct error *err)
{
	char sig[CERTSIG_TEXT_SIZE];
	if (!certificate_number_is_ours(number))
		return error_set(err, ST_NOT_ALLOWED, "number", "外地出具的证明没有本系统的二维码");
	enum status st = certsig_sign(reg->store, number, sig, err);
	if (st != ST_OK)
		return st;
	return certsig_url(base_url, number, sig, buf, size, err);
}
