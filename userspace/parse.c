// SPDX-License-Identifier: GPL-2.0
/*
 * Pure command-line parsing: numbers, VNIs, MACs, addresses, ports,
 * keywords and batch lines.  No I/O, so every function here is tested on
 * the host (tests/test_parse.c).
 *
 * Each parser returns NULL on success or a short reason a person can act
 * on ("VNI must be 0-16777215"); the caller names the argument.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nve.h"

/*
 * iproute2's prefix matching: @arg is a non-empty prefix of @word.  Callers
 * test candidates in a fixed order, so "m" is "map" and "mo" is "monitor".
 */
bool matches(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n && n <= strlen(word) && !strncmp(arg, word, n);
}

/*
 * The index of the first of @words that @arg is a prefix of, or -1.  The
 * order of @words settles ambiguity, as in iproute2.
 */
int match_word(const char *arg, const char *const *words, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (matches(arg, words[i]))
			return i;
	return -1;
}

/* Decimal, or hexadecimal with 0x; no sign, no spaces, no junk. */
const char *parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)s[0]))
			return "not a number";
	} else if (!isdigit((unsigned char)s[0])) {
		return "not a number";
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return "not a number";
	if (errno == ERANGE || v > max)
		return "out of range";
	*out = v;
	return NULL;
}

const char *parse_u8(const char *s, uint8_t *out)
{
	uint32_t v;

	if (parse_u32(s, 255, &v))
		return "must be 0-255";
	*out = v;
	return NULL;
}

const char *parse_vni(const char *s, uint32_t *vni)
{
	if (parse_u32(s, NVE_VNI_MAX, vni))
		return "VNI must be 0-16777215 (24 bits)";
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Six groups of one or two hex digits separated by ':' (as ether_aton). */
const char *parse_mac(const char *s, uint8_t mac[6])
{
	static const char *bad = "MAC address must look like 52:54:00:12:34:56";
	uint8_t tmp[6];
	int i;

	for (i = 0; i < 6; i++) {
		int hi = hexval(*s), lo;

		if (hi < 0)
			return bad;
		s++;
		lo = hexval(*s);
		if (lo >= 0) {
			hi = hi * 16 + lo;
			s++;
		}
		tmp[i] = hi;
		if (i < 5 && *s++ != ':')
			return bad;
	}
	if (*s)
		return bad;
	memcpy(mac, tmp, 6);
	return NULL;
}

const char *parse_addr(const char *s, struct nve_addr *a)
{
	struct nve_addr tmp = { 0 };

	if (inet_pton(AF_INET, s, &tmp.v4) == 1)
		tmp.family = AF_INET;
	else if (inet_pton(AF_INET6, s, &tmp.v6) == 1)
		tmp.family = AF_INET6;
	else
		return "not an IPv4 or IPv6 address";
	*a = tmp;
	return NULL;
}

const char *parse_port(const char *s, uint16_t *port)
{
	uint32_t v;

	if (parse_u32(s, 65535, &v) || !v)
		return "UDP port must be 1-65535";
	*port = v;
	return NULL;
}

const char *parse_onoff(const char *s, bool *on)
{
	if (!strcmp(s, "on")) {
		*on = true;
		return NULL;
	}
	if (!strcmp(s, "off")) {
		*on = false;
		return NULL;
	}
	return "must be \"on\" or \"off\"";
}

const char *parse_encap(const char *s, uint8_t *encap)
{
	if (!strcmp(s, "vxlan")) {
		*encap = NVE_ENCAP_VXLAN;
		return NULL;
	}
	if (!strcmp(s, "geneve")) {
		*encap = NVE_ENCAP_GENEVE;
		return NULL;
	}
	return "encapsulation must be \"vxlan\" or \"geneve\"";
}

/* 0-255, or "auto" for 0 (the route's default). */
const char *parse_ttl(const char *s, uint8_t *ttl)
{
	if (!strcmp(s, "auto")) {
		*ttl = 0;
		return NULL;
	}
	if (parse_u8(s, ttl))
		return "TTL must be 0-255 or \"auto\"";
	return NULL;
}

/* 0-255, or "inherit" for NVE_TOS_INHERIT (which 1 also means). */
const char *parse_tos(const char *s, uint8_t *tos)
{
	if (!strcmp(s, "inherit")) {
		*tos = NVE_TOS_INHERIT;
		return NULL;
	}
	if (parse_u8(s, tos))
		return "TOS must be 0-255 or \"inherit\"";
	return NULL;
}

static const char *const mode_names[] = {
	[NVE_MOVE_HOT] = "hot", [NVE_MOVE_WARM] = "warm",
	[NVE_MOVE_COLD] = "cold",
};

static const char *const state_names[] = {
	[NVE_MAP_STATE_ACTIVE] = "active", [NVE_MAP_STATE_PENDING] = "pending",
	[NVE_MAP_STATE_REDIRECT] = "redirect",
};

/* A move's mode: "hot", "warm" or "cold", whole words. */
const char *parse_mode(const char *s, uint8_t *mode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mode_names); i++) {
		if (!strcmp(s, mode_names[i])) {
			*mode = i;
			return NULL;
		}
	}
	return "mode must be \"hot\", \"warm\" or \"cold\"";
}

