// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * netmon-xdp: count every frame into per-CPU flow and protocol counters.
 * One parser, two hooks: XDP sees what arrives (ingress), a TC program on
 * the egress hook sees what the host sends. Neither ever drops or modifies
 * a frame: every path returns XDP_PASS or TC_ACT_UNSPEC.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "netmon/flow.h"
#include "maps.h"
#include "parsing.h"
#include "host_counters.h"

/* Settings fixed at load; read through CONFIG() so they are greppable. */
const volatile struct netmon_config netmon_cfg = {};
#define CONFIG(name) (netmon_cfg.name)

#include "flow_table.h"

/* Generation the program counts into: userspace adds one each poll; its low
 * bit is the bank (see NETMON_NUM_BANKS). */
volatile __u32 active_generation;
/* Replay (NETMON_CLOCK_REPLAY) only: the capture's timestamp of the frame,
 * and its original length on the wire (the capture may hold fewer bytes,
 * or a rebuilt Ethernet header). */
volatile __u64 replay_clock_ns;
volatile __u32 replay_frame_len;

static __always_inline __u64 now_ns(void)
{
	if (CONFIG(clock) == NETMON_CLOCK_REPLAY)
		return replay_clock_ns;
	/* Coarse clock: a few ns instead of ~20 per packet, jiffy resolution
	 * is plenty for first/last-seen and for ageing in seconds. */
	return bpf_ktime_get_coarse_ns();
}

static __always_inline void count(__u32 bank, __u32 hook, __u32 index,
				  __u64 bytes)
{
	__u32 key = netmon_counter_key(bank, hook, index);
	struct netmon_counter *c = bpf_map_lookup_elem(&counters, &key);

	if (c) {
		c->packets++;
		c->bytes += bytes;
	}
}

/* Add the frame to its flow's record in this CPU's region of the current
 * generation (bpf/flow_table.h); 1 if that made the record, 0 if it was
 * there, -1 if the region had no record left. `cpu` is below nr_cpus. */
static __always_inline int count_flow(__u32 generation, __u32 cpu,
				      struct parsed_frame *pf, __u64 bytes)
{
	__u64 now = now_ns();
	__u64 flags = (__u64)pf->tcp_flags << NETMON_FLOW_FLAGS_SHIFT;
	struct netmon_flow_value init = {
		.packets_and_flags = 1 | flags,
		.bytes = bytes,
		.ip_bytes = ip_bytes_of(pf, bytes),
		.syn_packets = is_syn(pf),
		.first_seen_ns = now,
		.last_seen_ns = now,
	};

	return flow_table_add(netmon_flow_region(generation &
							 (NETMON_NUM_BANKS - 1),
						 cpu, CONFIG(nr_cpus)),
			      &pf->key, &init, flags);
}

/* count_hosts as a global function, verified once on its own: for the
 * egress program, where inlined its paths multiplied those of the parser
 * (and the pull) before it past the verifier's million instructions. The
 * ingress programs inline it: a call costs a few ns a frame. (A BPF
 * function takes at most five arguments: nr_cpus is read here.) */
__noinline int count_hosts_out_of_line(const struct parsed_frame *pf,
				       __u32 bank, __u32 cpu, __u64 bytes,
				       __u32 note_sources)
{
	return count_hosts(pf, bank, cpu, CONFIG(nr_cpus), bytes, note_sources);
}

/* count_hosts, out of line for egress; the hook is a constant in each
 * program, so the compiler keeps one call. */
static __always_inline void count_hosts_of(const struct parsed_frame *pf,
					   __u32 hook, __u32 bank, __u32 cpu,
					   __u64 bytes, __u32 note_sources)
{
	if (hook == NETMON_HOOK_EGRESS)
		count_hosts_out_of_line(pf, bank, cpu, bytes, note_sources);
	else
		count_hosts(pf, bank, cpu, CONFIG(nr_cpus), bytes,
			    note_sources);
}

