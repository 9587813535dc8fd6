/* names.c: built-in names. Every number here comes from the system's uapi headers
 * through the preprocessor (helper ids, offsetof, sizeof); only the spellings are ours. */
#include "names.h"

#include <linux/btf.h>
#include <linux/bpf_perf_event.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bpf_compat.h"

/* --- helpers ---------------------------------------------------------------------- */

struct helper {
	const char *name;
	int32_t id;
};

/* The uapi helper list: __BPF_FUNC_MAPPER(FN) expands to `FN(name),` for every helper. */
#define HELPER_ROW(x) {#x, BPF_FUNC_##x}
static const struct helper helpers[] = {
	__BPF_FUNC_MAPPER(HELPER_ROW)
	/* added after the oldest header we build against (linux 6.2) */
	{"cgrp_storage_get", 210},
	{"cgrp_storage_delete", 211},
};
#undef HELPER_ROW
#define NHELPERS (sizeof(helpers) / sizeof(helpers[0]))

int32_t names_helper_id(const char *name)
{
	if (!strncmp(name, "bpf_", 4))
		name += 4;
	for (size_t i = 1; i < NHELPERS; i++)
		if (!strcmp(helpers[i].name, name))
			return helpers[i].id;
	return -1;
}

const char *names_helper(int32_t id)
{
	if (id <= 0)
		return NULL;
	if ((size_t)id < NHELPERS && helpers[id].id == id)
		return helpers[id].name;
	for (size_t i = 1; i < NHELPERS; i++)
		if (helpers[i].id == id)
			return helpers[i].name;
	return NULL;
}

int32_t names_helper_count(void)
{
	return (int32_t)NHELPERS;
}

/* --- constants and context fields ------------------------------------------------- */

