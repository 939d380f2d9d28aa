// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The "straightforward" design netmon-xdp is measured against: parse
 * Ethernet/IP/ports, key a PERCPU_HASH by the 5-tuple, lookup-or-insert,
 * stamp with bpf_ktime_get_ns(). No VLANs, no extension headers, no
 * generations: what one would write first.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct five_tuple {
	__u32 src[4];
	__u32 dst[4];
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct flow_value {
	__u64 packets;
	__u64 bytes;
	__u64 first_seen_ns;
	__u64 last_seen_ns;
};

/* Userspace sets max_entries before load, like --max-flows. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct five_tuple);
	__type(value, struct flow_value);
} flows SEC(".maps");

/* TCP and UDP both start with the two ports. */
static __always_inline void read_ports(void *l4, void *data_end, __u8 proto,
				       struct five_tuple *k)
{
	struct udphdr *uh = l4;

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return;
	if ((void *)(uh + 1) > data_end)
		return;
	k->sport = bpf_ntohs(uh->source);
	k->dport = bpf_ntohs(uh->dest);
}

SEC("xdp")
int straightforward(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct five_tuple k = {};
	struct flow_value *v;
	__u64 len = data_end - data;
	__u64 now = bpf_ktime_get_ns();

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end || ip->ihl < 5)
			return XDP_PASS;
		k.src[3] = ip->saddr;
		k.dst[3] = ip->daddr;
		k.proto = ip->protocol;
		read_ports((void *)ip + ip->ihl * 4, data_end, k.proto, &k);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		__builtin_memcpy(k.src, &ip6->saddr, 16);
		__builtin_memcpy(k.dst, &ip6->daddr, 16);
		k.proto = ip6->nexthdr;
		read_ports(ip6 + 1, data_end, k.proto, &k);
	} else {
		return XDP_PASS;
	}

	v = bpf_map_lookup_elem(&flows, &k);
	if (!v) {
		struct flow_value init = { 1, len, now, now };

		bpf_map_update_elem(&flows, &k, &init, BPF_NOEXIST);
		return XDP_PASS;
	}
	v->packets++;
	v->bytes += len;
	v->last_seen_ns = now;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
