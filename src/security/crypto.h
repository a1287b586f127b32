/*
 * crypto.h — the one interface to cryptography.
 *
 * Callers never name an algorithm: they seal and open fields, compute blind
 * indexes and (later) hash passwords, sign and chain.  Today the functions
 * are libsodium's (XSalsa20-Poly1305 secretbox, keyed BLAKE2b); a deployment
 * that must use the national algorithms (SM3/SM4) replaces crypto.c only.
 *
 * The field key lives in a file beside the database, never inside it:
 * "liudong-field-key-v1 <64 hex digits>\n", mode 0600.  Two subkeys are
 * derived from it, one to seal, one for blind indexes.
 */
#ifndef LIUDONG_CRYPTO_H
#define LIUDONG_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define CRYPTO_BLIND_INDEX_SIZE 16
#define CRYPTO_SEAL_OVERHEAD 40 /* nonce and authentication tag */

struct crypto_keys {
	unsigned char seal_key[32];
	unsigned char index_key[32];
};

/* What a blind index is computed for: the same value gives different indexes. */
enum crypto_index_domain {
	CRYPTO_INDEX_ID_NUMBER = 1,
	CRYPTO_INDEX_PHONE = 2,
};

/* Initializes the library once per process; safe to call again. */
enum status crypto_init(struct error *err);

/* Creates a new random key file at `path` (mode 0600); refuses to overwrite. */
enum status crypto_key_create(const char *path, struct error *err);

/*
 * Loads the key file at `path` into `keys`.  Refuses a missing file
 * (ST_KEY_MISSING), one that group or others may read, or a malformed one
 * (ST_KEY_INSECURE).
 */
enum status crypto_key_load(const char *path, struct crypto_keys *keys,
			    struct error *err);

/* Wipes keys from memory. */
void crypto_keys_wipe(struct crypto_keys *keys);

/* Bytes that sealing `plain_len` bytes produces. */
size_t crypto_sealed_size(size_t plain_len);

/*
 * Seals `len` bytes of `plain` into `out` (crypto_sealed_size(len) bytes,
 * must fit `out_size`) with a fresh random nonce.
 */
enum status crypto_seal(const struct crypto_keys *keys, const void *plain, size_t len,
			unsigned char *out, size_t out_size, struct error *err);

/*
 * Opens a sealed field into `out` as a NUL-terminated string; fails with
 * ST_CRYPTO if it was not sealed with these keys or was altered.
 */
enum status crypto_open(const struct crypto_keys *keys, const unsigned char *sealed,
			size_t len, char *out, size_t out_size, struct error *err);

/*
 * Seals a text value into printable form (base64 of the sealed bytes), for
 * places that keep text, such as history rows.  `out` needs
 * CRYPTO_SEALED_TEXT_SIZE(strlen(plain)) bytes.
 */
#define CRYPTO_SEALED_TEXT_SIZE(len) (((CRYPTO_SEAL_OVERHEAD + (len)) / 3 + 1) * 4 + 1)
enum status crypto_seal_text(const struct crypto_keys *keys, const char *plain, char *out,
			     size_t out_size, struct error *err);

/* Opens what crypto_seal_text made. */
enum status crypto_open_text(const struct crypto_keys *keys, const char *sealed, char *out,
			     size_t out_size, struct error *err);

/* Keyed blind index of a value, for exact lookup without decrypting. */
void crypto_blind_index(const struct crypto_keys *keys, enum crypto_index_domain domain,
			const void *value, size_t len,
			unsigned char out[CRYPTO_BLIND_INDEX_SIZE]);

/* --- passwords, tokens, chains ----------------------------------------- */

#define CRYPTO_PASSWORD_HASH_SIZE 128  /* argon2id string with its parameters */
#define CRYPTO_TOKEN_SIZE 44           /* 32 random bytes as base64url text + NUL */
#define CRYPTO_DIGEST_SIZE 32

/* argon2id hash of a password (t=2, m=19 MiB, p=1) as a self-describing string. */
enum status crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH_SIZE],
				 struct error *err);

/* True if `password` matches `hash`; always takes the hash's full cost. */
bool crypto_password_verify(const char *hash, const char *password);

/* A fresh random token (session, CSRF, API token) as base64url text. */
void crypto_random_token(char out[CRYPTO_TOKEN_SIZE]);

/* Digest of a token, for storing it without the token itself. */
void crypto_token_digest(const char *token, unsigned char out[CRYPTO_DIGEST_SIZE]);

/* Next link of a hash chain: digest of the previous link and the row's bytes. */
void crypto_chain_hash(const unsigned char previous[CRYPTO_DIGEST_SIZE], const void *row,
		       size_t len, unsigned char out[CRYPTO_DIGEST_SIZE]);

/* Comparison in time independent of where the inputs differ. */
bool crypto_equal(const void *a, const void *b, size_t len);

#endif
