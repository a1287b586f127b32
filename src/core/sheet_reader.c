/*
 * sheet_reader.c — CSV (libcsv, glibc iconv) and XLSX (libzip, expat) rows.
 *
 * CSV: bytes are read in chunks, converted to UTF-8 when the file is
 * GB18030 (a chunk's incomplete last character waits for the next chunk),
 * and fed to libcsv, whose callbacks collect the cells of a row.
 *
 * XLSX: the zip is opened from the file or the buffer; xl/sharedStrings.xml
 * is read into a table (cells refer to it by index), then the first
 * worksheet is decompressed chunk by chunk into expat, which hands each
 * <row> over as it closes.
 */
#include "core/sheet_reader.h"

#include <csv.h>
#include <errno.h>
#include <expat.h>
#include <iconv.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define CHUNK_SIZE (64 * 1024)
#define SHARED_STRINGS_MAX (16u * 1024 * 1024) /* entries */

bool sheet_encoding_parse(const char *name, enum sheet_encoding *out)
{
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		*out = SHEET_ENCODING_UTF8;
	else if (strcasecmp(name, "gb18030") == 0 || strcasecmp(name, "gbk") == 0 ||
		 strcasecmp(name, "gb2312") == 0)
		*out = SHEET_ENCODING_GB18030;
	else
		return false;
	return true;
}

const char *sheet_encoding_name(enum sheet_encoding encoding)
{
	return encoding == SHEET_ENCODING_GB18030 ? "gb18030" : "utf-8";
}

static enum status read_failed(struct error *err)
{
	return error_set(err, ST_IO, "file", "文件无法读取，请确认文件存在且未被其他程序占用");
}

/* --- reading bytes in chunks ------------------------------------------- */

struct byte_stream {
	const struct sheet_source *src;
	FILE *file;
	size_t offset;  /* into src->data */
};

static enum status stream_open(struct byte_stream *s, const struct sheet_source *src,
			       struct error *err)
{
	s->src = src;
	s->file = NULL;
	s->offset = 0;
	if (src->path) {
		s->file = fopen(src->path, "rb");
		if (s->file == NULL)
			return read_failed(err);
	}
	return ST_OK;
}

/* Next chunk into buf; 0 at the end; -1 on a read error. */
static long stream_next(struct byte_stream *s, char *buf, size_t size)
{
	if (s->file) {
		size_t n = fread(buf, 1, size, s->file);
		if (n == 0 && ferror(s->file))
			return -1;
		return (long)n;
	}
	size_t left = s->src->size - s->offset;
	size_t n = left < size ? left : size;
	memcpy(buf, s->src->data + s->offset, n);
	s->offset += n;
	return (long)n;
}

static void stream_close(struct byte_stream *s)
{
	if (s->file)
		fclose(s->file);
	s->file = NULL;
}

/* --- UTF-8 validity across chunks -------------------------------------- */

/*
 * Checks `len` bytes continuing a sequence; *need is the count of
 * continuation bytes still owed by a character begun in the last chunk.
 * Overlongs and surrogates count as invalid.
 */
static bool utf8_valid_chunk(const unsigned char *p, size_t len, int *need, unsigned *lower,
			     unsigned *upper)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (*need > 0) {
			if (c < *lower || c > *upper)
				return false;
			*lower = 0x80;
			*upper = 0xBF;
			(*need)--;
			continue;
		}
		*lower = 0x80;
		*upper = 0xBF;
		if (c < 0x80)
			continue;
		if (c >= 0xC2 && c <= 0xDF)
			*need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			*need = 2;
			if (c == 0xE0)
				*lower = 0xA0;
			else if (c == 0xED)
				*upper = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			*need = 3;
			if (c == 0xF0)
				*lower = 0x90;
			else if (c == 0xF4)
				*upper = 0x8F;
		} else
			return false;
	}
	return true;
}

