/*
 * test_text.c — the UTF-8 checks and bounded copies of src/core/text.c.
 *
 * Copies go into heap buffers of exactly the size given, so that the
 * sanitizer sees any byte written past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static void assert_clean(const char *s)
{
	if (!text_is_clean(s, 1000))
		print_error("refused as unclean: %s\n", s);
	assert_true(text_is_clean(s, 1000));
}

static void assert_unclean(const char *s)
{
	if (text_is_clean(s, 1000))
		print_error("accepted as clean\n");
	assert_false(text_is_clean(s, 1000));
}

static void test_clean_accepts_ascii_and_empty_text(void **state)
{
	(void)state;
	assert_clean("");
	assert_clean("Zhang San 1985");
	assert_clean(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
}

static void test_clean_accepts_chinese_utf8(void **state)
{
	(void)state;
	assert_clean("甘肃省嘉峪关市雄关街道福民社区");
	assert_clean("张三");
	assert_clean("维吾尔族·阿依古丽");
	assert_clean("，。（）【】");
	assert_clean("\xF0\xA0\x80\x80"); /* U+20000 𠀀, CJK Extension B, found in names */
	assert_clean("\xF0\x9F\x98\x80"); /* U+1F600, four bytes */
}

static void test_clean_accepts_boundary_code_points(void **state)
{
	(void)state;
	assert_clean("\xC2\xA0");         /* U+00A0, first two-byte after C1 */
	assert_clean("\xDF\xBF");         /* U+07FF */
	assert_clean("\xE0\xA0\x80");     /* U+0800, smallest three-byte */
	assert_clean("\xED\x9F\xBF");     /* U+D7FF, just below the surrogates */
	assert_clean("\xEE\x80\x80");     /* U+E000, just above them */
	assert_clean("\xEF\xBF\xBD");     /* U+FFFD */
	assert_clean("\xF0\x90\x80\x80"); /* U+10000, smallest four-byte */
	assert_clean("\xF4\x8F\xBF\xBF"); /* U+10FFFF, the last code point */
}

static void test_clean_refuses_overlong_encodings(void **state)
{
	(void)state;
	assert_unclean("\xC0\xAF");             /* '/' in two bytes */
	assert_unclean("\xC1\xBF");             /* U+007F in two bytes */
	assert_unclean("\xC0\x80");             /* NUL in two bytes */
	assert_unclean("\xE0\x80\xAF");         /* '/' in three bytes */
	assert_unclean("\xE0\x9F\xBF");         /* U+07FF in three bytes */
	assert_unclean("\xF0\x80\x80\xAF");     /* '/' in four bytes */
	assert_unclean("\xF0\x8F\xBF\xBF");     /* U+FFFF in four bytes */
	assert_unclean("\xF8\x88\x80\x80\x80"); /* five-byte form */
	assert_unclean("\xFC\x84\x80\x80\x80\x80");
}

static void test_clean_refuses_encoded_surrogates(void **state)
{
	(void)state;
	assert_unclean("\xED\xA0\x80"); /* U+D800 */
	assert_unclean("\xED\xAF\xBF"); /* U+DBFF */
	assert_unclean("\xED\xB0\x80"); /* U+DC00 */
	assert_unclean("\xED\xBF\xBF"); /* U+DFFF */
	assert_unclean("\xED\xA0\xBD\xED\xB8\x80"); /* CESU-8 pair for U+1F600 */
}

static void test_clean_refuses_code_points_above_10ffff(void **state)
{
	(void)state;
	assert_unclean("\xF4\x90\x80\x80");
	assert_unclean("\xF5\x80\x80\x80");
	assert_unclean("\xF7\xBF\xBF\xBF");
	assert_unclean("\xFE");
	assert_unclean("\xFF");
}

static void test_clean_refuses_stray_and_missing_continuation_bytes(void **state)
{
	(void)state;
	assert_unclean("\x80");
	assert_unclean("a\xBF" "b");
	assert_unclean("\xE7\x94");         /* 甲 cut short at the end */
	assert_unclean("\xE7\x94" "a");     /* ... or before ASCII */
	assert_unclean("\xE7" "ab");
	assert_unclean("\xC2");
	assert_unclean("\xF0\xA0\x80");
	assert_unclean("\xF0\xA0\x80" "a");
	assert_unclean("张\xE4");
	assert_unclean("\xE5\xBC\xA0\xE4\xB8");
}

