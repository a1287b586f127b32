/*
 * test_qr.c — the SVG QR codes of src/core/qr.c.  The image is read back
 * into a module grid and compared with the encoder's own symbol, so that a
 * shifted, dropped or merged module fails the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/qr.h"

#define PAYLOAD                                                                      \
	"http://127.0.0.1:8080/verify/620201001-2026-000123?sig="                    \
	"t3TjZ0w1xV9jfn8Q0rWkq3gS8m2rZyY5cVd0n1a2b3c4d5e6f7g8h9i0jAkBlCmDnEoFpGqHrIsJtKuLv" \
	"MwNxOy_Pz-QA"
#define QUIET 4
#define MAX_SIDE (177 + 2 * QUIET)

/* Modules of an image: grid[y][x] true for dark. */
struct grid {
	int side;
	bool dark[MAX_SIDE][MAX_SIDE];
};

static long number_at(const char **p)
{
	char *end;
	long v = strtol(*p, &end, 10);
	if (end == *p)
		fail_msg("expected a number at \"%.20s\"", *p);
	*p = end;
	return v;
}

static void expect(const char **p, const char *text)
{
	size_t len = strlen(text);
	if (strncmp(*p, text, len) != 0)
		fail_msg("expected \"%s\" at \"%.20s\"", text, *p);
	*p += len;
}

/*
 * Reads the image back: the side from the viewBox, then every rectangle
 * "Mx yhwv1h-wz" of the one path.  Fails on a rectangle out of the symbol,
 * one overlapping or touching the previous one of its row (runs are merged).
 */
static void read_svg(const char *svg, struct grid *g)
{
	memset(g, 0, sizeof *g);
	const char *p = strstr(svg, "viewBox=\"0 0 ");
	assert_non_null(p);
	p += strlen("viewBox=\"0 0 ");
	long side = number_at(&p);
	expect(&p, " ");
	assert_int_equal(number_at(&p), side);
	assert_true(side > 2 * QUIET && side <= MAX_SIDE);
	g->side = (int)side;

	p = strstr(svg, " d=\"");
	assert_non_null(p);
	p += 4;
	long last_y = -1, last_end = -1;
	while (*p != '"') {
		expect(&p, "M");
		long x = number_at(&p);
		expect(&p, " ");
		long y = number_at(&p);
		expect(&p, "h");
		long w = number_at(&p);
		expect(&p, "v1h-");
		assert_int_equal(number_at(&p), w);
		expect(&p, "z");
		assert_true(w >= 1);
		assert_true(x >= QUIET && x + w <= side - QUIET);
		assert_true(y >= QUIET && y < side - QUIET);
		assert_true(y >= last_y);                    /* rows in order */
		if (y == last_y)
			assert_true(x > last_end);           /* a light module between runs */
		for (long i = x; i < x + w; i++)
			g->dark[y][i] = true;
		last_y = y;
		last_end = x + w;
	}
}

static char *svg_of(const char *text, size_t *len)
{
	char *svg = NULL;
	struct error err;
	error_clear(&err);
	assert_int_equal(qr_svg(text, &svg, len, &err), ST_OK);
	assert_non_null(svg);
	assert_int_equal(strlen(svg), *len);
	return svg;
}

