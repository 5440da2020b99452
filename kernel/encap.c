// SPDX-License-Identifier: GPL-2.0
/*
 * The encapsulation formats on the wire: building and checking the 8-byte
 * VXLAN header (RFC 7348) and the Geneve header with its options (RFC 8926).
 *
 * Everything here is a pure function of the bytes it is given: no device,
 * socket or packet state, so that KUnit can test it on plain buffers.  The
 * checkers return 0 for a header to accept or the NVE_STATS_A_RX_* counter
 * that names why it is refused; rx.c turns that into a drop.
 *
 *   VXLAN (RFC 7348, section 5):
 *	|R|R|R|R|I|R|R|R|            Reserved (24)                      |
 *	|                VNI (24)                       | Reserved (8)  |
 *   The I flag must be set.  RFC 7348 says to ignore the reserved bits; like
 *   Linux vxlan without extensions, nve refuses them, so that a GBP, GPE or
 *   RCO packet is not taken for plain VXLAN.  One exception, a policy
 *   between nve peers: the lowest bit of the flags byte is the redirect mark
 *   (NVE_VXLAN_F_REDIRECT, VM mobility).
 *
 *   Geneve (RFC 8926, section 3.4):
 *	|Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 *	|        Virtual Network Identifier (VNI)       |    Reserved   |
 *	|                    Variable-Length Options                    |
 *   Version 0 only; Opt Len counts 4-byte words; the protocol type must be
 *   Transparent Ethernet Bridging (0x6558).  Each option is a 4-byte header
 *   (class 16, type 8, 3 reserved bits, length 5 in 4-byte words) and its
 *   data, and must fit in the options area.  nve's only option is the
 *   non-critical redirect mark (class NVE_GENEVE_OPT_CLASS, type
 *   NVE_GENEVE_OPT_REDIRECT, no data), so an option whose type has the
 *   critical bit (0x80) is refused, as is a header with the C bit set.  A
 *   control packet (O bit) carries no frame to forward (RFC 8926, 3.4) and
 *   is refused too.  Reserved fields are ignored on receipt, as the RFC
 *   says.
 */
#include <linux/etherdevice.h>
#include <net/vxlan.h>

#include "nve_private.h"

static_assert(sizeof(struct nve_geneve_hdr) == NVE_HDR_LEN);
static_assert(sizeof(struct vxlanhdr) == NVE_HDR_LEN);

#define GENEVE_OPT_HLEN		4	/* class, type, flags and length */
#define GENEVE_OPT_LEN_MASK	0x1f	/* length in 4-byte words */
#define GENEVE_OPT_CRITICAL	0x80	/* in the option type */

static u32 vni_from_bytes(const u8 vni[3])
{
	return (u32)vni[0] << 16 | (u32)vni[1] << 8 | vni[2];
}

static void vni_to_bytes(u32 vni, u8 bytes[3])
{
	bytes[0] = vni >> 16;
	bytes[1] = vni >> 8;
	bytes[2] = vni;
}

/**
 * nve_vxlan_parse() - check a VXLAN header
 * @h: the 8-byte header
 * @vni: set to the header's VNI field, even if the header is refused
 *
 * Return: 0, or NVE_STATS_A_RX_BAD_FLAGS if the I flag is missing or a
 * reserved bit is set.
 */
int nve_vxlan_parse(const struct vxlanhdr *h, u32 *vni)
{
	*vni = be32_to_cpu(h->vx_vni) >> 8;

	if ((h->vx_flags & ~NVE_VXLAN_HF_REDIRECT) != VXLAN_HF_VNI ||
	    (h->vx_vni & ~VXLAN_VNI_MASK))
		return NVE_STATS_A_RX_BAD_FLAGS;
	return 0;
}

/**
 * nve_vxlan_marked() - does a VXLAN header carry the redirect mark?
 * @h: the 8-byte header, accepted by nve_vxlan_parse()
 *
 * Return: true if it does.
 */
bool nve_vxlan_marked(const struct vxlanhdr *h)
{
	return !!(h->vx_flags & NVE_VXLAN_HF_REDIRECT);
}

/**
 * nve_vxlan_mark() - set the redirect mark in a VXLAN header
 * @h: a header nve_vxlan_build() wrote
 */
void nve_vxlan_mark(struct vxlanhdr *h)
{
	h->vx_flags |= NVE_VXLAN_HF_REDIRECT;
}

/**
 * nve_vxlan_build() - write a VXLAN header
 * @h: where, 8 bytes
 * @vni: the VNI, below 2^24
 */
void nve_vxlan_build(struct vxlanhdr *h, u32 vni)
{
	h->vx_flags = VXLAN_HF_VNI;
	h->vx_vni = cpu_to_be32(vni << 8);
}

/**
 * nve_geneve_hlen() - length of a Geneve header with its options
 * @h: the fixed 8-byte part
 *
 * Return: 8 plus the options' length, at most NVE_GENEVE_MAX_HLEN.
 */
unsigned int nve_geneve_hlen(const struct nve_geneve_hdr *h)
{
	return sizeof(*h) + (h->ver_opt_len & NVE_GENEVE_OPT_LEN) * 4;
}

