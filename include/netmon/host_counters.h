/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Per-host counters of the local networks (--local-net), shared by the
 * program (bpf/host_counters.h) and userspace (user/loader/host_reader.*).
 * Every frame whose source or destination is a local address is counted
 * here, whether or not its flow found room in the flow table: these are
 * the numbers a responder needs under a flood (docs/design.md).
 */
#ifndef NETMON_HOST_COUNTERS_H
#define NETMON_HOST_COUNTERS_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#include "netmon/flow.h"

/* Local networks the program checks each address against, at most. */
#define NETMON_MAX_LOCAL_NETS 16
/* Local addresses the host table holds at most: a /16 (or an IPv6 /112).
 * A larger set is refused at load (see docs/memory.md for the memory). */
#define NETMON_MAX_HOST_SLOTS 65536

/* What a host's frames are split by. */
enum netmon_host_class {
	NETMON_HOST_TCP = 0,
	NETMON_HOST_UDP = 1,
	NETMON_HOST_ICMP = 2, /* ICMP and ICMPv6 */
	NETMON_HOST_OTHER = 3, /* any other IP protocol */
};
#define NETMON_NUM_HOST_CLASSES 4

static inline __u32 netmon_host_class_of(__u8 proto)
{
	switch (proto) {
	case 6:
		return NETMON_HOST_TCP;
	case 17:
		return NETMON_HOST_UDP;
	case 1:
	case 58:
		return NETMON_HOST_ICMP;
	default:
		return NETMON_HOST_OTHER;
	}
}

/* One direction of a host's traffic, by class: packets, then bytes (whole
 * frames, as the totals count them). 64 bytes: one cache line. */
struct netmon_host_direction {
	__u64 packets[NETMON_NUM_HOST_CLASSES];
	__u64 bytes[NETMON_NUM_HOST_CLASSES];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_host_direction) == 64,
		     "host direction layout");

/*
 * One local host in one (bank, CPU) region, since userspace last zeroed it
 * (GenerationReader's poll of that bank): received is every frame whose
 * destination is the host, sent every frame whose source is, at any hook.
 */
struct netmon_host_counters {
	struct netmon_host_direction received;
	struct netmon_host_direction sent;
	__u64 syn_received; /* TCP SYN without ACK, to the host */
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_host_counters) == 136,
		     "host counters layout");

/*
 * Distinct sources sending to a host, as a HyperLogLog sketch (Flajolet et
 * al. 2007): 64 registers of one byte, each the largest rank seen among
 * source hashes that select it. Relative standard error 1.04 / sqrt(64),
 * 13 %. Per (bank, CPU) region, zeroed by userspace after each read, so a
 * sketch covers one interval; registers of several CPUs merge by maximum.
 */
#define NETMON_HLL_INDEX_BITS 6
#define NETMON_HLL_REGISTERS (1u << NETMON_HLL_INDEX_BITS)
struct netmon_host_sources {
	__u8 reg[NETMON_HLL_REGISTERS];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_host_sources) == 64,
		     "host sources layout");

/* A source address's hash for the sketch: two rounds of a 64-bit
 * finaliser (MurmurHash3's fmix64) over its two words, seeded per load so
 * no one can pick sources that pile onto one register. */
static inline __u64 netmon_fmix64(__u64 h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static inline __u64 netmon_source_hash(__u64 w0, __u64 w1, __u64 seed)
{
	return netmon_fmix64(netmon_fmix64(w0 ^ seed) ^ w1);
}

/* The register a hash selects: its top NETMON_HLL_INDEX_BITS bits. */
static inline __u32 netmon_hll_index(__u64 h)
{
	return (__u32)(h >> (64 - NETMON_HLL_INDEX_BITS));
}

/* Its rank: 1 + the trailing zeros of the other 58 bits (59 if all are
 * zero), so rank k comes with probability 2^-k. BPF has no count-zeros
 * instruction, and a binary search branches on random bits, which no
 * predictor learns: instead the lowest set bit times a de Bruijn sequence
 * puts a distinct 6-bit number in the top bits, which a table maps to the
 * bit's position (Leiserson, Prokop and Randall, 1998). */
#define NETMON_HLL_RANK_BITS (64 - NETMON_HLL_INDEX_BITS)
#define NETMON_DE_BRUIJN_64 0x03f79d71b4cb0a89ULL
static const __u8 netmon_de_bruijn_position[64] = {
	0,  1,	48, 2,	57, 49, 28, 3,	61, 58, 50, 42, 38, 29, 17, 4,
	62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
	63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
	46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,	13, 8,	7,  6,
};
static inline __u8 netmon_hll_rank(__u64 h)
{
	__u64 w = h & ((1ULL << NETMON_HLL_RANK_BITS) - 1);

	if (!w)
		return NETMON_HLL_RANK_BITS + 1;
	return 1 +
	       netmon_de_bruijn_position[((w & -w) * NETMON_DE_BRUIJN_64) >> 58];
}

/*
 * One local network as the program matches it: (address & mask) == prefix,
 * over the 16 address bytes of a flow key (IPv4 mapped, RFC 4291), two
 * 64-bit words each in memory order. Its hosts take slots base ..
 * base + host_mask: the slot of an address is base + (its last 16 bits &
 * host_mask), since a network has at most NETMON_MAX_HOST_SLOTS hosts.
 */
struct netmon_local_net {
	__u64 prefix[2];
	__u64 mask[2];
	__u32 base;
	__u32 host_mask;
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_local_net) == 40, "local net layout");

/* The host table's layout, fixed at load (.rodata). */
struct netmon_host_config {
	__u32 nets; /* 0: no local networks, nothing counted */
	/* Host slots of one (bank, CPU) region: the networks' sizes added. */
	__u32 slots;
	__u64 sources_seed; /* hashes source addresses for the sketches */
	struct netmon_local_net net[NETMON_MAX_LOCAL_NETS];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_host_config) == 16 + 40 * 16,
		     "host config layout");

/* Index of a (bank, CPU) region: it starts at region * slots in both
 * host_counters and host_sources. */
static inline __u32 netmon_host_region(__u32 bank, __u32 cpu, __u32 nr_cpus)
{
	return bank * nr_cpus + cpu;
}

#endif /* NETMON_HOST_COUNTERS_H */
