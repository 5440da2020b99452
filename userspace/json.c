// SPDX-License-Identifier: GPL-2.0
/*
 * The output layer.  Every field is printed by one call that serves both
 * text and JSON (-j) output, in the manner of iproute2's json_print:
 *
 *	out_uint(PRINT_ANY, "vni", "vni %s", m->vni);
 *
 * prints "vni 100" in text mode and "vni":100 in JSON mode.  The text
 * format always receives the value as a string (%s), whatever its type.
 * Text fields on one line are separated by a single space; out_nl() ends
 * the line.  JSON output is compact, or indented by four spaces with -p.
 *
 * This file also holds the argument error reports (stderr), so that every
 * message the user reads about a bad command line has one shape:
 *	Error: invalid vni "16777216": VNI must be 0-16777215 (24 bits).
 *	Try "nve map help".
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "nve.h"

#define OUT_MAX_DEPTH	16

static struct {
	FILE *f;
	bool json;
	bool pretty;
	bool details;
	bool line_has_field;		/* text: a field was printed */
	int depth;
	struct {
		bool array;
		unsigned int count;
	} stack[OUT_MAX_DEPTH];
} o;

static FILE *outf(void)
{
	return o.f ? o.f : stdout;
}

void out_init(FILE *f, bool json, bool pretty)
{
	memset(&o, 0, sizeof(o));
	o.f = f;
	o.json = json;
	o.pretty = pretty;
}

bool out_json(void)
{
	return o.json;
}

/* -s: also print the details that are always in JSON (created, updated). */
void out_set_details(bool on)
{
	o.details = on;
}

bool out_details(void)
{
	return o.details;
}

