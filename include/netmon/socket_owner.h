/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Process attribution: the table bpf/sockets.bpf.c fills and userspace
 * joins each harvested flow against (docs/process.md). Shared by both sides.
 */
#ifndef NETMON_SOCKET_OWNER_H
#define NETMON_SOCKET_OWNER_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#include "netmon/flow.h"

/*
 * One local socket's end points, in the flow key's form: addresses as
 * IPv6 or IPv4-mapped IPv6, ports in host byte order. An all-zero remote
 * (address and port) is a socket that sends to or receives from anyone (an
 * unconnected UDP socket); an all-zero local address is one bound to every
 * address. netns is the inode of the socket's network namespace, so equal
 * addresses in two namespaces (a client and its server on one host) stay
 * apart. 44 bytes, explicit padding.
 */
struct netmon_sock_key {
	__u8 local[16];
	__u8 remote[16];
	__u16 local_port;
	__u16 remote_port;
	__u32 netns;
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 pad[3];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_sock_key) == 44, "sock key layout");

#define NETMON_COMM_LEN 16

/* Who owns the socket: the process that connected, accepted, bound or sent
 * on it. closed_ns (BPF clock, 0 while open) lets userspace keep the entry
 * for frames that follow the close, then delete it. */
struct netmon_sock_owner {
	__u64 cgroup_id; /* cgroup v2 id (inode of its directory) */
	__u64 sock; /* the struct sock's address: which socket wrote the entry */
	__u64 closed_ns;
	__u32 tgid;
	__u32 pad;
	char comm[NETMON_COMM_LEN];
};
NETMON_STATIC_ASSERT(sizeof(struct netmon_sock_owner) == 48,
		     "sock owner layout");

/* Entries the table holds at most (docs/memory.md). */
#define NETMON_SOCK_OWNERS_MAX 32768

/* Counters in the object's .bss, read by userspace. */
struct netmon_sock_counters {
	__u64 recorded; /* entries written (new or updated) */
	__u64 table_full; /* entries the full table could not take */
	__u64 closed; /* entries marked closed */
};

#endif
