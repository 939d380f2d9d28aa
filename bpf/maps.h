/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Map definitions: BPF side only (userspace sees them via the skeleton). */
#ifndef NETMON_MAPS_H
#define NETMON_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "netmon/flow.h"

/* One CPU's flow table for one generation: a plain hash, written by that
 * CPU only, so plain adds are safe and the counters sit inline in the
 * element (a per-CPU hash keeps them behind a pointer: one more cache miss
 * per packet). Userspace creates one per (generation, possible CPU), sized
 * --max-flows, and stores them into flow_tables; this is the template the
 * verifier checks the program against. */
struct flow_table {
	__uint(type, BPF_MAP_TYPE_HASH);
	/* Sizes, not __type(): BTF of a type only reachable through the
	 * template would be a forward declaration libbpf cannot size. */
	__uint(key_size, sizeof(struct netmon_flow_key));
	__uint(value_size, sizeof(struct netmon_flow_value));
	__uint(max_entries, 1);
};

/*
 * Every flow table, at netmon_flow_table_index(slot, cpu, nr_cpus);
 * userspace sets max_entries to NETMON_NUM_SLOTS * nr_cpus. Going through a
 * map-in-map is what makes the flip safe: updating an ARRAY_OF_MAPS element
 * makes the syscall wait for an RCU grace period (kernel/bpf/syscall.c,
 * maybe_wait_bpf_programs), after which no program still holds the old slot.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, NETMON_NUM_SLOTS);
	__type(key, __u32);
	__array(values, struct flow_table);
} flow_tables SEC(".maps");

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
