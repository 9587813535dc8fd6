/* cfg.h: the control-flow graph of the code of one section: basic blocks, the edges
 * between them (taken, fall-through, goto, call) and the functions (the section's entry
 * points and every target of a local call or of a callback's address). Shared by the
 * static checks (checks.c) and the picture (`bpfas --cfg`). Built from the instruction
 * bytes only, so it serves an object read back as well as a source just assembled. */
#ifndef BPFAS_CFG_H
#define BPFAS_CFG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cfg_edge_kind { CFG_FALL, CFG_TAKEN, CFG_GOTO, CFG_CALL };

struct cfg_edge {
	uint32_t from, to; /* blocks */
	enum cfg_edge_kind kind;
};

struct cfg_block {
	uint32_t first, end; /* its slots: [first, end) */
	uint32_t func;       /* the function it belongs to */
	bool reachable;      /* from its function's entry */
	bool exits;          /* ends with exit */
};

struct cfg_func {
	uint32_t entry;      /* slot */
	uint32_t end;        /* the slot after its last */
	bool called;         /* the target of a local call or a callback address */
};

/* Something in the code the kernel refuses whatever the data: found while building. */
enum cfg_problem_kind {
	CFG_INTO_LDDW,   /* a jump lands on the second slot of a 64-bit load */
	CFG_OUT_OF_RANGE, /* a jump or call leaves the section */
	CFG_FALLS_OFF,   /* a function's last instruction neither exits nor jumps */
	CFG_UNREACHABLE, /* a block no path from its function's entry reaches */
};
struct cfg_problem {
	enum cfg_problem_kind kind;
	uint32_t slot;   /* the jump, the last instruction, or the block's first slot */
	int64_t target;  /* the slot jumped to (INTO_LDDW, OUT_OF_RANGE) */
};

struct cfg {
	const uint8_t *code;
	uint32_t nslots;
	struct cfg_block *blocks;
	size_t nblocks;
	struct cfg_edge *edges;
	size_t nedges;
	struct cfg_func *funcs;
	size_t nfuncs;
	uint32_t *block_of;  /* slot -> block; UINT32_MAX for the second slot of an lddw */
	struct cfg_problem *problems;
	size_t nproblems;
};

/* The graph of len bytes of code (a multiple of 8). entries: slots that start functions
 * besides slot 0 (the section's functions), nentries of them. relocated: per slot, true
 * when a relocation fills it in (a call to another section or a kfunc, whose offset means
 * nothing yet), or NULL. 0, or -ENOMEM. */
int cfg_build(const uint8_t *code, size_t len, const uint32_t *entries, size_t nentries, const bool *relocated,
	      struct cfg *g);
void cfg_free(struct cfg *g);

/* The slot a jump or call at `slot` goes to (pc + 1 + offset), or -1 when it is none. */
int64_t cfg_target(const uint8_t *code, uint32_t slot);
bool cfg_is_lddw(const uint8_t *code, uint32_t slot);

#endif
