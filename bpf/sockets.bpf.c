// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Process attribution: who owns each local TCP and UDP socket. Small
 * tracing programs run where a process sends or receives on a socket, in
 * that process's context, and write (end points -> tgid, comm, cgroup) into
 * sock_owners. Userspace joins each harvested flow on its 5-tuple against
 * that table, so the per-frame programs in netmon.bpf.c do no extra work.
 * Why these hooks: docs/process.md.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "netmon/socket_owner.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define AF_INET 2
#define AF_INET6 10

/*
 * The few kernel-internal fields we read, declared here instead of a
 * generated vmlinux.h (vmlinux/README.md): preserve_access_index makes each
 * access a CO-RE relocation that libbpf resolves by name against the running
 * kernel's BTF, so the layout below does not need to match the kernel's.
 */
struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct net {
	struct ns_common ns;
} __attribute__((preserve_access_index));

typedef struct {
	struct net *net;
} possible_net_t;

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	possible_net_t skc_net;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
	__u16 sk_protocol;
} __attribute__((preserve_access_index));

/* Set before load: only sockets of this network namespace (netmon-xdp's,
 * where the interfaces it attaches to live) are recorded; 0 records all. */
const volatile __u32 target_netns = 0;

/* A plain hash, not LRU: a full table refuses new sockets and counts them
 * (table_full) instead of silently dropping an entry a flow still needs.
 * Userspace deletes closed sockets' entries after a grace period. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, NETMON_SOCK_OWNERS_MAX);
	__type(key, struct netmon_sock_key);
	__type(value, struct netmon_sock_owner);
} sock_owners SEC(".maps");

struct netmon_sock_counters counters;

/* An IPv4 address in the flow key's form: ::ffff:a.b.c.d, and 0.0.0.0
 * (any) as all zeros, as an IPv6 socket bound to :: has it. */
static __always_inline void map_v4(__u8 out[16], __be32 addr)
{
	if (!addr)
		return;
	out[10] = 0xff;
	out[11] = 0xff;
	__builtin_memcpy(out + 12, &addr, 4);
}

/* The socket's end points; the remote one only when with_remote (a
 * connected socket). Returns -1 for what flows cannot hold a port of. */
static __always_inline int key_of(struct sock *sk, struct netmon_sock_key *k,
				  int with_remote)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	k->proto = BPF_CORE_READ(sk, sk_protocol);
	if (k->proto != IPPROTO_TCP && k->proto != IPPROTO_UDP)
		return -1;
	k->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (!k->local_port)
		return -1; /* not bound: no frame can carry it yet */
	k->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	if (target_netns && k->netns != target_netns)
		return -1;
	if (family == AF_INET) {
		map_v4(k->local, BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr));
		if (with_remote)
			map_v4(k->remote,
			       BPF_CORE_READ(sk, __sk_common.skc_daddr));
	} else if (family == AF_INET6) {
		/* Sizes given: BPF_CORE_READ_INTO would read sizeof(*dst),
		 * one byte of an array. */
		bpf_core_read(k->local, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		if (with_remote)
			bpf_core_read(k->remote, 16,
				      &sk->__sk_common.skc_v6_daddr);
	} else {
		return -1;
	}
	if (with_remote)
		k->remote_port =
			bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	return 0;
}

/* Writes the calling process as the socket's owner. Every send and receive
 * comes here: when the entry already says the same, nothing is written. */
static __always_inline void record(struct sock *sk, int with_remote)
{
	struct netmon_sock_key key = {};
	struct netmon_sock_owner owner = {};
	struct netmon_sock_owner *known;
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (key_of(sk, &key, with_remote))
		return;
	known = bpf_map_lookup_elem(&sock_owners, &key);
	if (known && known->tgid == tgid && known->sock == (__u64)sk &&
	    !known->closed_ns)
		return;
	owner.tgid = tgid;
	owner.sock = (__u64)sk;
	owner.cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(owner.comm, sizeof(owner.comm));
	if (bpf_map_update_elem(&sock_owners, &key, &owner, BPF_ANY))
		__sync_fetch_and_add(&counters.table_full, 1);
	else
		__sync_fetch_and_add(&counters.recorded, 1);
}

/* Every send and receive on a socket ends here (sock_sendmsg and
 * sock_recvmsg, since Linux 6.3), in the calling process, with the socket's
 * addresses set: TCP after connect or accept, UDP after its autobind. A
 * connected socket (a remote port set) is recorded with its peer, an
 * unconnected UDP socket as "to anyone" from its local address and port.
 * Raw tracepoints: no tracefs needed, and fentry/kprobes are not available
 * on every kernel we run on (docs/process.md). args: sk, ret, flags. */
static __always_inline void used(struct bpf_raw_tracepoint_args *ctx)
{
	struct sock *sk = (struct sock *)ctx->args[0];
	int ret = (int)ctx->args[1];

	if (!sk || ret < 0)
		return;
	record(sk, BPF_CORE_READ(sk, __sk_common.skc_dport) != 0);
}

SEC("raw_tp/sock_send_length")
int on_send(struct bpf_raw_tracepoint_args *ctx)
{
	used(ctx);
	return 0;
}

SEC("raw_tp/sock_recv_length")
int on_recv(struct bpf_raw_tracepoint_args *ctx)
{
	used(ctx);
	return 0;
}

/* A TCP socket reaching CLOSE: mark its entry closed, if it is still its
 * own. Userspace deletes it after a grace period, so frames that follow the
 * close (FIN, last ACKs) are still attributed at the next harvests.
 * args: sk, oldstate, newstate. */
#define TCP_CLOSE 7

SEC("raw_tp/inet_sock_set_state")
int on_state(struct bpf_raw_tracepoint_args *ctx)
{
	struct sock *sk = (struct sock *)ctx->args[0];
	struct netmon_sock_key key = {};
	struct netmon_sock_owner *known;

	if ((int)ctx->args[2] != TCP_CLOSE || key_of(sk, &key, 1))
		return 0;
	known = bpf_map_lookup_elem(&sock_owners, &key);
	/* sock 0: an entry userspace wrote for a socket opened before it
	 * started (it cannot know the address); the key is that socket's. */
	if (known && (known->sock == (__u64)sk || !known->sock) &&
	    !known->closed_ns) {
		known->closed_ns = bpf_ktime_get_ns();
		__sync_fetch_and_add(&counters.closed, 1);
	}
	return 0;
}
