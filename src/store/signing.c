/*
 * signing.c — signatures with the deployment's key, which the store holds
 * (derived from the key file beside the database when it was opened).
 * No SQL: the key never leaves memory and is never stored in the database.
 */
#include <assert.h>
#include <string.h>

#include "store/store_internal.h"

enum status store_sign(struct store *store, const void *msg, size_t len,
		       unsigned char sig[CRYPTO_SIGNATURE_SIZE], struct error *err)
{
	(void)err; /* signing in memory cannot fail; a key held elsewhere could */
	assert(store != NULL);
	crypto_signature_create(&store->keys, msg, len, sig);
	return ST_OK;
}

void store_public_key(struct store *store, unsigned char out[CRYPTO_PUBLIC_KEY_SIZE])
{
	assert(store != NULL);
	memcpy(out, store->keys.sign_public, CRYPTO_PUBLIC_KEY_SIZE);
}