#define C(x) {#x, (int64_t)(x), 0},
#define F(s, f) {#s "." #f, (int64_t)offsetof(struct s, f), (uint32_t)sizeof(((struct s *)0)->f)},
static const struct names_const consts[] = {
	/* uapi context structs */
	F(__sk_buff, len) F(__sk_buff, pkt_type) F(__sk_buff, mark) F(__sk_buff, queue_mapping)
	F(__sk_buff, protocol) F(__sk_buff, vlan_present) F(__sk_buff, vlan_tci)
	F(__sk_buff, vlan_proto) F(__sk_buff, priority) F(__sk_buff, ingress_ifindex)
	F(__sk_buff, ifindex) F(__sk_buff, tc_index) F(__sk_buff, cb) F(__sk_buff, hash)
	F(__sk_buff, tc_classid) F(__sk_buff, data) F(__sk_buff, data_end) F(__sk_buff, napi_id)
	F(__sk_buff, family) F(__sk_buff, remote_ip4) F(__sk_buff, local_ip4)
	F(__sk_buff, remote_ip6) F(__sk_buff, local_ip6) F(__sk_buff, remote_port)
	F(__sk_buff, local_port) F(__sk_buff, data_meta) F(__sk_buff, flow_keys)
	F(__sk_buff, tstamp) F(__sk_buff, wire_len) F(__sk_buff, gso_segs) F(__sk_buff, sk)
	F(__sk_buff, gso_size) F(__sk_buff, tstamp_type) F(__sk_buff, hwtstamp)
	F(xdp_md, data) F(xdp_md, data_end) F(xdp_md, data_meta) F(xdp_md, ingress_ifindex)
	F(xdp_md, rx_queue_index) F(xdp_md, egress_ifindex)
	F(bpf_sock, bound_dev_if) F(bpf_sock, family) F(bpf_sock, type) F(bpf_sock, protocol)
	F(bpf_sock, mark) F(bpf_sock, priority) F(bpf_sock, src_ip4) F(bpf_sock, src_ip6)
	F(bpf_sock, src_port) F(bpf_sock, dst_port) F(bpf_sock, dst_ip4) F(bpf_sock, dst_ip6)
	F(bpf_sock, state) F(bpf_sock, rx_queue_mapping)
	F(bpf_sock_addr, user_family) F(bpf_sock_addr, user_ip4) F(bpf_sock_addr, user_ip6)
	F(bpf_sock_addr, user_port) F(bpf_sock_addr, family) F(bpf_sock_addr, type)
	F(bpf_sock_addr, protocol) F(bpf_sock_addr, msg_src_ip4) F(bpf_sock_addr, msg_src_ip6)
	F(bpf_sock_addr, sk)
	F(bpf_perf_event_data, regs) F(bpf_perf_event_data, sample_period)
	F(bpf_perf_event_data, addr)
	F(sk_msg_md, data) F(sk_msg_md, data_end) F(sk_msg_md, family) F(sk_msg_md, remote_ip4)
	F(sk_msg_md, local_ip4) F(sk_msg_md, remote_ip6) F(sk_msg_md, local_ip6)
	F(sk_msg_md, remote_port) F(sk_msg_md, local_port) F(sk_msg_md, size) F(sk_msg_md, sk)
	/* packet headers, for `ETH_HLEN + iphdr.protocol` */
	F(ethhdr, h_dest) F(ethhdr, h_source) F(ethhdr, h_proto)
	F(iphdr, tos) F(iphdr, tot_len) F(iphdr, id) F(iphdr, frag_off) F(iphdr, ttl)
	F(iphdr, protocol) F(iphdr, check) F(iphdr, saddr) F(iphdr, daddr)
	F(ipv6hdr, payload_len) F(ipv6hdr, nexthdr) F(ipv6hdr, hop_limit) F(ipv6hdr, saddr)
	F(ipv6hdr, daddr)
	F(udphdr, source) F(udphdr, dest) F(udphdr, len) F(udphdr, check)
	F(tcphdr, source) F(tcphdr, dest) F(tcphdr, seq) F(tcphdr, ack_seq) F(tcphdr, window)
	F(tcphdr, check) F(tcphdr, urg_ptr)
	/* sizes of the same */
	{"sizeof.__sk_buff", sizeof(struct __sk_buff), 0}, {"sizeof.xdp_md", sizeof(struct xdp_md), 0},
	{"sizeof.bpf_sock", sizeof(struct bpf_sock), 0}, {"sizeof.bpf_sock_addr", sizeof(struct bpf_sock_addr), 0},
	{"sizeof.sk_msg_md", sizeof(struct sk_msg_md), 0},
	{"sizeof.bpf_perf_event_data", sizeof(struct bpf_perf_event_data), 0},
	{"sizeof.ethhdr", sizeof(struct ethhdr), 0}, {"sizeof.iphdr", sizeof(struct iphdr), 0},
	{"sizeof.ipv6hdr", sizeof(struct ipv6hdr), 0}, {"sizeof.udphdr", sizeof(struct udphdr), 0},
	{"sizeof.tcphdr", sizeof(struct tcphdr), 0},
	/* constants */
	C(ETH_HLEN) C(ETH_ALEN) C(ETH_P_IP) C(ETH_P_IPV6) C(ETH_P_ARP) C(ETH_P_8021Q)
	C(ETH_P_8021AD) C(ETH_P_ALL)
	C(IPPROTO_IP) C(IPPROTO_ICMP) C(IPPROTO_IGMP) C(IPPROTO_TCP) C(IPPROTO_UDP)
	C(IPPROTO_IPV6) C(IPPROTO_GRE) C(IPPROTO_ESP) C(IPPROTO_AH) C(IPPROTO_SCTP)
	C(IPPROTO_UDPLITE) C(IPPROTO_RAW) C(IPPROTO_ICMPV6)
	C(PACKET_HOST) C(PACKET_BROADCAST) C(PACKET_MULTICAST) C(PACKET_OTHERHOST)
	C(PACKET_OUTGOING) C(PACKET_LOOPBACK)
	C(BPF_ANY) C(BPF_NOEXIST) C(BPF_EXIST) C(BPF_F_LOCK)
	C(XDP_ABORTED) C(XDP_DROP) C(XDP_PASS) C(XDP_TX) C(XDP_REDIRECT)
	C(TC_ACT_UNSPEC) C(TC_ACT_OK) C(TC_ACT_RECLASSIFY) C(TC_ACT_SHOT) C(TC_ACT_PIPE)
	C(TC_ACT_STOLEN) C(TC_ACT_REDIRECT)
	C(BPF_F_NO_PREALLOC) C(BPF_F_NO_COMMON_LRU) C(BPF_F_NUMA_NODE) C(BPF_F_RDONLY)
	C(BPF_F_WRONLY) C(BPF_F_RDONLY_PROG) C(BPF_F_WRONLY_PROG) C(BPF_F_MMAPABLE)
	C(BPF_F_INNER_MAP) C(BPF_F_ZERO_SEED)
	C(BPF_F_CURRENT_CPU) C(BPF_F_INDEX_MASK) C(BPF_F_CTXLEN_MASK) C(BPF_F_RECOMPUTE_CSUM)
	C(BPF_F_INVALIDATE_HASH) C(BPF_F_HDR_FIELD_MASK) C(BPF_F_PSEUDO_HDR) C(BPF_F_MARK_MANGLED_0)
	C(BPF_F_MARK_ENFORCE) C(BPF_F_INGRESS) C(BPF_F_TUNINFO_IPV6) C(BPF_F_SKIP_FIELD_MASK)
	C(BPF_F_USER_STACK) C(BPF_F_FAST_STACK_CMP) C(BPF_F_REUSE_STACKID) C(BPF_F_USER_BUILD_ID)
	C(BPF_F_ZERO_CSUM_TX) C(BPF_F_DONT_FRAGMENT) C(BPF_F_SEQ_NUMBER)
	C(BPF_F_ADJ_ROOM_FIXED_GSO) C(BPF_F_ADJ_ROOM_ENCAP_L3_IPV4) C(BPF_F_ADJ_ROOM_ENCAP_L3_IPV6)
	C(BPF_F_ADJ_ROOM_ENCAP_L4_GRE) C(BPF_F_ADJ_ROOM_ENCAP_L4_UDP) C(BPF_F_ADJ_ROOM_NO_CSUM_RESET)
	C(BPF_RB_NO_WAKEUP) C(BPF_RB_FORCE_WAKEUP)
};
#undef C
#undef F
#define NCONSTS (sizeof(consts) / sizeof(consts[0]))

