/*
 * qr.c — QR codes as SVG (qr.h), with libqrencode.
 *
 * The image is one <path> on a white square: every horizontal run of dark
 * modules in a row is one rectangle "M x y h w v1 h-w z", so that the file
 * stays small (a certificate's link gives about 3 KB) and renders without
 * seams between modules (shape-rendering="crispEdges").
 */
#include "core/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define QUIET_ZONE 4        /* modules of white around the symbol, as ISO/IEC 18004 asks */
#define RUN_TEXT_MAX 24     /* "M184 184h177v1h-177z": one run's path text, with room */
#define SVG_FRAME_MAX 320   /* everything around the path data */

/* A buffer of fixed capacity, filled from the start. */
struct svg_buffer {
	char *data;
	size_t used;
	size_t size;
};

static bool append(struct svg_buffer *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool append(struct svg_buffer *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data + b->used, b->size - b->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->size - b->used)
		return false;
	b->used += (size_t)n;
	return true;
}

static bool dark(const QRcode *code, int x, int y)
{
	return code->data[y * code->width + x] & 1;
}

/* Writes the SVG of `code` into `b`; false if it did not fit (a bug). */
static bool write_svg(const QRcode *code, struct svg_buffer *b)
{
	int side = code->width + 2 * QUIET_ZONE;
	if (!append(b,
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		    "shape-rendering=\"crispEdges\">"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		    side, side, side, side))
		return false;
	for (int y = 0; y < code->width; y++) {
		int x = 0;
		while (x < code->width) {
			if (!dark(code, x, y)) {
				x++;
				continue;
			}
			int start = x;
			while (x < code->width && dark(code, x, y))
				x++;
			int run = x - start;
			if (!append(b, "M%d %dh%dv1h-%dz", start + QUIET_ZONE, y + QUIET_ZONE, run,
				    run))
				return false;
		}
	}
	return append(b, "\"/></svg>");
}

enum status qr_svg(const char *text, char **out, size_t *len, struct error *err)
{
	*out = NULL;
	*len = 0;
	if (text[0] == '\0')
		return error_set(err, ST_INVALID_INPUT, "", "二维码内容不能为空");
	errno = 0;
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (code == NULL) {
		if (errno == ENOMEM)
			return error_set(err, ST_NO_MEMORY, "", NULL);
		return error_set(err, ST_INVALID_INPUT, "", "内容过长或无法编码为二维码");
	}
	/*
	 * A row holds at most (width + 1) / 2 runs; width is at most 177 (version
	 * 40), so the product below stays far from overflowing.
	 */
	size_t width = (size_t)code->width;
	size_t runs = width * ((width + 1) / 2);
	struct svg_buffer b = {malloc(SVG_FRAME_MAX + runs * RUN_TEXT_MAX), 0,
			       SVG_FRAME_MAX + runs * RUN_TEXT_MAX};
	enum status st = ST_OK;
	if (b.data == NULL) {
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_free_code;
	}
	if (!write_svg(code, &b)) {
		free(b.data);
		st = error_set(err, ST_NO_MEMORY, "", "二维码图像超出预计大小");
		goto out_free_code;
	}
	*out = b.data;
	*len = b.used;
out_free_code:
	QRcode_free(code);
	return st;
}
