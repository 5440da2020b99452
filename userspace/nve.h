/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nve: command-line tool for the nve kernel module.
 *
 * Shared types and prototypes, grouped by the file that owns them.  The
 * kernel contract is <linux/nve.h> (uapi/linux/nve.h in this repository).
 */
#ifndef NVE_CLI_H
#define NVE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>
#include <net/if.h>
#include <linux/nve.h>

struct nlmsghdr;
struct nlattr;

#define NVE_CLI_VERSION		"0.1.0"

#define BIT(n)			(1U << (n))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* Exit codes, as iproute2: 0 success, 1 kernel or runtime error, 2 usage. */
enum {
	NVE_OK = 0,
	NVE_EFAIL = 1,
	NVE_EUSAGE = 2,
};

/* An underlay or overlay IP address; family AF_UNSPEC when absent. */
struct nve_addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/*
 * One (VNI, MAC) mapping, from the command line or a kernel message.
 * @have has BIT(NVE_MAP_A_x) set for each attribute present.  A remote
 * address sets NVE_MAP_A_REMOTE or NVE_MAP_A_REMOTE6 to match its family.
 */
struct nve_map {
	uint32_t have;
	uint32_t vni;
	uint8_t mac[6];
	struct nve_addr remote;
	uint16_t port;			/* host byte order */
	uint32_t remote_vni;
	uint32_t flags;			/* enum nve_map_flags */
	uint32_t seq;
	uint64_t created_ms;
	uint64_t updated_ms;
	uint64_t used_ms;
	uint64_t hits;
	/* VM mobility */
	uint8_t state;			/* enum nve_map_state */
	uint8_t mode;			/* enum nve_move_mode */
	uint32_t redirect_ms;
	uint32_t expires_ms;
	uint64_t redirects;
	uint32_t held;
	uint32_t hold_pkts;		/* PREPARE, PENDING replies */
	uint32_t hold_ms;
	uint8_t announce;		/* PREPARE, PENDING replies */
	struct nve_addr sender;		/* STALE_SENDER events */
	uint32_t moves;			/* duplicate detection */
	uint32_t frozen_s;		/* NVE_MAP_A_FROZEN: 0 until unfrozen */
};

/* One (VNI, IP) -> MAC binding; @have as for struct nve_map (NVE_BIND_A_x). */
struct nve_bind {
	uint32_t have;
	uint32_t vni;
	struct nve_addr ip;
	uint8_t mac[6];
};

/* One flood list member; @have as for struct nve_map (NVE_FLOOD_A_x). */
struct nve_flood {
	uint32_t have;
	uint32_t vni;
	struct nve_addr remote;
};

/*
 * A device's configuration: the IFLA_NVE_* attributes of "link add/set"
 * and the NVE_DEV_A_* nest of a NVE_CMD_DEV_GET reply.  @have has
 * BIT(NVE_DEV_A_x) set for each field present (the IFLA_NVE_* attribute
 * of the same name is built from the same bit).
 */
struct nve_link {
	uint32_t have;
	uint32_t vni;
	struct nve_addr local;
	uint16_t port;			/* host byte order */
	uint8_t encap;
	uint8_t ttl;
	uint8_t tos;
	uint8_t proxy;
	uint8_t spoof_check;
	uint32_t max_entries;
	uint32_t redirect_ms;		/* VM mobility */
	uint32_t redirect_max_ms;
	uint32_t hold_pkts;
	uint32_t hold_ms;
	uint32_t dup_moves;		/* duplicate detection */
	uint32_t dup_window;		/* seconds */
	uint32_t dup_freeze;		/* seconds, 0: until unfrozen */
	uint8_t announce;		/* enum nve_announce */
	uint32_t entries;		/* DEV_GET only */
	uint32_t entry_size;		/* DEV_GET only */
};

/* A NVE_CMD_DEV_GET reply. */
struct nve_dev {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	struct nve_link cfg;
	uint32_t stats_have;		/* BIT(NVE_STATS_A_x) */
	uint64_t stats[NVE_STATS_A_MAX + 1];
};

