/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The per-CPU flow tables (see struct netmon_flow_record): a frame's flow is
 * looked up in its region's index and counted in its record, or given the
 * next free record. Included by netmon.bpf.c after CONFIG() is defined.
 */
#ifndef NETMON_FLOW_TABLE_H
#define NETMON_FLOW_TABLE_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "netmon/flow.h"
#include "maps.h"

/* The key's 44 bytes, seeded per load: each word times its own odd
 * constant, the six products XORed, then one multiply-xorshift round to
 * mix. The products are independent, so the CPU overlaps them: the
 * bucket's address, and the cache miss on it at many flows, come about
 * twenty cycles sooner than from a chain of six dependent multiplies
 * (bench/README.md, "Closer to the one access"). */
static __always_inline __u64 key_hash(const struct netmon_flow_key *key)
{
	const __u64 *w = (const __u64 *)key;
	const __u64 s = CONFIG(hash_seed);
	__u64 h = ((w[0] ^ s) * 0xff51afd7ed558ccdULL) ^
		  ((w[1] ^ s) * 0xc4ceb9fe1a85ec53ULL) ^
		  ((w[2] ^ s) * 0x9e3779b97f4a7c15ULL) ^
		  ((w[3] ^ s) * 0xd6e8feb86659fd93ULL) ^
		  ((w[4] ^ s) * 0xa0761d6478bd642fULL) ^
		  ((((const __u32 *)key)[10] ^ s) * 0xe7037ed1a0b428dbULL);

	h ^= h >> 32;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32);
}

static __always_inline int keys_equal(const struct netmon_flow_key *a,
				      const struct netmon_flow_key *b)
{
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;

	return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) |
		(x[4] ^ y[4]) |
		(((const __u32 *)a)[10] ^ ((const __u32 *)b)[10])) == 0;
}

/* A key copied a word at a time: both ends are 8-aligned (a record, a
 * parsed frame), which the key's type alone does not tell the compiler
 * (it would copy 2 bytes at a time). */
static __always_inline void copy_key(struct netmon_flow_key *to,
				     const struct netmon_flow_key *from)
{
	__u64 *t = (__u64 *)to;
	const __u64 *f = (const __u64 *)from;

	t[0] = f[0];
	t[1] = f[1];
	t[2] = f[2];
	t[3] = f[3];
	t[4] = f[4];
	((__u32 *)to)[10] = ((const __u32 *)from)[10];
}

/* One frame's walk along its index buckets (the bpf_loop state). The key
 * and the frame's counts stay where the caller built them: the walk reads
 * them through pointers instead of copying 92 bytes into its state. */
struct flow_probe {
	const struct netmon_flow_key *key; /* 8-aligned: for key_hash() */
	const struct netmon_flow_value *init; /* the record if the flow is new */
	__u64 flags; /* TCP flags, shifted into packets_and_flags */
	__u32 region;
	__u32 bucket; /* within the region's index */
	__u32 fingerprint; /* the hash's bits above record_bits */
	__s32 result; /* 1: a new record; 0: counted; -1: no record left (the default) */
};

/* The flow is new in this generation: takes the region's next record for
 * it and names it in the free slot `s` of bucket `b`; 1, or -1 if the
 * region's records are all taken (--max-flows flows). */
static __always_inline int take_record(struct flow_probe *p,
				       struct netmon_index_bucket *b, __u32 s)
{
	struct netmon_records_used *used;
	struct netmon_flow_record *r;
	__u32 n, at;

	used = bpf_map_lookup_elem(&records_used, &p->region);
	if (!used || used->count >= CONFIG(max_flows))
		return -1;
	n = (__u32)used->count;
	at = p->region * CONFIG(max_flows) + n;
	r = bpf_map_lookup_elem(&flow_records, &at);
	if (!r)
		return -1;
	copy_key(&r->key, p->key);
	r->value = *p->init;
	r->slot = p->bucket * NETMON_INDEX_SLOTS + s;
	used->count = n + 1;
	b->slot[s] = (n + 1) | p->fingerprint;
	return 1;
}

static __always_inline void add_frame(struct netmon_flow_value *v,
				      const struct flow_probe *p)
{
	const struct netmon_flow_value *f = p->init;

	v->packets_and_flags = (v->packets_and_flags + 1) | p->flags;
	v->bytes += f->bytes;
	v->ip_bytes += f->ip_bytes;
	v->syn_packets += f->syn_packets;
	v->last_seen_ns = f->last_seen_ns;
}

/* One index bucket: its slots in order until the flow's record (add the
 * frame), a free slot (take a record), or the end of the bucket (go on to
 * the next bucket). */
static long probe_index_bucket(__u64 i, void *arg)
{
	struct flow_probe *p = arg;
	__u32 at = p->region * CONFIG(index_buckets) + p->bucket;
	struct netmon_index_bucket *b = bpf_map_lookup_elem(&flow_index, &at);
	__u32 records = (1U << CONFIG(record_bits)) - 1;
	__u32 s;

	if (!b)
		return 1;
	for (s = 0; s < NETMON_INDEX_SLOTS; s++) {
		__u32 slot = b->slot[s];
		struct netmon_flow_record *r;
		__u32 rec;

		if (slot == 0) {
			p->result = take_record(p, b, s);
			return 1;
		}
		if ((slot & ~records) != p->fingerprint)
			continue;
		rec = p->region * CONFIG(max_flows) + (slot & records) - 1;
		r = bpf_map_lookup_elem(&flow_records, &rec);
		if (!r || !keys_equal(&r->key, p->key))
			continue;
		add_frame(&r->value, p);
		p->result = 0;
		return 1;
	}
	p->bucket = p->bucket + 1 == CONFIG(index_buckets) ? 0 : p->bucket + 1;
	return 0;
}

/* Adds the frame (`init`: its counts as a new record) to its flow in
 * `region`: 1 if the flow is new (it took a record), 0 if it had one, -1 if
 * the flow is new and the region's records are all taken. The index is at
 * most 4/5 full, so a walk of every bucket always ends at the flow's slot
 * or a free one: the bound is never reached. The walk runs in bpf_loop,
 * whose callback the verifier checks once, not once per probe and parser
 * path. */
static __always_inline int flow_table_add(__u32 region,
					  const struct netmon_flow_key *key,
					  const struct netmon_flow_value *init,
					  __u64 flags)
{
	__u32 buckets = CONFIG(index_buckets);
	struct flow_probe p = {
		.key = key,
		.init = init,
		.flags = flags,
		.region = region,
		.result = -1,
	};
	__u64 h = key_hash(key);

	/* The hash's top 32 bits scaled to [0, buckets): no modulo; its low
	 * bits above the record number are the fingerprint. */
	p.bucket = (__u32)(((h >> 32) * buckets) >> 32);
	p.fingerprint = (__u32)h & ~((1U << CONFIG(record_bits)) - 1);
	bpf_loop(buckets, probe_index_bucket, &p, 0);
	return p.result;
}

#endif /* NETMON_FLOW_TABLE_H */
