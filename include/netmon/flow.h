/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Structures shared by the XDP program (bpf/) and userspace (user/).
 * Defined once, here: both sides include this header, so they cannot drift.
 * Every struct has explicit padding and a size assertion, because the flow
 * table hashes keys byte by byte and userspace sizes its reads from these.
 */
#ifndef NETMON_FLOW_H
#define NETMON_FLOW_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#ifdef __cplusplus
#define NETMON_STATIC_ASSERT static_assert
#else
#define NETMON_STATIC_ASSERT _Static_assert
#endif

/* IP protocols whose header starts with 16-bit source and destination
 * ports: TCP, UDP, DCCP, SCTP, UDP-Lite. The parser reads their ports and
 * userspace shows them; one list, so the two cannot disagree. */
static inline int netmon_proto_has_ports(__u8 proto)
{
	return proto == 6 || proto == 17 || proto == 33 || proto == 132 ||
	       proto == 136;
}

/* What the address fields of a flow key hold. */
enum netmon_flow_kind {
	/* Not (parseable) IP: addresses are the Ethernet source and
	 * destination MACs in the first 6 bytes; ethertype says what it was. */
	NETMON_KIND_L2 = 0,
	/* IPv4: addresses are IPv4-mapped IPv6 (::ffff:a.b.c.d, RFC 4291). */
	NETMON_KIND_IPV4 = 1,
	NETMON_KIND_IPV6 = 2,
};

/* The hook a frame was counted at: every counter and flow carries it, so a
 * frame is counted once and each hook's totals match the interface's own rx
 * (ingress, XDP) or tx (egress, TC) counters. */
enum netmon_hook {
	NETMON_HOOK_INGRESS = 0,
	NETMON_HOOK_EGRESS = 1,
};
#define NETMON_NUM_HOOKS 2

/*
 * One flow: the 5-tuple of the innermost (after VLAN tags) L3 header, and
 * the hook it was seen at.
 * sport/dport are host byte order; for ICMP and ICMPv6, sport is 0 and dport
 * is type << 8 | code (the NetFlow/IPFIX convention); for a non-first
 * fragment and for protocols without ports both are 0.
 * 44 bytes; the explicit pad keeps the hash free of stray bytes.
 */
struct netmon_flow_key {
	__u8 src[16];
	__u8 dst[16];
	__u16 sport;
	__u16 dport;
	__u16 ethertype; /* innermost EtherType, host byte order */
	__u8 proto; /* IP protocol number; 0 for NETMON_KIND_L2 */
	__u8 kind; /* enum netmon_flow_kind */
	__u8 hook; /* enum netmon_hook */
	__u8 pad[3];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_flow_key) == 44, "flow key layout");

/*
 * One flow's counters in one CPU's records (struct netmon_flow_record).
 * 48 bytes, so a record (44 B key, tag, this) is 96 B and spans two cache
 * lines where a 32-byte value fitted 80 B. Packing
 * cannot win the line back exactly: an hour at 20 Mpps on one CPU is 7.2e10
 * frames, so packets and SYNs need 37 bits each, the two byte counts at
 * least 43 each (64 B frames), the flags 8: 168 bits, more than the 128 that
 * 32 bytes leave beside the two times. 40 bytes would still span three
 * lines, so the fields stay whole words. Cost: see bench/README.md.
 * Times are the BPF clock (CLOCK_MONOTONIC-based) in ns, or the capture's
 * clock in replay.
 */
struct netmon_flow_value {
	__u64 packets_and_flags; /* see NETMON_FLOW_PACKETS_MASK */
	__u64 bytes; /* frames' bytes (IPFIX layer2OctetDeltaCount) */
	/* IP header plus payload (IPFIX octetDeltaCount), of the outermost IP
	 * header after the VLAN tags (the one the key is built from): IPv4
	 * total length; IPv6 40 + payload length. A length field of 0 (BIG
	 * TCP, GSO, IPv6 jumbogram) counts the frame's bytes from the start of
	 * the IP header; any other value counts as the header says, also when
	 * the frame holds fewer bytes. 0 for frames of NETMON_KIND_L2. */
	__u64 ip_bytes;
	/* TCP segments with SYN set and ACK clear (connection attempts). A
	 * non-first fragment has no TCP header and is never one. */
	__u64 syn_packets;
	__u64 first_seen_ns;
	__u64 last_seen_ns;
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_flow_value) == 48,
		     "flow value layout");