/* Milliseconds, 0 to @max. */
const char *parse_ms(const char *s, uint32_t max, uint32_t *ms)
{
	static char why[64];

	if (parse_u32(s, max, ms)) {
		snprintf(why, sizeof(why), "must be 0-%u milliseconds", max);
		return why;
	}
	return NULL;
}

/* A number of seconds, @min to @max (duplicate detection). */
const char *parse_secs(const char *s, uint32_t min, uint32_t max,
		       uint32_t *secs)
{
	static char why[64];

	if (parse_u32(s, max, secs) || *secs < min) {
		snprintf(why, sizeof(why), "must be %u-%u seconds", min, max);
		return why;
	}
	return NULL;
}

static const char *const announce_names[] = { "garp", "na", "rarp" };

/*
 * Announcements: "none", or a comma-separated list of "garp", "na" and
 * "rarp" (enum nve_announce bits, in that order), each once.
 */
const char *parse_announce(const char *s, uint8_t *what)
{
	static const char why[] =
		"must be \"none\" or a list of \"garp\", \"na\" and \"rarp\" (\"garp,na\")";
	const char *p = s, *end;
	unsigned int i;
	size_t n;

	*what = 0;
	if (!strcmp(s, "none"))
		return NULL;
	for (;;) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < ARRAY_SIZE(announce_names); i++)
			if (strlen(announce_names[i]) == n &&
			    !strncmp(p, announce_names[i], n))
				break;
		if (i == ARRAY_SIZE(announce_names) || (*what & BIT(i)))
			return why;
		*what |= BIT(i);
		if (!end)
			return NULL;
		p = end + 1;
	}
}

/* @what as parse_announce() reads it: "none" or "garp,na,rarp". */
const char *fmt_announce(uint8_t what, char *buf, size_t len)
{
	unsigned int i;
	size_t off = 0;

	if (!what)
		return "none";
	buf[0] = '\0';
	for (i = 0; i < 8; i++) {
		if (!(what & BIT(i)))
			continue;
		if (i < ARRAY_SIZE(announce_names))
			off += snprintf(buf + off, len > off ? len - off : 0,
					"%s%s", off ? "," : "",
					announce_names[i]);
		else
			off += snprintf(buf + off, len > off ? len - off : 0,
					"%sbit%u", off ? "," : "", i);
	}
	return buf;
}

/* The names of enum values from the kernel; NULL for one we don't know. */
const char *mode_name(uint8_t mode)
{
	return mode < ARRAY_SIZE(mode_names) ? mode_names[mode] : NULL;
}

const char *state_name(uint8_t state)
{
	return state < ARRAY_SIZE(state_names) ? state_names[state] : NULL;
}

/* The kernel's dev_valid_name() rules. */
const char *parse_ifname(const char *s)
{
	size_t n = strlen(s);

	if (!n)
		return "device name is empty";
	if (n >= IF_NAMESIZE)
		return "device name is longer than 15 characters";
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return "device name can't be \".\" or \"..\"";
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return "device name can't hold '/', ':' or spaces";
	return NULL;
}

/* Faster than isspace() on the batch hot path, and locale-free. */
static inline bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/*
 * Split a batch line in place into at most @max words.  Words are
 * separated by blanks; a word may be quoted with "" or ''; '#' at the start
 * of a word begins a comment.  Returns the word count (0 for a blank or
 * comment line) or -1 with *err set.
 */
int split_line(char *line, char **argv, int max, const char **err)
{
	char *r = line, *w;
	int argc = 0;

	for (;;) {
		while (blank(*r))
			r++;
		if (!*r || *r == '#')
			return argc;
		if (argc == max) {
			*err = "too many words on the line";
			return -1;
		}
		argv[argc++] = w = r;
		while (*r && !blank(*r)) {
			if (*r == '"' || *r == '\'') {
				char q = *r++;

				while (*r && *r != q)
					*w++ = *r++;
				if (!*r) {
					*err = "unterminated quote";
					return -1;
				}
				r++;
			} else {
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w = '\0';
	}
}