/* The top-level attributes of an nve genl message. */
struct nve_msg {
	uint8_t cmd;
	uint32_t ifindex;		/* 0 when absent */
	const char *ifname;		/* NULL when absent */
	const struct nlattr *dev;	/* NVE_A_DEV nest */
	const struct nlattr *stats;	/* NVE_A_STATS nest */
	bool have_count;
	uint32_t count;
	unsigned int n_map, n_bind, n_flood;
};

/* Where an extack offset points inside a request we sent (msg.c). */
struct msg_loc {
	int depth;			/* 0: offset is not on an attribute */
	uint16_t type[4];		/* attribute types, outermost first */
	int index;			/* # of the top-level attribute among
					 * those of the same type, from 0 */
};

/* ------------------------------------------------------------------ */
/* parse.c: pure command-line parsing; each returns NULL or a reason. */

bool matches(const char *arg, const char *word);
const char *parse_u32(const char *s, uint32_t max, uint32_t *out);
const char *parse_u8(const char *s, uint8_t *out);
const char *parse_vni(const char *s, uint32_t *vni);
const char *parse_mac(const char *s, uint8_t mac[6]);
const char *parse_addr(const char *s, struct nve_addr *a);
const char *parse_port(const char *s, uint16_t *port);
const char *parse_onoff(const char *s, bool *on);
const char *parse_encap(const char *s, uint8_t *encap);
const char *parse_ttl(const char *s, uint8_t *ttl);
const char *parse_tos(const char *s, uint8_t *tos);
const char *parse_ifname(const char *s);
const char *parse_mode(const char *s, uint8_t *mode);
const char *parse_ms(const char *s, uint32_t max, uint32_t *ms);
const char *parse_secs(const char *s, uint32_t min, uint32_t max,
		       uint32_t *secs);
const char *parse_announce(const char *s, uint8_t *what);
#define ANNOUNCE_STRLEN		32	/* "garp,na,rarp,bit3,...,bit7" fits */
const char *fmt_announce(uint8_t what, char *buf, size_t len);
const char *mode_name(uint8_t mode);
const char *state_name(uint8_t state);
int match_word(const char *arg, const char *const *words, int n);
int split_line(char *line, char **argv, int max, const char **err);

/* ------------------------------------------------------------------ */
/* json.c: one output call serves text and JSON; argument error reports. */

enum out_type {
	PRINT_TEXT = 1,			/* text output only */
	PRINT_JSON = 2,			/* JSON output only */
	PRINT_ANY = 3,
};

void out_init(FILE *f, bool json, bool pretty);
bool out_json(void);
void out_set_details(bool on);
bool out_details(void);
void out_open_array(const char *key);
void out_close_array(void);
void out_open_object(const char *key);
void out_close_object(void);
void out_str(enum out_type t, const char *key, const char *fmt, const char *v);
void out_uint(enum out_type t, const char *key, const char *fmt, uint64_t v);
void out_bool(enum out_type t, const char *key, const char *fmt, bool v);
void out_flag(const char *key, const char *word, bool on);
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_nl(void);
void out_flush(void);
void out_dev(const char *ifname, uint32_t ifindex, bool text);

#define MAC_STRLEN	18
#define ADDR_STRLEN	INET6_ADDRSTRLEN
#define DUR_STRLEN	32
const char *fmt_mac(const uint8_t mac[6], char *buf);
const char *fmt_addr(const struct nve_addr *a, char *buf, size_t len);
const char *fmt_duration(uint64_t ms, char *buf, size_t len);
const char *fmt_ms(uint64_t ms, char *buf, size_t len);

/* Command-line error reports (stderr); each returns NVE_EUSAGE. */
int invarg(const char *keyword, const char *arg, const char *reason,
	   const char *object);
