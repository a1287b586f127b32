/*
 * text.h — checks and bounded copies of text that comes from outside.
 */
#ifndef LIUDONG_TEXT_H
#define LIUDONG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True if `s` is valid UTF-8 (no overlongs, no surrogates), has no control
 * characters (C0, DEL, C1, U+2028/2029) and at most `max_chars` characters.
 */
bool text_is_clean(const char *s, size_t max_chars);

/* Number of UTF-8 characters in a valid string. */
size_t text_char_count(const char *s);

/* Copies `src` into `dst`; false (and dst empty) if it does not fit. */
bool text_copy(char *dst, size_t size, const char *src);

/* Copies `src` without surrounding ASCII blanks; false if it does not fit. */
bool text_copy_trimmed(char *dst, size_t size, const char *src);

/* Cuts off a UTF-8 character left incomplete at the end of `s` (by truncation). */
void text_trim_partial_utf8(char *s);

/* True if every byte of `s` is an ASCII digit and there is at least one. */
bool text_is_digits(const char *s);

#endif
