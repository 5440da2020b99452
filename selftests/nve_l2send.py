#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one announcement a migrated VM sends, from an AF_PACKET socket.

  nve_l2send.py IFACE KIND MAC [IP]

KIND is one of

  rarp   QEMU's announce-self: to broadcast, ethertype 0x8035, ARP format,
         opcode 3 (reverse request), sender and target hardware address
         MAC, no protocol addresses, padded to 60 bytes
  garp   a gratuitous ARP request for the IPv4 address IP (sender and
         target IP, target hardware address zero), to broadcast
  na     an unsolicited neighbour advertisement for the IPv6 address IP
         (override set, solicited clear, target link-layer address MAC),
         from IP to ff02::1, hop limit 255

The frame's source MAC is MAC.  Run it with python3 -S: no site imports,
no argparse, as interpreter start-up is most of what it costs under TCG.
"""
import socket
import struct
import sys

ETH_P_ARP = 0x0806
ETH_P_RARP = 0x8035
ETH_P_IPV6 = 0x86dd
BCAST = b'\xff' * 6


def mac_bytes(s):
    return bytes(int(b, 16) for b in s.split(':'))


def arp_body(op, sha, spa, tha, tpa):
    return struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + sha + spa + tha + tpa


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack(f'!{len(data) // 2}H', data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def na(mac, ip):
    src = socket.inet_pton(socket.AF_INET6, ip)
    dst = socket.inet_pton(socket.AF_INET6, 'ff02::1')
    # type 136, code 0, checksum, flags (O), target, option 2 (8 bytes)
    icmp = struct.pack('!BBHI', 136, 0, 0, 0x20000000) + src + \
        struct.pack('!BB', 2, 1) + mac
    pseudo = src + dst + struct.pack('!I3xB', len(icmp), 58)
    icmp = icmp[:2] + struct.pack('!H', csum(pseudo + icmp)) + icmp[4:]
    ip6 = struct.pack('!IHBB', 6 << 28, len(icmp), 58, 255) + src + dst
    return b'\x33\x33\x00\x00\x00\x01', ETH_P_IPV6, ip6 + icmp


def main(argv):
    if len(argv) < 4 or argv[1] in ('-h', '--help'):
        print(__doc__, file=sys.stderr)
        return 2
    iface, kind, mac = argv[1], argv[2], mac_bytes(argv[3])
    ip = argv[4] if len(argv) > 4 else None
    if kind == 'rarp':
        dst, proto = BCAST, ETH_P_RARP
        body = arp_body(3, mac, b'\0' * 4, mac, b'\0' * 4)
    elif kind == 'garp' and ip:
        a = socket.inet_aton(ip)
        dst, proto = BCAST, ETH_P_ARP
        body = arp_body(1, mac, a, b'\0' * 6, a)
    elif kind == 'na' and ip:
        dst, proto, body = na(mac, ip)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    frame = dst + mac + struct.pack('!H', proto) + body
    frame += b'\0' * max(0, 60 - len(frame))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(frame)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
