// SPDX-License-Identifier: GPL-2.0
/*
 * udpblast: a UDP packet-rate sender and sink for make bench.
 *
 *   udpblast send ADDR PORT LEN SECS   send LEN-byte datagrams to ADDR:PORT
 *                                      as fast as the socket takes them, for
 *                                      SECS seconds (sendmmsg, 64 a call)
 *   udpblast sink ADDR PORT SECS       count the datagrams arriving at
 *                                      ADDR:PORT; stops SECS seconds after
 *                                      the last one arrived, or on SIGTERM or
 *                                      SIGINT (the only way out while none
 *                                      has come)
 *
 * Each prints one line of "key=value" words:
 *   send: sent=N errors=N secs=S pps=R
 *   sink: received=N bytes=N secs=S pps=R
 * where the sink's secs run from its first datagram to its last, so that
 * the time before the sender started and after it stopped does not count.
 *
 * Under TCG (the VMs make bench boots) a Python sender would measure the
 * interpreter, not the network path: this is why it is C.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64
#define MAXLEN	65507

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: udpblast send ADDR PORT LEN SECS\n"
		"       udpblast sink ADDR PORT SECS\n");
	exit(2);
}

static long num(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "udpblast: bad %s \"%s\" (%ld-%ld)\n",
			what, s, min, max);
		exit(2);
	}
	return v;
}

/* A datagram socket for ADDR:PORT (IPv4 or IPv6), resolved numerically. */
static int sock_for(const char *addr, const char *port, int passive,
		    struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct addrinfo hints = {
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV |
			    (passive ? AI_PASSIVE : 0),
	};
	struct addrinfo *ai;
	int fd, rc;

	rc = getaddrinfo(addr, port, &hints, &ai);
	if (rc) {
		fprintf(stderr, "udpblast: %s port %s: %s\n", addr, port,
			gai_strerror(rc));
		exit(1);
	}
	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0) {
		perror("udpblast: socket");
		exit(1);
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return fd;
}

static int do_send(char **argv)
{
	static char buf[MAXLEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov = { .iov_base = buf };
	struct sockaddr_storage ss;
	unsigned long long sent = 0, errors = 0;
	double t0, t1, secs;
	socklen_t sslen;
	int fd, i, n;

	iov.iov_len = num(argv[2], 1, MAXLEN, "length");
	secs = num(argv[3], 1, 3600, "duration");
	fd = sock_for(argv[0], argv[1], 0, &ss, &sslen);
	if (connect(fd, (struct sockaddr *)&ss, sslen)) {
		perror("udpblast: connect");
		return 1;
	}
	memset(buf, 0xa5, iov.iov_len);
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	t0 = mono();
	do {
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0) {
			sent += n;
		} else if (n < 0 && errno != EINTR) {
			/* ENOBUFS, ECONNREFUSED (an ICMP error): go on */
			errors++;
		}
		t1 = mono();
	} while (!stop && t1 - t0 < secs);

	printf("sent=%llu errors=%llu secs=%.3f pps=%.0f\n", sent, errors,
	       t1 - t0, sent / (t1 - t0));
	close(fd);
	return 0;
}

static int do_sink(char **argv)
{
	static char bufs[BATCH][2048];
	struct mmsghdr msgs[BATCH];
	struct iovec iovs[BATCH];
	struct sockaddr_storage ss;
	unsigned long long received = 0, bytes = 0, first_n = 0;
	double first = 0, last = 0, secs;
	int fd, i, n, one = 1, rcvbuf = 4 << 20;
	socklen_t sslen;

	secs = num(argv[2], 1, 3600, "idle time");
	fd = sock_for(argv[0], argv[1], 1, &ss, &sslen);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&ss, sslen)) {
		perror("udpblast: bind");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iovs[i].iov_base = bufs[i];
		iovs[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/* Ready: the caller polls for the bound socket (ss -lun). */
	while (!stop) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double now = mono();

		if (received && now - last > secs)
			break;
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			continue;
		now = mono();
		if (!received) {
			first = now;
			first_n = n;
		}
		last = now;
		received += n;
		for (i = 0; i < n; i++)
			bytes += msgs[i].msg_len;
	}
	printf("received=%llu bytes=%llu secs=%.3f pps=%.0f\n", received,
	       bytes, last - first,
	       last > first ? (received - first_n) / (last - first) : 0.0);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "send"))
		return do_send(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "sink"))
		return do_sink(argv + 2);
	usage();
	return 2;
}
