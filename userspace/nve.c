// SPDX-License-Identifier: GPL-2.0
/*
 * nve: the command-line tool of the nve kernel module, in the style of
 * iproute2's ip(8) and bridge(8).
 *
 *	nve [OPTIONS] OBJECT { COMMAND | help }
 *	nve [OPTIONS] -batch FILE
 *
 * This file: options, the object table, help and batch files.  Objects and
 * verbs match by prefix in table order ("nve m s" is "nve map show").
 *
 * Exit status: 0 success, 1 a kernel or runtime error (and any batch
 * failure), 2 a bad command line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nve.h"

#define BATCH_MAX_WORDS	64

static void usage(FILE *f);

static int do_help(int argc, char **argv);

static const struct object {
	const char *name;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *f);
} objects[] = {
	{ "link", do_link, link_usage },
	{ "map", do_map, map_usage },
	{ "bind", do_bind, bind_usage },
	{ "flood", do_flood, flood_usage },
	{ "stats", do_stats, stats_usage },
	{ "monitor", do_monitor, monitor_usage },
	{ "move", do_move, move_usage },
	{ "prepare", do_prepare, move_usage },
	{ "activate", do_activate, move_usage },
	{ "withdraw", do_withdraw, move_usage },
	{ "unfreeze", do_unfreeze, move_usage },
	{ "help", do_help, usage },
};

static const struct object *find_object(const char *arg)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (matches(arg, objects[i].name))
			return &objects[i];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: nve [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       nve [ OPTIONS ] -batch FILE\n"
		"       nve -V\n"
		"where  OBJECT := { link | map | bind | flood | stats | monitor |\n"
		"                   move | prepare | activate | withdraw | unfreeze }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -s[tats] | -b[atch] FILE |\n"
		"                    -V[ersion] | -h[elp] }\n"
		"Try \"nve OBJECT help\" for an object's commands.\n");
}

/* "nve help [OBJECT]" */
static int do_help(int argc, char **argv)
{
	const struct object *o;

	if (argc < 1) {
		usage(stdout);
		return NVE_OK;
	}
	o = find_object(argv[0]);
	if (!o) {
		fprintf(stderr, "Object \"%s\" is unknown, try \"nve help\".\n",
			argv[0]);
		return NVE_EUSAGE;
	}
	o->usage(stdout);
	return NVE_OK;
}

static int do_cmd(int argc, char **argv)
{
	const struct object *o = find_object(argv[0]);

	if (!o) {
		fprintf(stderr, "Object \"%s\" is unknown, try \"nve help\".\n",
			argv[0]);
		return NVE_EUSAGE;
	}
	return o->run(argc - 1, argv + 1);
}

/*
 * Run each line of @name ("-": stdin) as a command, and stop at the first
 * that fails with "Command failed FILE:LINE", as iproute2 does.  Map
 * changes are queued and sent many per message (map.c); before any other
 * command the queue is sent and acked, so lines take effect in order.
 */
static int run_batch(const char *name)
{
	FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
	char *argv[BATCH_MAX_WORDS];
	unsigned int lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	int ret = NVE_OK;

	if (!f) {
		fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
			name, strerror(errno));
		return NVE_EFAIL;
	}
	batch.active = true;
	batch.file = name;

	while (getline(&line, &cap, f) >= 0) {
		const char *err;
		int argc, rc;

		batch.line = ++lineno;
		batch.failed_line = 0;
		argc = split_line(line, argv, BATCH_MAX_WORDS, &err);
		if (argc == 0)
			continue;
		if (argc < 0) {
			fprintf(stderr, "Error: %s.\n", err);
			rc = NVE_EUSAGE;
		} else if (!map_batch_queueable(argc, argv) &&
			   map_batch_flush(false)) {
			rc = NVE_EFAIL;
		} else {
			rc = do_cmd(argc, argv);
		}
		out_flush();
		if (rc) {
			/* Lines queued before this one take effect first. */
			if (!batch.failed_line)
				map_batch_flush(true);
			fprintf(stderr, "Command failed %s:%u\n", name,
				batch.failed_line ? batch.failed_line : lineno);
			ret = NVE_EFAIL;
			break;
		}
	}
	if (!ret && ferror(f)) {
		fprintf(stderr, "Error: reading \"%s\": %s.\n", name,
			strerror(errno));
		ret = NVE_EFAIL;
	}
	if (map_batch_flush(true) && !ret) {
		fprintf(stderr, "Command failed %s:%u\n", name,
			batch.failed_line);
		ret = NVE_EFAIL;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	batch.active = false;
	return ret;
}

int main(int argc, char **argv)
{
	const char *batch_file = NULL;
	bool json = false, pretty = false, details = false;
	int ret;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		const char *opt = argv[0];

		if (!strcmp(opt, "--")) {
			argc--, argv++;
			break;
		}
		if (opt[1] == '-')
			opt++;
		if (matches(opt, "-json")) {
			json = true;
		} else if (matches(opt, "-pretty")) {
			pretty = true;
		} else if (matches(opt, "-stats")) {
			details = true;
		} else if (matches(opt, "-batch")) {
			if (argc < 2) {
				fprintf(stderr, "Option \"%s\" needs a file name (\"-\" for stdin).\n",
					argv[0]);
				return NVE_EUSAGE;
			}
			argc--, argv++;
			batch_file = argv[0];
		} else if (matches(opt, "-Version")) {
			printf("nve utility, %s (genl \"%s\" version %u)\n",
			       NVE_CLI_VERSION, NVE_GENL_NAME,
			       NVE_GENL_VERSION);
			return NVE_OK;
		} else if (matches(opt, "-help")) {
			usage(stdout);
			return NVE_OK;
		} else {
			fprintf(stderr, "Option \"%s\" is unknown, try \"nve -help\".\n",
				argv[0]);
			return NVE_EUSAGE;
		}
	}

	out_init(stdout, json, pretty);
	out_set_details(details);

	if (batch_file) {
		if (argc > 0) {
			fprintf(stderr, "Error: -batch takes no command; \"%s\" is extra.\n",
				argv[0]);
			return NVE_EUSAGE;
		}
		ret = run_batch(batch_file);
	} else if (argc < 1) {
		usage(stderr);
		ret = NVE_EUSAGE;
	} else {
		ret = do_cmd(argc, argv);
	}
	out_flush();
	nl_close_all();
	return ret;
}
