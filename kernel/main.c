// SPDX-License-Identifier: GPL-2.0
/*
 * nve: Network Virtualization Edge for VM mobility in VXLAN and Geneve
 * overlays (draft-ietf-nvo3-vmm).  Module init and exit only: each
 * subsystem's init in order, unwound in reverse.
 */
#include <linux/module.h>
#include <net/rtnetlink.h>

#include "nve_private.h"

static int __init nve_init(void)
{
	int err;

	err = nve_entry_cache_init();
	if (err)
		goto err_cache;

	err = nve_device_init();
	if (err)
		goto err_device;

	err = nve_genl_init();
	if (err)
		goto err_genl;

	pr_info("nve " NVE_VERSION " loaded\n");
	return 0;

err_genl:
	nve_device_uninit();
err_device:
	nve_entry_cache_uninit();
err_cache:
	return err;
}

static void __exit nve_exit(void)
{
	nve_genl_uninit();
	nve_device_uninit();
	nve_entry_cache_uninit();
}

module_init(nve_init);
module_exit(nve_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Network Virtualization Edge for VM mobility in VXLAN and Geneve overlays");
MODULE_AUTHOR("nve developers");
MODULE_VERSION(NVE_VERSION);
MODULE_ALIAS_RTNL_LINK("nve");
MODULE_ALIAS_GENL_FAMILY(NVE_GENL_NAME);
