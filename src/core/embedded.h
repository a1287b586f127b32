/*
 * embedded.h — files built into the binary (migrations, later web assets).
 */
#ifndef LIUDONG_EMBEDDED_H
#define LIUDONG_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;           /* base name, e.g. "0001_init.sql" */
	const unsigned char *data;  /* `size` bytes and a NUL */
	size_t size;
};

#endif
