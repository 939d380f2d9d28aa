// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The floor: an XDP program that only passes frames. Tests attach it as
 * "someone else's program"; benchmarks measure netmon-xdp against it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