static void j_string(const char *s)
{
	FILE *f = outf();

	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void j_indent(void)
{
	int i;

	fputc('\n', outf());
	for (i = 0; i < o.depth; i++)
		fputs("    ", outf());
}

/* Start a value: separator, indentation and, inside an object, the key. */
static void j_begin(const char *key)
{
	if (o.depth > 0) {
		if (o.stack[o.depth - 1].count++)
			fputc(',', outf());
		if (o.pretty)
			j_indent();
		if (!o.stack[o.depth - 1].array) {
			j_string(key ? key : "");
			fputs(o.pretty ? ": " : ":", outf());
		}
	}
}

static void j_open(const char *key, bool array)
{
	j_begin(key);
	fputc(array ? '[' : '{', outf());
	if (o.depth < OUT_MAX_DEPTH) {
		o.stack[o.depth].array = array;
		o.stack[o.depth].count = 0;
	}
	o.depth++;
}

static void j_close(bool array)
{
	if (o.depth <= 0)
		return;
	o.depth--;
	if (o.pretty && o.depth < OUT_MAX_DEPTH && o.stack[o.depth].count)
		j_indent();
	fputc(array ? ']' : '}', outf());
	if (!o.depth)
		fputc('\n', outf());
}

void out_open_array(const char *key)
{
	if (o.json)
		j_open(key, true);
}

void out_close_array(void)
{
	if (o.json)
		j_close(true);
}

void out_open_object(const char *key)
{
	if (o.json)
		j_open(key, false);
}

void out_close_object(void)
{
	if (o.json)
		j_close(false);
}

static void t_field(const char *fmt, const char *v)
{
	if (!fmt)
		return;
	if (o.line_has_field)
		fputc(' ', outf());
	fprintf(outf(), fmt, v);
	o.line_has_field = true;
}

void out_str(enum out_type t, const char *key, const char *fmt, const char *v)
{
	if (o.json && (t & PRINT_JSON)) {
		j_begin(key);
		j_string(v);
	} else if (!o.json && (t & PRINT_TEXT)) {
		t_field(fmt, v);
	}
}

void out_uint(enum out_type t, const char *key, const char *fmt, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	if (o.json && (t & PRINT_JSON)) {
		j_begin(key);
		fputs(buf, outf());
	} else if (!o.json && (t & PRINT_TEXT)) {
		t_field(fmt, buf);
	}
}

/* JSON true/false; text gets "on" or "off". */
void out_bool(enum out_type t, const char *key, const char *fmt, bool v)
{
	if (o.json && (t & PRINT_JSON)) {
		j_begin(key);
		fputs(v ? "true" : "false", outf());
	} else if (!o.json && (t & PRINT_TEXT)) {
		t_field(fmt, v ? "on" : "off");
	}
}

/* A flag: JSON always has "key": true/false; text prints @word when set. */
void out_flag(const char *key, const char *word, bool on)
{
	if (o.json)
		out_bool(PRINT_JSON, key, NULL, on);
	else if (on)
		t_field("%s", word);
}

/* Text-only literal, not a field (indentation, punctuation). */
void out_text(const char *fmt, ...)
{
	va_list ap;

	if (o.json)
		return;
	va_start(ap, fmt);
	vfprintf(outf(), fmt, ap);
	va_end(ap);
}

/* End a text line. */
void out_nl(void)
{
	if (o.json)
		return;
	fputc('\n', outf());
	o.line_has_field = false;
}

void out_flush(void)
{
	fflush(outf());
}

/*
 * A device's identity: JSON always gets "ifindex" and "ifname"; text gets
 * "dev NAME" only when @text (when the listing spans devices).
 */
void out_dev(const char *ifname, uint32_t ifindex, bool text)
{
	if (ifindex)
		out_uint(PRINT_JSON, "ifindex", NULL, ifindex);
	if (ifname)
		out_str(text ? PRINT_ANY : PRINT_JSON, "ifname", "dev %s",
			ifname);
}

const char *fmt_mac(const uint8_t mac[6], char *buf)
{
	snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

const char *fmt_addr(const struct nve_addr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, &a->v6, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

/* An age in milliseconds, coarsely: 0s, 59s, 1m5s, 2h3m, 4d5h. */
const char *fmt_duration(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, len, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m%" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%" PRIu64 "h%" PRIu64 "m", s / 3600,
			 s % 3600 / 60);
	else
		snprintf(buf, len, "%" PRIu64 "d%" PRIu64 "h", s / 86400,
			 s % 86400 / 3600);
	return buf;
}

/* A short time in milliseconds: "750ms", "2.5s", then as fmt_duration. */
const char *fmt_ms(uint64_t ms, char *buf, size_t len)
{
	if (ms < 1000)
		snprintf(buf, len, "%" PRIu64 "ms", ms);
	else if (ms < 60000)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "s", ms / 1000,
			 ms % 1000 / 100);
	else
		fmt_duration(ms, buf, len);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Argument errors. */

static int hint(const char *object)
{
	if (object)
		fprintf(stderr, "Try \"nve %s help\".\n", object);
	else
		fprintf(stderr, "Try \"nve help\".\n");
	return NVE_EUSAGE;
}

int invarg(const char *keyword, const char *arg, const char *reason,
	   const char *object)
{
	fprintf(stderr, "Error: invalid %s \"%s\": %s.\n", keyword, arg, reason);
	return hint(object);
}

int missarg(const char *keyword, const char *object)
{
	fprintf(stderr, "Error: argument \"%s\" is required.\n", keyword);
	return hint(object);
}

int noval(const char *keyword, const char *object)
{
	fprintf(stderr, "Error: argument \"%s\" needs a value.\n", keyword);
	return hint(object);
}

int notvalid(const char *keyword, const char *object, const char *verb)
{
	fprintf(stderr, "Error: argument \"%s\" is not valid for \"nve %s %s\".\n",
		keyword, object, verb);
	return hint(object);
}

int unknownarg(const char *arg, const char *object)
{
	fprintf(stderr, "Error: unknown argument \"%s\".\n", arg);
	return hint(object);
}

int duparg(const char *keyword, const char *object)
{
	fprintf(stderr, "Error: duplicate argument \"%s\".\n", keyword);
	return hint(object);
}

int badcombo(const char *reason, const char *object)
{
	fprintf(stderr, "Error: %s.\n", reason);
	return hint(object);
}