/* Count one parsed frame; every hook ends here. */
static __always_inline void account_frame(struct parsed_frame *pf, __u32 hook,
					  __u64 bytes)
{
	/* A plain (volatile) read: the region index depends on it, and the
	 * address dependency orders the reads of that region after it (see
	 * NetmonObject::set_active_generation). */
	__u32 generation = active_generation;
	__u32 bank = generation & (NETMON_NUM_BANKS - 1);
	__u32 cpu = bpf_get_smp_processor_id();

	int added;

	pf->key.hook = hook;
	count(bank, hook, pf->counter, bytes);
	/* A CPU id past the regions would index the next bank's regions (or
	 * past the maps): count it, and the frame as overflow, and write no
	 * record. */
	if (cpu >= CONFIG(nr_cpus)) {
		count_hosts_of(pf, hook, bank, cpu, bytes, 1);
		count(bank, hook, NETMON_CTR_CPU_WITHOUT_REGION, bytes);
		count(bank, hook, NETMON_CTR_FLOW_OVERFLOW, bytes);
		return;
	}
	added = count_flow(generation, cpu, pf, bytes);
	if (added < 0)
		count(bank, hook, NETMON_CTR_FLOW_OVERFLOW, bytes);
	/* Every frame of a flow has the flow's source: the distinct-source
	 * sketch needs it from the frame that made the record, or from a
	 * frame that found no room; the others would only hash it again. */
	count_hosts_of(pf, hook, bank, cpu, bytes, added != 0);
}

static __always_inline __u64 frame_bytes(struct xdp_md *ctx)
{
	/* Replay always sets it: a capture can record a 0-byte frame. */
	if (CONFIG(clock) == NETMON_CLOCK_REPLAY)
		return replay_frame_len;
	/* Whole frame length, fragments of a multi-buffer frame included. */
	return bpf_xdp_get_buff_len(ctx);
}

/* "frags": accept multi-buffer frames (jumbo MTU, GRO on veth) instead of
 * making the driver refuse to attach; the parser reads the linear part. */
SEC("xdp.frags")
int netmon_xdp(struct xdp_md *ctx)
{
	struct parsed_frame pf = {};

	parse_frame((void *)(long)ctx->data, (void *)(long)ctx->data_end, &pf);
	account_frame(&pf, NETMON_HOOK_INGRESS, frame_bytes(ctx));
	return XDP_PASS;
}

/*
 * With --filter, the attached program is the user's filter translated from
 * classic BPF (user/filter/); it tail-calls netmon_xdp on a match and this
 * program otherwise, through filter_verdicts.
 */
SEC("xdp.frags")
int netmon_xdp_filtered_out(struct xdp_md *ctx)
{
	count(active_generation & (NETMON_NUM_BANKS - 1), NETMON_HOOK_INGRESS,
	      NETMON_CTR_FILTERED_OUT, frame_bytes(ctx));
	return XDP_PASS;
}

/* Replay's batch (see struct netmon_replay_frame): entries in capture
 * order, written by userspace before each test run; how many it holds, and
 * how many the program counted. */
struct netmon_replay_frame replay_batch[NETMON_REPLAY_BATCH_MAX];
volatile __u32 replay_batch_frames;
volatile __u32 replay_batch_counted;

/* Where the program's window on the buffer is now, as offsets. */
struct batch_window {
	struct xdp_md *ctx;
	__u32 data;
	__u32 data_end;
};

/* The frame in the window, counted as netmon_xdp counts it. A global
 * function: the verifier checks it once, on its own, instead of once for
 * every state in which the bpf_loop callback reaches it (which made loading
 * the replay program take four times as long as netmon_xdp). */
__noinline int replay_count_frame(struct xdp_md *ctx)
{
	struct parsed_frame pf = {};

	if (!ctx)
		return 0;
	parse_frame((void *)(long)ctx->data, (void *)(long)ctx->data_end, &pf);
	account_frame(&pf, NETMON_HOOK_INGRESS, replay_frame_len);
	return 0;
}