int missarg(const char *keyword, const char *object);
int noval(const char *keyword, const char *object);
int unknownarg(const char *arg, const char *object);
int notvalid(const char *keyword, const char *object, const char *verb);
int duparg(const char *keyword, const char *object);
int badcombo(const char *reason, const char *object);

/* ------------------------------------------------------------------ */
/* msg.c: build nve requests and parse nve messages; no I/O. */

struct nlmsghdr *msg_genl_start(void *buf, uint16_t family, uint8_t cmd,
				uint16_t flags);
bool msg_put_dev(struct nlmsghdr *nlh, size_t size, uint32_t ifindex,
		 const char *ifname);
bool msg_put_map(struct nlmsghdr *nlh, size_t size, const struct nve_map *m);
bool msg_put_bind(struct nlmsghdr *nlh, size_t size, const struct nve_bind *b);
bool msg_put_flood(struct nlmsghdr *nlh, size_t size,
		   const struct nve_flood *f);
struct nlmsghdr *msg_link_start(void *buf, uint16_t type, uint16_t flags,
				uint32_t ifindex);
bool msg_put_linkinfo(struct nlmsghdr *nlh, size_t size,
		      const struct nve_link *cfg);

int msg_parse(const struct nlmsghdr *nlh, struct nve_msg *m);
int msg_parse_map(const struct nlattr *nest, struct nve_map *m);
int msg_parse_bind(const struct nlattr *nest, struct nve_bind *b);
int msg_parse_flood(const struct nlattr *nest, struct nve_flood *f);
int msg_parse_dev(const struct nlmsghdr *nlh, struct nve_dev *d);
bool msg_locate(const struct nlmsghdr *req, size_t hdrlen, uint32_t off,
		struct msg_loc *loc);
const char *msg_attr_name(bool rtnl, const struct msg_loc *loc);

/* ------------------------------------------------------------------ */
/* vmstate.c: one VM's local state (draft s6): "map get", "map export". */

struct vm_state {
	struct nve_map map;
	struct nve_bind *binds;		/* those naming map.mac in map.vni */
	unsigned int n_binds;
};

struct vm_export {
	bool prepare;			/* "prepare", not "map replace" */
	bool have_seq;
	uint32_t seq;			/* instead of the mapping's own */
};

int vm_state_read(uint32_t ifindex, const struct nve_map *key,
		  struct vm_state *s);
void vm_state_free(struct vm_state *s);
void vm_state_sort(struct vm_state *s);
void vm_state_print(const struct vm_state *s, const char *ifname,
		    uint32_t ifindex);
const char *vm_state_export_line(const struct vm_state *s, const char *dev,
				 const struct vm_export *o, unsigned int i,
				 char *buf, size_t len, bool *last);
int vm_state_export(const struct vm_state *s, const char *dev,
		    const struct vm_export *o);

/* ------------------------------------------------------------------ */
/* netlink.c: sockets, the genl family, request/ack, dumps, batch state. */

/* A kernel error (or warning) from NLMSG_ERROR or NLMSG_DONE. */
struct nl_err {
	int error;			/* positive errno, 0 for a warning */
	char msg[256];			/* NLMSGERR_ATTR_MSG, "" if none */
	bool have_off;
	uint32_t off;			/* NLMSGERR_ATTR_OFFS */
	bool have_miss;
	uint32_t miss_type;		/* NLMSGERR_ATTR_MISS_TYPE */
	bool have_miss_nest;
	uint32_t miss_nest;		/* NLMSGERR_ATTR_MISS_NEST */
	uint32_t seq;			/* of the request that failed */
};

struct nl;
typedef int (*nl_cb_t)(const struct nlmsghdr *nlh, void *data);
typedef int (*nl_ack_cb_t)(const struct nl_err *e, void *data);

#define NL_BUFSIZE	32768		/* requests */

struct nl *nl_genl(void);
struct nl *nl_rtnl(void);
struct nl *nl_open(int bus);
void nl_close(struct nl *s);
void nl_close_all(void);
uint16_t nl_genl_family(void);
uint32_t nl_genl_events_group(void);
int nl_talk(struct nl *s, struct nlmsghdr *req, nl_cb_t cb, void *data,
	    struct nl_err *quiet);
