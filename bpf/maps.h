/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Map definitions: BPF side only (userspace sees them via the skeleton). */
#ifndef NETMON_MAPS_H
#define NETMON_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "netmon/flow.h"

/* One generation of the flow table. Per-CPU, so the hot path needs no
 * atomics; userspace sets max_entries (--max-flows) before load. */
struct flow_table {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, struct netmon_flow_key);
	__type(value, struct netmon_flow_stats);
	__uint(max_entries, 65536);
};

struct flow_table flows_slot0 SEC(".maps");
struct flow_table flows_slot1 SEC(".maps");

/*
 * The two generations, indexed by active_slot. Going through a map-in-map
 * is what makes the flip safe: updating an ARRAY_OF_MAPS element makes the
 * syscall wait for an RCU grace period (kernel/bpf/syscall.c,
 * maybe_wait_bpf_programs), after which no program still holds the old slot.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, NETMON_NUM_SLOTS);
	__type(key, __u32);
	__array(values, struct flow_table);
} flow_tables SEC(".maps") = {
	.values = { &flows_slot0, &flows_slot1 },
};

/* Counters of both generations and both hooks: see netmon_counter_key(). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NETMON_COUNTERS_ENTRIES);
	__type(key, __u32);
	__type(value, struct netmon_counter);
} counters SEC(".maps");

/* Targets of the user's filter, indexed by enum netmon_filter_verdict. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} filter_verdicts SEC(".maps");

#endif /* NETMON_MAPS_H */
