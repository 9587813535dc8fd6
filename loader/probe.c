/* probe.c: the kernel's own answers about program types (probe.h). */
#include "probe.h"

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
