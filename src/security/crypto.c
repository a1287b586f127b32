/*
 * crypto.c — the libsodium implementation of crypto.h.
 */
#include "security/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_MAGIC "liudong-field-key-v1 "
#define KEY_FILE_MAX 128
#define NODE_KEY_MAGIC "liudong-node-key-v1 "

enum status crypto_init(struct error *err)
{
	if (sodium_init() < 0)
		return error_set(err, ST_CRYPTO, "", "加密库初始化失败");
	return ST_OK;
}

/* Writes one key line `magic` + hex of `len` fresh random bytes to a new file. */
static enum status write_new_key_file(const char *path, const char *magic, size_t len,
				      struct error *err)
{
	unsigned char master[64];
	char hex[2 * sizeof master + 1];
	char line[KEY_FILE_MAX + 64];

	randombytes_buf(master, len);
	sodium_bin2hex(hex, sizeof hex, master, len);
	int n = snprintf(line, sizeof line, "%s%s\n", magic, hex);
	sodium_memzero(master, sizeof master);
	sodium_memzero(hex, sizeof hex);

	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		sodium_memzero(line, sizeof line);
		if (errno == EEXIST)
			return error_set(err, ST_ALREADY_INITIALIZED, "",
					 "密钥文件已存在，不会覆盖：请确认是否要重新初始化");
		return error_set(err, ST_IO, "", "无法创建密钥文件，请检查目录权限");
	}
	ssize_t written = write(fd, line, (size_t)n);
	sodium_memzero(line, sizeof line);
	if (written != n || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return error_set(err, ST_IO, "", "写入密钥文件失败，请检查磁盘空间");
	}
	close(fd);
	return ST_OK;
}

enum status crypto_node_key_create(const char *path, struct error *err)
{
	return write_new_key_file(path, NODE_KEY_MAGIC, crypto_sign_SEEDBYTES, err);
}

static enum status read_key_file(const char *path, char *buf, size_t size, struct error *err);

enum status crypto_node_key_load(const char *path, struct crypto_node_key *key,
				 struct error *err)
{
	char buf[KEY_FILE_MAX];
	unsigned char seed[crypto_sign_SEEDBYTES];
	size_t bin_len = 0;
	const char *end = NULL;
	_Static_assert(sizeof key->secret == crypto_sign_SECRETKEYBYTES, "node secret key size");
	enum status st = read_key_file(path, buf, sizeof buf, err);
	if (st != ST_OK)
		return st;
	size_t magic_len = strlen(NODE_KEY_MAGIC);
	st = ST_KEY_INSECURE;
	if (strncmp(buf, NODE_KEY_MAGIC, magic_len) != 0 ||
	    sodium_hex2bin(seed, sizeof seed, buf + magic_len, strlen(buf + magic_len), NULL,
			   &bin_len, &end) != 0 ||
	    bin_len != sizeof seed || (*end != '\n' && *end != '\0')) {
		error_set(err, ST_KEY_INSECURE, "", "节点密钥文件内容损坏，请从备份恢复节点密钥文件");
		goto out_wipe;
	}
	crypto_sign_seed_keypair(key->public_key, key->secret, seed);
	st = ST_OK;
out_wipe:
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(buf, sizeof buf);
	return st;
}

void crypto_node_sign(const struct crypto_node_key *key, const void *msg, size_t len,
		      unsigned char sig[CRYPTO_SIGNATURE_SIZE])
{
	crypto_sign_detached(sig, NULL, msg, len, key->secret);
}

enum status crypto_key_create(const char *path, struct error *err)
{
	return write_new_key_file(path, KEY_MAGIC, crypto_kdf_KEYBYTES, err);
}

static enum status read_key_file(const char *path, char *buf, size_t size, struct error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return error_set(err, ST_KEY_MISSING, "", NULL);
		return error_set(err, ST_IO, "", "无法读取密钥文件，请检查权限");
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		close(fd);
		return error_set(err, ST_KEY_INSECURE, "",
				 "密钥文件不是普通文件或可被其他用户读取，请执行 chmod 600 后重试");
	}
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return error_set(err, ST_IO, "", "无法读取密钥文件");
	buf[n] = '\0';
	return ST_OK;
}

