/* probe.c: the kernel's own answers about program types (probe.h). */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>

#include "kconfig.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sys.h"

static int try(uint32_t type, uint32_t attach, uint32_t flags, const struct bpf_insn *insns, uint32_t n, const char *license,
	       char *log, uint32_t log_size)
{
	struct ldr_prog_load_opts lo = {.type = type, .expected_attach_type = attach, .prog_flags = flags, .insns = insns,
					.insn_cnt = n, .license = license, .name = "bpfload_probe", .log_buf = log,
					.log_size = log ? log_size : 0, .log_level = log ? 1 : 0};
	int fd;

	if (log)
		log[0] = '\0';
	fd = ldr_sys_prog_load(&lo);
	if (fd >= 0)
		close(fd);
	return fd;
}

int ldr_probe_ctx(uint32_t type, uint32_t attach_type, uint32_t prog_flags, long off, unsigned width, bool write)
{
	static const uint8_t sz[] = {[1] = BPF_B, [2] = BPF_H, [4] = BPF_W, [8] = BPF_DW};
	struct bpf_insn p[4] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 2},
		write ? (struct bpf_insn){.code = BPF_STX | BPF_MEM | sz[width], .dst_reg = 1, .src_reg = 2, .off = (int16_t)off}
		      : (struct bpf_insn){.code = BPF_LDX | BPF_MEM | sz[width], .dst_reg = 0, .src_reg = 1, .off = (int16_t)off},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	int fd;

	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -EINVAL;
	fd = try(type, attach_type, prog_flags, p, 4, "GPL", NULL, 0);
	return fd >= 0 ? 1 : fd == -EACCES || fd == -EINVAL ? 0 : fd;
}

int ldr_probe_helper(uint32_t type, uint32_t attach_type, uint32_t prog_flags, int32_t id, const char *license,
		     bool *gpl_only)
{
	struct bpf_insn p[3] = {
		{.code = BPF_JMP | BPF_CALL, .imm = id},
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0},
		{.code = BPF_JMP | BPF_EXIT},
	};
	static char log[1 << 14];
	int fd = try(type, attach_type, prog_flags, p, 3, license, log, sizeof(log));

	if (gpl_only)
		*gpl_only = fd < 0 && strstr(log, "GPL-restricted");
	if (fd == -EPERM)
		return fd;
	if (fd >= 0)
		return 1;
	if (!log[0])
		return fd == -EACCES || fd == -EINVAL ? 0 : fd;
	return !(strstr(log, "unknown func") || strstr(log, "invalid func") || strstr(log, "cannot use helper"));
}

/* The options BPF's features hang on, and what a kernel without one cannot do. */
static const struct {
	const char *name, *gives;
} options[] = {
	{"CONFIG_BPF", "the BPF core (chosen by BPF_SYSCALL and the users of classic BPF, not by hand)"},
	{"CONFIG_BPF_SYSCALL", "the bpf() system call: without it nothing loads"},
	{"CONFIG_BPF_JIT", "the JIT compiler: without it programs run in the kernel's interpreter, several times slower"},
	{"CONFIG_HAVE_EBPF_JIT", "this architecture has a JIT for eBPF (set by the architecture, not chosen)"},
	{"CONFIG_BPF_JIT_ALWAYS_ON", "no interpreter at all: every program is compiled (a hardening choice)"},
	{"CONFIG_BPF_UNPRIV_DEFAULT_OFF", "unprivileged bpf() off by default (kernel.unprivileged_bpf_disabled)"},
	{"CONFIG_DEBUG_INFO_BTF", "/sys/kernel/btf/vmlinux: CO-RE, kfuncs, tp_btf/fentry/lsm targets, struct_ops"},
	{"CONFIG_DEBUG_INFO_BTF_MODULES", "modules' BTF in /sys/kernel/btf: CO-RE and kfuncs on module types"},
	{"CONFIG_PERF_EVENTS", "perf_event_open(): how tracepoint, kprobe, uprobe and perf_event programs are hung"},
	{"CONFIG_BPF_EVENTS", "programs on tracepoints, kprobes, uprobes and perf events"},
	{"CONFIG_FTRACE_SYSCALLS", "the syscalls/sys_enter_* and sys_exit_* tracepoints"},
	{"CONFIG_KPROBES", "kprobes: kprobe/, kretprobe/ and ksyscall/ programs"},
	{"CONFIG_KPROBE_EVENTS", "the kprobe PMU perf_event_open uses for kprobe programs"},
	{"CONFIG_UPROBE_EVENTS", "uprobe/ and uretprobe/ programs"},
	{"CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS", "the trampolines of fentry/, fexit/ and fmod_ret/ programs"},
	{"CONFIG_BPF_LSM", "lsm/ programs (with bpf in the lsm= boot list)"},
	{"CONFIG_CGROUP_BPF", "cgroup_skb/, cgroup/... and sockops programs"},
	{"CONFIG_NET_CLS_BPF", "tc classifier programs through the tc command (bpfload attaches through tcx)"},
	{"CONFIG_NET_ACT_BPF", "tc actions that run a program (tc ... action bpf); bpfload does not use them"},
	{"CONFIG_NET_SCH_INGRESS", "the clsact qdisc the tc command hangs classifiers on"},
	{"CONFIG_NET_XGRESS", "tcx: tc programs attached by links, as bpfload does"},
	{"CONFIG_XDP_SOCKETS", "AF_XDP sockets and xskmap"},
	{"CONFIG_BPF_STREAM_PARSER", "sockmap and sockhash: sk_skb and sk_msg programs"},
	{"CONFIG_NETFILTER_BPF_LINK", "netfilter programs"},
	{"CONFIG_BPF_KPROBE_OVERRIDE", "bpf_override_return, for error injection"},
};

void ldr_probe_config(FILE *out)
{
	char from[300];
	size_t len;
	char *cfg = ldr_kernel_config(&len, from);

	if (!cfg) {
		fprintf(out, "kernel options: unknown (no /boot/config-RELEASE, no /proc/config.gz: CONFIG_IKCONFIG_PROC)\n");
		return;
	}
	fprintf(out, "kernel options (%s):\n", from);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		size_t n;
		const char *v = ldr_config_value(cfg, options[i].name, &n);
		fprintf(out, "  %-40s %-8.*s %s\n", options[i].name, v ? (int)n : 7, v ? v : "not set", options[i].gives);
	}
	free(cfg);
}
