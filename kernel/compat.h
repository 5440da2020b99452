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

#endif /* _NVE_COMPAT_H */