const struct names_const *names_const_find(const char *name)
{
	for (size_t i = 0; i < NCONSTS; i++)
		if (!strcmp(consts[i].name, name))
			return &consts[i];
	return NULL;
}

size_t names_const_count(void)
{
	return NCONSTS;
}

const struct names_const *names_const_at(size_t i)
{
	return i < NCONSTS ? &consts[i] : NULL;
}

/* --- map types -------------------------------------------------------------------- */

struct map_type {
	const char *name;
	int type;
};

#define M(x, n) {n, BPF_MAP_TYPE_##x},
static const struct map_type map_types[] = {
	M(HASH, "hash") M(ARRAY, "array") M(PROG_ARRAY, "prog_array")
	M(PERF_EVENT_ARRAY, "perf_event_array") M(PERCPU_HASH, "percpu_hash")
	M(PERCPU_ARRAY, "percpu_array") M(STACK_TRACE, "stack_trace")
	M(CGROUP_ARRAY, "cgroup_array") M(LRU_HASH, "lru_hash")
	M(LRU_PERCPU_HASH, "lru_percpu_hash") M(LPM_TRIE, "lpm_trie")
	M(ARRAY_OF_MAPS, "array_of_maps") M(HASH_OF_MAPS, "hash_of_maps") M(DEVMAP, "devmap")
	M(SOCKMAP, "sockmap") M(CPUMAP, "cpumap") M(XSKMAP, "xskmap") M(SOCKHASH, "sockhash")
	M(CGROUP_STORAGE, "cgroup_storage") M(REUSEPORT_SOCKARRAY, "reuseport_sockarray")
	M(PERCPU_CGROUP_STORAGE, "percpu_cgroup_storage") M(QUEUE, "queue") M(STACK, "stack")
	M(SK_STORAGE, "sk_storage") M(DEVMAP_HASH, "devmap_hash") M(STRUCT_OPS, "struct_ops")
	M(RINGBUF, "ringbuf") M(INODE_STORAGE, "inode_storage") M(TASK_STORAGE, "task_storage")
	M(BLOOM_FILTER, "bloom_filter") M(USER_RINGBUF, "user_ringbuf")
	/* newer than the oldest header we build against */
	{"cgrp_storage", 32}, {"arena", 33},
};
#undef M
#define NMAPTYPES (sizeof(map_types) / sizeof(map_types[0]))

int names_map_type(const char *name)
{
	for (size_t i = 0; i < NMAPTYPES; i++)
		if (!strcasecmp(map_types[i].name, name))
			return map_types[i].type;
	return -1;
}

const char *names_map_type_name(int type)
{
	for (size_t i = 0; i < NMAPTYPES; i++)
		if (map_types[i].type == type)
			return map_types[i].name;
	return NULL;
}

