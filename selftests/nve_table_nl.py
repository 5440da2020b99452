#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw location-table requests for nve_table.sh.

The nve CLI validates what it sends; this sends what it would refuse, so
that the kernel's checks and extack messages are what is tested.  Attribute
numbers come from uapi/linux/nve.h.

  nve_table_nl.py DEV CMD [-f FLAGS] NEST [NEST...]

CMD is an NVE_CMD_* name without prefix (MAP_NEW, MAP_DEL, BIND_NEW,
FLOOD_NEW, MOVE...), FLAGS a sum of create, excl and replace (create+excl).
Each NEST is one nest of the command's kind (NVE_A_MAP for MAP_* and the
mobility commands MOVE, PREPARE, ACTIVATE, WITHDRAW, ...): a
comma-separated list of ATTR=TYPE:VALUE, ATTR an attribute name without its
NVE_MAP_A_ (NVE_BIND_A_, NVE_FLOOD_A_) prefix, TYPE one of u32 u64 be16 ip
ip6 mac flag raw (raw is hex).  "-" is an empty nest.

On failure prints "Error: <extack> (nest K)", K the 1-based nest the extack
offset points into, and exits 1.

  nve_table_nl.py DEV -

reads one request a line from stdin, "WANT | CMD [-f FLAGS] NEST...", and
checks each: WANT is "ok" (the request must succeed) or a text that its
"Error: ..." line must contain.  Prints a line for each request that does
not do as it should, and exits 1 if there was one: one interpreter for many
checks, which is what costs in a TCG guest.
"""
import os
import socket
import struct
import sys

# The netlink constants, the attribute encoding and the uapi header's enums
# are nve_nl.py's.
from nve_nl import (CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME,
                    CTRL_CMD_GETFAMILY, GENL_ID_CTRL, NETLINK_EXT_ACK,
                    NETLINK_GENERIC, NLA_F_NESTED, NLM_F_ACK, NLM_F_REQUEST,
                    NLMSG_ERROR, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS,
                    SOL_NETLINK, attr, encode, enum_values, parse_attrs)

FLAGS = {'create': 0x400, 'excl': 0x200, 'replace': 0x100}
NETLINK_CAP_ACK = 10
HDRLEN = 16 + 4		# nlmsghdr, genlmsghdr


class NlError(Exception):
    def __init__(self, err, msg, offs):
        super().__init__(msg)
        self.err, self.msg, self.offs = err, msg, offs


def request(sock, mtype, flags, payload):
    sock.send(struct.pack('=IHHII', 16 + len(payload), mtype,
                          NLM_F_REQUEST | NLM_F_ACK | flags, 1, 0) + payload)
    replies = []
    while True:
        data = sock.recv(1 << 16)
        off = 0
        while off + 16 <= len(data):
            mlen, t = struct.unpack_from('=IH', data, off)
            body = data[off + 16:off + mlen]
            off += (mlen + 3) & ~3
            if t != NLMSG_ERROR:
                replies.append(body)
                continue
            err = struct.unpack_from('=i', body)[0]
            if not err:
                return replies
            tlv = parse_attrs(body[4 + 16:])	# NETLINK_CAP_ACK
            msg = tlv.get(NLMSGERR_ATTR_MSG, b'').rstrip(b'\0').decode()
            offs = tlv.get(NLMSGERR_ATTR_OFFS)
            raise NlError(-err, msg or os.strerror(-err),
                          struct.unpack('=I', offs)[0] if offs else None)


def family(sock):
    r = request(sock, GENL_ID_CTRL, 0,
                struct.pack('=BBH', CTRL_CMD_GETFAMILY, 1, 0) +
                attr(CTRL_ATTR_FAMILY_NAME, b'nve\0'))
    return struct.unpack('=H', parse_attrs(r[0][4:])[CTRL_ATTR_FAMILY_ID][:2])[0]


def run(sock, fam, dev, args):
    """Send one request; return None or its "Error: ..." text."""
    cmdname, rest = args[0], args[1:]
    flags = 0
    if rest and rest[0] == '-f':
        for f in rest[1].split('+'):
            flags |= FLAGS[f]
        rest = rest[2:]
    kind = cmdname.split('_')[0]			# MAP, BIND, FLOOD
    if kind in ('MOVE', 'PREPARE', 'ACTIVATE', 'WITHDRAW'):
        kind = 'MAP'				# mobility: NVE_A_MAP nests
    names = enum_values('NVE_%s_A_' % kind)
    top = enum_values('NVE_A_')

    payload = attr(top['IFNAME'], dev.encode() + b'\0')
    bounds = []
    for nest in rest:
        body = b''
        for a in ([] if nest == '-' else nest.split(',')):
            key, _, spec = a.partition('=')
            body += attr(names[key], encode(spec))
        start = HDRLEN + len(payload)
        payload += attr(top[kind] | NLA_F_NESTED, body)
        bounds.append((start, HDRLEN + len(payload)))
    cmd = enum_values('NVE_CMD_')[cmdname]
    try:
        request(sock, fam, flags, struct.pack('=BBH', cmd, 1, 0) + payload)
    except NlError as e:
        where = ''
        for i, (lo, hi) in enumerate(bounds):
            if e.offs is not None and lo <= e.offs < hi:
                where = ' (nest %d)' % (i + 1)
        return 'Error: %s%s' % (e.msg, where)
    return None


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.bind((0, 0))
    fam = family(sock)
    if argv[2] != '-':
        err = run(sock, fam, argv[1], argv[2:])
        if err:
            print(err, file=sys.stderr)
            return 1
        return 0

    bad = 0
    for n, line in enumerate(sys.stdin, 1):
        want, sep, req = line.strip().partition(' | ')
        if not sep:
            continue
        err = run(sock, fam, argv[1], req.split())
        if want == 'ok' and err is None:
            continue
        if want != 'ok' and err is not None and want in err:
            continue
        print('line %d: %s: want %s, got %s' %
              (n, req, 'success' if want == 'ok' else '"%s"' % want,
               err or 'success'))
        bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
