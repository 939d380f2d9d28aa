/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Per-host counters of the local networks: every frame whose source or
 * destination is a local address adds to that host's slot in this CPU's
 * region of the current bank, before and whatever the flow table does with
 * it, so a full flow table never hides a local host's traffic. Userspace
 * reads and zeroes the idle bank's regions each poll (user/loader/
 * host_reader.cpp), as it does the flow records.
 */
#ifndef NETMON_BPF_HOST_COUNTERS_H
#define NETMON_BPF_HOST_COUNTERS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "netmon/host_counters.h"
#include "parsing.h"

/* The local networks and their slots, fixed at load. */
const volatile struct netmon_host_config netmon_host_cfg = {};
#define HOST_CONFIG(name) (netmon_host_cfg.name)

/* Every (bank, CPU) region's slots, HOST_CONFIG(slots) each, one region
 * after the other; sized at load, read through mmap. One writer per
 * region (its CPU, bottom halves off): plain stores suffice. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct netmon_host_counters);
} host_counters SEC(".maps");

/* The same regions' distinct-source sketches. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct netmon_host_sources);
} host_sources SEC(".maps");

/* Per bank: frames to or from a local host that had no region to count in
 * (a CPU id past the regions). Never expected; reported when not 0. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NETMON_NUM_BANKS);
	__type(key, __u32);
	__type(value, struct netmon_counter);
} host_unheld SEC(".maps");

/* The slot of a local address (16 bytes, 8-aligned: a flow key's), or -1.
 * The networks are few and fixed at load: a linear scan of masked compares
 * costs less than an LPM-trie lookup. */
static __always_inline __s64 host_slot(const __u8 *addr)
{
	const __u64 *w = (const __u64 *)addr;
	__u32 i;

	for (i = 0; i < NETMON_MAX_LOCAL_NETS; i++) {
		if (i >= HOST_CONFIG(nets))
			break;
		if ((w[0] & HOST_CONFIG(net[i].mask[0])) !=
			    HOST_CONFIG(net[i].prefix[0]) ||
		    (w[1] & HOST_CONFIG(net[i].mask[1])) !=
			    HOST_CONFIG(net[i].prefix[1]))
			continue;
		return HOST_CONFIG(net[i].base) +
		       ((((__u32)addr[14] << 8) | addr[15]) &
			HOST_CONFIG(net[i].host_mask));
	}
	return -1;
}

static __always_inline void count_direction(struct netmon_host_direction *d,
					    __u32 class, __u64 bytes)
{
	d->packets[class & (NETMON_NUM_HOST_CLASSES - 1)]++;
	d->bytes[class & (NETMON_NUM_HOST_CLASSES - 1)] += bytes;
}

/* Adds the frame's source to the sketch of the host in entry `at`. */
static __always_inline void note_source(__u32 at, const __u8 *src)
{
	const __u64 *w = (const __u64 *)src;
	struct netmon_host_sources *s = bpf_map_lookup_elem(&host_sources, &at);
	__u64 h = netmon_source_hash(w[0], w[1], HOST_CONFIG(sources_seed));
	__u32 i = netmon_hll_index(h) & (NETMON_HLL_REGISTERS - 1);
	__u8 rank = netmon_hll_rank(h);

	if (s && s->reg[i] < rank)
		s->reg[i] = rank;
}

/* Counts the frame into the slots of its local source and destination (the
 * same slot twice for a host talking to itself), and, with note_sources,
 * its source into the destination's sketch. `cpu` may be any id. */
static __always_inline int count_hosts(const struct parsed_frame *pf,
				       __u32 bank, __u32 cpu, __u32 nr_cpus,
				       __u64 bytes, __u32 note_sources)
{
	__s64 src, dst;
	__u32 base, class, at;
	struct netmon_host_counters *h;

	if (!pf || HOST_CONFIG(nets) == 0 || pf->key.kind == NETMON_KIND_L2)
		return 0;
	bank &= NETMON_NUM_BANKS - 1;
	src = host_slot(pf->key.src);
	dst = host_slot(pf->key.dst);
	if (src < 0 && dst < 0)
		return 0;
	if (cpu >= nr_cpus) {
		struct netmon_counter *c =
			bpf_map_lookup_elem(&host_unheld, &bank);

		if (c) {
			c->packets++;
			c->bytes += bytes;
		}
		return 0;
	}
	base = netmon_host_region(bank, cpu, nr_cpus) * HOST_CONFIG(slots);
	class = netmon_host_class_of(pf->key.proto);
	if (dst >= 0) {
		at = base + (__u32)dst;
		h = bpf_map_lookup_elem(&host_counters, &at);
		if (h) {
			count_direction(&h->received, class, bytes);
			h->syn_received += is_syn(pf);
			if (note_sources)
				note_source(at, pf->key.src);
		}
	}
	if (src >= 0) {
		at = base + (__u32)src;
		h = bpf_map_lookup_elem(&host_counters, &at);
		if (h)
			count_direction(&h->sent, class, bytes);
	}
	return 0;
}

#endif /* NETMON_BPF_HOST_COUNTERS_H */
