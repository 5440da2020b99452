# SPDX-License-Identifier: GPL-2.0
#
# nve: top-level build.  The module itself is described by Kbuild.
#
#   make              nve.ko for KDIR (default: the newest installed kernel
#                     headers) and the nve CLI; nve.ko is copied here too
#   make install      modules_install + depmod, so "modprobe nve" works
#   make static       W=1 + sparse builds for every supported kernel, and
#                     checkpatch; any finding about our files fails
#   make check        everything: deps, static, host tests, one VM per lane
#   make check-6.1 / check-6.12 / check-debug   one lane (plus the rest)
#   make vm-test LANE=6.12 [TESTS="smoke"]      just one lane's VM run
#   make demo          three hypervisors with VMs, a live move (LANE=6.12)
#   make bench         nve against vxlan and veth, table costs (LANE=6.12)
#   make clean
#
# Each kernel gets its own build directory, build/<release>/, holding a copy
# of kernel/, uapi/ and Kbuild (scripts/build-module.sh): out-of-tree builds
# put objects next to the sources, and 6.1 has no MO=.

SHELL := /bin/bash
KDIR ?= $(shell . scripts/common.sh && newest_kdir)
KREL := $(shell . scripts/common.sh && kdir_release $(KDIR) 2>/dev/null)
BUILD := build/$(KREL)

.PHONY: all module cli install static checkpatch check check-6.1 check-6.12 \
	check-debug vm-test demo bench clean help

all: module cli

module:
	@[ -n "$(KREL)" ] || { echo "no kernel headers at KDIR=$(KDIR)"; exit 1; }
	@scripts/build-module.sh $(KDIR) $(BUILD)
	@cp $(BUILD)/nve.ko nve.ko

cli:
	@if [ -f userspace/Makefile ]; then $(MAKE) -C userspace; \
	else echo "  CLI     userspace/Makefile not there yet: skipped"; fi

# No signing key comes with distribution headers: install unsigned (taint E,
# as with insmod) instead of printing sign-file's SSL errors.
install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(BUILD) CONFIG_MODULE_SIG_ALL= modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL)

static:
	@scripts/kernel-files.sh
	@rc=0; while read -r name image kdir; do \
		scripts/build-module.sh $$kdir build/$$(. scripts/common.sh && \
			kdir_release $$kdir) C=2 || rc=1; \
	done < <(. scripts/common.sh && stock_lanes); \
	scripts/checkpatch.sh || rc=1; exit $$rc

checkpatch:
	@scripts/checkpatch.sh

check:
	@scripts/check.sh

check-6.1 check-6.12 check-debug:
	@scripts/check.sh $(@:check-%=%)

# One lane's VM run without the rest of make check, e.g. while writing a test.
LANE ?= 6.12
vm-test: cli
	@if [ "$(LANE)" = debug ]; then \
		read -r image kdir < <(scripts/debug-kernel.sh) || exit 1; \
		export NVE_LANE_TIMEOUT=$${NVE_LANE_TIMEOUT:-7200}; \
	else \
		read -r _ image kdir < <(. scripts/common.sh && stock_lanes | \
			awk '$$1 == "$(LANE)"') || { echo "no lane $(LANE)"; exit 1; }; \
	fi; \
	scripts/kernel-files.sh && scripts/lane.sh $(LANE) $$image $$kdir $(TESTS)

# One VM boot on LANE's kernel: three hypervisors with VMs, ping and TCP
# across the overlay, the table and the counters, a live hot move of VM3
# with and without redirect (demo/demo.sh).
demo:
	@demo/demo.sh $(LANE)

# One VM boot on LANE's kernel: nve against vxlan and veth, lookup cost,
# load rate, memory per entry (bench/bench.sh; the table is printed and
# kept in build/results/bench/report.txt).
bench:
	@bench/bench.sh $(LANE)

clean:
	rm -rf build nve.ko
	@if [ -f userspace/Makefile ]; then $(MAKE) -C userspace clean; fi
	@$(MAKE) -s -C selftests clean
	@$(MAKE) -s -C bench clean

help:
	@sed -n '3,/make clean$$/s/^# \{0,1\}//p' Makefile
