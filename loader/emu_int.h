/* emu_int.h: the emulator's insides, shared by the interpreter (emu.c) and the emulated
 * maps and helpers (emu_helpers.c). */
#ifndef BPFLOAD_EMU_INT_H
#define BPFLOAD_EMU_INT_H
#include <stdbool.h>
#include <stdint.h>

#include "emu.h"
#include "input.h"

/* Programs see virtual addresses, the same on every run and machine, so --step output is
 * reproducible and a pointer says what it points into. Each region is translated to the
 * host memory behind it on every access, after its bounds are checked. */
#define EMU_CTX_BASE 0x10000000ull
#define EMU_PKT_BASE 0x20000000ull
#define EMU_STACK_BASE 0x30000000ull
#define EMU_MEM_BASE 0x40000000ull
#define EMU_SCRATCH_BASE 0x70000000ull /* keys a helper hands a callback */
#define EMU_MAP_BASE(i) ((uint64_t)((i) + 1) << 36)
#define EMU_MAP_HANDLE(i) (0xffff000000000000ull | (uint64_t)(i) << 8)
#define EMU_CODE_BASE 0x0000600000000000ull /* a callback: + program index << 24 + slot */

#define EMU_FRAMES 8
#define EMU_STACK 512
#define EMU_HEADROOM 256 /* in front of the packet, for bpf_xdp_adjust_head */
#define EMU_TAILROOM 512 /* behind it, for bpf_xdp_adjust_tail */

enum emu_region_kind { R_STACK, R_CTX, R_PKT, R_MEM, R_MAP, R_META, R_SCRATCH };

struct emu_region {
	uint64_t start, end;  /* virtual */
	uint8_t *host;
	enum emu_region_kind kind;
	bool writable;
	int map;              /* R_MAP: which */
};

struct emu_map {
	const struct ldr_map *m;
	uint32_t type, ksize, vsize, vstride, max, ncpu;
	uint8_t *vals;        /* array: entries x CPUs; hash: a slot each */
	uint8_t *keys;        /* hash: a key per slot */
	uint8_t *used;        /* hash: slot in use */
	uint64_t *stamp;      /* LRU: last use */
	uint32_t *index, cap; /* hash: open addressing, slot + 1; 0 empty, ~0 deleted */
	uint32_t count;
	int *progs;           /* program array: program index per slot, -1 empty */
	uint32_t head, tail;  /* queue/stack: ring positions; ringbuf: reserved bytes */
	size_t vbytes;
};

struct emu_prog {
	const struct ldr_prog *p;
	struct bpf_insn *insns;
	uint64_t *imm64;      /* lddw slots: the value after resolution */
	uint64_t *counts;     /* --coverage */
	uint32_t n;
};

struct emu_frame {
	uint32_t prog, ret_pc;
	uint64_t saved[4];    /* r6-r9 */
};

struct emu_break {
	uint32_t prog, slot;
};

struct ldr_emu {
	struct ldr_object *o;
	struct ldr_emu_options opt;
	struct emu_map *maps;
	size_t nmaps;
	struct emu_prog *progs;
	size_t nprogs;
	struct emu_region reg[8 + 64];
	size_t nreg;
	size_t nfixed;        /* regions that stay between runs: the maps */
	const struct emu_region *last;
	uint8_t stack[EMU_FRAMES * EMU_STACK];
	uint8_t scratch[EMU_FRAMES * 64]; /* a key per callback depth */
	uint8_t *pkt;         /* headroom, packet, tailroom */
	uint32_t pkt_cap;
	uint64_t data, data_end, data_meta; /* virtual */
	uint8_t ctx[256];     /* __sk_buff or xdp_md as the program reads it */
	uint32_t ctx_kind;    /* 0 plain memory, 1 __sk_buff, 2 xdp_md */
	uint32_t prog_type;
	struct emu_frame frames[EMU_FRAMES];
	int depth;
	uint64_t steps, max_steps, rng, clock;
	uint64_t may_goto;
	int tail_calls, tail_prog;
	char *err;
	size_t errlen;
	uint32_t cur_prog, cur_pc;  /* for messages */
	struct ldr_map_reader reader;
	/* --step: what the current instruction stored */
	bool stored;
	uint64_t st_addr, st_old, st_new;
	uint32_t st_size;
	int call_indent;
	/* --debug */
	struct emu_break breaks[32];
	size_t nbreaks;
	char dbg_mode;        /* 's' step, 'n' next (over calls), 'c' continue */
	int dbg_depth;
};

/* Host memory for [addr, addr + size): NULL and a message in e->err when the program
 * may not touch it. */
uint8_t *emu_ptr(struct ldr_emu *e, uint64_t addr, uint64_t size, bool write, const char *what);
/* A message about the current instruction: "instruction 12 (prog.s:20: text): ..." */
int emu_fail(struct ldr_emu *e, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Run the function at slot `pc` of program `prog` with the given r1-r5 (a callback): its r0. */
int emu_invoke(struct ldr_emu *e, uint32_t prog, uint32_t pc, const uint64_t args[5], uint64_t *r0);
/* A helper call: r[0..5]; 0, or a negative errno after emu_fail. */
int emu_helper(struct ldr_emu *e, int32_t id, uint64_t *r);

int emu_maps_open(struct ldr_emu *e);
void emu_reader_init(struct ldr_emu *e);
/* --debug: the prompt before an instruction; 0 to run it, or -ECANCELED on quit. */
int emu_debug(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r);
void emu_maps_close(struct ldr_emu *e);
/* The map a handle (an lddw of a map) names, or NULL. */
struct emu_map *emu_map_of(struct ldr_emu *e, uint64_t handle);
const char *emu_region_name(const struct ldr_emu *e, const struct emu_region *r, char *buf, size_t len);
/* A value in words for --step: "0x20000010 (packet+16)". */
void emu_describe(const struct ldr_emu *e, uint64_t v, char *buf, size_t len);

#endif