/* Low 56 bits: packets (2^56 in one interval is out of reach); top 8 bits:
 * the TCP flags of those packets, ORed. */
#define NETMON_FLOW_FLAGS_SHIFT 56
#define NETMON_FLOW_PACKETS_MASK ((1ULL << NETMON_FLOW_FLAGS_SHIFT) - 1)

/* A flow merged over every CPU that counted it (userspace): sums, earliest
 * first_seen, latest last_seen, ORed tcp_flags. */
struct netmon_flow_stats {
	__u64 packets;
	__u64 bytes;
	__u64 ip_bytes; /* see netmon_flow_value */
	__u64 syn_packets; /* see netmon_flow_value */
	__u64 first_seen_ns;
	__u64 last_seen_ns;
	__u8 tcp_flags;
	__u8 pad[7];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_flow_stats) == 56,
		     "flow stats layout");

struct netmon_counter {
	__u64 packets;
	__u64 bytes;
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_counter) == 16, "counter layout");

/*
 * Index of a counter within one (generation, hook) block of the counters
 * array; the array index is netmon_counter_key() below.
 * Classes 0..NETMON_CTR_LAST_CLASS partition every counted frame exactly
 * once; OVERFLOW and FILTERED_OUT are side counters, not classes.
 */
enum netmon_counter_index {
	/* 0..255: IP frames by IP protocol number (IPv6: after extension headers). */
	NETMON_CTR_IP_PROTO_BASE = 0,
	NETMON_CTR_ARP = 256,
	NETMON_CTR_OTHER_L2 = 257, /* any other EtherType, or 802.3 length */
	NETMON_CTR_MALFORMED_IP = 258, /* IP EtherType, header unreadable */
	/* IPv6 whose extension headers go on past the parser's bound
	 * (IPV6_EXT_MAX_CHAIN in bpf/parsing.h): the transport is unknown.
	 * Its flow key has proto NETMON_PROTO_UNKNOWN and no ports. */
	NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG = 259,
	NETMON_CTR_LAST_CLASS = NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG,
	/* Frames counted above that found their CPU's flow records full
	 * (--max-flows records taken in this generation): nothing else. */
	NETMON_CTR_FLOW_OVERFLOW = 260,
	/* Frames the user's filter excluded (not in any class). */
	NETMON_CTR_FILTERED_OUT = 261,
	/* Frames counted on a CPU whose id is not below nr_cpus, which has no
	 * flow region: each also counts as FLOW_OVERFLOW (in its class, in no
	 * flow). Never expected: nr_cpus is the highest possible CPU + 1. */
	NETMON_CTR_CPU_WITHOUT_REGION = 262,
	NETMON_NUM_COUNTERS = 263,
};

/* Flow key proto of a frame whose transport the parser could not reach:
 * 255, which IANA keeps reserved, so it is never a real protocol's. */
#define NETMON_PROTO_UNKNOWN 255

/*
 * The program counts into one of two banks of the flow records and the
 * counters: the bank is the low bit of the generation, which userspace
 * advances each poll; it then waits for an RCU grace period and reads the
 * idle bank. See docs/design.md (glossary).
 */
#define NETMON_NUM_BANKS 2

/*
 * Each (bank, CPU) region is a flow table of its own that userspace reads
 * through mmap: a compact index (struct netmon_index_bucket) in front of
 * flow records stored densely in the order the flows arrived in the
 * generation. A frame of a known flow reads one index cache line and its
 * record, so the lines a CPU touches follow its active flows, not the
 * table's size; the records 0..records_used are the region's flows, which
 * a poll copies with no syscall, no lock and no sort. After the copy
 * userspace clears exactly the index slots those records name (each record
 * remembers its slot), so every generation starts with an empty index.
 * See docs/design.md "Flow table".
 */
struct netmon_flow_record {
	struct netmon_flow_key key;
	/* The index slot that names this record: bucket * NETMON_INDEX_SLOTS
	 * + position, within its region's index. */
	__u32 slot;
	struct netmon_flow_value value;
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_flow_record) == 96,
		     "flow record layout");

/*
 * One cache line of a region's index: 16 slots, filled in order, never
 * emptied within a generation, so the first 0 ends a flow's probe. A taken
 * slot holds the record number + 1 in its low netmon_record_bits() bits
 * and, above them, the same bits of the flow's hash (a fingerprint: a
 * record is read only when they match).
 */
#define NETMON_INDEX_SLOTS 16
struct netmon_index_bucket {
	__u32 slot[NETMON_INDEX_SLOTS];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_index_bucket) == 64,
		     "index bucket layout");