/* --- suggestions ------------------------------------------------------------------ */

void names_near_init(struct names_near *n)
{
	n->best = NULL;
	n->dist = ~0u;
}

/* The distance when it is at most max, else max + 1: candidates whose lengths differ by
 * more than max are skipped at once, and the table stops at the first row whose every
 * cell is past max, so a search over many names costs little per name. */
static unsigned distance_within(const char *a, const char *b, unsigned max)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[64], big = max + 1;

	if (la >= 63 || lb >= 63 || (la > lb ? la - lb : lb - la) > max)
		return big;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j <= max ? (unsigned)j : big;
	/* only the cells within max of the diagonal can be within max: the band */
	for (size_t i = 1; i <= la; i++) {
		size_t lo = i > max ? i - max : 1, hi = i + max < lb ? i + max : lb;
		unsigned diag = row[lo - 1], low;
		row[lo - 1] = lo == 1 && i <= max ? (unsigned)i : big;
		low = row[lo - 1];
		for (size_t j = lo; j <= hi; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best < big ? best : big;
			diag = up;
			if (row[j] < low)
				low = row[j];
		}
		if (low > max)
			return big;
	}
	return row[lb];
}

unsigned names_distance(const char *a, const char *b)
{
	return distance_within(a, b, 98); /* 99 for words of 63 characters or more */
}

static unsigned near_limit(const char *word)
{
	size_t len = strlen(word);

	return len < 4 ? 1 : len < 8 ? 2 : 3;
}

void names_near_try(struct names_near *n, const char *word, const char *candidate)
{
	unsigned limit = near_limit(word), d;

	if (n->dist <= limit) /* only a nearer one can win now */
		limit = n->dist ? n->dist - 1 : 0;
	if (n->best && n->dist == 0)
		return;
	d = distance_within(word, candidate, limit);
	if (d <= limit && d < n->dist) {
		n->dist = d;
		n->best = candidate;
	}
}

const char *names_near_result(const struct names_near *n, const char *word)
{
	return n->best && n->dist <= near_limit(word) ? n->best : NULL;
}

const char *names_helper_near(const char *word)
{
	struct names_near n;
	const char *w = strncmp(word, "bpf_", 4) ? word : word + 4;

	size_t len = strlen(w);
	const char *prefixed = NULL;

	/* a name that starts with what was written is the likelier one (map_lookup ->
	 * map_lookup_elem, not fib_lookup, which is nearer by edit distance): the shortest */
	for (size_t i = 1; i < NHELPERS && len >= 3; i++)
		if (!strncmp(helpers[i].name, w, len) && (!prefixed || strlen(helpers[i].name) < strlen(prefixed)))
			prefixed = helpers[i].name;
	if (prefixed)
		return prefixed;
	names_near_init(&n);
	for (size_t i = 1; i < NHELPERS; i++)
		names_near_try(&n, w, helpers[i].name);
	return names_near_result(&n, w);
}

const struct names_const *names_field_at(const char *strct, int64_t off, bool start_only)
{
	size_t n = strlen(strct);

	for (size_t i = 0; off >= 0 && i < names_const_count(); i++) {
		const struct names_const *c = names_const_at(i);
		if (c->size && !strncmp(c->name, strct, n) && c->name[n] == '.' &&
		    (start_only ? off == c->value : off >= c->value && off < c->value + (int64_t)c->size))
			return c;
	}
	return NULL;
}

/* --- program types by section name --------------------------------------------------- */

