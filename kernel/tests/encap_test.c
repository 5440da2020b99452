// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the wire formats (encap.c): VXLAN and Geneve headers built
 * and parsed back, their bytes on the wire, and every refusal the parsers
 * document.  encap.c is compiled into this test module itself, so nve.ko
 * exports nothing for it; the code under test is the same source.
 *
 * The fuzz case hands the Geneve parser random headers in buffers of
 * exactly the length it is told, from kmalloc(): on the debug kernel,
 * KASAN reports any read past that length.
 */
#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "../encap.c"

#define ENCAP_SEED	0x6e7665656e636170ULL	/* "nveencap" */
#define ENCAP_ROUNDS	2000

/* VNIs at the edges of the 24-bit field, then random ones. */
static const u32 edge_vnis[] = { 0, 1, 0xff, 0x100, 0xffff, 0x10000,
				 0x7fffff, 0x800000, 0xfffffe, 0xffffff };

static u32 vni_at(struct rnd_state *rnd, unsigned int i)
{
	if (i < ARRAY_SIZE(edge_vnis))
		return edge_vnis[i];
	return prandom_u32_state(rnd) & 0xffffff;
}

static void vxlan_round_trip(struct kunit *test)
{
	struct rnd_state rnd;
	struct vxlanhdr h;
	unsigned int i;
	u32 vni, got;

	prandom_seed_state(&rnd, ENCAP_SEED);
	for (i = 0; i < ENCAP_ROUNDS; i++) {
		vni = vni_at(&rnd, i);
		memset(&h, 0xa5, sizeof(h));	/* build must write it all */
		nve_vxlan_build(&h, vni);
		got = ~vni;
		KUNIT_ASSERT_EQ_MSG(test, nve_vxlan_parse(&h, &got), 0,
				    "VNI %#x", vni);
		KUNIT_ASSERT_EQ(test, got, vni);
	}
}

static void vxlan_wire_bytes(struct kunit *test)
{
	static const u8 want[8] = { 0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0 };
	struct vxlanhdr h;

	nve_vxlan_build(&h, 0x123456);
	KUNIT_EXPECT_MEMEQ(test, &h, want, sizeof(want));
}

/*
 * Every bit but the I flag, the redirect mark and the VNI is reserved:
 * each one is refused.
 */
static void vxlan_reserved_bits(struct kunit *test)
{
	u8 buf[8];
	unsigned int bit;
	u32 vni;

	for (bit = 0; bit < 64; bit++) {
		bool flag_i = bit == 4;			/* byte 0, 0x08 */
		bool mark = bit == 7;			/* byte 0, 0x01 */
		bool vni_bit = bit >= 32 && bit < 56;	/* bytes 4-6 */

		if (flag_i || mark || vni_bit)
			continue;
		nve_vxlan_build((struct vxlanhdr *)buf, 0xabcdef);
		buf[bit / 8] |= 0x80 >> (bit % 8);
		vni = 0;
		KUNIT_EXPECT_EQ_MSG(test, nve_vxlan_parse((struct vxlanhdr *)buf, &vni),
				    NVE_STATS_A_RX_BAD_FLAGS, "reserved bit %u", bit);
		/* The VNI is reported even for a refused header. */
		if (bit < 32)
			KUNIT_EXPECT_EQ(test, vni, 0xabcdef);
	}

	/* No I flag at all. */
	memset(buf, 0, sizeof(buf));
	buf[5] = 7;
	KUNIT_EXPECT_EQ(test, nve_vxlan_parse((struct vxlanhdr *)buf, &vni),
			NVE_STATS_A_RX_BAD_FLAGS);
	KUNIT_EXPECT_EQ(test, vni, 0x700);
}

/* The redirect mark: byte 0's 0x01 in VXLAN, an option in Geneve. */
static void redirect_mark(struct kunit *test)
{
	static const u8 vx_want[8] = { 0x09, 0, 0, 0, 0x12, 0x34, 0x56, 0 };
	static const u8 gn_want[12] = { 0x01, 0, 0x65, 0x58, 0x12, 0x34, 0x56, 0,
					0xff, 0x4e, 0x01, 0x00 };
	struct vxlanhdr vh;
	u8 buf[16];
	u32 vni = 0;

	nve_vxlan_build(&vh, 0x123456);
	KUNIT_EXPECT_FALSE(test, nve_vxlan_marked(&vh));
	nve_vxlan_mark(&vh);
	KUNIT_EXPECT_MEMEQ(test, &vh, vx_want, sizeof(vx_want));
	KUNIT_EXPECT_EQ(test, nve_vxlan_parse(&vh, &vni), 0);
	KUNIT_EXPECT_EQ(test, vni, 0x123456);
	KUNIT_EXPECT_TRUE(test, nve_vxlan_marked(&vh));

	nve_geneve_build_marked((struct nve_geneve_hdr *)buf, 0x123456);
	KUNIT_EXPECT_MEMEQ(test, buf, gn_want, sizeof(gn_want));
	KUNIT_EXPECT_EQ(test, nve_geneve_parse((void *)buf, 12, &vni), 0);
	KUNIT_EXPECT_TRUE(test, nve_geneve_marked((void *)buf));
	/* Another class is no mark, nor is a header without the option. */
	buf[9] = 0x4f;
	KUNIT_EXPECT_FALSE(test, nve_geneve_marked((void *)buf));
	nve_geneve_build((struct nve_geneve_hdr *)buf, 0x123456);
	KUNIT_EXPECT_FALSE(test, nve_geneve_marked((void *)buf));
}

