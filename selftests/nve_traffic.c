// SPDX-License-Identifier: GPL-2.0
/*
 * nve_traffic: numbered UDP datagrams for the mobility selftests, and the
 * announcement a VM sends after it moved.
 *
 *   nve_traffic send ADDR PORT RATE SECONDS [--size BYTES] [-j]
 *	Sends RATE * SECONDS datagrams to ADDR:PORT (IPv4 or IPv6), numbered
 *	0, 1, ..., each carrying its number and the total.  Datagram N is due
 *	at start + N / RATE: the sender sleeps until the next one is due
 *	(clock_nanosleep, TIMER_ABSTIME, so a slow wake-up never shifts the
 *	schedule), and when it wakes late it sends every datagram that fell
 *	due meanwhile at once, in bursts of up to BURST.  So the average rate
 *	is RATE whenever the machine can send that many at all, and the lag
 *	behind the schedule is reported.
 *	Prints: sent=N errors=N secs=S rate=R max_lag_ms=L late_wakeups=N
 *
 *   nve_traffic recv PORT [--ready FILE] [--until-idle MS] [--timeout SECS] [-j]
 *	Receives on PORT (IPv4 and IPv6) the datagrams of one sender and
 *	stops when all of them arrived, when none came for MS milliseconds
 *	after the first (default 2000), when SECS passed without any
 *	(default 60), or on SIGTERM/SIGINT.  --ready creates FILE once the
 *	socket is bound, for the test to wait on.
 *	Prints: total=N received=N unique=N missing=N gaps=N largest_gap=N
 *		duplicates=N reordered=N max_stall_ms=S max_latency_ms=L
 *		secs=S rate=R
 *	missing counts the numbers never received, including those after the
 *	last received one (the total travels in each datagram); gaps counts
 *	the runs of missing numbers, largest_gap the longest run; reordered
 *	counts datagrams that arrived after a higher number; max_stall_ms is
 *	the longest time without a datagram between the first and the last;
 *	max_latency_ms the longest time from the sender's schedule to the
 *	arrival (both ends read CLOCK_MONOTONIC, which network namespaces
 *	share).
 *
 *   nve_traffic pace BYTES_PER_SEC
 *	Copies stdin to stdout at BYTES_PER_SEC (on the same absolute
 *	schedule as send), so that a TCP transfer fed by it (socat) lasts long
 *	enough to span a move.
 *
 *   nve_traffic announce IFACE [IP]
 *	Sends from IFACE's MAC what QEMU's announce-self sends after a
 *	migration: a broadcast RARP (ethertype 0x8035, opcode 3, "reverse
 *	request", sender and target hardware address the VM's MAC); with IP,
 *	also a gratuitous ARP request for IP.
 *
 * -j prints the summary as one JSON object instead.  Exit status: 0 after
 * the summary, 1 on a socket error, 2 on a bad command line.
 *
 * It is C for the rate: under TCG a sender in a scripting language reached
 * only 216-424 datagrams a second, too few to show a loss of a few
 * milliseconds.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BURST		64		/* datagrams per sendmmsg/recvmmsg */
#define MAGIC		0x4e564554U	/* "NVET" */
#define MAX_TOTAL	(100U * 1000 * 1000)
#define NSEC		1000000000ULL

/* The head of every datagram, in network byte order. */
struct dgram {
	uint32_t magic;
	uint32_t run;			/* random per sender */
	uint64_t seq;
	uint64_t total;
	uint64_t due_ns;		/* CLOCK_MONOTONIC schedule */
} __attribute__((packed));

static volatile sig_atomic_t stop;
static bool json;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: nve_traffic send ADDR PORT RATE SECONDS [--size BYTES] [-j]\n"
		"       nve_traffic recv PORT [--ready FILE] [--until-idle MS] [--timeout SECS] [-j]\n"
		"       nve_traffic pace BYTES_PER_SEC\n"
		"       nve_traffic announce IFACE [IP]\n");
	exit(2);
}

static unsigned long num(const char *s, unsigned long min, unsigned long max,
			 const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < min || v > max) {
		fprintf(stderr, "nve_traffic: bad %s \"%s\" (%lu-%lu)\n",
			what, s, min, max);
		exit(2);
	}
	return v;
}

/* key=value words, or one JSON object: out(key, value) ... out_end(). */
static bool out_first = true;

static void out_u(const char *key, unsigned long long v)
{
	if (json)
		printf("%s\"%s\":%llu", out_first ? "{" : ",", key, v);
	else
		printf("%s%s=%llu", out_first ? "" : " ", key, v);
	out_first = false;
}