/*
 * The signing key pair comes from the master key too, so that the key file
 * stays one line and a restored key file restores the signing key: subkey 3
 * in its own context, used as the seed of an Ed25519 key pair.
 */
static void derive_signing_key(struct crypto_keys *keys, const unsigned char *master)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	_Static_assert(sizeof keys->sign_secret == crypto_sign_SECRETKEYBYTES, "secret key size");
	_Static_assert(sizeof keys->sign_public == crypto_sign_PUBLICKEYBYTES, "public key size");
	crypto_kdf_derive_from_key(seed, sizeof seed, 3, "ldsign__", master);
	crypto_sign_seed_keypair(keys->sign_public, keys->sign_secret, seed);
	sodium_memzero(seed, sizeof seed);
}

enum status crypto_key_load(const char *path, struct crypto_keys *keys, struct error *err)
{
	char buf[KEY_FILE_MAX];
	unsigned char master[crypto_kdf_KEYBYTES];
	size_t bin_len = 0;
	const char *end = NULL;
	enum status st = read_key_file(path, buf, sizeof buf, err);
	if (st != ST_OK)
		return st;

	size_t magic_len = strlen(KEY_MAGIC);
	st = ST_KEY_INSECURE;
	if (strncmp(buf, KEY_MAGIC, magic_len) != 0 ||
	    sodium_hex2bin(master, sizeof master, buf + magic_len, strlen(buf + magic_len),
			   NULL, &bin_len, &end) != 0 ||
	    bin_len != sizeof master || (*end != '\n' && *end != '\0')) {
		error_set(err, ST_KEY_INSECURE, "", "密钥文件内容损坏，请从备份恢复密钥文件");
		goto out_wipe;
	}
	crypto_kdf_derive_from_key(keys->seal_key, sizeof keys->seal_key, 1, "ldfield_", master);
	crypto_kdf_derive_from_key(keys->index_key, sizeof keys->index_key, 2, "ldfield_", master);
	derive_signing_key(keys, master);
	st = ST_OK;
out_wipe:
	sodium_memzero(master, sizeof master);
	sodium_memzero(buf, sizeof buf);
	return st;
}

void crypto_wipe(void *buf, size_t len)
{
	sodium_memzero(buf, len);
}

void crypto_keys_wipe(struct crypto_keys *keys)
{
	sodium_memzero(keys, sizeof *keys);
}

size_t crypto_sealed_size(size_t plain_len)
{
	return crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len;
}

enum status crypto_seal(const struct crypto_keys *keys, const void *plain, size_t len,
			unsigned char *out, size_t out_size, struct error *err)
{
	if (out_size < crypto_sealed_size(len))
		return error_set(err, ST_CRYPTO, "", "加密缓冲区不足");
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain, len, out,
			      keys->seal_key);
	return ST_OK;
}

enum status crypto_open(const struct crypto_keys *keys, const unsigned char *sealed,
			size_t len, char *out, size_t out_size, struct error *err)
{
	if (len < crypto_sealed_size(0) || out_size < len - crypto_sealed_size(0) + 1)
		return error_set(err, ST_CRYPTO, "", NULL);
	size_t plain_len = len - crypto_sealed_size(0);
	if (crypto_secretbox_open_easy((unsigned char *)out,
				       sealed + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, sealed,
				       keys->seal_key) != 0)
		return error_set(err, ST_CRYPTO, "", NULL);
	out[plain_len] = '\0';
	return ST_OK;
}

enum status crypto_seal_text(const struct crypto_keys *keys, const char *plain, char *out,
			     size_t out_size, struct error *err)
{
	unsigned char sealed[512];
	size_t len = strlen(plain);
	if (crypto_sealed_size(len) > sizeof sealed ||
	    out_size < sodium_base64_ENCODED_LEN(crypto_sealed_size(len),
						 sodium_base64_VARIANT_ORIGINAL))
		return error_set(err, ST_CRYPTO, "", "加密缓冲区不足");
	enum status st = crypto_seal(keys, plain, len, sealed, sizeof sealed, err);
	if (st != ST_OK)
		return st;
	sodium_bin2base64(out, out_size, sealed, crypto_sealed_size(len),
			  sodium_base64_VARIANT_ORIGINAL);
	return ST_OK;
}