/**
 * nve_geneve_vni() - the VNI of a Geneve header
 * @h: the fixed 8-byte part
 *
 * Return: the VNI field, whether or not the header is valid.
 */
u32 nve_geneve_vni(const struct nve_geneve_hdr *h)
{
	return vni_from_bytes(h->vni);
}

/*
 * Walk the options area @opts of @len bytes.  Return: 0, or
 * NVE_STATS_A_RX_BAD_OPTION if an option does not fit or is critical.
 */
static int geneve_opts_check(const u8 *opts, unsigned int len)
{
	unsigned int off = 0, olen;

	while (off < len) {
		const u8 *o = opts + off;

		if (len - off < GENEVE_OPT_HLEN)
			return NVE_STATS_A_RX_BAD_OPTION;
		olen = GENEVE_OPT_HLEN + (o[3] & GENEVE_OPT_LEN_MASK) * 4;
		if (olen > len - off)
			return NVE_STATS_A_RX_BAD_OPTION;
		/* No option is known here: a critical one can't be honoured. */
		if (o[2] & GENEVE_OPT_CRITICAL)
			return NVE_STATS_A_RX_BAD_OPTION;
		off += olen;
	}
	return 0;
}

/**
 * nve_geneve_parse() - check a Geneve header and its options
 * @h: the header
 * @len: bytes readable at @h (the UDP payload, or as much of it as covers
 *	the header)
 * @vni: set to the VNI field when @len covers the fixed part (even if the
 *	header is refused); untouched otherwise
 *
 * Return: 0, or the NVE_STATS_A_RX_* counter naming the fault:
 * %NVE_STATS_A_RX_TRUNCATED if @len does not cover the header and the
 * options it announces; %NVE_STATS_A_RX_BAD_FLAGS for a version other than
 * 0, a control packet (O bit) or a protocol other than Ethernet;
 * %NVE_STATS_A_RX_BAD_OPTION for an option that overruns the options area,
 * a critical option, or the C bit.
 */
int nve_geneve_parse(const struct nve_geneve_hdr *h, unsigned int len, u32 *vni)
{
	unsigned int hlen;
	int err;

	if (len < sizeof(*h))
		return NVE_STATS_A_RX_TRUNCATED;
	*vni = nve_geneve_vni(h);

	if (h->ver_opt_len >> NVE_GENEVE_VER_SHIFT)
		return NVE_STATS_A_RX_BAD_FLAGS;
	hlen = nve_geneve_hlen(h);
	if (len < hlen)
		return NVE_STATS_A_RX_TRUNCATED;
	if ((h->flags & NVE_GENEVE_F_OAM) || h->proto_type != htons(ETH_P_TEB))
		return NVE_STATS_A_RX_BAD_FLAGS;

	err = geneve_opts_check((const u8 *)(h + 1), hlen - sizeof(*h));
	if (err)
		return err;
	/* The sender says a critical option is there: we know none. */
	if (h->flags & NVE_GENEVE_F_CRITICAL)
		return NVE_STATS_A_RX_BAD_OPTION;
	return 0;
}

/**
 * nve_geneve_marked() - does a Geneve header carry the redirect mark?
 * @h: the header, accepted by nve_geneve_parse() with its options
 *
 * Return: true if one of its options is nve's redirect mark.
 */
bool nve_geneve_marked(const struct nve_geneve_hdr *h)
{
	const u8 *opts = (const u8 *)(h + 1);
	unsigned int len = nve_geneve_hlen(h) - sizeof(*h), off = 0;

	while (off + GENEVE_OPT_HLEN <= len) {
		const u8 *o = opts + off;

		if (((u16)o[0] << 8 | o[1]) == NVE_GENEVE_OPT_CLASS &&
		    o[2] == NVE_GENEVE_OPT_REDIRECT)
			return true;
		off += GENEVE_OPT_HLEN + (o[3] & GENEVE_OPT_LEN_MASK) * 4;
	}
	return false;
}

/**
 * nve_geneve_build_marked() - write a Geneve header with the redirect mark
 * @h: where, NVE_HDR_LEN + NVE_GENEVE_MARK_LEN bytes
 * @vni: the VNI, below 2^24
 */
void nve_geneve_build_marked(struct nve_geneve_hdr *h, u32 vni)
{
	u8 *o = (u8 *)(h + 1);

	nve_geneve_build(h, vni);
	h->ver_opt_len = NVE_GENEVE_MARK_LEN / 4;
	o[0] = NVE_GENEVE_OPT_CLASS >> 8;
	o[1] = NVE_GENEVE_OPT_CLASS & 0xff;
	o[2] = NVE_GENEVE_OPT_REDIRECT;
	o[3] = 0;			/* no data */
}

/**
 * nve_geneve_build() - write a Geneve header without options
 * @h: where, 8 bytes
 * @vni: the VNI, below 2^24
 */
void nve_geneve_build(struct nve_geneve_hdr *h, u32 vni)
{
	memset(h, 0, sizeof(*h));	/* version 0, no options, O = C = 0 */
	h->proto_type = htons(ETH_P_TEB);
	vni_to_bytes(vni, h->vni);
}