static void out_f(const char *key, double v)
{
	if (json)
		printf("%s\"%s\":%.3f", out_first ? "{" : ",", key, v);
	else
		printf("%s%s=%.3f", out_first ? "" : " ", key, v);
	out_first = false;
}

static void out_end(void)
{
	printf("%s\n", json ? "}" : "");
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* send */

static int do_send(int argc, char **argv)
{
	static char hdrs[BURST][sizeof(struct dgram)], pad[65507];
	static struct iovec iovs[BURST][2];
	struct mmsghdr msgs[BURST];
	struct addrinfo hints = {
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	};
	unsigned long long sent = 0, errors = 0, late = 0;
	uint64_t rate, total, seq = 0, start, t, max_lag = 0;
	size_t size = 64;
	struct addrinfo *ai;
	uint32_t run;
	int fd, rc, i;

	if (argc < 4)
		usage();
	rate = num(argv[2], 1, 1000000, "rate");
	total = rate * num(argv[3], 1, 3600, "seconds");
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "-j"))
			json = true;
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = num(argv[++i], sizeof(struct dgram),
				   sizeof(pad), "size");
		else
			usage();
	}
	if (total > MAX_TOTAL) {
		fprintf(stderr, "nve_traffic: at most %u datagrams\n",
			MAX_TOTAL);
		return 2;
	}
	rc = getaddrinfo(argv[0], argv[1], &hints, &ai);
	if (rc) {
		fprintf(stderr, "nve_traffic: %s port %s: %s\n", argv[0],
			argv[1], gai_strerror(rc));
		return 2;
	}
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("nve_traffic: socket");
		freeaddrinfo(ai);
		return 1;
	}

	/*
	 * Not connected: on a connected socket an ICMP error (port
	 * unreachable while the receiver is away) would fail a later send.
	 * Each slot of a burst has its own header (its number) and shares
	 * the padding.
	 */
	memset(pad, 0x5a, sizeof(pad));
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BURST; i++) {
		iovs[i][0].iov_base = hdrs[i];
		iovs[i][0].iov_len = sizeof(struct dgram);
		iovs[i][1].iov_base = pad;
		iovs[i][1].iov_len = size - sizeof(struct dgram);
		msgs[i].msg_hdr.msg_name = ai->ai_addr;
		msgs[i].msg_hdr.msg_namelen = ai->ai_addrlen;
		msgs[i].msg_hdr.msg_iov = iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 2;
	}

	run = (uint32_t)now_ns() ^ ((uint32_t)getpid() << 16);
	start = now_ns();
	while (seq < total && !stop) {
		uint64_t due, n, k, at = start + seq * NSEC / rate;
		struct timespec ts;
		int got;

		t = now_ns();
		/* How many are due by now: number 0 at start. */
		due = (t - start) * rate / NSEC + 1;
		if (due > total)
			due = total;
		if (seq >= due) {
			ts.tv_sec = at / NSEC;
			ts.tv_nsec = at % NSEC;
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL);
			continue;
		}
		if (due - seq > 1)
			late++;
		if (t - at > max_lag)
			max_lag = t - at;
		n = due - seq < BURST ? due - seq : BURST;
		for (k = 0; k < n; k++) {
			struct dgram d = {
				.magic = htonl(MAGIC),
				.run = htonl(run),
				.seq = htobe64(seq + k),
				.total = htobe64(total),
				.due_ns = htobe64(start +
						  (seq + k) * NSEC / rate),
			};

			memcpy(hdrs[k], &d, sizeof(d));
		}
		got = sendmmsg(fd, msgs, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			/* This one is lost; the receiver counts it missing. */
			errors++;
			seq++;
			continue;
		}
		sent += got;
		seq += got;
	}
	t = now_ns() - start;
	out_u("sent", sent);
	out_u("errors", errors);
	out_f("secs", t / 1e9);
	out_f("rate", t ? sent * 1e9 / t : 0);
	out_f("max_lag_ms", max_lag / 1e6);
	out_u("late_wakeups", late);
	out_end();
	close(fd);
	freeaddrinfo(ai);
	return 0;
}

/* ------------------------------------------------------------------ */
/* recv */

struct rx {
	uint32_t run;
	uint64_t total;
	uint8_t *seen;			/* bitmap of total bits */
	uint64_t received, unique, dups, reordered, foreign;
	uint64_t next;			/* highest number seen + 1 */
	uint64_t first_ns, last_ns, max_stall, max_latency;
};