static void test_clean_refuses_control_characters(void **state)
{
	(void)state;
	assert_unclean("\x01");
	assert_unclean("a\tb");
	assert_unclean("a\nb");
	assert_unclean("a\rb");
	assert_unclean("\x1B[31m");
	assert_unclean("\x1F");
	assert_unclean("\x7F");
	assert_unclean("张三\x08");
}

static void test_clean_refuses_c1_controls_and_line_separators(void **state)
{
	(void)state;
	assert_false(text_is_clean("a\xC2\x85" "b", 10));     /* U+0085 next line */
	assert_false(text_is_clean("a\xC2\x9F", 10));         /* U+009F */
	assert_false(text_is_clean("a\xE2\x80\xA8" "b", 10)); /* U+2028 */
	assert_false(text_is_clean("a\xE2\x80\xA9", 10));     /* U+2029 */
	assert_true(text_is_clean("a\xC2\xA0" "b", 10));      /* U+00A0 no-break space */
	assert_true(text_is_clean("\xE2\x80\x94", 10));       /* U+2014 em dash */
}

static void test_trim_partial_utf8_drops_only_a_cut_character(void **state)
{
	(void)state;
	char cut2[] = "张\xE4\xBC";        /* 张 then two of 伟's three bytes */
	char cut1[] = "张\xE4";
	char whole[] = "张伟";
	char ascii[] = "reason A";
	text_trim_partial_utf8(cut2);
	text_trim_partial_utf8(cut1);
	text_trim_partial_utf8(whole);
	text_trim_partial_utf8(ascii);
	assert_string_equal(cut2, "张");
	assert_string_equal(cut1, "张");
	assert_string_equal(whole, "张伟");
	assert_string_equal(ascii, "reason A");
}

static void test_clean_counts_characters_not_bytes_against_max(void **state)
{
	(void)state;
	assert_true(text_is_clean("甘肃省", 3));
	assert_false(text_is_clean("甘肃省", 2));
	assert_true(text_is_clean("abc", 3));
	assert_false(text_is_clean("abcd", 3));
	assert_true(text_is_clean("嘉峪关 A1", 6));
	assert_false(text_is_clean("嘉峪关 A1", 5));
	assert_true(text_is_clean("\xF0\xA0\x80\x80" "a", 2));
	assert_false(text_is_clean("\xF0\xA0\x80\x80" "a", 1));
	assert_true(text_is_clean("", 0));
	assert_false(text_is_clean("a", 0));
}

static void test_clean_allows_long_text_up_to_max(void **state)
{
	(void)state;
	enum { N = 300 };
	char *s = malloc(N * 3 + 1);
	assert_non_null(s);
	for (int i = 0; i < N; i++)
		memcpy(s + i * 3, "福", 3);
	s[N * 3] = '\0';
	assert_true(text_is_clean(s, N));
	assert_false(text_is_clean(s, N - 1));
	assert_int_equal(text_char_count(s), N);
	free(s);
}

static void test_char_count_counts_utf8_characters(void **state)
{
	(void)state;
	assert_int_equal(text_char_count(""), 0);
	assert_int_equal(text_char_count("abc"), 3);
	assert_int_equal(text_char_count("甘肃省"), 3);
	assert_int_equal(text_char_count("\xF0\xA0\x80\x80" "a"), 2);
	assert_int_equal(text_char_count("福民社区 No.1"), 9);
}

static void test_copy_copies_text_that_fits(void **state)
{
	(void)state;
	const char *src = "嘉峪关市";
	size_t size = strlen(src) + 1; /* exactly enough */
	char *dst = malloc(size);
	assert_non_null(dst);
	assert_true(text_copy(dst, size, src));
	assert_string_equal(dst, src);
	free(dst);

	char big[64];
	assert_true(text_copy(big, sizeof big, ""));
	assert_string_equal(big, "");
}

static void test_copy_refuses_text_one_byte_too_long_and_empties_dst(void **state)
{
	(void)state;
	const char *src = "嘉峪关市";
	size_t size = strlen(src); /* no room for the NUL */
	char *dst = malloc(size);
	assert_non_null(dst);
	memset(dst, 'x', size);
	assert_false(text_copy(dst, size, src));
	assert_int_equal(dst[0], '\0');
	free(dst);

	char one[1] = {'x'};
	assert_false(text_copy(one, sizeof one, "a"));
	assert_int_equal(one[0], '\0');
	assert_true(text_copy(one, sizeof one, ""));
	assert_int_equal(one[0], '\0');
}

