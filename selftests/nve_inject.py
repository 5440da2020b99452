#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made VXLAN and Geneve packets from a raw socket.

  nve_inject.py DST SPEC [SPEC...]

DST is an IPv4 or IPv6 address; the UDP header is built here (a raw
IPPROTO_UDP socket), the IP header by the kernel.  The packets go out in
the order given, from one socket, so that a receiver sees them in order.
Each SPEC is KIND[,OPTION...], an OPTION one of

  port=N      UDP destination port (default 4789 for vxlan-*, 6081 for
              geneve-*)
  vni=N       the VNI (default 4242)
  src=MAC     the inner frame's source MAC (default 02:aa:00:00:00:01)
  count=N     send N copies (default 1)

and KIND names the packet:

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

The inner frame is a broadcast of EtherType 0x88b5 (local experimental).
No argparse: the interpreter's start-up is most of what this costs in a
TCG guest.
"""
import socket
import struct
import sys

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


KINDS = {
    'vxlan-ok': lambda v, f: vxlan(v) + f,
    'vxlan-no-i': lambda v, f: vxlan(v, flags=0) + f,
    'vxlan-rsvd-flags': lambda v, f: vxlan(v, flags=0x88000000) + f,
    'vxlan-rsvd-vni': lambda v, f: vxlan(v, rsvd=1) + f,
    'vxlan-short': lambda v, f: b'\x08\x00\x00',
    'vxlan-no-eth': lambda v, f: vxlan(v) + b'\0' * 10,
    'geneve-ok': lambda v, f: geneve(v) + f,
    'geneve-opt-ok': lambda v, f: geneve(v, opt_words=2) + option(0x01, 1) + f,
    'geneve-ver1': lambda v, f: geneve(v, ver=1) + f,
    'geneve-oam': lambda v, f: geneve(v, oam=1) + f,
    'geneve-proto': lambda v, f: geneve(v, proto=0x0800) + f,
    'geneve-short': lambda v, f: b'\0\0\x65\x58\0',
    'geneve-opt-trunc': lambda v, f: geneve(v, opt_words=10) + option(0x01, 0),
    'geneve-opt-overrun': lambda v, f: geneve(v, opt_words=1) + option(0x01, 2)[:4] + f,
    'geneve-critical': lambda v, f: geneve(v, opt_words=2) + option(0x81, 1) + f,
    'geneve-c-bit': lambda v, f: geneve(v, crit=1) + f,
}


def packet(spec):
    """(UDP datagram, count) for one SPEC."""
    kind, *opts = spec.split(',')
    if kind not in KINDS:
        raise SystemExit(f'unknown kind {kind}; see --help')
    o = {'port': 6081 if kind.startswith('geneve') else 4789, 'vni': 4242,
         'src': '02:aa:00:00:00:01', 'count': 1}
    for opt in opts:
        key, _, val = opt.partition('=')
        if key not in o:
            raise SystemExit(f'unknown option {key}; see --help')
        o[key] = val if key == 'src' else int(val, 0)
    data = KINDS[kind](o['vni'], eth(o['src']))
    return struct.pack('!HHHH', 40000, o['port'], 8 + len(data), 0) + data, o['count']


def main(argv):
    if len(argv) < 3 or argv[1] in ('-h', '--help'):
        print(__doc__, file=sys.stderr)
        return 2
    dst = argv[1]
    pkts = [packet(spec) for spec in argv[2:]]
    if ':' in dst:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_UDP)
        # IPv6 needs a UDP checksum: the kernel computes it at offset 6.
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_CHECKSUM, 6)
        addr = (dst, 0, 0, 0)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
        addr = (dst, 0)
    for udp, count in pkts:
        for _ in range(count):
            s.sendto(udp, addr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
