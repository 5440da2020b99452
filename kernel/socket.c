// SPDX-License-Identifier: GPL-2.0
/*
 * The UDP encapsulation sockets.
 *
 * One kernel UDP socket per (underlay network namespace, UDP port, address
 * family), bound to the wildcard address and shared by every nve device of
 * that namespace that is up and uses that port and family.  Devices sharing
 * a socket share its encapsulation and differ in VNI (device.c checks both
 * when a device is configured), so a received packet is handed to a device
 * by its VNI alone, through the socket's VNI hash.
 *
 * Locking: the per-namespace socket list, the sockets' reference counts and
 * their VNI hashes change under RTNL only (ndo_open and ndo_stop).  The
 * data path reads the VNI hash, nve_dev.sock and the socket's user data
 * under RCU.
 */
#include <linux/hash.h>
#include <linux/rculist.h>
#include <net/netns/generic.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "nve_private.h"

static unsigned short tunnel_type(u8 encap)
{
	return encap == NVE_ENCAP_GENEVE ? UDP_TUNNEL_TYPE_GENEVE :
					   UDP_TUNNEL_TYPE_VXLAN;
}

static struct hlist_head *vni_head(struct nve_sock *vs, u32 vni)
{
	return &vs->vni_hash[hash_32(vni, NVE_VNI_HASH_BITS)];
}

/**
 * nve_sock_find_rcu() - the device a packet received on @vs belongs to
 * @vs: the socket
 * @vni: the packet's VNI
 *
 * Return: the device, valid until rcu_read_unlock, or NULL.  The device
 * may be going down: check IFF_UP before delivering to it.
 */
struct nve_dev *nve_sock_find_rcu(struct nve_sock *vs, u32 vni)
{
	struct nve_dev *nve;

	hlist_for_each_entry_rcu(nve, vni_head(vs, vni), vni_node)
		if (nve->cfg.vni == vni)
			return nve;
	return NULL;
}

/**
 * nve_sock_stats_add() - add the counters of @nve's socket to @sum
 * @nve: the device
 * @sum: counters indexed by NVE_STATS_A_*
 *
 * Drops of packets that no device can be charged with (truncated before the
 * VNI, unknown VNI) are counted on the socket; every device that uses the
 * socket reports them, while it is up.
 */
void nve_sock_stats_add(struct nve_dev *nve, u64 sum[__NVE_STATS_A_MAX])
{
	struct nve_sock *vs;

	rcu_read_lock();
	vs = rcu_dereference(nve->sock);
	if (vs)
		nve_pcpu_stats_add(vs->stats, sum);
	rcu_read_unlock();
}

static struct nve_sock *vs_find(struct nve_net *nn, sa_family_t family,
				__be16 port)
{
	struct nve_sock *vs;

	ASSERT_RTNL();
	list_for_each_entry(vs, &nn->sock_list, list)
		if (vs->family == family && vs->port == port)
			return vs;
	return NULL;
}

static struct nve_sock *vs_create(struct net *net, sa_family_t family,
				  __be16 port, u8 encap)
{
	struct udp_tunnel_sock_cfg tcfg = {};
	struct udp_port_cfg ucfg = {};
	struct nve_sock *vs;
	struct socket *sock;
	unsigned int h;
	int err;

	vs = kzalloc(sizeof(*vs), GFP_KERNEL);
	if (!vs)
		return ERR_PTR(-ENOMEM);
	vs->stats = netdev_alloc_pcpu_stats(struct nve_pcpu_stats);
	if (!vs->stats) {
		err = -ENOMEM;
		goto err_stats;
	}

	ucfg.family = family;
	ucfg.local_udp_port = port;
	if (family == AF_INET6) {
		/* IPv6 packets must carry a UDP checksum (RFC 6935). */
		ucfg.ipv6_v6only = 1;
		ucfg.use_udp6_rx_checksums = 1;
	} else {
		ucfg.local_ip.s_addr = htonl(INADDR_ANY);
	}
	err = udp_sock_create(net, &ucfg, &sock);
	if (err)
		goto err_sock;
	udp_allow_gso(sock->sk);

	vs->sock = sock;
	vs->family = family;
	vs->port = port;
	vs->encap = encap;
	vs->refcnt = 1;
	for (h = 0; h < ARRAY_SIZE(vs->vni_hash); h++)
		INIT_HLIST_HEAD(&vs->vni_hash[h]);

	tcfg.sk_user_data = vs;
	tcfg.encap_type = 1;
	nve_rx_sock_cfg(encap, &tcfg);
	setup_udp_tunnel_sock(net, sock, &tcfg);
	/* Let NICs that parse this format offload its receive checksums. */
	udp_tunnel_notify_add_rx_port(sock, tunnel_type(encap));
	return vs;

err_sock:
	free_percpu(vs->stats);
err_stats:
	kfree(vs);
	return ERR_PTR(err);
}

/**
 * nve_sock_attach() - open or share the socket @nve receives on
 * @nve: the device, being opened
 *
 * From ndo_open, under RTNL.  Return: 0 or a negative error (the port is
 * taken by another socket: -EADDRINUSE).
 */
int nve_sock_attach(struct nve_dev *nve)
{
	struct nve_net *nn = net_generic(nve->net, nve_net_id);
	const struct nve_cfg *cfg = &nve->cfg;
	struct nve_sock *vs;

	ASSERT_RTNL();
	vs = vs_find(nn, cfg->local.family, cfg->port);
	if (vs) {
		bool taken;

		/* device.c keeps the devices sharing a port to one format
		 * and to different VNIs.
		 */
		rcu_read_lock();
		taken = nve_sock_find_rcu(vs, cfg->vni);
		rcu_read_unlock();
		if (WARN_ON_ONCE(vs->encap != cfg->encap || taken))
			return -EADDRINUSE;
		vs->refcnt++;
	} else {
		vs = vs_create(nve->net, cfg->local.family, cfg->port,
			       cfg->encap);
		if (IS_ERR(vs))
			return PTR_ERR(vs);
		list_add(&vs->list, &nn->sock_list);
	}

	rcu_assign_pointer(nve->sock, vs);
	hlist_add_head_rcu(&nve->vni_node, vni_head(vs, cfg->vni));
	return 0;
}

/**
 * nve_sock_detach() - stop receiving for @nve, and close its socket if no
 * other device uses it
 * @nve: the device, being stopped
 *
 * From ndo_stop, under RTNL.
 */
void nve_sock_detach(struct nve_dev *nve)
{
	struct nve_sock *vs = rtnl_dereference(nve->sock);
	bool last;

	if (!vs)
		return;

	/* Unpublish: no new reader can find @nve from the socket, nor the
	 * socket from @nve (nve_xmit), nor, if this was the last device, the
	 * socket's state from a packet (encap_rcv, GRO, ICMP errors).
	 */
	hlist_del_init_rcu(&nve->vni_node);
	RCU_INIT_POINTER(nve->sock, NULL);
	last = !--vs->refcnt;
	if (last) {
		list_del(&vs->list);
		udp_tunnel_notify_del_rx_port(vs->sock, tunnel_type(vs->encap));
		rcu_assign_sk_user_data(vs->sock->sk, NULL);
	}

	/* Wait for the readers that found them before: a transmit still
	 * sending on vs->sock, a receive still delivering to @nve or counting
	 * on vs->stats.  Only then may the socket and its counters go; a
	 * packet that arrives later finds no user data and is dropped.
	 */
	synchronize_net();

	if (last) {
		udp_tunnel_sock_release(vs->sock);
		free_percpu(vs->stats);
		kfree(vs);
	}
}
