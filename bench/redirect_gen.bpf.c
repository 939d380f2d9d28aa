// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Traffic generator: run with BPF_PROG_TEST_RUN and
 * BPF_F_TEST_XDP_LIVE_FRAMES, every repetition of the test frame is sent
 * out of target_ifindex (the sender's veth) as a real frame.
 *
 * With flows > 1 repetition n (counting round the flows) gets UDP source
 * port source_port_base + n % ports_per_address and, past the first
 * ports_per_address flows, source address source_address + n /
 * ports_per_address (the header checksum recomputed), so the frames belong
 * to that many flows, each visited once a round. With sequence_length > 0
 * repetition n counts into flow flow_sequence[n % sequence_length] instead
 * (bench_generator --zipf fills it with Zipf draws); with random_order set
 * each repetition draws its flow uniformly at random (--random-order). The
 * frame must then be Ethernet + IPv4 without options + UDP, or with ipv6
 * set Ethernet + IPv6 without extension headers + UDP, whose source
 * address's last 32 bits count up instead (bench_generator builds it so). The UDP checksum is not
 * kept: the receiver's stack drops the frames after XDP either way.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 target_ifindex = 0;
const volatile __u32 flows = 1;
const volatile __u16 source_port_base = 10000;
const volatile __u32 ports_per_address = 50000;
const volatile __u32 source_address =
	0; /* host order: IPv4, or IPv6's last 32 bits */
const volatile __u8 ipv6 = 0;

const volatile __u32 sequence_length = 0;
const volatile __u8 random_order = 0;

/* A test run executes on one CPU, so plain counters are enough. */
__u32 next_flow = 0;
__u32 next_in_sequence = 0;

/* The flows to send, in order (sequence_length > 0); sized at load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} flow_sequence SEC(".maps");

/* The IPv4 header checksum of a 20-byte header whose check field is 0. */
static __u16 ipv4_checksum(const struct iphdr *ip)
{
	const __u16 *word = (const __u16 *)ip;
	__u32 sum = 0;

	for (int i = 0; i < 10; i++)
		sum += word[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int redirect_to_sender(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	struct ipv6hdr *ip6 = data + sizeof(struct ethhdr);
	struct udphdr *udp =
		data + sizeof(struct ethhdr) +
		(ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr));

	if (flows > 1) {
		__u32 n = next_flow;

		if (random_order) {
			/* Scaled to [0, flows) by a multiply: no modulo bias
			 * worth the name, and no division. */
			n = (__u32)(((__u64)bpf_get_prandom_u32() * flows) >>
				    32);
		} else if (sequence_length) {
			__u32 at = next_in_sequence;
			__u32 *flow = bpf_map_lookup_elem(&flow_sequence, &at);

			if (!flow)
				return XDP_ABORTED;
			n = *flow;
			next_in_sequence = at + 1 >= sequence_length ? 0 :
								       at + 1;
		}
		if ((void *)(udp + 1) > data_end)
			return XDP_ABORTED;
		udp->source =
			bpf_htons(source_port_base + n % ports_per_address);
		udp->check = 0;
		if (flows > ports_per_address) {
			__u32 address = bpf_htonl(source_address +
						  n / ports_per_address);

			if (ipv6) {
				ip6->saddr.in6_u.u6_addr32[3] = address;
			} else {
				ip->saddr = address;
				ip->check = 0;
				ip->check = ipv4_checksum(ip);
			}
		}
		if (++next_flow >= flows)
			next_flow = 0;
	}
	return bpf_redirect(target_ifindex, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
