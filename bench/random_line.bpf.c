// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The memory yardstick of part 1's live rows: per frame, one read and one
 * write of the cache line its flow hashes to, in an array of `lines` lines
 * (live_cost.sh sizes it as netmon-xdp's index for the same --max-flows).
 * Any table that finds a flow by its key pays at least this one access
 * once the table outgrows the caches; the rest of a flow counter's cost is
 * above it. Knows the frames of bench_generator only: Ethernet + IPv4 or
 * IPv6 + UDP, the flow in the source address's last 32 bits and the source
 * port.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct line {
	__u64 word[8];
};

/* Created and sized by live_cost.sh (bpftool map create). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct line);
} lines SEC(".maps");

/* lines' max_entries, written by live_cost.sh. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} line_count SEC(".maps");

SEC("xdp")
int random_line(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 zero = 0, *count, at;
	__u32 source, port;
	struct line *l;
	__u64 h;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		struct udphdr *udp = (void *)(ip + 1);

		if ((void *)(udp + 1) > data_end)
			return XDP_PASS;
		source = ip->saddr;
		port = udp->source;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		struct udphdr *udp = (void *)(ip6 + 1);

		if ((void *)(udp + 1) > data_end)
			return XDP_PASS;
		source = ip6->saddr.in6_u.u6_addr32[3];
		port = udp->source;
	} else {
		return XDP_PASS;
	}
	count = bpf_map_lookup_elem(&line_count, &zero);
	if (!count)
		return XDP_PASS;
	/* A multiply-xorshift, scaled to [0, lines) as netmon scales its hash
	 * to its buckets. */
	h = ((__u64)source << 16 | port) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	at = (__u32)(((h >> 32) * *count) >> 32);
	l = bpf_map_lookup_elem(&lines, &at);
	if (l)
		l->word[h & 7]++;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