enum status crypto_open_text(const struct crypto_keys *keys, const char *sealed, char *out,
			     size_t out_size, struct error *err)
{
	unsigned char bin[512];
	size_t bin_len = 0;
	if (sodium_base642bin(bin, sizeof bin, sealed, strlen(sealed), NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return error_set(err, ST_CRYPTO, "", NULL);
	return crypto_open(keys, bin, bin_len, out, out_size, err);
}

void crypto_blind_index(const struct crypto_keys *keys, enum crypto_index_domain domain,
			const void *value, size_t len,
			unsigned char out[CRYPTO_BLIND_INDEX_SIZE])
{
	crypto_generichash_state state;
	unsigned char tag = (unsigned char)domain;
	crypto_generichash_init(&state, keys->index_key, sizeof keys->index_key,
				CRYPTO_BLIND_INDEX_SIZE);
	crypto_generichash_update(&state, &tag, 1);
	crypto_generichash_update(&state, value, len);
	crypto_generichash_final(&state, out, CRYPTO_BLIND_INDEX_SIZE);
}

enum status crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH_SIZE],
				 struct error *err)
{
	_Static_assert(CRYPTO_PASSWORD_HASH_SIZE >= crypto_pwhash_STRBYTES, "hash buffer");
	if (crypto_pwhash_str_alg(out, password, strlen(password), 2, 19u * 1024 * 1024,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return error_set(err, ST_NO_MEMORY, "", "密码处理所需内存不足，请稍后重试");
	return ST_OK;
}

bool crypto_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void crypto_random_token(char out[CRYPTO_TOKEN_SIZE])
{
	unsigned char bytes[32];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, CRYPTO_TOKEN_SIZE, bytes, sizeof bytes,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bytes, sizeof bytes);
}

void crypto_token_digest(const char *token, unsigned char out[CRYPTO_DIGEST_SIZE])
{
	crypto_generichash(out, CRYPTO_DIGEST_SIZE, (const unsigned char *)token, strlen(token),
			   NULL, 0);
}

void crypto_chain_hash(const unsigned char previous[CRYPTO_DIGEST_SIZE], const void *row,
		       size_t len, unsigned char out[CRYPTO_DIGEST_SIZE])
{
	crypto_generichash_state state;
	crypto_generichash_init(&state, NULL, 0, CRYPTO_DIGEST_SIZE);
	crypto_generichash_update(&state, previous, CRYPTO_DIGEST_SIZE);
	crypto_generichash_update(&state, row, len);
	crypto_generichash_final(&state, out, CRYPTO_DIGEST_SIZE);
}

bool crypto_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

void crypto_signature_create(const struct crypto_keys *keys, const void *msg, size_t len,
			     unsigned char sig[CRYPTO_SIGNATURE_SIZE])
{
	_Static_assert(CRYPTO_SIGNATURE_SIZE == crypto_sign_BYTES, "signature size");
	crypto_sign_detached(sig, NULL, msg, len, keys->sign_secret);
}

bool crypto_signature_valid(const unsigned char public_key[CRYPTO_PUBLIC_KEY_SIZE],
			    const void *msg, size_t len,
			    const unsigned char sig[CRYPTO_SIGNATURE_SIZE])
{
	_Static_assert(CRYPTO_PUBLIC_KEY_SIZE == crypto_sign_PUBLICKEYBYTES, "public key size");
	return crypto_sign_verify_detached(sig, msg, len, public_key) == 0;
}

void crypto_base64url_encode(const void *bin, size_t len, char *out, size_t out_size)
{
	sodium_bin2base64(out, out_size, bin, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool crypto_base64url_decode(const char *text, unsigned char *out, size_t out_size,
			     size_t *out_len)
{
	/* No characters ignored and no end pointer: anything but base64url fails. */
	return sodium_base642bin(out, out_size, text, strlen(text), NULL, out_len, NULL,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}

void crypto_hex_encode(const void *bin, size_t len, char *out, size_t out_size)
{
	sodium_bin2hex(out, out_size, bin, len);
}

bool crypto_hex_decode(const char *text, unsigned char *out, size_t len)
{
	size_t bin_len = 0;
	return strlen(text) == 2 * len &&
	       sodium_hex2bin(out, len, text, 2 * len, NULL, &bin_len, NULL) == 0 &&
	       bin_len == len;
}
