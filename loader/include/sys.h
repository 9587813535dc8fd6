/* sys.h: one thin wrapper per bpf(2) command bpfload uses, and perf_event_open(2).
 * Each zeroes its attribute up to the last field it sets and returns the result or a
 * negative errno captured right after the call. */
#ifndef BPFLOAD_SYS_H
#define BPFLOAD_SYS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bpf_compat.h"

struct ldr_map_create_opts {
	const char *name;
	uint32_t type, key_size, value_size, max_entries, flags, numa_node;
	uint64_t map_extra;
	int btf_fd;
	uint32_t btf_key_type_id, btf_value_type_id;
	int inner_map_fd;    /* a map of maps: a map like its inner ones (0: none) */
	uint32_t btf_vmlinux_value_type_id; /* a struct_ops map: its value's type in the kernel's BTF */
};

struct ldr_prog_load_opts {
	uint32_t type, expected_attach_type, prog_flags;
	uint32_t attach_btf_id; /* tracing types: the kernel function or hook, in the kernel's BTF */
	const struct bpf_insn *insns;
	uint32_t insn_cnt;
	const char *license, *name;
	uint32_t kern_version;
	int btf_fd;
	const void *func_info, *line_info;
	uint32_t func_info_cnt, line_info_cnt;
	char *log_buf;
	uint32_t log_size, log_level;
	uint32_t log_true_size; /* out: the size the whole log needs (kernel 6.4+; else 0) */
};

/* BPF_PROG_TEST_RUN: in and out buffers for packet data and context; the sizes out are
 * updated by the kernel. */
struct ldr_test_run_opts {
	const void *data_in, *ctx_in;
	void *data_out, *ctx_out;
	uint32_t data_size_in, data_size_out, ctx_size_in, ctx_size_out;
	uint32_t repeat, flags, cpu;
	uint32_t retval, duration; /* out: r0, and nanoseconds per run */
};

int ldr_sys_map_create(const struct ldr_map_create_opts *o);
int ldr_sys_map_update_elem(int fd, const void *key, const void *value, uint64_t flags);
int ldr_sys_map_lookup_elem(int fd, const void *key, void *value);
int ldr_sys_map_get_next_key(int fd, const void *key, void *next);
int ldr_sys_map_freeze(int fd);
int ldr_sys_prog_load(struct ldr_prog_load_opts *o);
int ldr_sys_prog_test_run(int prog_fd, struct ldr_test_run_opts *o);
int ldr_sys_btf_load(const void *btf, uint32_t size, char *log, uint32_t log_size);
int ldr_sys_obj_pin(int fd, const char *path);
int ldr_sys_link_create(int prog_fd, int target_fd, uint32_t attach_type);
/* An iterator link's reader: each read(2) runs the program over the next objects. */
int ldr_sys_iter_create(int link_fd);
int ldr_sys_raw_tracepoint_open(const char *name, int prog_fd);
int ldr_sys_prog_get_next_id(uint32_t start, uint32_t *next);
int ldr_sys_map_get_next_id(uint32_t start, uint32_t *next);
int ldr_sys_prog_get_fd_by_id(uint32_t id);
int ldr_sys_map_get_fd_by_id(uint32_t id);
/* The kernel's name of a program or map fd (BPF_OBJ_GET_INFO_BY_FD). */
int ldr_sys_prog_name(int fd, char name[BPF_OBJ_NAME_LEN]);
int ldr_sys_map_name(int fd, char name[BPF_OBJ_NAME_LEN]);
/* How many instructions the verifier walked for a loaded program (5.16+; 0 before). */
int ldr_sys_prog_verified_insns(int fd, uint32_t *n);
/* BPF_OBJ_GET_INFO_BY_FD of a program: the arrays `info` points to filled up to the
 * lengths it gives (zero them to learn the lengths). */
int ldr_sys_prog_info(int fd, struct bpf_prog_info *info);

struct perf_event_attr;
/* perf_event_open(2) for every process (pid -1) or one, on a CPU; an fd or -errno. */
int ldr_sys_perf_event_open(struct perf_event_attr *attr, int pid, int cpu);
/* The program on a perf event (PERF_EVENT_IOC_SET_BPF), the event enabled; 0 or -errno. */
int ldr_sys_perf_set_bpf(int event_fd, int prog_fd);
int ldr_sys_perf_enable(int event_fd);
/* A socket filter on a socket (SO_ATTACH_BPF); 0 or -errno. */
int ldr_sys_socket_attach(int sock, int prog_fd);

/* --syscalls: print every call above to `out` as it is made (NULL: stop); the summary
 * gives the counts of the map reads shown only once. */
void ldr_sys_trace(FILE *out);
void ldr_sys_trace_summary(void);

#endif
