/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Frame parser shared by every hook: fills a flow key and picks the counter
 * class. Each step checks bounds before it reads, so a truncated or
 * malformed frame is classified as far as it parses and never read past
 * data_end. No step writes to the frame.
 */
#ifndef NETMON_PARSING_H
#define NETMON_PARSING_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "netmon/flow.h"

#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif
#define ETH_P_802_3_MIN_ 0x0600

/* IPv6 extension headers we step over, at most this many (verifier bound);
 * a longer chain is NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG. */
#define IPV6_EXT_MAX_CHAIN 8

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_NONE_ 59
#define IPPROTO_DSTOPTS_ 60
#define IPPROTO_AH_ 51

/* TCP flags in byte 13 of the TCP header. */
#define TCP_FLAG_SYN_ 0x02
#define TCP_FLAG_ACK_ 0x10

/* IPv4 fragment offset mask and IPv6 fragment header offset mask. */
#define IP_OFFSET_MASK 0x1FFF
#define IP6_OFFSET_MASK 0xFFF8

struct parsed_frame {
	/* 8-aligned: the flow table hashes and compares it a word at a time. */
	struct netmon_flow_key key __attribute__((aligned(8)));
	__u32 counter; /* enum netmon_counter_index */
	/* IP length from the header the key is built from (IPv4 total length,
	 * IPv6 40 + payload length), or 0 when that field is 0 (BIG TCP, GSO,
	 * jumbogram) and the hook must take it from the frame's length minus
	 * l3_off. Meaningless for NETMON_KIND_L2. See ip_bytes_of(). */
	__u32 ip_len;
	__u32 l3_off; /* bytes before the IP header: Ethernet and VLAN tags */
	__u8 tcp_flags; /* 0 unless TCP with its header in the frame */
	/* A header (or the TCP flags) ran past data_end. Hooks whose packet
	 * may be longer than what data_end covers (TC: a non-linear skb) pull
	 * more and parse again; XDP has nothing more to pull. */
	__u8 truncated;
};

struct vlan_hdr_ {
	__be16 tci;
	__be16 encapsulated_proto;
};

struct ipv6_opt_hdr_ {
	__u8 nexthdr;
	__u8 hdrlen;
};

struct frag_hdr_ {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

/* Ports (TCP, UDP, SCTP, DCCP, UDP-Lite: the first 4 bytes of the header),
 * ICMP type/code, TCP flags. Only called for a first (or no) fragment. */
static __always_inline void parse_l4(void *l4, void *data_end,
				     struct parsed_frame *pf)
{
	__u8 proto = pf->key.proto;

	if (netmon_proto_has_ports(proto)) {
		__be16 *ports = l4;

		if ((void *)(ports + 2) > data_end) {
			pf->truncated = 1;
			return;
		}
		pf->key.sport = bpf_ntohs(ports[0]);
		pf->key.dport = bpf_ntohs(ports[1]);
		if (proto == IPPROTO_TCP) {
			/* The flags live in byte 13. */
			if (l4 + 14 > data_end) {
				pf->truncated = 1;
				return;
			}
			pf->tcp_flags = ((__u8 *)l4)[13];
		}
		return;
	}

	switch (proto) {
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6_: {
		__u8 *tc = l4;

		if ((void *)(tc + 2) > data_end) {
			pf->truncated = 1;
			return;
		}
		pf->key.dport = ((__u16)tc[0] << 8) | tc[1];
		return;
	}
	}
}

static __always_inline void parse_ipv4(void *l3, void *data_end,
				       struct parsed_frame *pf)
{
	struct iphdr *iph = l3;
	__u32 hlen;

	if ((void *)(iph + 1) > data_end) {
		pf->truncated = 1;
		return; /* stays MALFORMED_IP with an L2 key */
	}
	if (iph->version != 4)
		return;
	hlen = iph->ihl * 4;
	if (hlen < sizeof(*iph))
		return;

	pf->key.kind = NETMON_KIND_IPV4;
	pf->ip_len = bpf_ntohs(iph->tot_len);
	pf->key.proto = iph->protocol;
	pf->counter = NETMON_CTR_IP_PROTO_BASE + iph->protocol;
	__builtin_memset(pf->key.src, 0, 16);
	__builtin_memset(pf->key.dst, 0, 16);
	pf->key.src[10] = pf->key.src[11] = 0xff;
	pf->key.dst[10] = pf->key.dst[11] = 0xff;
	__builtin_memcpy(&pf->key.src[12], &iph->saddr, 4);
	__builtin_memcpy(&pf->key.dst[12], &iph->daddr, 4);

	/* A non-first fragment carries no L4 header: no ports. */
	if (iph->frag_off & bpf_htons(IP_OFFSET_MASK))
		return;
	parse_l4(l3 + hlen, data_end, pf);
}

/* The extension headers the parser steps over (RFC 8200 section 4, and
 * AH, RFC 4302). */
static __always_inline int ipv6_is_extension(__u8 nexthdr)
{
	return nexthdr == IPPROTO_HOPOPTS_ || nexthdr == IPPROTO_ROUTING_ ||
	       nexthdr == IPPROTO_DSTOPTS_ || nexthdr == IPPROTO_AH_ ||
	       nexthdr == IPPROTO_FRAGMENT_;
}

static __always_inline void parse_ipv6(void *l3, void *data_end,
				       struct parsed_frame *pf)
{
	struct ipv6hdr *ip6h = l3;
	void *cursor;
	__u8 nexthdr;
	int i;

	if ((void *)(ip6h + 1) > data_end) {
		pf->truncated = 1;
		return;
	}
	if (ip6h->version != 6)
		return;