/* Bits of a slot that hold record number + 1 (at most max_flows): the rest
 * are fingerprint. max_flows >= 1. */
static inline __u32 netmon_record_bits(__u32 max_flows)
{
	return 32 - __builtin_clz(max_flows);
}

/* Index buckets of one region: at least 1.25 slots per record, so the index
 * is at most 4/5 full and a probe always ends at the flow's slot or a free
 * one; only the records can be full. 1.25 rather than 1.5: a smaller index
 * misses the cache less at many flows (bench/README.md). */
static inline __u32 netmon_index_buckets(__u32 max_flows)
{
	__u64 slots = (__u64)max_flows + ((__u64)max_flows + 3) / 4;

	return (__u32)((slots + NETMON_INDEX_SLOTS - 1) / NETMON_INDEX_SLOTS);
}

/* Records a region has handed out: records 0..count - 1 are its flows (at
 * most --max-flows; a frame that finds them full counts as overflow). A
 * cache line each, so CPUs never write the same line. */
struct netmon_records_used {
	__u64 count;
	__u64 pad[7];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_records_used) == 64,
		     "records used layout");

/* Index of a (bank, CPU) region: its counter in records_used; its index
 * starts at region * index buckets in flow_index, its records at
 * region * max_flows in flow_records. */
static inline __u32 netmon_flow_region(__u32 bank, __u32 cpu, __u32 nr_cpus)
{
	return bank * nr_cpus + cpu;
}

/* Counters array layout: (bank * NETMON_NUM_HOOKS + hook) * NUM_COUNTERS + index. */
#define NETMON_COUNTERS_ENTRIES \
	(NETMON_NUM_BANKS * NETMON_NUM_HOOKS * NETMON_NUM_COUNTERS)
static inline __u32 netmon_counter_key(__u32 bank, __u32 hook, __u32 index)
{
	return (bank * NETMON_NUM_HOOKS + hook) * NETMON_NUM_COUNTERS + index;
}

/* Indexes of the filter_verdicts program array the user's filter jumps to. */
enum netmon_filter_verdict {
	NETMON_FILTER_MATCH = 0, /* netmon_xdp: count the frame */
	NETMON_FILTER_NO_MATCH = 1, /* netmon_xdp_filtered_out */
};
#define NETMON_NUM_FILTER_VERDICTS 2

/* Where the per-packet timestamp comes from; fixed at load in .rodata. */
enum netmon_clock {
	NETMON_CLOCK_COARSE = 0, /* bpf_ktime_get_coarse_ns(): live, cheap */
	NETMON_CLOCK_REPLAY = 1, /* replay_clock_ns written by userspace */
};

/*
 * Replay's batches: up to NETMON_REPLAY_BATCH_MAX frames packed into one
 * test-run buffer, counted by netmon_replay_batch in one BPF_PROG_TEST_RUN.
 * Userspace writes one entry per frame, in capture order, into the
 * program's .bss; the frames lie in the buffer last one first (the program
 * can only cut the buffer's tail, never grow it back: see the program).
 * A batch fits the test run's linear data, at most 3520 bytes, and a frame
 * is at least 14, so 256 entries always suffice.
 */
#define NETMON_REPLAY_BATCH_MAX 256
struct netmon_replay_frame {
	__u32 offset; /* of the frame in the test-run data */
	__u32 length; /* bytes fed: the captured frame, padded or cut */
	__u32 wire_length; /* its length on the wire: the bytes counted */
	__u32 pad;
	__u64 timestamp_ns; /* the capture's clock */
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_replay_frame) == 24,
		     "replay frame layout");

/* Settings fixed at load (.rodata). __u8, not bool: see STYLE.md. */
struct netmon_config {
	__u8 clock; /* enum netmon_clock */
	__u8 record_bits; /* netmon_record_bits(max_flows) */
	__u8 pad[2];
	/* Flow regions per bank: the highest possible CPU id + 1 (what
	 * libbpf_num_possible_cpus() returns, holes in the possible mask
	 * included), so every CPU id the program can run on has one. */
	__u32 nr_cpus;
	__u32 max_flows; /* flows per (bank, CPU) region: --max-flows */
	__u32 index_buckets; /* netmon_index_buckets(max_flows) */
	__u64 hash_seed; /* random per load: flows cannot be chosen to collide */
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_config) == 24, "config layout");

#endif /* NETMON_FLOW_H */