static void geneve_round_trip(struct kunit *test)
{
	struct nve_geneve_hdr h;
	struct rnd_state rnd;
	unsigned int i;
	u32 vni, got;

	prandom_seed_state(&rnd, ENCAP_SEED + 1);
	for (i = 0; i < ENCAP_ROUNDS; i++) {
		vni = vni_at(&rnd, i);
		memset(&h, 0xa5, sizeof(h));
		nve_geneve_build(&h, vni);
		KUNIT_ASSERT_EQ(test, nve_geneve_hlen(&h), NVE_HDR_LEN);
		KUNIT_ASSERT_EQ(test, nve_geneve_vni(&h), vni);
		got = ~vni;
		KUNIT_ASSERT_EQ_MSG(test, nve_geneve_parse(&h, sizeof(h), &got), 0,
				    "VNI %#x", vni);
		KUNIT_ASSERT_EQ(test, got, vni);
	}
}

static void geneve_wire_bytes(struct kunit *test)
{
	static const u8 want[8] = { 0, 0, 0x65, 0x58, 0x12, 0x34, 0x56, 0 };
	struct nve_geneve_hdr h;

	nve_geneve_build(&h, 0x123456);
	KUNIT_EXPECT_MEMEQ(test, &h, want, sizeof(want));
}

/*
 * A Geneve header with @nopt options of @words 4-byte words of data each,
 * in @buf (large enough); returns the header's length.
 */
static unsigned int geneve_with_opts(u8 *buf, u32 vni, unsigned int nopt,
				     unsigned int words, u8 type)
{
	struct nve_geneve_hdr *h = (struct nve_geneve_hdr *)buf;
	unsigned int i, off = sizeof(*h);

	nve_geneve_build(h, vni);
	for (i = 0; i < nopt; i++) {
		buf[off] = 0x01;		/* class 0x0102 */
		buf[off + 1] = 0x02;
		buf[off + 2] = type;
		buf[off + 3] = words;		/* reserved bits 0 */
		memset(buf + off + 4, 0x5a, words * 4);
		off += 4 + words * 4;
	}
	h->ver_opt_len = (off - sizeof(*h)) / 4;
	return off;
}

static void geneve_options(struct kunit *test)
{
	u8 buf[NVE_GENEVE_MAX_HLEN];
	struct nve_geneve_hdr *h = (struct nve_geneve_hdr *)buf;
	unsigned int len;
	u32 vni;

	/* Two non-critical options, 8 and 12 bytes: accepted. */
	len = geneve_with_opts(buf, 77, 2, 1, 0x01);
	KUNIT_ASSERT_EQ(test, len, 24);
	KUNIT_EXPECT_EQ(test, nve_geneve_hlen(h), 24);
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, len, &vni), 0);
	KUNIT_EXPECT_EQ(test, vni, 77);
	/* ...and more bytes behind the header (the frame) change nothing. */
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, sizeof(buf), &vni), 0);

	/* The UDP payload ends inside the options. */
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, len - 1, &vni),
			NVE_STATS_A_RX_TRUNCATED);
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, 8, &vni),
			NVE_STATS_A_RX_TRUNCATED);

	/* A critical option type (0x80 bit): nve knows no option. */
	len = geneve_with_opts(buf, 77, 1, 0, 0x81);
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, len, &vni),
			NVE_STATS_A_RX_BAD_OPTION);

	/* An option longer than the options area. */
	len = geneve_with_opts(buf, 77, 1, 1, 0x01);
	buf[8 + 3] = 2;
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, len, &vni),
			NVE_STATS_A_RX_BAD_OPTION);

	/* The largest options area, 63 words: three options of 84 bytes. */
	len = geneve_with_opts(buf, 77, 3, 20, 0x01);
	KUNIT_ASSERT_EQ(test, len, NVE_GENEVE_MAX_HLEN);
	KUNIT_EXPECT_EQ(test, nve_geneve_hlen(h), NVE_GENEVE_MAX_HLEN);
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(h, len, &vni), 0);
}

