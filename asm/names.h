/* names.h: the names bpfas knows without being told: helpers, context fields from the
 * uapi headers, uapi constants and map types. */
#ifndef BPFAS_NAMES_H
#define BPFAS_NAMES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct names_const {
	const char *name;
	int64_t value;
	uint32_t size; /* field size in bytes for STRUCT.FIELD names, 0 for plain constants */
};

/* Helper id by name, with or without "bpf_"; -1 when unknown. */
int32_t names_helper_id(const char *name);
/* The helper name for an id, without the bpf_ prefix (as bpftool prints it with it). */
const char *names_helper(int32_t id);
int32_t names_helper_count(void);

/* A built-in constant or context field (`__sk_buff.len`, `ETH_HLEN`), or NULL. */
const struct names_const *names_const_find(const char *name);
/* The field of a uapi struct ("__sk_buff") in the built-in table that holds byte off of it
 * (with start_only, that starts there); NULL when none. */
const struct names_const *names_field_at(const char *strct, int64_t off, bool start_only);
/* Iterate built-in constants: returns NULL past the end. */
size_t names_const_count(void);
const struct names_const *names_const_at(size_t i);

/* BPF_MAP_TYPE_* by lower-case short name (`array`, `percpu_hash`); -1 when unknown. */
int names_map_type(const char *name);
const char *names_map_type_name(int type);

/* How bpfload attaches a program of a section. */
enum names_attach {
	NAMES_ATTACH_NONE, NAMES_ATTACH_SOCKET, NAMES_ATTACH_XDP, NAMES_ATTACH_TRACEPOINT,
	NAMES_ATTACH_RAW_TRACEPOINT, NAMES_ATTACH_KPROBE, NAMES_ATTACH_KRETPROBE, NAMES_ATTACH_UPROBE,
	NAMES_ATTACH_URETPROBE,
	NAMES_ATTACH_TCX,     /* a tcx link on --attach IFACE, ingress or egress by attach type */
	NAMES_ATTACH_CGROUP,  /* a cgroup link on --cgroup PATH, by attach type */
	NAMES_ATTACH_TRACING, /* a link to the kernel function or hook named by BTF id */
	NAMES_ATTACH_PERF,    /* a sampling perf event on every CPU (--freq) */
	NAMES_ATTACH_KSYSCALL, NAMES_ATTACH_KRETSYSCALL, /* a kprobe on this kernel's syscall function */
	NAMES_ATTACH_ITER,    /* an iterator link, read once: its output printed */
	NAMES_ATTACH_STRUCT_OPS, /* a member of a struct_ops map, registered through that map */
	NAMES_ATTACH_NETNS,   /* a link on bpfload's network namespace (sk_lookup, flow_dissector) */
};

/* A program section name (libbpf's, and samples/bpf's older prefixes): the program type,
 * expected attach type and flags it gives. */
struct names_section {
	const char *prefix;
	bool exact;          /* the whole name, or the name and a "/..." suffix */
	uint32_t type, attach_type;
	enum names_attach attach;
	uint32_t prog_flags; /* BPF_F_SLEEPABLE for the types that must be */
	/* for the types the kernel loads against one of its own functions or hooks: the prefix
	 * the section's target takes in the kernel's BTF (tp_btf/X is the typedef btf_trace_X,
	 * lsm/X the function bpf_lsm_X, fentry/X the function X), and its kind */
	const char *btf_prefix;
	uint8_t btf_kind;
};
const struct names_section *names_section(const char *name);
/* Each program type of the table once, as its first section gives it (with its attach type
 * and flags), into out (max of them); returns how many. */
size_t names_prog_types(const struct names_section **out, size_t max);
/* "socket_filter", "xdp", ... for BPF_PROG_TYPE_*; NULL when unknown. */
const char *names_prog_type_name(uint32_t type);

/* Edit distance (insertions, deletions, substitutions) between two short words. */
unsigned names_distance(const char *a, const char *b);

/* Of the candidates, the one nearest to `word` when near enough to be a likely typo. */
struct names_near {
	const char *best;
	unsigned dist;
};
void names_near_init(struct names_near *n);
void names_near_try(struct names_near *n, const char *word, const char *candidate);
const char *names_near_result(const struct names_near *n, const char *word);
/* The nearest helper name to `word` (without the bpf_ prefix), or NULL. */
const char *names_helper_near(const char *word);

#endif
