#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send forged announcements from eth0, for the spoof check's tests.

  nve_forge.py garp ETH_SRC SHA SIP [SENTINEL]
  nve_forge.py na ETH_SRC TARGET LLADDR [SENTINEL]

garp: a gratuitous ARP (a broadcast request for SIP from sender SHA, SIP)
in an Ethernet frame from ETH_SRC.  na: an unsolicited neighbour
advertisement (to ff02::1, override flag) for TARGET with the target
link-layer address option LLADDR, from ETH_SRC.  Then, with SENTINEL, a
frame from eth0's own MAC to that MAC: one socket, so that a receiver that
sees the sentinel has seen the announcement (run on one CPU).  No
argparse: the interpreter's start-up is most of what this costs in a TCG
guest.
"""
import socket
import struct
import sys


def mac(s):
    return bytes(int(b, 16) for b in s.split(':'))


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def garp(src, sha, sip):
    ip = socket.inet_aton(sip)
    arp = bytes.fromhex('0001080006040001') + mac(sha) + ip + bytes(6) + ip
    return b'\xff' * 6 + mac(src) + b'\x08\x06' + arp + bytes(18)


def na(src, target, lladdr):
    tgt = socket.inet_pton(socket.AF_INET6, target)
    dst = socket.inet_pton(socket.AF_INET6, 'ff02::1')
    icmp = bytes([136, 0, 0, 0, 0x20, 0, 0, 0]) + tgt + b'\x02\x01' + mac(lladdr)
    pseudo = tgt + dst + struct.pack('!I3xB', len(icmp), 58)
    icmp = icmp[:2] + struct.pack('!H', csum(pseudo + icmp)) + icmp[4:]
    ip6 = struct.pack('!IHBB', 0x60000000, len(icmp), 58, 255) + tgt + dst
    return b'\x33\x33\x00\x00\x00\x01' + mac(src) + b'\x86\xdd' + ip6 + icmp


def main(argv):
    kinds = {'garp': garp, 'na': na}
    if len(argv) not in (5, 6) or argv[1] not in kinds:
        print(__doc__, file=sys.stderr)
        return 2
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind(('eth0', 0))
    s.send(kinds[argv[1]](*argv[2:5]))
    if len(argv) == 6:
        s.send(mac(argv[5]) + s.getsockname()[4] + b'\x88\xb5' +
               b'nve spoof sentinel' * 3)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