static void geneve_refusals(struct kunit *test)
{
	struct nve_geneve_hdr h;
	u32 vni;

	/* Shorter than the fixed part: the VNI is not even read. */
	nve_geneve_build(&h, 5);
	vni = 1234;
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(&h, sizeof(h) - 1, &vni),
			NVE_STATS_A_RX_TRUNCATED);
	KUNIT_EXPECT_EQ(test, vni, 1234);

	/* Versions 1 to 3. */
	for (h.ver_opt_len = 1 << NVE_GENEVE_VER_SHIFT; h.ver_opt_len;
	     h.ver_opt_len += 1 << NVE_GENEVE_VER_SHIFT)
		KUNIT_EXPECT_EQ(test, nve_geneve_parse(&h, sizeof(h), &vni),
				NVE_STATS_A_RX_BAD_FLAGS);

	/* A control packet. */
	nve_geneve_build(&h, 5);
	h.flags = NVE_GENEVE_F_OAM;
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(&h, sizeof(h), &vni),
			NVE_STATS_A_RX_BAD_FLAGS);
	KUNIT_EXPECT_EQ(test, vni, 5);

	/* The C bit: critical options said to be present. */
	h.flags = NVE_GENEVE_F_CRITICAL;
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(&h, sizeof(h), &vni),
			NVE_STATS_A_RX_BAD_OPTION);

	/* Not Ethernet inside. */
	nve_geneve_build(&h, 5);
	h.proto_type = htons(ETH_P_IP);
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(&h, sizeof(h), &vni),
			NVE_STATS_A_RX_BAD_FLAGS);

	/* Reserved bits are ignored on receipt (RFC 8926). */
	nve_geneve_build(&h, 5);
	h.flags = 0x3f;
	h.rsvd = 0xff;
	KUNIT_EXPECT_EQ(test, nve_geneve_parse(&h, sizeof(h), &vni), 0);
}

/*
 * Random bytes of a random length, each in a buffer of exactly that length:
 * KASAN catches a read past it, and an accepted header must be one the RFC
 * allows.
 */
static void geneve_fuzz(struct kunit *test)
{
	unsigned int i, len, accepted = 0;
	struct rnd_state rnd;
	u32 vni;
	u8 *buf;

	prandom_seed_state(&rnd, ENCAP_SEED + 2);
	for (i = 0; i < ENCAP_ROUNDS; i++) {
		len = prandom_u32_state(&rnd) % (NVE_GENEVE_MAX_HLEN + 8);
		buf = kmalloc(len ?: 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		prandom_bytes_state(&rnd, buf, len);
		/* Often a plausible start, so the option walk gets exercised. */
		if (len >= 4 && (i & 1)) {
			buf[0] &= NVE_GENEVE_OPT_LEN;
			buf[1] = 0;
			buf[2] = 0x65;
			buf[3] = 0x58;
		}
		if (!nve_geneve_parse((struct nve_geneve_hdr *)buf, len, &vni)) {
			const struct nve_geneve_hdr *h = (void *)buf;

			accepted++;
			KUNIT_EXPECT_GE(test, len, nve_geneve_hlen(h));
			KUNIT_EXPECT_EQ(test, h->ver_opt_len >> NVE_GENEVE_VER_SHIFT, 0);
			KUNIT_EXPECT_EQ(test, h->flags &
					(NVE_GENEVE_F_OAM | NVE_GENEVE_F_CRITICAL), 0);
			KUNIT_EXPECT_EQ(test, ntohs(h->proto_type), ETH_P_TEB);
		}
		kfree(buf);
	}
	/* The plausible half must not all be refused, or nothing was tested. */
	KUNIT_EXPECT_GT(test, accepted, 0);
	kunit_info(test, "%u of %u random headers accepted", accepted,
		   ENCAP_ROUNDS);
}

static struct kunit_case nve_encap_cases[] = {
	KUNIT_CASE(vxlan_round_trip),
	KUNIT_CASE(vxlan_wire_bytes),
	KUNIT_CASE(vxlan_reserved_bits),
	KUNIT_CASE(redirect_mark),
	KUNIT_CASE(geneve_round_trip),
	KUNIT_CASE(geneve_wire_bytes),
	KUNIT_CASE(geneve_options),
	KUNIT_CASE(geneve_refusals),
	KUNIT_CASE(geneve_fuzz),
	{}
};

static struct kunit_suite nve_encap_suite = {
	.name = "nve_encap",
	.test_cases = nve_encap_cases,
};

kunit_test_suite(nve_encap_suite);