int nl_send(struct nl *s, struct nlmsghdr *req);
int nl_recv_acks(struct nl *s, bool block, nl_ack_cb_t cb, void *data);
int nl_recv_events(struct nl *s, nl_cb_t cb, void *data);
int nl_subscribe(struct nl *s, uint32_t group);
int nl_parse_err(const struct nlmsghdr *nlh, struct nl_err *e);
int nl_parse_family(const struct nlmsghdr *nlh, uint16_t *id,
		    uint32_t *events_group, uint32_t *version);
void nl_print_err(const struct nl_err *e, const struct nlmsghdr *req,
		  bool rtnl);

/* Device resolution: name -> ifindex of an nve device (cached in batch). */
int nve_dev_lookup(const char *name, uint32_t *ifindex);
void nve_dev_forget(void);
/* Every nve device of the namespace (DEV_GET dump); free with free(). */
int nve_dev_list(struct nve_dev **devs, unsigned int *n);
/* The devices a "show" covers: one by name, or all (NULL). */
struct nve_devs {
	struct nve_dev *v;
	unsigned int n;
};
typedef int (*nve_dev_fn)(uint32_t ifindex, const char *ifname, void *data);
int nve_devs_get(const char *name, struct nve_devs *d);
int nve_devs_each(const struct nve_devs *d, nve_dev_fn fn, void *data);

/* Batch state: the file and line being run (netlink.c owns it). */
struct nve_batch {
	bool active;
	const char *file;
	unsigned int line;		/* line being run */
	unsigned int failed_line;	/* set by a deferred failure */
};
extern struct nve_batch batch;

/* ------------------------------------------------------------------ */
/* Objects: each do_*() returns NVE_OK, NVE_EFAIL or NVE_EUSAGE. */

/* link.c */
int do_link(int argc, char **argv);
void link_usage(FILE *f);
void link_print(const struct nve_dev *d);
int link_show(const char *name, void (*print)(const struct nve_dev *d));

/* map.c */
int do_map(int argc, char **argv);
void map_usage(FILE *f);
void map_print_fields(const struct nve_map *m);
void map_print(const struct nve_map *m, const char *ifname,
	       uint32_t ifindex, bool text_dev);
bool map_batch_queueable(int argc, char **argv);
unsigned int map_failed_line(const struct nlmsghdr *req,
			     const unsigned int *lines, unsigned int n,
			     const struct nl_err *e, bool *known);
int map_batch_flush(bool last);

/* bind.c */
int do_bind(int argc, char **argv);
void bind_usage(FILE *f);
void bind_print_fields(const struct nve_bind *b);
void bind_print(const struct nve_bind *b, const char *ifname,
		uint32_t ifindex, bool text_dev);

/* flood.c */
int do_flood(int argc, char **argv);
void flood_usage(FILE *f);
void flood_print_fields(const struct nve_flood *f);
void flood_print(const struct nve_flood *f, const char *ifname,
		 uint32_t ifindex, bool text_dev);

/* move.c: move, prepare, activate, withdraw, unfreeze */
int do_move(int argc, char **argv);
int do_prepare(int argc, char **argv);
int do_activate(int argc, char **argv);
int do_withdraw(int argc, char **argv);
int do_unfreeze(int argc, char **argv);
void move_usage(FILE *f);
int move_parse_for_test(const char *verb, int argc, char **argv,
			struct nve_map *m, const char **dev);

/* stats.c */
int do_stats(int argc, char **argv);
void stats_usage(FILE *f);
void stats_print_fields(const struct nve_dev *d);
void stats_print(const struct nve_dev *d);

/* monitor.c */
int do_monitor(int argc, char **argv);
void monitor_usage(FILE *f);
int monitor_print_event(const struct nlmsghdr *nlh);

#endif /* NVE_CLI_H */
