/*
 * exchange/peer.c — node names, division prefixes and choosing the peer
 * that answers for a division.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "exchange/exchange.h"

bool exchange_name_valid(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= EXCHANGE_NAME_SIZE || name[0] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

/* Brings digits to significant length: "620200" → "6202", "410000" → "41". */
static void significant(char *code)
{
	size_t len = strlen(code);
	while (len > 2 && len <= 6 && len % 2 == 0 && code[len - 1] == '0' && code[len - 2] == '0')
		len -= 2;
	if (len == 12 && strcmp(code + 9, "000") == 0)
		len = 9;
	code[len] = '\0';
}

/* True if `item` (a NUL-terminated prefix) is among the comma-separated `list`. */
static bool listed(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, item, n) == 0)
			return true;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return false;
}

enum status exchange_divisions_parse(const char *text, const char *field, char *out,
				     size_t size, struct error *err)
{
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = text;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char code[16];
		bool digits = len >= 2 && len <= 12;
		for (size_t i = 0; digits && i < len; i++)
			digits = isdigit((unsigned char)p[i]) != 0;
		if (!digits)
			return error_set(err, ST_INVALID_INPUT, field,
					 "区划应为 2 至 12 位数字的区划代码，多个以逗号分隔，如 620200 或 41,4101");
		memcpy(code, p, len);
		code[len] = '\0';
		significant(code);
		if (!listed(out, code)) {
			int n = snprintf(out + used, size - used, "%s%s", used ? "," : "", code);
			if (n < 0 || (size_t)n >= size - used)
				return error_set(err, ST_INVALID_INPUT, field, "区划太多，请精简后重试");
			used += (size_t)n;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return ST_OK;
}

size_t exchange_prefix_match(const char *divisions, const char *code)
{
	size_t best = 0;
	for (const char *p = divisions; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len > best && len <= strlen(code) && strncmp(p, code, len) == 0)
			best = len;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return best;
}

long exchange_peer_choose(const struct exchange_peer *peers, size_t count, const char *code)
{
	long chosen = -1;
	size_t best = 0;
	for (size_t i = 0; i < count; i++) {
		size_t len = exchange_prefix_match(peers[i].divisions, code);
		if (len > best) {
			best = len;
			chosen = (long)i;
		}
	}
	return chosen;
}

bool exchange_url_valid(const char *url)
{
	size_t len = strlen(url);
	if (len >= EXCHANGE_URL_SIZE)
		return false;
	const char *rest;
	if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else
		return false;
	if (*rest == '\0' || *rest == '/')
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '\\')
			return false;
	return true;
}

void exchange_key_text(const unsigned char key[CRYPTO_PUBLIC_KEY_SIZE],
		       char out[EXCHANGE_PUBLIC_KEY_TEXT_SIZE])
{
	crypto_hex_encode(key, CRYPTO_PUBLIC_KEY_SIZE, out, EXCHANGE_PUBLIC_KEY_TEXT_SIZE);
}

bool exchange_key_parse(const char *text, unsigned char key[CRYPTO_PUBLIC_KEY_SIZE])
{
	return strlen(text) == 2 * CRYPTO_PUBLIC_KEY_SIZE &&
	       crypto_hex_decode(text, key, CRYPTO_PUBLIC_KEY_SIZE);
}
