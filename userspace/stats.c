// SPDX-License-Identifier: GPL-2.0
/*
 * nve stats: the counters of NVE_A_STATS (the drops and events the
 * standard netdev counters can't tell apart; those are in ip -s link).
 *
 *	nve stats [show] [dev DEV]
 *
 * JSON: [{"ifindex", "ifname", "stats": {KEY: count, ...}}], KEY one of
 * the snake_case names in the table below (tx_encap, rx_bad_flags, ...).
 * Text: a "tx:" line, an "rx:" line, a "move:" line (VM mobility:
 * redirected, redirect-loop, hold-overflow, hold-expired, activations,
 * stale-events, frozen, announcements), then the rest.
 */
#include <string.h>

#include "nve.h"

enum { G_TX, G_RX, G_MOVE, G_OTHER };

static const struct {
	uint8_t attr;
	uint8_t group;
	const char *key;		/* JSON */
	const char *fmt;		/* text */
} names[] = {
	{ NVE_STATS_A_TX_ENCAP, G_TX, "tx_encap", "encap %s" },
	{ NVE_STATS_A_TX_FLOOD, G_TX, "tx_flood", "flood %s" },
	{ NVE_STATS_A_TX_MISS, G_TX, "tx_miss", "miss %s" },
	{ NVE_STATS_A_TX_NO_ROUTE, G_TX, "tx_no_route", "no-route %s" },
	{ NVE_STATS_A_RX_DECAP, G_RX, "rx_decap", "decap %s" },
	{ NVE_STATS_A_RX_BAD_FLAGS, G_RX, "rx_bad_flags", "bad-flags %s" },
	{ NVE_STATS_A_RX_TRUNCATED, G_RX, "rx_truncated", "truncated %s" },
	{ NVE_STATS_A_RX_BAD_OPTION, G_RX, "rx_bad_option", "bad-option %s" },
	{ NVE_STATS_A_RX_UNKNOWN_VNI, G_RX, "rx_unknown_vni",
	  "unknown-vni %s" },
	{ NVE_STATS_A_RX_LOOP, G_RX, "rx_loop", "loop %s" },
	{ NVE_STATS_A_REDIRECTED, G_MOVE, "redirected", "redirected %s" },
	{ NVE_STATS_A_RX_REDIRECT_LOOP, G_MOVE, "rx_redirect_loop",
	  "redirect-loop %s" },
	{ NVE_STATS_A_HOLD_OVERFLOW, G_MOVE, "hold_overflow",
	  "hold-overflow %s" },
	{ NVE_STATS_A_HOLD_EXPIRED, G_MOVE, "hold_expired", "hold-expired %s" },
	{ NVE_STATS_A_ACTIVATIONS, G_MOVE, "activations", "activations %s" },
	{ NVE_STATS_A_STALE_EVENTS, G_MOVE, "stale_events", "stale-events %s" },
	{ NVE_STATS_A_FROZEN, G_MOVE, "frozen", "frozen %s" },
	{ NVE_STATS_A_ANNOUNCEMENTS, G_MOVE, "announcements",
	  "announcements %s" },
	{ NVE_STATS_A_PROXY_REPLIES, G_OTHER, "proxy_replies",
	  "proxy-replies %s" },
	{ NVE_STATS_A_TABLE_FULL, G_OTHER, "table_full", "table-full %s" },
	{ NVE_STATS_A_SPOOF_DROPS, G_OTHER, "spoof_drops", "spoof-drops %s" },
};

void stats_usage(FILE *f)
{
	fprintf(f,
		"Usage: nve stats [ show ] [ dev DEV ]\n"
		"The device's standard counters: ip -s link show DEV.\n");
}

/* Indented lines "tx: ...", "rx: ...", then the rest; JSON "stats": {}. */
void stats_print_fields(const struct nve_dev *d)
{
	static const char *const group_label[] = { "tx:", "rx:", "move:", NULL };
	unsigned int g, i;

	if (!d->stats_have)
		return;
	out_open_object("stats");
	for (g = G_TX; g <= G_OTHER; g++) {
		bool started = false;

		for (i = 0; i < ARRAY_SIZE(names); i++) {
			if (names[i].group != g ||
			    !(d->stats_have & BIT(names[i].attr)))
				continue;
			if (!started) {
				out_text("    ");
				if (group_label[g])
					out_str(PRINT_TEXT, NULL, "%s",
						group_label[g]);
				started = true;
			}
			out_uint(PRINT_ANY, names[i].key, names[i].fmt,
				 d->stats[names[i].attr]);
		}
		if (started)
			out_nl();
	}
	out_close_object();
}

void stats_print(const struct nve_dev *d)
{
	out_open_object(NULL);
	out_uint(PRINT_JSON, "ifindex", NULL, d->ifindex);
	out_str(PRINT_ANY, "ifname", "%s:", d->ifname);
	out_nl();
	stats_print_fields(d);
	out_close_object();
}

int do_stats(int argc, char **argv)
{
	const char *dev = NULL, *why;

	if (argc > 0 && matches(argv[0], "help")) {
		stats_usage(stdout);
		return NVE_OK;
	}
	if (argc > 0 && (matches(argv[0], "show") || matches(argv[0], "list")))
		argc--, argv++;
	for (; argc > 0; argc--, argv++) {
		if (strcmp(argv[0], "dev"))
			return unknownarg(argv[0], "stats");
		if (dev)
			return duparg("dev", "stats");
		if (argc < 2)
			return noval("dev", "stats");
		argc--, argv++;
		dev = argv[0];
		why = parse_ifname(dev);
		if (why)
			return invarg("dev", dev, why, "stats");
	}
	return link_show(dev, stats_print);
}