static void test_svg_is_a_standalone_image_sized_by_css(void **state)
{
	(void)state;
	size_t len = 0;
	char *svg = svg_of(PAYLOAD, &len);
	static const char start[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" ";
	assert_true(strncmp(svg, start, strlen(start)) == 0);
	assert_true(len > 6 && strcmp(svg + len - 6, "</svg>") == 0);
	const char *tag_end = strchr(svg, '>');
	char tag[256];
	assert_true(tag_end - svg < (long)sizeof tag);
	memcpy(tag, svg, (size_t)(tag_end - svg));
	tag[tag_end - svg] = '\0';
	assert_non_null(strstr(tag, "viewBox=\"0 0 "));
	assert_non_null(strstr(tag, "shape-rendering=\"crispEdges\""));
	assert_null(strstr(tag, " width="));
	assert_null(strstr(tag, " height="));
	/* White ground, one black path. */
	assert_non_null(strstr(svg, "fill=\"#fff\""));
	assert_non_null(strstr(svg, "<path fill=\"#000\" d=\"M"));
	assert_null(strstr(strstr(svg, "<path") + 1, "<path"));
	free(svg);
}

static void test_svg_modules_are_the_encoders_symbol_at_level_m(void **state)
{
	(void)state;
	static const char *const texts[] = {
		PAYLOAD,
		"620201001-2026-000123",
		"a",
		"https://liudong.jyg.gov.cn/verify/620201001-2026-000123?sig=x",
	};
	static struct grid g;
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		size_t len = 0;
		char *svg = svg_of(texts[t], &len);
		read_svg(svg, &g);
		free(svg);

		QRcode *code = QRcode_encodeString(texts[t], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		assert_non_null(code);
		assert_int_equal(g.side, code->width + 2 * QUIET);
		for (int y = 0; y < g.side; y++)
			for (int x = 0; x < g.side; x++) {
				int sx = x - QUIET, sy = y - QUIET;
				bool inside = sx >= 0 && sy >= 0 && sx < code->width &&
					      sy < code->width;
				bool want = inside && (code->data[sy * code->width + sx] & 1);
				if (g.dark[y][x] != want)
					fail_msg("\"%s\": module (%d,%d) is %s", texts[t], sx, sy,
						 want ? "light, expected dark" : "dark, expected light");
			}
		QRcode_free(code);
	}
}

/* True if a finder pattern (7x7: dark ring, light ring, dark 3x3) starts at (x, y). */
static bool finder_at(const struct grid *g, int x, int y)
{
	for (int dy = 0; dy < 7; dy++)
		for (int dx = 0; dx < 7; dx++) {
			int ring = dx < dy ? dx : dy;
			int far = (6 - dx) < (6 - dy) ? 6 - dx : 6 - dy;
			if (far < ring)
				ring = far;
			bool want = ring != 1;  /* ring 0 dark, ring 1 light, rings 2-3 dark */
			if (g->dark[y + dy][x + dx] != want)
				return false;
		}
	return true;
}

static void test_finder_patterns_sit_in_three_corners_inside_the_quiet_zone(void **state)
{
	(void)state;
	static struct grid g;
	size_t len = 0;
	char *svg = svg_of(PAYLOAD, &len);
	read_svg(svg, &g);
	free(svg);
	int far = g.side - QUIET - 7;
	assert_true(finder_at(&g, QUIET, QUIET));
	assert_true(finder_at(&g, far, QUIET));
	assert_true(finder_at(&g, QUIET, far));
	assert_false(finder_at(&g, far, far));
	/* The quiet zone is light all round. */
	for (int i = 0; i < g.side; i++)
		for (int q = 0; q < QUIET; q++) {
			assert_false(g.dark[q][i]);
			assert_false(g.dark[g.side - 1 - q][i]);
			assert_false(g.dark[i][q]);
			assert_false(g.dark[i][g.side - 1 - q]);
		}
}

static void test_text_that_cannot_be_encoded_is_invalid_input(void **state)
{
	(void)state;
	char *svg = (char *)1;
	size_t len = 1;
	struct error err;
	error_clear(&err);
	assert_int_equal(qr_svg("", &svg, &len, &err), ST_INVALID_INPUT);
	assert_null(svg);
	assert_int_equal(len, 0);

	/* Version 40 at level M holds 2331 bytes. */
	char *big = malloc(4001);
	assert_non_null(big);
	memset(big, 'z', 4000);
	big[4000] = '\0';
	assert_int_equal(qr_svg(big, &svg, &len, &err), ST_INVALID_INPUT);
	assert_null(svg);
	free(big);
}

static void test_largest_symbol_fits_its_buffer(void **state)
{
	/* Version 40 with alternating modules is the worst case for the run count. */
	(void)state;
	char *text = malloc(2301);
	assert_non_null(text);
	for (int i = 0; i < 2300; i++)
		text[i] = (char)('!' + (i * 7919) % 90);
	text[2300] = '\0';
	size_t len = 0;
	char *svg = svg_of(text, &len);
	static struct grid g;
	read_svg(svg, &g);
	assert_true(g.side >= 173 + 2 * QUIET);  /* version 39 or 40 */
	free(svg);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_is_a_standalone_image_sized_by_css),
		cmocka_unit_test(test_svg_modules_are_the_encoders_symbol_at_level_m),
		cmocka_unit_test(test_finder_patterns_sit_in_three_corners_inside_the_quiet_zone),
		cmocka_unit_test(test_text_that_cannot_be_encoded_is_invalid_input),
		cmocka_unit_test(test_largest_symbol_fits_its_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