static int rx_one(struct rx *r, const char *p, size_t len, uint64_t t)
{
	struct dgram d;
	uint64_t seq, total, due;

	if (len < sizeof(d)) {
		r->foreign++;
		return 0;
	}
	memcpy(&d, p, sizeof(d));
	seq = be64toh(d.seq);
	total = be64toh(d.total);
	if (ntohl(d.magic) != MAGIC || !total || total > MAX_TOTAL ||
	    seq >= total || (r->seen && (ntohl(d.run) != r->run ||
					 total != r->total))) {
		r->foreign++;
		return 0;
	}
	if (!r->seen) {
		r->seen = calloc(total / 8 + 1, 1);
		if (!r->seen) {
			fprintf(stderr, "nve_traffic: out of memory\n");
			return -1;
		}
		r->run = ntohl(d.run);
		r->total = total;
		r->first_ns = t;
	} else if (t - r->last_ns > r->max_stall) {
		r->max_stall = t - r->last_ns;
	}
	r->last_ns = t;
	r->received++;
	due = be64toh(d.due_ns);
	if (t > due && t - due > r->max_latency)
		r->max_latency = t - due;
	if (r->seen[seq / 8] & (1U << (seq % 8))) {
		r->dups++;
		return 0;
	}
	r->seen[seq / 8] |= 1U << (seq % 8);
	r->unique++;
	if (seq + 1 < r->next)
		r->reordered++;
	else
		r->next = seq + 1;
	return 0;
}

static void rx_summary(const struct rx *r)
{
	uint64_t i, gaps = 0, largest = 0, run = 0;
	double secs = (r->last_ns - r->first_ns) / 1e9;

	for (i = 0; i < r->total; i++) {
		if (r->seen[i / 8] & (1U << (i % 8))) {
			run = 0;
			continue;
		}
		if (!run++)
			gaps++;
		if (run > largest)
			largest = run;
	}
	out_u("total", r->total);
	out_u("received", r->received);
	out_u("unique", r->unique);
	out_u("missing", r->total - r->unique);
	out_u("gaps", gaps);
	out_u("largest_gap", largest);
	out_u("duplicates", r->dups);
	out_u("reordered", r->reordered);
	if (r->foreign)
		out_u("foreign", r->foreign);
	out_f("max_stall_ms", r->max_stall / 1e6);
	out_f("max_latency_ms", r->max_latency / 1e6);
	out_f("secs", secs);
	out_f("rate", secs > 0 ? (r->received - 1) / secs : 0);
	out_end();
}