enum status sheet_inspect(const struct sheet_source *src, enum sheet_encoding wanted,
			  struct sheet_info *info, struct error *err)
{
	struct byte_stream s;
	crypto_hash_sha256_state hash;
	char *buf = malloc(CHUNK_SIZE);
	int need = 0;
	unsigned lower = 0x80, upper = 0xBF;
	bool utf8 = true, first = true;
	long n;
	enum status st;
	memset(info, 0, sizeof *info);
	if (buf == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	if ((st = stream_open(&s, src, err)) != ST_OK)
		goto out_free;
	crypto_hash_sha256_init(&hash);
	while ((n = stream_next(&s, buf, CHUNK_SIZE)) > 0) {
		if (first && n >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
			info->kind = SHEET_KIND_XLSX;
		first = false;
		crypto_hash_sha256_update(&hash, (const unsigned char *)buf, (unsigned long long)n);
		if (utf8 && info->kind == SHEET_KIND_CSV)
			utf8 = utf8_valid_chunk((const unsigned char *)buf, (size_t)n, &need, &lower,
						&upper);
		info->bytes += (uint64_t)n;
		for (const char *c = buf; (c = memchr(c, '\n', (size_t)(buf + n - c))) != NULL; c++)
			info->lines++;
	}
	stream_close(&s);
	if (n < 0) {
		st = read_failed(err);
		goto out_free;
	}
	crypto_hash_sha256_final(&hash, info->hash);
	if (info->bytes == 0) {
		st = error_set(err, ST_INVALID_INPUT, "file", "文件是空的，请选择要导入的表格文件");
		goto out_free;
	}
	utf8 = utf8 && need == 0;
	info->encoding = wanted != SHEET_ENCODING_AUTO ? wanted
			 : utf8			     ? SHEET_ENCODING_UTF8
						     : SHEET_ENCODING_GB18030;
out_free:
	free(buf);
	return st;
}

/* --- the rows being collected ------------------------------------------ */

struct row_builder {
	char *cells[SHEET_COLUMNS_MAX];  /* each SHEET_CELL_MAX + 1 bytes */
	struct sheet_cell view[SHEET_COLUMNS_MAX];
	size_t count;
	bool too_many;
	size_t row_number;
	sheet_row_fn fn;
	void *ctx;
	struct error *err;
	enum status status;  /* the first non-OK the callback returned */
};

static bool row_init(struct row_builder *r, sheet_row_fn fn, void *ctx, struct error *err)
{
	memset(r, 0, sizeof *r);
	r->fn = fn;
	r->ctx = ctx;
	r->err = err;
	for (size_t i = 0; i < SHEET_COLUMNS_MAX; i++)
		if ((r->cells[i] = malloc(SHEET_CELL_MAX + 1)) == NULL)
			return false;
	return true;
}

static void row_release(struct row_builder *r)
{
	for (size_t i = 0; i < SHEET_COLUMNS_MAX; i++)
		free(r->cells[i]);
}

static void row_clear(struct row_builder *r)
{
	r->count = 0;
	r->too_many = false;
}

/* Sets cell `column` of the row being built, padding skipped columns with "". */
static void row_set(struct row_builder *r, size_t column, const char *text, size_t len,
		    bool numeric)
{
	if (column >= SHEET_COLUMNS_MAX) {
		r->too_many = true;
		return;
	}
	while (r->count < column) {
		r->cells[r->count][0] = '\0';
		r->view[r->count] = (struct sheet_cell){r->cells[r->count], false, false};
		r->count++;
	}
	bool cut = len > SHEET_CELL_MAX;
	if (cut)
		len = SHEET_CELL_MAX;
	memcpy(r->cells[column], text, len);
	r->cells[column][len] = '\0';
	r->view[column] = (struct sheet_cell){r->cells[column], numeric, cut};
	if (column + 1 > r->count)
		r->count = column + 1;
}

/* Hands the row to the callback unless a previous one stopped the reading. */
static void row_emit(struct row_builder *r)
{
	if (r->status == ST_OK)
		r->status = r->fn(r->ctx, r->row_number, r->view, r->count, r->too_many, r->err);
	row_clear(r);
}

/* --- CSV ----------------------------------------------------------------- */

static void csv_on_field(void *field, size_t len, void *ctx)
{
	struct row_builder *r = ctx;
	size_t column = r->count;
	if (r->too_many || column >= SHEET_COLUMNS_MAX) {
		r->too_many = true;
		return;
	}
	row_set(r, column, field ? field : "", field ? len : 0, false);
}

static void csv_on_row(int terminator, void *ctx)
{
	struct row_builder *r = ctx;
	(void)terminator;
	r->row_number++;
	row_emit(r);
}

/* Feeds UTF-8 text to the parser; false if libcsv failed. */
static bool csv_feed(struct csv_parser *p, const char *text, size_t len, struct row_builder *r)
{
	return csv_parse(p, text, len, csv_on_field, csv_on_row, r) == len;
}

/*
 * Converts a GB18030 chunk (after `carry` bytes kept from the last one) to
 * UTF-8 and feeds it; an incomplete character at the end is kept in carry.
 */
static enum status csv_feed_gb18030(iconv_t cd, struct csv_parser *p, char *in, size_t *in_len,
				    char *out, size_t out_size, struct row_builder *r,
				    struct error *err)
{
	char *inp = in;
	size_t left = *in_len;
	while (left > 0) {
		char *outp = out;
		size_t room = out_size;
		size_t rc = iconv(cd, &inp, &left, &outp, &room);
		int e = errno;
		if (!csv_feed(p, out, (size_t)(outp - out), r))
			return error_set(err, ST_INVALID_INPUT, "file", "CSV 文件格式有误，无法读取");
		if (rc != (size_t)-1)
			continue;
		if (e == E2BIG)
			continue;
		if (e == EINVAL)
			break; /* an incomplete character: wait for the next chunk */
		return error_set(err, ST_INVALID_INPUT, "file",
				 "文件中有无法识别的字符：请将文件另存为 UTF-8 或 GB18030 编码的 CSV");
	}
	memmove(in, inp, left);
	*in_len = left;
	return ST_OK;
}

static enum status read_csv(const struct sheet_source *src, const struct sheet_info *info,
			    struct row_builder *r, struct error *err)
{
	struct csv_parser parser;
	struct byte_stream s;
	iconv_t cd = (iconv_t)-1;
	size_t carry = 0;
	long n;
	bool bom_checked = false;
	enum status st = ST_OK;
	char *in = malloc(CHUNK_SIZE + 16), *out = malloc(CHUNK_SIZE * 2);
	if (in == NULL || out == NULL) {
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_free;
	}
	if (info->encoding == SHEET_ENCODING_GB18030 &&
	    (cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		st = error_set(err, ST_IO, "", "系统缺少 GB18030 编码转换，无法读取该文件");
		goto out_free;
	}
	csv_init(&parser, CSV_APPEND_NULL);
	if ((st = stream_open(&s, src, err)) != ST_OK)
		goto out_fini;
	while (st == ST_OK && r->status == ST_OK &&
	       (n = stream_next(&s, in + carry, CHUNK_SIZE)) > 0) {
		size_t len = carry + (size_t)n;
		char *start = in;
		if (!bom_checked && len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
			start += 3;
			len -= 3;
		}
		bom_checked = true;
		if (cd != (iconv_t)-1) {
			memmove(in, start, len);
			st = csv_feed_gb18030(cd, &parser, in, &len, out, CHUNK_SIZE * 2, r, err);
			carry = len;
		} else if (!csv_feed(&parser, start, len, r)) {
			st = error_set(err, ST_INVALID_INPUT, "file", "CSV 文件格式有误，无法读取");
		}
	}
	if (st == ST_OK && n < 0)
		st = read_failed(err);
	if (st == ST_OK && carry > 0)
		st = error_set(err, ST_INVALID_INPUT, "file", "文件末尾有不完整的字符，请检查文件是否完整");
	stream_close(&s);
	if (st == ST_OK && r->status == ST_OK)
		csv_fini(&parser, csv_on_field, csv_on_row, r);
out_fini:
	csv_free(&parser);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
out_free:
	free(in);
	free(out);
	return st;
}

/* --- XLSX ---------------------------------------------------------------- */

/* Text gathered between tags, bounded. */
struct text_buf {
	char data[SHEET_CELL_MAX + 8];
	size_t len;
	bool cut;
};

static void text_add(struct text_buf *t, const char *s, int len)
{
	size_t room = sizeof t->data - 1 - t->len;
	size_t n = (size_t)len;
	if (n > room) {
		n = room;
		t->cut = true;
	}
	memcpy(t->data + t->len, s, n);
	t->len += n;
	t->data[t->len] = '\0';
}

struct shared_strings {
	char **items;
	size_t count, capacity;
	bool in_si, in_t, in_phonetic;
	struct text_buf text;
	bool failed;
};

static void shared_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
	struct shared_strings *ss = ctx;
	(void)attrs;
	if (strcmp(name, "si") == 0) {
		ss->in_si = true;
		ss->text.len = 0;
		ss->text.data[0] = '\0';
	} else if (strcmp(name, "rPh") == 0) {
		ss->in_phonetic = true;
	} else if (strcmp(name, "t") == 0 && ss->in_si && !ss->in_phonetic) {
		ss->in_t = true;
	}
}

static void shared_end(void *ctx, const XML_Char *name)
{
	struct shared_strings *ss = ctx;
	if (strcmp(name, "t") == 0) {
		ss->in_t = false;
	} else if (strcmp(name, "rPh") == 0) {
		ss->in_phonetic = false;
	} else if (strcmp(name, "si") == 0) {
		ss->in_si = false;
		if (ss->count == ss->capacity) {
			size_t cap = ss->capacity ? ss->capacity * 2 : 1024;
			char **bigger = cap <= SHARED_STRINGS_MAX ? realloc(ss->items, cap * sizeof *bigger)
								  : NULL;
			if (bigger == NULL) {
				ss->failed = true;
				return;
			}
			ss->items = bigger;
			ss->capacity = cap;
		}
		char *copy = strdup(ss->text.data);
		if (copy == NULL) {
			ss->failed = true;
			return;
		}
		ss->items[ss->count++] = copy;
	}
}

static void shared_text(void *ctx, const XML_Char *s, int len)
{
	struct shared_strings *ss = ctx;
	if (ss->in_t)
		text_add(&ss->text, s, len);
}

static void shared_release(struct shared_strings *ss)
{
	for (size_t i = 0; i < ss->count; i++)
		free(ss->items[i]);
	free(ss->items);
}

/* Streams zip member `name` through an expat parser set up by the caller. */
static enum status parse_member(zip_t *zip, const char *name, XML_Parser parser, bool *missing,
				struct error *err)
{
	zip_file_t *f = zip_fopen(zip, name, 0);
	if (f == NULL) {
		*missing = true;
		return ST_OK;
	}
	*missing = false;
	char *buf = malloc(CHUNK_SIZE);
	enum status st = ST_OK;
	zip_int64_t n;
	if (buf == NULL) {
		zip_fclose(f);
		return error_set(err, ST_NO_MEMORY, "", NULL);
	}
	while ((n = zip_fread(f, buf, CHUNK_SIZE)) > 0)
		if (XML_Parse(parser, buf, (int)n, 0) != XML_STATUS_OK)
			break;
	if (n < 0 || XML_Parse(parser, buf, 0, 1) != XML_STATUS_OK) {
		if (XML_GetErrorCode(parser) != XML_ERROR_ABORTED)
			st = error_set(err, ST_INVALID_INPUT, "file",
				       "XLSX 文件已损坏或不是 Excel 工作簿，请用 Excel 另存后重试");
	}
	free(buf);
	zip_fclose(f);
	return st;
}

struct sheet_parse {
	struct row_builder *row;
	const struct shared_strings *strings;
	XML_Parser parser;
	size_t next_row;       /* number of the row after the last one seen */
	size_t column;         /* of the open cell */
	char type[16];         /* t="" of the open cell */
	bool in_value, in_inline_text, in_phonetic, in_cell;
	struct text_buf text;
	bool bad_reference;
};

static const char *attr(const XML_Char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

/* Column index of a cell reference such as "AB12"; `fallback` when absent. */
static size_t reference_column(const char *ref, size_t fallback)
{
	size_t column = 0;
	const char *p = ref;
	if (ref == NULL)
		return fallback;
	for (; *p >= 'A' && *p <= 'Z' && p - ref < 4; p++)
		column = column * 26 + (size_t)(*p - 'A' + 1);
	return p == ref ? fallback : column - 1;
}

static void sheet_start(void *ctx, const XML_Char *name, const XML_Char **attrs)
{
	struct sheet_parse *sp = ctx;
	if (strcmp(name, "row") == 0) {
		const char *r = attr(attrs, "r");
		char *end;
		unsigned long number = r ? strtoul(r, &end, 10) : 0;
		sp->row->row_number = number > 0 ? (size_t)number : sp->next_row;
		sp->next_row = sp->row->row_number + 1;
		row_clear(sp->row);
	} else if (strcmp(name, "c") == 0) {
		const char *t = attr(attrs, "t");
		sp->column = reference_column(attr(attrs, "r"), sp->row->count);
		snprintf(sp->type, sizeof sp->type, "%s", t ? t : "n");
		sp->text.len = 0;
		sp->text.data[0] = '\0';
		sp->text.cut = false;
		sp->in_cell = true;
	} else if (strcmp(name, "v") == 0 && sp->in_cell) {
		sp->in_value = true;
	} else if (strcmp(name, "rPh") == 0) {
		sp->in_phonetic = true;
	} else if (strcmp(name, "t") == 0 && sp->in_cell && !sp->in_phonetic) {
		sp->in_inline_text = true;
	}
}

/* The text a closed cell holds, by its type. */
static void sheet_cell_done(struct sheet_parse *sp)
{
	const char *text = sp->text.data;
	bool numeric = false;
	if (strcmp(sp->type, "s") == 0) {
		char *end;
		unsigned long index = strtoul(text, &end, 10);
		text = *text && *end == '\0' && index < sp->strings->count ? sp->strings->items[index]
									    : "";
		if (*sp->text.data && text[0] == '\0' && index >= sp->strings->count)
			sp->bad_reference = true;
	} else if (strcmp(sp->type, "n") == 0) {
		numeric = text[0] != '\0';
	} else if (strcmp(sp->type, "b") == 0) {
		text = strcmp(text, "1") == 0 ? "TRUE" : "FALSE";
	} else if (strcmp(sp->type, "e") == 0) {
		text = "";
	}
	row_set(sp->row, sp->column, text, strlen(text), numeric);
	if (sp->text.cut && sp->column < SHEET_COLUMNS_MAX)
		sp->row->view[sp->column].too_long = true;
}

static void sheet_end(void *ctx, const XML_Char *name)
{
	struct sheet_parse *sp = ctx;
	if (strcmp(name, "v") == 0) {
		sp->in_value = false;
	} else if (strcmp(name, "t") == 0) {
		sp->in_inline_text = false;
	} else if (strcmp(name, "rPh") == 0) {
		sp->in_phonetic = false;
	} else if (strcmp(name, "c") == 0) {
		sp->in_cell = false;
		sheet_cell_done(sp);
	} else if (strcmp(name, "row") == 0) {
		row_emit(sp->row);
		if (sp->row->status != ST_OK)
			XML_StopParser(sp->parser, XML_FALSE);
	}
}

static void sheet_text(void *ctx, const XML_Char *s, int len)
{
	struct sheet_parse *sp = ctx;
	if (sp->in_value || sp->in_inline_text)
		text_add(&sp->text, s, len);
}

static enum status load_shared_strings(zip_t *zip, struct shared_strings *ss, struct error *err)
{
	bool missing;
	XML_Parser parser = XML_ParserCreate("UTF-8");
	if (parser == NULL)
		return error_set(err, ST_NO_MEMORY, "", NULL);
	XML_SetUserData(parser, ss);
	XML_SetElementHandler(parser, shared_start, shared_end);
	XML_SetCharacterDataHandler(parser, shared_text);
	enum status st = parse_member(zip, "xl/sharedStrings.xml", parser, &missing, err);
	XML_ParserFree(parser);
	if (st == ST_OK && ss->failed)
		st = error_set(err, ST_NO_MEMORY, "", "XLSX 文件的文字表过大，请拆分后分批导入");
	return st;
}

/* Name of the first worksheet part: sheet1.xml, else the first one the zip lists. */
static bool first_sheet_name(zip_t *zip, char *buf, size_t size)
{
	if (zip_name_locate(zip, "xl/worksheets/sheet1.xml", 0) >= 0) {
		snprintf(buf, size, "xl/worksheets/sheet1.xml");
		return true;
	}
	zip_int64_t entries = zip_get_num_entries(zip, 0);
	for (zip_int64_t i = 0; i < entries; i++) {
		const char *name = zip_get_name(zip, (zip_uint64_t)i, 0);
		if (name && strncmp(name, "xl/worksheets/sheet", 19) == 0 &&
		    strstr(name, ".xml") != NULL && strchr(name + 19, '/') == NULL) {
			snprintf(buf, size, "%s", name);
			return true;
		}
	}
	return false;
}

static zip_t *open_zip(const struct sheet_source *src)
{
	int code = 0;
	if (src->path)
		return zip_open(src->path, ZIP_RDONLY, &code);
	zip_error_t error;
	zip_error_init(&error);
	zip_source_t *source = zip_source_buffer_create(src->data, src->size, 0, &error);
	zip_t *zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : NULL;
	if (zip == NULL && source)
		zip_source_free(source);
	zip_error_fini(&error);
	return zip;
}

static enum status read_xlsx(const struct sheet_source *src, struct row_builder *r,
			     struct error *err)
{
	struct shared_strings ss;
	char sheet_name[256];
	bool missing;
	enum status st;
	memset(&ss, 0, sizeof ss);
	zip_t *zip = open_zip(src);
	if (zip == NULL)
		return error_set(err, ST_INVALID_INPUT, "file",
				 "XLSX 文件已损坏或不是 Excel 工作簿，请用 Excel 另存后重试");
	if ((st = load_shared_strings(zip, &ss, err)) != ST_OK)
		goto out_close;
	if (!first_sheet_name(zip, sheet_name, sizeof sheet_name)) {
		st = error_set(err, ST_INVALID_INPUT, "file", "XLSX 文件中没有工作表");
		goto out_close;
	}
	struct sheet_parse *sp = calloc(1, sizeof *sp);
	XML_Parser parser = XML_ParserCreate("UTF-8");
	if (sp == NULL || parser == NULL) {
		free(sp);
		if (parser)
			XML_ParserFree(parser);
		st = error_set(err, ST_NO_MEMORY, "", NULL);
		goto out_close;
	}
	sp->row = r;
	sp->strings = &ss;
	sp->parser = parser;
	sp->next_row = 1;
	XML_SetUserData(parser, sp);
	XML_SetElementHandler(parser, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(parser, sheet_text);
	st = parse_member(zip, sheet_name, parser, &missing, err);
	if (st == ST_OK && sp->bad_reference)
		st = error_set(err, ST_INVALID_INPUT, "file", "XLSX 文件的文字表不完整，请用 Excel 另存后重试");
	XML_ParserFree(parser);
	free(sp);
out_close:
	shared_release(&ss);
	zip_discard(zip);
	return st;
}

enum status sheet_read(const struct sheet_source *src, const struct sheet_info *info,
		       sheet_row_fn fn, void *ctx, struct error *err)
{
	struct row_builder *r = malloc(sizeof *r);
	enum status st;
	if (r == NULL || !row_init(r, fn, ctx, err)) {
		if (r)
			row_release(r);
		free(r);
		return error_set(err, ST_NO_MEMORY, "", NULL);
	}
	if (info->kind == SHEET_KIND_XLSX)
		st = read_xlsx(src, r, err);
	else
		st = read_csv(src, info, r, err);
	if (st == ST_OK)
		st = r->status;
	row_release(r);
	free(r);
	return st;
}
