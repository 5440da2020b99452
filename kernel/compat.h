/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels nve builds against (6.1 and later).
 *
 * Every kernel-version difference lives here, selected by the probes in
 * Kbuild, which test the target kernel's headers rather than its version
 * number (distribution kernels backport features).  The .c files stay free
 * of version #ifs.
 */
#ifndef _NVE_COMPAT_H
#define _NVE_COMPAT_H

#include <linux/netdevice.h>
#include <linux/timer.h>
#include <net/genetlink.h>

/*
 * 6.12 turned the LLTX and NETNS_LOCAL feature bits into private flags of
 * struct net_device (commits 00d066a4d4ed and 05c1280a2bcf).
 */
static inline void nve_compat_set_lltx(struct net_device *dev)
{
#ifdef NVE_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

static inline void nve_compat_set_netns_local(struct net_device *dev)
{
#ifdef NVE_HAVE_DEV_NETNS_LOCAL
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * The attributes of a dump request, in a .start or .dumpit callback.  6.2
 * made struct genl_dumpit_info carry a struct genl_info (genl_info_dump()).
 */
static inline struct nlattr **nve_compat_dump_attrs(struct netlink_callback *cb)
{
#ifdef NVE_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * 6.2 added timer_shutdown_sync(): the timer can't be armed again.  Before
 * it, del_timer_sync(); nve's timers check a dead flag under their lock
 * before re-arming, so that it is enough.
 */
static inline void nve_compat_timer_shutdown_sync(struct timer_list *timer)
{
#ifdef NVE_HAVE_TIMER_SHUTDOWN
	timer_shutdown_sync(timer);
#else
	del_timer_sync(timer);
#endif
}

/*
 * 6.2 added extack messages with arguments (NL_SET_ERR_MSG_FMT_MOD, commit
 * 51c352bdbcd2); before it, the fixed text @msg stands in.  A feature test
 * of the macro itself, no probe needed.
 */
#ifdef NL_SET_ERR_MSG_FMT_MOD
#define NVE_SET_ERR_MSG_FMT(extack, msg, fmt, args...) do {	\
	(void)(msg);						\
	NL_SET_ERR_MSG_FMT_MOD(extack, fmt, ##args);		\
} while (0)
#else
#define NVE_SET_ERR_MSG_FMT(extack, msg, fmt, args...) do {	\
	(void)(fmt);						\
	NL_SET_ERR_MSG_MOD(extack, msg);			\
} while (0)
#endif

/*
 * Drop reasons.  6.11 added the tunnel ones (VXLAN_INVALID_HDR, LOCAL_MAC,
 * ...); before, the nearest generic reason stands in.  Either way the
 * NVE_STATS_A_* counter bumped with the drop names the real cause.  The
 * header reason is named for VXLAN; nve gives it for Geneve headers too.
 */
#ifdef NVE_HAVE_DROP_REASON_TUNNEL
#define NVE_DROP_BAD_HDR	SKB_DROP_REASON_VXLAN_INVALID_HDR
#define NVE_DROP_UNKNOWN_VNI	SKB_DROP_REASON_VXLAN_VNI_NOT_FOUND
#define NVE_DROP_LOOP		SKB_DROP_REASON_LOCAL_MAC
#define NVE_DROP_ECN		SKB_DROP_REASON_IP_TUNNEL_ECN
#define NVE_DROP_NO_TARGET	SKB_DROP_REASON_NO_TX_TARGET
#else
#define NVE_DROP_BAD_HDR	SKB_DROP_REASON_UNHANDLED_PROTO
#define NVE_DROP_UNKNOWN_VNI	SKB_DROP_REASON_NOT_SPECIFIED
#define NVE_DROP_LOOP		SKB_DROP_REASON_NOT_SPECIFIED
#define NVE_DROP_ECN		SKB_DROP_REASON_NOT_SPECIFIED
#define NVE_DROP_NO_TARGET	SKB_DROP_REASON_NOT_SPECIFIED
#endif

#endif /* _NVE_COMPAT_H */
