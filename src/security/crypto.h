/*
 * crypto.h — the one interface to cryptography.
 *
 * Callers never name an algorithm: they seal and open fields, compute blind
 * indexes and (later) hash passwords, sign and chain.  Today the functions
 * are libsodium's (XSalsa20-Poly1305 secretbox, keyed BLAKE2b, Ed25519
 * signatures); a deployment that must use the national algorithms
 * (SM2/SM3/SM4) replaces crypto.c only.
 *
 * The field key lives in a file beside the database, never inside it:
 * "liudong-field-key-v1 <64 hex digits>\n", mode 0600.  Three subkeys are
 * derived from it: one to seal, one for blind indexes, and the seed of the
 * deployment's signing key pair (whose public half anyone may hold).
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
	unsigned char sign_secret[64];  /* the deployment's signing key (seed and public half) */
	unsigned char sign_public[32];  /* = CRYPTO_PUBLIC_KEY_SIZE; may be published */
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

/* Wipes an opened value from memory (the compiler may not drop this). */
void crypto_wipe(void *buf, size_t len);

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

/* --- signatures -----------------------------------------------------------
 *
 * The deployment signs with the secret half of keys->sign_*; anyone holding
 * the public half (printed by `liudong key public`) can check a signature
 * offline.  Signatures are deterministic: the same message gives the same
 * signature.
 */

#define CRYPTO_SIGNATURE_SIZE 64
#define CRYPTO_PUBLIC_KEY_SIZE 32

/* Signs `len` bytes of `msg` with the deployment's key. */
void crypto_signature_create(const struct crypto_keys *keys, const void *msg, size_t len,
			     unsigned char sig[CRYPTO_SIGNATURE_SIZE]);

/* True if `sig` is the signature of exactly these bytes under `public_key`. */
bool crypto_signature_valid(const unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE],
			    const void *msg, size_t len,
			    const unsigned char sig[CRYPTO_SIGNATURE_SIZE]);

/* --- the node key of the exchange between places --------------------------
 *
 * A node (one city's or province's liudong) signs the messages it sends to
 * other nodes with its own Ed25519 key pair, kept apart from the field key:
 * "<database>.node-key" beside the database, one line
 * "liudong-node-key-v1 <64 hex digits of the seed>\n", mode 0600.  Peers
 * hold the public half.
 */

struct crypto_node_key {
	unsigned char secret[64];                     /* seed and public half */
	unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE];
};

/* Creates a new random node key file at `path` (mode 0600); refuses to overwrite. */
enum status crypto_node_key_create(const char *path, struct error *err);

/* Loads a node key file (ST_KEY_MISSING, ST_KEY_INSECURE as crypto_key_load). */
enum status crypto_node_key_load(const char *path, struct crypto_node_key *key,
				 struct error *err);

/* Signs `len` bytes of `msg` with the node's key. */
void crypto_node_sign(const struct crypto_node_key *key, const void *msg, size_t len,
		      unsigned char sig[CRYPTO_SIGNATURE_SIZE]);

/* --- printable forms of bytes --------------------------------------------- */

/* Characters base64url (no padding) needs for `len` bytes, with the NUL. */
#define CRYPTO_BASE64URL_SIZE(len) (((len) / 3) * 4 + ((len) % 3 ? (len) % 3 + 1 : 0) + 1)

/*
 * Writes `len` bytes as base64url text without padding into `out`, which
 * must hold CRYPTO_BASE64URL_SIZE(len) bytes (the program stops otherwise).
 */
void crypto_base64url_encode(const void *bin, size_t len, char *out, size_t out_size);

/*
 * Decodes base64url text without padding into `out` (at most `out_size`
 * bytes); *out_len gets the count.  False for any other character, padding,
 * whitespace, a non-canonical last character, or more than `out_size` bytes.
 */
bool crypto_base64url_decode(const char *text, unsigned char *out, size_t out_size,
			     size_t *out_len);

/*
 * Writes `len` bytes as lowercase hexadecimal into `out`, which must hold
 * 2 * len + 1 bytes (the program stops otherwise).
 */
void crypto_hex_encode(const void *bin, size_t len, char *out, size_t out_size);

/* Decodes exactly `len` bytes from 2 * len hexadecimal digits (either case); false otherwise. */
bool crypto_hex_decode(const char *text, unsigned char *out, size_t len);

#endif
