/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP harness for the host tests: each CHECK prints "ok N - name"
 * or "not ok N - name" with the failing file:line, and ktap_finish() prints
 * the plan and "# N passed, N failed" and returns the exit status (0 when
 * all passed, 1 otherwise).
 *
 * NVE_TEST_INJECT_FAILURE=1 in the environment adds one check that must
 * fail: tests/run.sh uses it to prove that a failing check fails the run.
 */
#ifndef NVE_TEST_KTAP_H
#define NVE_TEST_KTAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned int ktap_n, ktap_failed;

static inline void __attribute__((format(printf, 4, 5)))
ktap_check(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %u - ", ok ? "" : "not ", ++ktap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok) {
		printf("# failed at %s:%d\n", file, line);
		ktap_failed++;
	}
}

#define CHECK(cond, ...) ktap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* Print a string with its control characters escaped, for diagnostics. */
static inline void ktap_show(const char *label, const char *s)
{
	printf("# %s: \"", label);
	for (; s && *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '"')
			fputs("\\\"", stdout);
		else
			putchar(*s);
	}
	puts("\"");
}

#define CHECK_STR(got, want, ...)					\
	do {								\
		const char *_g = (got), *_w = (want);			\
		bool _ok = _g && !strcmp(_g, _w);			\
		ktap_check(_ok, __FILE__, __LINE__, __VA_ARGS__);	\
		if (!_ok) {						\
			ktap_show("got ", _g);				\
			ktap_show("want", _w);				\
		}							\
	} while (0)

static inline void ktap_start(void)
{
	printf("TAP version 13\n");
}

static inline int ktap_finish(void)
{
	if (getenv("NVE_TEST_INJECT_FAILURE"))
		CHECK(0, "injected failure (NVE_TEST_INJECT_FAILURE)");
	printf("1..%u\n", ktap_n);
	printf("# %u passed, %u failed\n", ktap_n - ktap_failed, ktap_failed);
	return ktap_failed ? 1 : 0;
}

#endif /* NVE_TEST_KTAP_H */
