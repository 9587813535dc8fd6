/* emu.h: bpfload's own BPF interpreter, a second back end behind the object model: the
 * same relocated and linked instructions the kernel gets, run in userspace with maps in
 * memory and helpers emulated. Needs no privileges and no BPF in the running kernel. */
#ifndef BPFLOAD_EMU_H
#define BPFLOAD_EMU_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "object.h"
#include "print.h"

struct ldr_emu_options {
	uint64_t clock_ns;   /* the fixed clock's start (bpf_ktime_get_ns) */
	uint64_t seed;       /* bpf_get_prandom_u32 */
	uint32_t cpu;        /* bpf_get_smp_processor_id, and the per-CPU copy used */
	uint64_t max_steps;  /* stop a run after this many instructions (0: 100,000,000) */
	/* what bpf_get_current_* say; unset (-1, NULL): the emulating process's own */
	int64_t pid, uid, gid;
	const char *comm;
	bool step;           /* print every instruction executed */
	bool coverage;       /* count runs of each instruction */
	bool debug;          /* a prompt on standard input before instructions */
	bool l2;             /* socket filters and the like see the whole frame, as when attached
			      * to a packet socket (a test run hands them the packet from its IP header) */
	bool json;           /* --step as one JSON object per line */
	FILE *out;           /* --step, trace_printk, ring buffer records */
};

/* What one run gave: r0, the packet afterwards (NULL for programs without one), and how
 * many instructions ran. */
struct ldr_run_result {
	uint64_t retval;
	uint8_t *data;       /* owned by the back end until the next run */
	uint32_t len;
	uint32_t duration;   /* kernel: ns per run; emulator: 0 */
	const uint8_t *aux;  /* kernel: what data_out holds when it is not the packet (flow keys) */
	uint32_t aux_len;
	uint64_t steps;
};

struct ldr_emu;

/* Maps in memory (data maps filled, program arrays set), every program relocated and
 * linked as for the kernel. 0, or a negative errno with err saying why. If the maps
 * have kernel fds already (a kernel load came first), the programs' instructions are
 * taken as they are. */
int ldr_emu_open(struct ldr_object *o, const struct ldr_emu_options *opt, struct ldr_emu **out, char *err, size_t errlen);
/* Run p on a packet (data, len) or memory block (mem: r1 the block, r2 its length) with a
 * context (ctx, ctx_len; NULL: zeros; for __sk_buff and xdp_md the bytes mask marks are kept
 * over what the packet says, NULL mask: all of ctx). 0, or a negative errno with err saying what stopped
 * the run: -EFAULT a stray memory access, -ENOSYS a helper not emulated, -ELOOP too many
 * steps, -EINVAL an instruction that cannot run. */
int ldr_emu_run(struct ldr_emu *e, const struct ldr_prog *p, const uint8_t *data, uint32_t len, bool mem,
		const uint8_t *ctx, const uint8_t *mask, uint32_t ctx_len, struct ldr_run_result *res, char *err, size_t errlen);
/* Reading the emulated maps, for printing them as a live run prints the kernel's. */
const struct ldr_map_reader *ldr_emu_reader(struct ldr_emu *e);
/* Each .s line of p (or instruction slot, without line info) with how many times it ran. */
void ldr_emu_print_coverage(struct ldr_emu *e, const struct ldr_prog *p, FILE *out);
/* How many times each slot of p ran (with coverage on; NULL otherwise), *n slots. */
const uint64_t *ldr_emu_counts(struct ldr_emu *e, const struct ldr_prog *p, uint32_t *n);
void ldr_emu_close(struct ldr_emu *e);

#endif