static long replay_batch_frame(__u64 i, void *arg)
{
	struct batch_window *w = arg;
	struct netmon_replay_frame *f;

	if (i >= NETMON_REPLAY_BATCH_MAX)
		return 1;
	f = &replay_batch[i];
	/* The window becomes exactly the frame: the head moves either way,
	 * so it goes first; the tail, which only shrinks (growing it zeroes
	 * the bytes it uncovers), then cuts what lies after the frame. That
	 * is why the frames lie last one first. */
	if (bpf_xdp_adjust_head(w->ctx, (int)f->offset - (int)w->data))
		return 1;
	w->data = f->offset;
	if (bpf_xdp_adjust_tail(w->ctx, (int)(f->offset + f->length) -
						(int)w->data_end))
		return 1;
	w->data_end = f->offset + f->length;

	replay_clock_ns = f->timestamp_ns;
	replay_frame_len = f->wire_length;
	replay_count_frame(w->ctx);
	replay_batch_counted = i + 1;
	return 0;
}

/*
 * Replay only (loaded with NETMON_CLOCK_REPLAY): counts a batch of frames
 * in one test run, each exactly as netmon_xdp counts it, so that a replay
 * costs one syscall per batch instead of one per frame.
 */
SEC("xdp.frags")
int netmon_replay_batch(struct xdp_md *ctx)
{
	struct batch_window w = {
		.ctx = ctx,
		.data = 0,
		.data_end = ctx->data_end - ctx->data,
	};

	replay_batch_counted = 0;
	bpf_loop(replay_batch_frames, replay_batch_frame, &w, 0);
	return XDP_PASS;
}

/* Bytes the parser may need: Ethernet, two VLAN tags, IPv6 and a chain of
 * extension headers, the TCP flags. */
#define TC_PULL_MAX 256

/* egress_count's answer when the headers lie in the paged part. */
#define EGRESS_PULL 1

/*
 * Parses the skb and counts it, or, when may_pull is set and the headers
 * lie in the paged part of a non-linear skb, counts nothing and answers
 * EGRESS_PULL. A global function: the verifier checks it once, on its own;
 * inlined twice (before and after the pull) it checked the parser and the
 * accounting for every path through both, five times netmon_xdp's work.
 */
__noinline int egress_count(struct __sk_buff *skb, __u32 may_pull)
{
	struct parsed_frame pf = {};
	__u32 linear;

	if (!skb)
		return 0;
	linear = skb->data_end - skb->data;
	parse_frame((void *)(long)skb->data, (void *)(long)skb->data_end, &pf);
	if (may_pull && pf.truncated && linear < skb->len &&
	    linear < TC_PULL_MAX)
		return EGRESS_PULL;
	account_frame(&pf, NETMON_HOOK_EGRESS, skb->len);
	return 0;
}

/*
 * Egress: attached to the interface's TC egress hook (TCX link, or a
 * clsact filter on older kernels). It counts each skb as the stack hands
 * it to the driver: one packet of skb->len bytes, a GSO super-packet
 * included, which is what the interface's own tx counters (and a veth
 * peer's rx counters) count. See docs/directions.md.
 */
SEC("tc")
int netmon_egress(struct __sk_buff *skb)
{
	/* Headers in the paged part: pull them into the linear part and parse
	 * again. Only then: pulling a cloned skb (TCP keeps clones for
	 * retransmission) copies its head. Contents stay. If the pull fails,
	 * the second parse sees what the first saw and counts it. */
	if (egress_count(skb, 1) == EGRESS_PULL) {
		__u32 want = skb->len < TC_PULL_MAX ? skb->len : TC_PULL_MAX;

		bpf_skb_pull_data(skb, want);
		egress_count(skb, 0);
	}
	return TC_ACT_UNSPEC;
}

/*
 * With --filter on the egress hook, the attached program is the filter
 * translated for TC; it tail-calls netmon_egress on a match and this
 * program otherwise, through egress_filter_verdicts.
 */
SEC("tc")
int netmon_egress_filtered_out(struct __sk_buff *skb)
{
	count(active_generation & (NETMON_NUM_BANKS - 1), NETMON_HOOK_EGRESS,
	      NETMON_CTR_FILTERED_OUT, skb->len);
	return TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
