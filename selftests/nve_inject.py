#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made VXLAN and Geneve packets from a raw socket.

  nve_inject.py DST PORT KIND [--vni N] [--src-mac MAC] [--count N]

DST is an IPv4 or IPv6 address; the UDP header is built here (a raw
IPPROTO_UDP socket), the IP header by the kernel.  KIND names the packet:

  vxlan-ok            valid VXLAN, I flag, an Ethernet frame inside
  vxlan-no-i          the I flag missing
  vxlan-rsvd-flags    a reserved flag bit set (VXLAN-GBP's G bit)
  vxlan-rsvd-vni      the reserved byte after the VNI set
  vxlan-short         3 bytes: shorter than a VXLAN header
  vxlan-no-eth        a valid header, then 10 bytes: no Ethernet header
  geneve-ok           valid Geneve, no options
  geneve-opt-ok       valid Geneve with one non-critical 8-byte option
  geneve-ver1         version 1
  geneve-oam          O bit (control packet)
  geneve-proto        protocol type IPv4 instead of Ethernet (0x6558)
  geneve-short        5 bytes: shorter than a Geneve header
  geneve-opt-trunc    Opt Len says 40 bytes of options; 4 follow
  geneve-opt-overrun  an option longer than the options area
  geneve-critical     an option with the critical bit (type 0x80)
  geneve-c-bit        the C bit set (critical options present), none there

The inner frame is a broadcast of EtherType 0x88b5 (local experimental)
from --src-mac (default 02:aa:00:00:00:01).
"""
import argparse
import socket
import struct

IPV6_CHECKSUM = 7
ETH_P_TEB = 0x6558


def eth(src):
    mac = bytes(int(b, 16) for b in src.split(':'))
    return b'\xff' * 6 + mac + struct.pack('!H', 0x88b5) + b'nve selftest' * 4


def vxlan(vni, flags=0x08000000, rsvd=0):
    return struct.pack('!II', flags, vni << 8 | rsvd)


def geneve(vni, ver=0, opt_words=0, oam=0, crit=0, proto=ETH_P_TEB):
    return struct.pack('!BBH', ver << 6 | opt_words, oam << 7 | crit << 6,
                       proto) + struct.pack('!I', vni << 8)


def option(typ, data_words):
    return struct.pack('!HBB', 0x0102, typ, data_words) + b'\xab' * (4 * data_words)


def payload(kind, vni, src):
    frame = eth(src)
    kinds = {
        'vxlan-ok': lambda: vxlan(vni) + frame,
        'vxlan-no-i': lambda: vxlan(vni, flags=0) + frame,
        'vxlan-rsvd-flags': lambda: vxlan(vni, flags=0x88000000) + frame,
        'vxlan-rsvd-vni': lambda: vxlan(vni, rsvd=1) + frame,
        'vxlan-short': lambda: b'\x08\x00\x00',
        'vxlan-no-eth': lambda: vxlan(vni) + b'\0' * 10,
        'geneve-ok': lambda: geneve(vni) + frame,
        'geneve-opt-ok': lambda: geneve(vni, opt_words=2) + option(0x01, 1) + frame,
        'geneve-ver1': lambda: geneve(vni, ver=1) + frame,
        'geneve-oam': lambda: geneve(vni, oam=1) + frame,
        'geneve-proto': lambda: geneve(vni, proto=0x0800) + frame,
        'geneve-short': lambda: b'\0\0\x65\x58\0',
        'geneve-opt-trunc': lambda: geneve(vni, opt_words=10) + option(0x01, 0),
        'geneve-opt-overrun': lambda: geneve(vni, opt_words=1) + option(0x01, 2)[:4] + frame,
        'geneve-critical': lambda: geneve(vni, opt_words=2) + option(0x81, 1) + frame,
        'geneve-c-bit': lambda: geneve(vni, crit=1) + frame,
    }
    if kind not in kinds:
        raise SystemExit(f'unknown kind {kind}; see --help')
    return kinds[kind]()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('dst')
    ap.add_argument('port', type=int)
    ap.add_argument('kind')
    ap.add_argument('--vni', type=int, default=4242)
    ap.add_argument('--src-mac', default='02:aa:00:00:00:01')
    ap.add_argument('--count', type=int, default=1)
    args = ap.parse_args()

    data = payload(args.kind, args.vni, args.src_mac)
    udp = struct.pack('!HHHH', 40000, args.port, 8 + len(data), 0) + data
    if ':' in args.dst:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_UDP)
        # IPv6 needs a UDP checksum: the kernel computes it at offset 6.
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_CHECKSUM, 6)
        dst = (args.dst, 0, 0, 0)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
        dst = (args.dst, 0)
    for _ in range(args.count):
        s.sendto(udp, dst)


if __name__ == '__main__':
    main()