static void test_copy_into_zero_size_writes_nothing(void **state)
{
	(void)state;
	char guard = 'x';
	assert_false(text_copy(&guard, 0, "a"));
	assert_false(text_copy(&guard, 0, ""));
	assert_int_equal(guard, 'x');
}

static void test_copy_trimmed_strips_surrounding_ascii_blanks(void **state)
{
	(void)state;
	char dst[64];
	assert_true(text_copy_trimmed(dst, sizeof dst, " \t张 三\r\n "));
	assert_string_equal(dst, "张 三");
	assert_true(text_copy_trimmed(dst, sizeof dst, "no blanks"));
	assert_string_equal(dst, "no blanks");
	assert_true(text_copy_trimmed(dst, sizeof dst, " \t\r\n "));
	assert_string_equal(dst, "");
	assert_true(text_copy_trimmed(dst, sizeof dst, ""));
	assert_string_equal(dst, "");
	assert_true(text_copy_trimmed(dst, sizeof dst, "  a"));
	assert_string_equal(dst, "a");
	assert_true(text_copy_trimmed(dst, sizeof dst, "a  "));
	assert_string_equal(dst, "a");
}

static void test_copy_trimmed_needs_room_only_for_the_trimmed_text(void **state)
{
	(void)state;
	const char *src = "    福民社区    ";
	size_t size = strlen("福民社区") + 1;
	char *dst = malloc(size);
	assert_non_null(dst);
	assert_true(text_copy_trimmed(dst, size, src));
	assert_string_equal(dst, "福民社区");
	free(dst);
}

static void test_copy_trimmed_refuses_text_that_does_not_fit(void **state)
{
	(void)state;
	const char *src = " 福民社区 ";
	size_t size = strlen("福民社区"); /* one byte short */
	char *dst = malloc(size);
	assert_non_null(dst);
	memset(dst, 'x', size);
	assert_false(text_copy_trimmed(dst, size, src));
	assert_int_equal(dst[0], '\0');
	free(dst);

	char guard = 'x';
	assert_false(text_copy_trimmed(&guard, 0, " "));
	assert_int_equal(guard, 'x');
}

static void test_is_digits_needs_at_least_one_ascii_digit_and_nothing_else(void **state)
{
	(void)state;
	assert_true(text_is_digits("0"));
	assert_true(text_is_digits("0123456789"));
	assert_true(text_is_digits("620201001001"));
	assert_false(text_is_digits(""));
	assert_false(text_is_digits("12a"));
	assert_false(text_is_digits("a12"));
	assert_false(text_is_digits(" 12"));
	assert_false(text_is_digits("12 "));
	assert_false(text_is_digits("-1"));
	assert_false(text_is_digits("+1"));
	assert_false(text_is_digits("1.5"));
	assert_false(text_is_digits("１２")); /* full-width digits */
	assert_false(text_is_digits("11010519491231002X"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_accepts_ascii_and_empty_text),
		cmocka_unit_test(test_clean_accepts_chinese_utf8),
		cmocka_unit_test(test_clean_accepts_boundary_code_points),
		cmocka_unit_test(test_clean_refuses_overlong_encodings),
		cmocka_unit_test(test_clean_refuses_encoded_surrogates),
		cmocka_unit_test(test_clean_refuses_code_points_above_10ffff),
		cmocka_unit_test(test_clean_refuses_stray_and_missing_continuation_bytes),
		cmocka_unit_test(test_clean_refuses_control_characters),
		cmocka_unit_test(test_clean_refuses_c1_controls_and_line_separators),
		cmocka_unit_test(test_trim_partial_utf8_drops_only_a_cut_character),
		cmocka_unit_test(test_clean_counts_characters_not_bytes_against_max),
		cmocka_unit_test(test_clean_allows_long_text_up_to_max),
		cmocka_unit_test(test_char_count_counts_utf8_characters),
		cmocka_unit_test(test_copy_copies_text_that_fits),
		cmocka_unit_test(test_copy_refuses_text_one_byte_too_long_and_empties_dst),
		cmocka_unit_test(test_copy_into_zero_size_writes_nothing),
		cmocka_unit_test(test_copy_trimmed_strips_surrounding_ascii_blanks),
		cmocka_unit_test(test_copy_trimmed_needs_room_only_for_the_trimmed_text),
		cmocka_unit_test(test_copy_trimmed_refuses_text_that_does_not_fit),
		cmocka_unit_test(test_is_digits_needs_at_least_one_ascii_digit_and_nothing_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