static int do_recv(int argc, char **argv)
{
	static char bufs[BURST][2048];
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	uint64_t idle_ns = 2000 * 1000000ULL, wait_ns = 60 * NSEC, start;
	struct mmsghdr msgs[BURST];
	struct iovec iovs[BURST];
	const char *ready = NULL;
	int fd, i, off = 0, rcvbuf = 8 << 20, one = 1, rc = 0;
	struct rx r = { 0 };

	if (argc < 1)
		usage();
	sa.sin6_port = htons(num(argv[0], 1, 65535, "port"));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j"))
			json = true;
		else if (!strcmp(argv[i], "--ready") && i + 1 < argc)
			ready = argv[++i];
		else if (!strcmp(argv[i], "--until-idle") && i + 1 < argc)
			idle_ns = num(argv[++i], 1, 3600000, "idle time") *
				  1000000ULL;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			wait_ns = num(argv[++i], 1, 86400, "timeout") * NSEC;
		else
			usage();
	}

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("nve_traffic: socket");
		return 1;
	}
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Room for a burst held during a move; FORCE needs CAP_NET_ADMIN. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nve_traffic: bind");
		close(fd);
		return 1;
	}
	if (ready) {
		int rfd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (rfd < 0) {
			perror("nve_traffic: --ready");
			close(fd);
			return 1;
		}
		close(rfd);
	}

	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BURST; i++) {
		iovs[i].iov_base = bufs[i];
		iovs[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start = now_ns();
	while (!stop && !(r.seen && r.unique == r.total)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t t = now_ns(), left;
		int n;

		if (r.seen)
			left = r.last_ns + idle_ns > t ?
			       r.last_ns + idle_ns - t : 0;
		else
			left = start + wait_ns > t ? start + wait_ns - t : 0;
		if (!left)
			break;
		n = poll(&pfd, 1, left / 1000000 + 1);
		if (n <= 0)
			continue;
		n = recvmmsg(fd, msgs, BURST, MSG_DONTWAIT, NULL);
		if (n <= 0)
			continue;
		t = now_ns();
		for (i = 0; i < n && !rc; i++)
			rc = rx_one(&r, bufs[i], msgs[i].msg_len, t);
		if (rc)
			break;
	}
	close(fd);
	if (rc) {
		free(r.seen);
		return 1;
	}
	if (!r.seen) {
		out_u("total", 0);
		out_u("received", 0);
		if (r.foreign)
			out_u("foreign", r.foreign);
		out_end();
		return 0;
	}
	rx_summary(&r);
	free(r.seen);
	return 0;
}

/* ------------------------------------------------------------------ */
/* pace */

static int do_pace(int argc, char **argv)
{
	static char buf[4096];
	uint64_t rate, done = 0, start;
	ssize_t n, w, off;

	if (argc != 1)
		usage();
	rate = num(argv[0], 1, 1UL << 30, "bytes per second");
	start = now_ns();
	while (!stop) {
		uint64_t at = start + done * NSEC / rate;
		struct timespec ts = { .tv_sec = at / NSEC,
				       .tv_nsec = at % NSEC };

		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("nve_traffic: read");
			return 1;
		}
		if (!n)
			return 0;
		for (off = 0; off < n; off += w) {
			w = write(STDOUT_FILENO, buf + off, n - off);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				perror("nve_traffic: write");
				return 1;
			}
		}
		done += n;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* announce */

/* An ARP-format body (RFC 826): htype 1, ptype IPv4, 6/4 lengths. */
struct arp_body {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	uint8_t sha[6];
	uint8_t spa[4];
	uint8_t tha[6];
	uint8_t tpa[4];
} __attribute__((packed));

static int send_frame(int fd, int ifindex, const uint8_t mac[6],
		      uint16_t proto, uint16_t op, const struct in_addr *ip,
		      const uint8_t tha[6])
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(proto),
		.sll_ifindex = ifindex,
		.sll_halen = 6,
	};
	uint8_t frame[60] = { 0 };	/* the minimum, padded */
	struct ether_header *eh = (void *)frame;
	struct arp_body a = {
		.htype = htons(1), .ptype = htons(ETH_P_IP),
		.hlen = 6, .plen = 4, .op = htons(op),
	};

	memcpy(ll.sll_addr, bcast, 6);
	memcpy(eh->ether_dhost, bcast, 6);
	memcpy(eh->ether_shost, mac, 6);
	eh->ether_type = htons(proto);
	memcpy(a.sha, mac, 6);
	memcpy(a.tha, tha, 6);
	if (ip) {
		memcpy(a.spa, ip, 4);
		memcpy(a.tpa, ip, 4);
	}
	memcpy(frame + sizeof(*eh), &a, sizeof(a));
	if (sendto(fd, frame, sizeof(frame), 0, (struct sockaddr *)&ll,
		   sizeof(ll)) != sizeof(frame)) {
		perror("nve_traffic: sendto");
		return -1;
	}
	return 0;
}

static int do_announce(int argc, char **argv)
{
	static const uint8_t zero[6];
	struct in_addr ip;
	struct ifreq ifr = { 0 };
	uint8_t mac[6];
	int fd, ifindex, rc;

	if (argc < 1 || argc > 2 || strlen(argv[0]) >= IFNAMSIZ)
		usage();
	if (argc == 2 && inet_pton(AF_INET, argv[1], &ip) != 1) {
		fprintf(stderr, "nve_traffic: bad IPv4 address \"%s\"\n",
			argv[1]);
		return 2;
	}
	ifindex = if_nametoindex(argv[0]);
	if (!ifindex) {
		fprintf(stderr, "nve_traffic: no interface \"%s\"\n", argv[0]);
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("nve_traffic: packet socket");
		return 1;
	}
	strcpy(ifr.ifr_name, argv[0]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		perror("nve_traffic: SIOCGIFHWADDR");
		close(fd);
		return 1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	/* QEMU's announce-self: RARP reverse request, THA = SHA = own MAC. */
	rc = send_frame(fd, ifindex, mac, ETH_P_RARP, 3, NULL, mac);
	/* Gratuitous ARP request: SPA = TPA = IP, THA zero. */
	if (!rc && argc == 2)
		rc = send_frame(fd, ifindex, mac, ETH_P_ARP, 1, &ip, zero);
	close(fd);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "send"))
		return do_send(argc - 2, argv + 2);
	if (!strcmp(argv[1], "recv"))
		return do_recv(argc - 2, argv + 2);
	if (!strcmp(argv[1], "pace"))
		return do_pace(argc - 2, argv + 2);
	if (!strcmp(argv[1], "announce"))
		return do_announce(argc - 2, argv + 2);
	usage();
	return 2;
}
