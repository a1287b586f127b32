/*
 * text.c — UTF-8 checks and bounded copies.
 */
#include "core/text.h"

#include <string.h>

/* Length of the UTF-8 sequence at s, or 0 if it is not valid. */
static size_t utf8_sequence_length(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (s[0] == 0xE0 && s[1] < 0xA0)
			return 0; /* overlong */
		if (s[0] == 0xED && s[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (s[0] == 0xF0 && s[1] < 0x90)
			return 0;
		if (s[0] == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

bool text_is_clean(const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;
	while (*p) {
		if (*p < 0x20 || *p == 0x7F)
			return false;
		size_t n = utf8_sequence_length(p);
		if (n == 0)
			return false;
		/* C1 controls U+0080..U+009F, line and paragraph separators U+2028/9. */
		if (n == 2 && p[0] == 0xC2 && p[1] <= 0x9F)
			return false;
		if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			return false;
		p += n;
		if (++chars > max_chars)
			return false;
	}
	return true;
}

size_t text_char_count(const char *s)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			chars++;
	return chars;
}

bool text_copy(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);
	if (len >= size) {
		if (size > 0)
			dst[0] = '\0';
		return false;
	}
	memcpy(dst, src, len + 1);
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool text_copy_trimmed(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);
	while (len > 0 && is_blank(src[len - 1]))
		len--;
	while (len > 0 && is_blank(*src)) {
		src++;
		len--;
	}
	if (len >= size) {
		if (size > 0)
			dst[0] = '\0';
		return false;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

bool text_is_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

void text_trim_partial_utf8(char *s)
{
	size_t len = strlen(s), start = len;
	/* Step back over continuation bytes to the last lead byte. */
	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80 && len - start < 3)
		start--;
	if (start == 0)
		return;
	const unsigned char lead = (unsigned char)s[start - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (lead >= 0x80 && len - (start - 1) < need)
		s[start - 1] = '\0';
}
