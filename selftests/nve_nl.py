#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw netlink for the nve selftests.

The nve CLI validates what it sends; these tests need to send what the CLI
would refuse, so that the kernel's own checks and extack messages are what
is tested.  Attribute numbers are read from uapi/linux/nve.h, so the tool
follows the header instead of restating it.

  nve_nl.py link-add NAME [ATTR=VALUE ...]   RTM_NEWLINK kind nve
  nve_nl.py link-set NAME [ATTR=VALUE ...]   RTM_NEWLINK on an existing link
  nve_nl.py dev-dump                         genl NVE_CMD_DEV_GET dump
  nve_nl.py dev-get NAME                     genl NVE_CMD_DEV_GET do
  nve_nl.py genl CMD [ATTR=VALUE ...]        any nve genl command, do

ATTR is an IFLA_NVE_* or NVE_A_* name without prefix (VNI, LOCAL, PORT...);
VALUE is TYPE:VALUE with TYPE one of u8 u16 u32 be16 be32 ip ip6 str raw
(raw is hex).  On failure prints "Error: <extack>" and exits 1.
"""
import ipaddress
import os
import re
import socket
import struct
import sys

NETLINK_ROUTE, NETLINK_GENERIC = 0, 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 1, 4, 0x200, 0x400
NLM_F_DUMP = 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_DUMP_INTR = 0x10
RTM_NEWLINK = 16
IFLA_IFNAME, IFLA_LINKINFO = 3, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
NLA_F_NESTED = 1 << 15
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NETLINK_EXT_ACK, SOL_NETLINK = 11, 270

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, '..', 'uapi', 'linux', 'nve.h')


def enum_values(prefix):
    """Values of the enum whose members start with prefix, from nve.h."""
    text = open(HEADER).read()
    for body in re.findall(r'enum[^{]*{([^}]*)}', text):
        names = re.findall(r'^\s*([A-Z0-9_]+)\s*(?:=\s*([^,]+))?,', body, re.M)
        if not names or not names[0][0].startswith(prefix):
            continue
        out, val = {}, -1
        for name, init in names:
            val = int(eval(init.strip())) if init else val + 1
            out[name[len(prefix):]] = val
        return out
    raise KeyError(prefix)


def attr(atype, payload):
    hdr = struct.pack('=HH', 4 + len(payload), atype)
    pad = b'\0' * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def encode(spec):
    kind, _, val = spec.partition(':')
    if kind == 'u8':
        return struct.pack('=B', int(val, 0))
    if kind == 'u16':
        return struct.pack('=H', int(val, 0))
    if kind == 'u32':
        return struct.pack('=I', int(val, 0))
    if kind == 'u64':
        return struct.pack('=Q', int(val, 0))
    if kind == 'be16':
        return struct.pack('>H', int(val, 0))
    if kind == 'be32':
        return struct.pack('>I', int(val, 0))
    if kind == 'ip':
        return ipaddress.IPv4Address(val).packed
    if kind == 'ip6':
        return ipaddress.IPv6Address(val).packed
    if kind == 'str':
        return val.encode() + b'\0'
    if kind == 'mac':
        return bytes(int(x, 16) for x in val.split(':'))
    if kind == 'flag':
        return b''
    if kind == 'raw':
        return bytes.fromhex(val)
    raise ValueError('unknown type ' + kind)


def parse_attrs(data):
    out, off = {}, 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from('=HH', data, off)
        if alen < 4:
            break
        out.setdefault(atype & ~NLA_F_NESTED, data[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


class Netlink:
    def __init__(self, proto):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def send(self, mtype, flags, payload):
        self.seq += 1
        msg = struct.pack('=IHHII', 16 + len(payload), mtype, flags,
                          self.seq, 0) + payload
        self.sock.send(msg)

    def recv(self):
        """Yield (type, flags, payload) until DONE or ERROR; raise on error."""
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off < len(data):
                mlen, mtype, flags, _, _ = struct.unpack_from('=IHHII', data, off)
                body = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if mtype == NLMSG_DONE:
                    return
                if mtype == NLMSG_ERROR:
                    err = struct.unpack_from('=i', body)[0]
                    if err == 0:
                        return
                    inner_len = struct.unpack_from('=I', body, 4)[0]
                    tlvs = body[4 + (inner_len if flags & 0x100 == 0 else 16):]
                    msg = parse_attrs(tlvs).get(NLMSGERR_ATTR_MSG, b'')
                    raise OSError(-err, msg.rstrip(b'\0').decode() or
                                  os.strerror(-err))
                yield mtype, flags, body


def linkinfo(args):
    names = enum_values('IFLA_NVE_')
    data = b''
    for a in args:
        key, _, spec = a.partition('=')
        data += attr(names[key], encode(spec))
    return attr(IFLA_LINKINFO | NLA_F_NESTED,
                attr(IFLA_INFO_KIND, b'nve') +
                attr(IFLA_INFO_DATA | NLA_F_NESTED, data))


def link_add(name, args, flags):
    nl = Netlink(NETLINK_ROUTE)
    ifi = struct.pack('=BxHiII', 0, 0, 0, 0, 0)
    nl.send(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | flags,
            ifi + attr(IFLA_IFNAME, name.encode() + b'\0') + linkinfo(args))
    list(nl.recv())


def genl_family(nl):
    nl.send(GENL_ID_CTRL, NLM_F_REQUEST,
            struct.pack('=BBH', CTRL_CMD_GETFAMILY, 1, 0) +
            attr(CTRL_ATTR_FAMILY_NAME, b'nve\0'))
    for _, _, body in nl.recv():
        return struct.unpack('=H', parse_attrs(body[4:])[CTRL_ATTR_FAMILY_ID])[0]


def show_dev(body):
    a = parse_attrs(body[4:])
    cmds = enum_values('NVE_A_')
    devs = enum_values('NVE_DEV_A_')
    name = a[cmds['IFNAME']].rstrip(b'\0').decode()
    idx = struct.unpack('=I', a[cmds['IFINDEX']])[0]
    d = parse_attrs(a[cmds['DEV']])
    vni = struct.unpack('=I', d[devs['VNI']])[0]
    port = struct.unpack('>H', d[devs['PORT']])[0]
    encap = {1: 'vxlan', 2: 'geneve'}[d[devs['ENCAP']][0]]
    if devs['LOCAL6'] in d:
        local = str(ipaddress.IPv6Address(d[devs['LOCAL6']]))
    else:
        local = str(ipaddress.IPv4Address(d[devs['LOCAL']]))
    print(f'{idx} {name} vni {vni} local {local} dstport {port} encap {encap}')


def genl(cmdname, args, flags):
    nl = Netlink(NETLINK_GENERIC)
    fam = genl_family(nl)
    cmd = enum_values('NVE_CMD_')[cmdname]
    names = enum_values('NVE_A_')
    payload = struct.pack('=BBH', cmd, 1, 0)
    for a in args:
        key, _, spec = a.partition('=')
        payload += attr(names[key], encode(spec))
    nl.send(fam, NLM_F_REQUEST | flags, payload)
    return nl.recv()


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    op, rest = argv[1], argv[2:]
    try:
        if op == 'link-add':
            link_add(rest[0], rest[1:], NLM_F_CREATE | NLM_F_EXCL)
        elif op == 'link-set':
            link_add(rest[0], rest[1:], 0)
        elif op == 'dev-dump':
            for _, flags, body in genl('DEV_GET', [], NLM_F_DUMP):
                show_dev(body)
        elif op == 'dev-get':
            for _, _, body in genl('DEV_GET', ['IFNAME=str:' + rest[0]],
                                   NLM_F_ACK):
                show_dev(body)
        elif op == 'genl':
            for _ in genl(rest[0], rest[1:], NLM_F_ACK):
                pass
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except OSError as e:
        print(f'Error: {e.strerror}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
