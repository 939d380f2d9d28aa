// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Traffic generator: run with BPF_PROG_TEST_RUN and
 * BPF_F_TEST_XDP_LIVE_FRAMES, every repetition of the test frame is sent
 * out of target_ifindex (the sender's veth) as a real frame.
 *
 * With flows > 1 each repetition gets the next UDP source port of
 * source_port_base .. source_port_base + flows - 1, so the frames belong to
 * that many flows. The frame must then be Ethernet + IPv4 without options +
 * UDP (bench_generator builds it so).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 target_ifindex = 0;
const volatile __u32 flows = 1;
const volatile __u16 source_port_base = 10000;

/* A test run executes on one CPU, so a plain counter is enough. */
__u32 next_flow = 0;

SEC("xdp")
int redirect_to_sender(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct udphdr *udp =
		data + sizeof(struct ethhdr) + sizeof(struct iphdr);

	if (flows > 1) {
		if ((void *)(udp + 1) > data_end)
			return XDP_ABORTED;
		udp->source = bpf_htons(source_port_base + next_flow);
		/* IPv4 allows no UDP checksum; the old one no longer fits. */
		udp->check = 0;
		if (++next_flow >= flows)
			next_flow = 0;
	}
	return bpf_redirect(target_ifindex, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
