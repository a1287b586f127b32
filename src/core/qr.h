/*
 * qr.h — QR codes as SVG images, for the verification code printed on
 * certificates (security/certsig.h makes its text).
 */
#ifndef LIUDONG_QR_H
#define LIUDONG_QR_H

#include <stddef.h>

#include "core/error.h"

/*
 * Encodes `text` as a QR code (error correction level M, the smallest
 * version that holds it) and hands back a standalone SVG image in *out
 * (NUL-terminated, *len bytes without the NUL; the caller frees it):
 * black modules on white, a quiet zone of 4 modules, the viewBox in
 * modules and no width or height, so that CSS gives it its size.
 * ST_INVALID_INPUT if the text is empty or too long for a QR code.
 */
enum status qr_svg(const char *text, char **out, size_t *len, struct error *err);

#endif
