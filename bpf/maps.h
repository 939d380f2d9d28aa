/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Map definitions: BPF side only (userspace sees them via the skeleton). */
#ifndef NETMON_MAPS_H
#define NETMON_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "netmon/flow.h"

/* Every (bank, CPU) region's index, index_buckets cache lines each, one
 * region after the other (netmon_flow_region). Only the region's CPU
 * writes it while its bank is active, and XDP and TC both run with bottom
 * halves off, one program at a time per CPU: plain stores suffice.
 * Userspace clears the slots its copied records name while the bank is
 * idle. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct netmon_index_bucket);
} flow_index SEC(".maps");

/* Every region's records, max_flows each, in the order its flows arrived;
 * userspace sizes it and reads it through mmap. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct netmon_flow_record);
} flow_records SEC(".maps");

/* How many records each region took; userspace reads and zeroes it through
 * mmap when it has copied the region. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct netmon_records_used);
} records_used SEC(".maps");

/* Nothing but the flip: updating an ARRAY_OF_MAPS element makes the syscall
 * wait for an RCU grace period (kernel/bpf/syscall.c,
 * maybe_wait_bpf_programs), after which no program still counts into the
 * old bank. Userspace re-stores its one element each poll; the program
 * never reads it. */
struct rcu_wait_inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct rcu_wait_inner);
} rcu_wait SEC(".maps");

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
	__uint(max_entries, NETMON_NUM_FILTER_VERDICTS);
	__type(key, __u32);
	__type(value, __u32);
} filter_verdicts SEC(".maps");

/* The same for the filter's TC translation on the egress hook: a program
 * array holds programs of one type only. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, NETMON_NUM_FILTER_VERDICTS);
	__type(key, __u32);
	__type(value, __u32);
} egress_filter_verdicts SEC(".maps");

#endif /* NETMON_MAPS_H */