/* libbpf's section names, then the older prefixes of samples/bpf (socket1, ...). */
#define SL BPF_F_SLEEPABLE
#define CG(name, type, at) {"cgroup/" name, true, BPF_PROG_TYPE_##type, at, NAMES_ATTACH_CGROUP, 0, NULL, 0}
#define TR(prefix, type, at, flags, btf, kind) {prefix, false, BPF_PROG_TYPE_##type, at, NAMES_ATTACH_TRACING, flags, btf, kind}
/* libbpf 1.x's section names (and samples/bpf's older prefixes), first match wins */
static const struct names_section sections[] = {
	{"socket", true, BPF_PROG_TYPE_SOCKET_FILTER, 0, NAMES_ATTACH_SOCKET, 0, NULL, 0},
	{"xdp", true, BPF_PROG_TYPE_XDP, BPF_XDP, NAMES_ATTACH_XDP, 0, NULL, 0},
	{"xdp.frags", true, BPF_PROG_TYPE_XDP, BPF_XDP, NAMES_ATTACH_XDP, BPF_F_XDP_HAS_FRAGS, NULL, 0},
	{"tracepoint/", false, BPF_PROG_TYPE_TRACEPOINT, 0, NAMES_ATTACH_TRACEPOINT, 0, NULL, 0},
	{"tp/", false, BPF_PROG_TYPE_TRACEPOINT, 0, NAMES_ATTACH_TRACEPOINT, 0, NULL, 0},
	{"raw_tracepoint/", false, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, NAMES_ATTACH_RAW_TRACEPOINT, 0, NULL, 0},
	{"raw_tp/", false, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, NAMES_ATTACH_RAW_TRACEPOINT, 0, NULL, 0},
	{"raw_tracepoint.w/", false, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, NAMES_ATTACH_RAW_TRACEPOINT, 0, NULL, 0},
	{"raw_tp.w/", false, BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, NAMES_ATTACH_RAW_TRACEPOINT, 0, NULL, 0},
	TR("tp_btf/", TRACING, BPF_TRACE_RAW_TP, 0, "btf_trace_", BTF_KIND_TYPEDEF),
	TR("fentry/", TRACING, BPF_TRACE_FENTRY, 0, "", BTF_KIND_FUNC),
	TR("fentry.s/", TRACING, BPF_TRACE_FENTRY, SL, "", BTF_KIND_FUNC),
	TR("fexit/", TRACING, BPF_TRACE_FEXIT, 0, "", BTF_KIND_FUNC),
	TR("fexit.s/", TRACING, BPF_TRACE_FEXIT, SL, "", BTF_KIND_FUNC),
	TR("fmod_ret/", TRACING, BPF_MODIFY_RETURN, 0, "", BTF_KIND_FUNC),
	TR("fmod_ret.s/", TRACING, BPF_MODIFY_RETURN, SL, "", BTF_KIND_FUNC),
	TR("lsm/", LSM, BPF_LSM_MAC, 0, "bpf_lsm_", BTF_KIND_FUNC),
	TR("lsm.s/", LSM, BPF_LSM_MAC, SL, "bpf_lsm_", BTF_KIND_FUNC),
	/* iterators load against their bpf_iter_ function and run when their link is read */
	{"iter/", false, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, NAMES_ATTACH_ITER, 0, "bpf_iter_", BTF_KIND_FUNC},
	{"iter.s/", false, BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, NAMES_ATTACH_ITER, SL, "bpf_iter_", BTF_KIND_FUNC},
	{"kprobe/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_KPROBE, 0, NULL, 0},
	{"kretprobe/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_KRETPROBE, 0, NULL, 0},
	{"uprobe/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_UPROBE, 0, NULL, 0},
	{"uretprobe/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_URETPROBE, 0, NULL, 0},
	{"uprobe.s/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_UPROBE, SL, NULL, 0},
	{"uretprobe.s/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_URETPROBE, SL, NULL, 0},
	{"uprobe", true, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_UPROBE, 0, NULL, 0},
	{"uretprobe", true, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_URETPROBE, 0, NULL, 0},
	/* members of a struct_ops map (.struct_ops, .struct_ops.link): loaded against the
	 * member the map's relocations give them */
	{"struct_ops/", false, BPF_PROG_TYPE_STRUCT_OPS, 0, NAMES_ATTACH_STRUCT_OPS, 0, NULL, 0},
	{"struct_ops.s/", false, BPF_PROG_TYPE_STRUCT_OPS, 0, NAMES_ATTACH_STRUCT_OPS, SL, NULL, 0},
	{"struct_ops", true, BPF_PROG_TYPE_STRUCT_OPS, 0, NAMES_ATTACH_STRUCT_OPS, 0, NULL, 0},
	/* loaded, not attached by bpfload yet */
	{"ksyscall/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_KSYSCALL, 0, NULL, 0},
	{"kretsyscall/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_KRETSYSCALL, 0, NULL, 0},
	{"usdt/", false, BPF_PROG_TYPE_KPROBE, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"kprobe.multi/", false, BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"kretprobe.multi/", false, BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"kprobe.session/", false, BPF_PROG_TYPE_KPROBE, BO_TRACE_KPROBE_SESSION, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"uprobe.multi/", false, BPF_PROG_TYPE_KPROBE, BO_TRACE_UPROBE_MULTI, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"uretprobe.multi/", false, BPF_PROG_TYPE_KPROBE, BO_TRACE_UPROBE_MULTI, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"perf_event", true, BPF_PROG_TYPE_PERF_EVENT, 0, NAMES_ATTACH_PERF, 0, NULL, 0},
	{"tc/ingress", true, BPF_PROG_TYPE_SCHED_CLS, BO_TCX_INGRESS, NAMES_ATTACH_TCX, 0, NULL, 0},
	{"tc/egress", true, BPF_PROG_TYPE_SCHED_CLS, BO_TCX_EGRESS, NAMES_ATTACH_TCX, 0, NULL, 0},
	{"tcx/ingress", true, BPF_PROG_TYPE_SCHED_CLS, BO_TCX_INGRESS, NAMES_ATTACH_TCX, 0, NULL, 0},
	{"tcx/egress", true, BPF_PROG_TYPE_SCHED_CLS, BO_TCX_EGRESS, NAMES_ATTACH_TCX, 0, NULL, 0},
	{"tc", true, BPF_PROG_TYPE_SCHED_CLS, 0, NAMES_ATTACH_TCX, 0, NULL, 0}, /* tcx ingress */
	{"classifier", true, BPF_PROG_TYPE_SCHED_CLS, 0, NAMES_ATTACH_TCX, 0, NULL, 0},
	{"netkit/primary", true, BPF_PROG_TYPE_SCHED_CLS, BO_NETKIT_PRIMARY, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"netkit/peer", true, BPF_PROG_TYPE_SCHED_CLS, BO_NETKIT_PEER, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"action", true, BPF_PROG_TYPE_SCHED_ACT, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"cgroup_skb/ingress", true, BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, NAMES_ATTACH_CGROUP, 0, NULL, 0},
	{"cgroup_skb/egress", true, BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, NAMES_ATTACH_CGROUP, 0, NULL, 0},
	CG("skb", CGROUP_SKB, BPF_CGROUP_INET_INGRESS),
	CG("sock_create", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE),
	CG("sock_release", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE),
	CG("sock", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE),
	CG("post_bind4", CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND),
	CG("post_bind6", CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND),
	CG("bind4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND),
	CG("bind6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND),
	CG("connect4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT),
	CG("connect6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT),
	CG("connect_unix", CGROUP_SOCK_ADDR, BO_CGROUP_UNIX_CONNECT),
	CG("sendmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG),
	CG("sendmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG),
	CG("sendmsg_unix", CGROUP_SOCK_ADDR, BO_CGROUP_UNIX_SENDMSG),
	CG("recvmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG),
	CG("recvmsg6", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG),
	CG("recvmsg_unix", CGROUP_SOCK_ADDR, BO_CGROUP_UNIX_RECVMSG),
	CG("getpeername4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME),
	CG("getpeername6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME),
	CG("getpeername_unix", CGROUP_SOCK_ADDR, BO_CGROUP_UNIX_GETPEERNAME),
	CG("getsockname4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME),
	CG("getsockname6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME),
	CG("getsockname_unix", CGROUP_SOCK_ADDR, BO_CGROUP_UNIX_GETSOCKNAME),
	CG("sysctl", CGROUP_SYSCTL, BPF_CGROUP_SYSCTL),
	CG("getsockopt", CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT),
	CG("setsockopt", CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT),
	CG("dev", CGROUP_DEVICE, BPF_CGROUP_DEVICE),
	{"sockops", true, BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, NAMES_ATTACH_CGROUP, 0, NULL, 0},
	{"sk_skb/stream_parser", true, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"sk_skb/stream_verdict", true, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"sk_skb/verdict", true, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_VERDICT, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"sk_skb", true, BPF_PROG_TYPE_SK_SKB, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"sk_msg", true, BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"sk_reuseport/migrate", true, BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"sk_reuseport", true, BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"lwt_in", true, BPF_PROG_TYPE_LWT_IN, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"lwt_out", true, BPF_PROG_TYPE_LWT_OUT, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"lwt_xmit", true, BPF_PROG_TYPE_LWT_XMIT, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"lwt_seg6local", true, BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, NAMES_ATTACH_NONE, 0, NULL, 0},
	{"flow_dissector", true, BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, NAMES_ATTACH_NETNS, 0, NULL, 0},
	{"syscall", true, BPF_PROG_TYPE_SYSCALL, 0, NAMES_ATTACH_NONE, BPF_F_SLEEPABLE, NULL, 0}, /* the kernel insists */
	{"sk_lookup", true, BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, NAMES_ATTACH_NETNS, 0, NULL, 0},
	{"netfilter", true, BO_PROG_TYPE_NETFILTER, BO_NETFILTER, NAMES_ATTACH_NONE, 0, NULL, 0},
	/* samples/bpf's prefixes, which libbpf 1.x no longer takes */
	{"socket", false, BPF_PROG_TYPE_SOCKET_FILTER, 0, NAMES_ATTACH_SOCKET, 0, NULL, 0},
	{"xdp", false, BPF_PROG_TYPE_XDP, BPF_XDP, NAMES_ATTACH_XDP, 0, NULL, 0},
	{"perf_event", false, BPF_PROG_TYPE_PERF_EVENT, 0, NAMES_ATTACH_PERF, 0, NULL, 0},
	{"raw_tracepoint", false, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, NAMES_ATTACH_RAW_TRACEPOINT, 0, NULL, 0},
};
#undef CG
#undef TR
#undef SL

const struct names_section *names_section(const char *name)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const struct names_section *d = &sections[i];
		size_t n = strlen(d->prefix);
		if (strncmp(name, d->prefix, n))
			continue;
		if (!d->exact || name[n] == '\0' || name[n] == '/')
			return d;
	}
	return NULL;
}

size_t names_prog_types(const struct names_section **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]) && n < max; i++) {
		/* loaded only against a kernel function or struct member: not probed */
		bool seen = sections[i].btf_prefix != NULL || sections[i].type == BPF_PROG_TYPE_STRUCT_OPS;
		for (size_t k = 0; k < n; k++)
			seen |= out[k]->type == sections[i].type;
		if (!seen)
			out[n++] = &sections[i];
	}
	return n;
}

const char *names_prog_type_name(uint32_t type)
{
	static const char *const names[] = {
		[BPF_PROG_TYPE_SOCKET_FILTER] = "socket_filter", [BPF_PROG_TYPE_KPROBE] = "kprobe",
		[BPF_PROG_TYPE_SCHED_CLS] = "sched_cls", [BPF_PROG_TYPE_SCHED_ACT] = "sched_act",
		[BPF_PROG_TYPE_TRACEPOINT] = "tracepoint", [BPF_PROG_TYPE_XDP] = "xdp",
		[BPF_PROG_TYPE_PERF_EVENT] = "perf_event", [BPF_PROG_TYPE_CGROUP_SKB] = "cgroup_skb",
		[BPF_PROG_TYPE_CGROUP_SOCK] = "cgroup_sock", [BPF_PROG_TYPE_LWT_IN] = "lwt_in",
		[BPF_PROG_TYPE_LWT_OUT] = "lwt_out", [BPF_PROG_TYPE_LWT_XMIT] = "lwt_xmit",
		[BPF_PROG_TYPE_SOCK_OPS] = "sock_ops", [BPF_PROG_TYPE_SK_SKB] = "sk_skb",
		[BPF_PROG_TYPE_SK_MSG] = "sk_msg", [BPF_PROG_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
		[BPF_PROG_TYPE_FLOW_DISSECTOR] = "flow_dissector", [BPF_PROG_TYPE_SYSCALL] = "syscall",
		[BPF_PROG_TYPE_SK_LOOKUP] = "sk_lookup", [BO_PROG_TYPE_NETFILTER] = "netfilter",
		[BPF_PROG_TYPE_CGROUP_DEVICE] = "cgroup_device", [BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = "cgroup_sock_addr",
		[BPF_PROG_TYPE_LWT_SEG6LOCAL] = "lwt_seg6local", [BPF_PROG_TYPE_SK_REUSEPORT] = "sk_reuseport",
		[BPF_PROG_TYPE_CGROUP_SYSCTL] = "cgroup_sysctl", [BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = "raw_tracepoint_writable",
		[BPF_PROG_TYPE_CGROUP_SOCKOPT] = "cgroup_sockopt", [BPF_PROG_TYPE_TRACING] = "tracing",
		[BPF_PROG_TYPE_STRUCT_OPS] = "struct_ops", [BPF_PROG_TYPE_EXT] = "ext", [BPF_PROG_TYPE_LSM] = "lsm",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}