	pf->key.kind = NETMON_KIND_IPV6;
	/* Payload length 0 is a jumbogram or BIG TCP, unless nothing follows
	 * the header at all (No Next Header): then it is 40 bytes exactly,
	 * whatever padding the frame carries. */
	if (ip6h->payload_len || ip6h->nexthdr == IPPROTO_NONE_)
		pf->ip_len = sizeof(*ip6h) + bpf_ntohs(ip6h->payload_len);
	__builtin_memcpy(pf->key.src, &ip6h->saddr, 16);
	__builtin_memcpy(pf->key.dst, &ip6h->daddr, 16);
	nexthdr = ip6h->nexthdr;
	cursor = ip6h + 1;

	/* Step over extension headers; stop at the first upper-layer header
	 * (goto done), at a non-first fragment (no L4 header follows), or at
	 * the bound. A truncated chain is classified by the header it stops
	 * at: that is all the frame shows. */
	for (i = 0; i < IPV6_EXT_MAX_CHAIN; i++) {
		struct ipv6_opt_hdr_ *opt = cursor;

		if (!ipv6_is_extension(nexthdr))
			goto done;
		if ((void *)(opt + 1) > data_end) {
			pf->truncated = 1;
			goto done; /* truncated: classify by this header */
		}
		if (nexthdr == IPPROTO_FRAGMENT_) {
			struct frag_hdr_ *fh = cursor;

			if ((void *)(fh + 1) > data_end) {
				pf->truncated = 1;
				goto done;
			}
			nexthdr = fh->nexthdr;
			cursor = fh + 1;
			if (fh->frag_off & bpf_htons(IP6_OFFSET_MASK)) {
				pf->key.proto = nexthdr;
				pf->counter =
					NETMON_CTR_IP_PROTO_BASE + nexthdr;
				return;
			}
			continue;
		}
		/* AH counts its length in 4-byte units (+2), the others in 8
		 * (+1) (RFC 4302, RFC 8200). */
		if (nexthdr == IPPROTO_AH_)
			cursor += ((__u32)opt->hdrlen + 2) * 4;
		else
			cursor += ((__u32)opt->hdrlen + 1) * 8;
		nexthdr = opt->nexthdr;
	}
	/* The loop ran to its bound; nexthdr may be L4 by then. If it is
	 * still an extension header, the transport lies beyond what we step
	 * over: a class of its own, never an extension header's number. */
	if (ipv6_is_extension(nexthdr)) {
		pf->key.proto = NETMON_PROTO_UNKNOWN;
		pf->counter = NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG;
		return;
	}
done:
	pf->key.proto = nexthdr;
	pf->counter = NETMON_CTR_IP_PROTO_BASE + nexthdr;
	parse_l4(cursor, data_end, pf);
}

/*
 * Fill *pf for the frame [data, data_end). pf must be zeroed by the caller
 * (keys are hashed byte by byte, padding included).
 */
static __always_inline void parse_frame(void *data, void *data_end,
					struct parsed_frame *pf)
{
	struct ethhdr *eth = data;
	void *cursor = eth + 1;
	__u16 proto;
	int i;

	pf->key.kind = NETMON_KIND_L2;
	pf->counter = NETMON_CTR_OTHER_L2;
	if ((void *)(eth + 1) > data_end) {
		pf->truncated = 1;
		return; /* runt: other L2, zero key */
	}

	proto = bpf_ntohs(eth->h_proto);

	/* Up to two VLAN tags: 802.1Q, or 802.1ad outer + 802.1Q inner. */
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_hdr_ *vh = cursor;

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			break;
		if ((void *)(vh + 1) > data_end) {
			pf->truncated = 1;
			break; /* truncated tag: classified by the tag type */
		}
		proto = bpf_ntohs(vh->encapsulated_proto);
		cursor = vh + 1;
	}
	pf->key.ethertype = proto;
	pf->l3_off = cursor - data;

	switch (proto) {
	case ETH_P_IP:
		pf->counter = NETMON_CTR_MALFORMED_IP;
		parse_ipv4(cursor, data_end, pf);
		break;
	case ETH_P_IPV6:
		pf->counter = NETMON_CTR_MALFORMED_IP;
		parse_ipv6(cursor, data_end, pf);
		break;
	case ETH_P_ARP:
		pf->counter = NETMON_CTR_ARP;
		break;
	}
	/* A frame without an IP header that parses is keyed by its MAC
	 * addresses; copied only now, as most frames are IP (the copy is a
	 * dozen byte loads: the addresses are 2-byte aligned). */
	if (pf->key.kind == NETMON_KIND_L2) {
		__builtin_memcpy(pf->key.src, eth->h_source, ETH_ALEN);
		__builtin_memcpy(pf->key.dst, eth->h_dest, ETH_ALEN);
	}
}

/*
 * The frame's IP bytes (header plus payload, IPFIX octetDeltaCount) given
 * its length on the wire: what the IP header says, or, when its length
 * field is 0, every byte from the IP header to the frame's end. 0 for a
 * frame that is not IP or whose IP header does not parse.
 */
static __always_inline __u64 ip_bytes_of(const struct parsed_frame *pf,
					 __u64 frame_len)
{
	if (pf->key.kind == NETMON_KIND_L2)
		return 0;
	if (pf->ip_len)
		return pf->ip_len;
	return frame_len > pf->l3_off ? frame_len - pf->l3_off : 0;
}

/* A connection attempt: SYN without ACK. tcp_flags stays 0 for anything
 * but a TCP header, so a non-first fragment is never one. */
static __always_inline __u64 is_syn(const struct parsed_frame *pf)
{
	return (pf->tcp_flags & (TCP_FLAG_SYN_ | TCP_FLAG_ACK_)) ==
	       TCP_FLAG_SYN_;
}

#endif /* NETMON_PARSING_H */
