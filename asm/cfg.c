/* cfg.c: basic blocks and edges of a section's code. Leaders are the function entries,
 * jump targets and the slots after jumps, exits and local calls; a local call ends its
 * block so that the picture can show the call edge. */
#include "cfg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include "isa.h"

#define NONE UINT32_MAX

bool cfg_is_lddw(const uint8_t *code, uint32_t slot)
{
	return code[(size_t)slot * 8] == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_jump_class(uint8_t code)
{
	return BPF_CLASS(code) == BPF_JMP || BPF_CLASS(code) == BPF_JMP32;
}

int64_t cfg_target(const uint8_t *code, uint32_t slot)
{
	struct isa_insn in;
	int64_t t;

	isa_decode(code + (size_t)slot * 8, &in);
	t = isa_jump_target(&in, slot);
	return t == ISA_NO_TARGET ? -1 : t; /* a target below 0 is out of range all the same */
}

/* A callback's address: `lddw rN, FUNC` as BPF_PSEUDO_FUNC (in a loaded program's form). */
static int64_t func_address(const uint8_t *code, uint32_t slot)
{
	struct isa_insn in;

	isa_decode(code + (size_t)slot * 8, &in);
	return in.src == BPF_PSEUDO_FUNC ? (int64_t)slot + 1 + in.imm : -1;
}

enum flow { FLOW_ON, FLOW_COND, FLOW_GOTO, FLOW_EXIT, FLOW_CALL };

static enum flow flow_of(const uint8_t *code, uint32_t slot, const bool *relocated)
{
	uint8_t c = code[(size_t)slot * 8];

	if (!is_jump_class(c))
		return FLOW_ON;
	switch (BPF_OP(c)) {
	case BPF_EXIT:
		return BPF_CLASS(c) == BPF_JMP ? FLOW_EXIT : FLOW_ON;
	case BPF_CALL:
		return cfg_target(code, slot) >= 0 && !(relocated && relocated[slot]) ? FLOW_CALL : FLOW_ON;
	case BPF_JA:
		return FLOW_GOTO;
	default:
		return FLOW_COND;
	}
}

static int add_edge(struct cfg *g, size_t *cap, uint32_t from, uint32_t to, enum cfg_edge_kind kind)
{
	if (g->nedges == *cap) {
		struct cfg_edge *e = realloc(g->edges, (*cap = *cap ? 2 * *cap : 64) * sizeof(*e));
		if (!e)
			return -ENOMEM;
		g->edges = e;
	}
	g->edges[g->nedges++] = (struct cfg_edge){from, to, kind};
	return 0;
}

static int problem(struct cfg *g, size_t *cap, enum cfg_problem_kind kind, uint32_t slot, int64_t target)
{
	if (g->nproblems == *cap) {
		struct cfg_problem *p = realloc(g->problems, (*cap = *cap ? 2 * *cap : 16) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		g->problems = p;
	}
	g->problems[g->nproblems++] = (struct cfg_problem){kind, slot, target};
	return 0;
}

int cfg_build(const uint8_t *code, size_t len, const uint32_t *entries, size_t nentries, const bool *relocated,
	      struct cfg *g)
{
	uint32_t n = (uint32_t)(len / 8), *stack = NULL, *first_edge = NULL;
	bool *leader = NULL, *second = NULL, *entry = NULL;
	size_t ecap = 0, pcap = 0;
	int err = -ENOMEM;

	memset(g, 0, sizeof(*g));
	g->code = code;
	g->nslots = n;
	if (!n)
		return 0;
	leader = calloc(n + 1, sizeof(*leader));
	second = calloc(n + 1, sizeof(*second));
	entry = calloc(n + 1, sizeof(*entry));
	g->block_of = malloc(n * sizeof(*g->block_of));
	if (!leader || !second || !entry || !g->block_of)
		goto out;
	for (uint32_t i = 0; i + 1 < n; i++)
		if (cfg_is_lddw(code, i) && !second[i])
			second[i + 1] = true;
	entry[0] = true;
	for (size_t i = 0; i < nentries; i++)
		if (entries[i] < n && !second[entries[i]])
			entry[entries[i]] = true;
	/* leaders, function entries, and what the kernel refuses before it looks at data */
	for (uint32_t i = 0; i < n; i++) {
		enum flow f;
		int64_t t;
		if (second[i])
			continue;
		if (entry[i])
			leader[i] = true;
		if (cfg_is_lddw(code, i) && (t = func_address(code, i)) >= 0 && t < n && !second[t])
			entry[t] = leader[t] = true;
		f = flow_of(code, i, relocated);
		if (f == FLOW_ON)
			continue;
		leader[i + 1] = true;
		if (f == FLOW_EXIT)
			continue;
		t = cfg_target(code, i);
		if (t < 0 || t >= n) {
			if (problem(g, &pcap, CFG_OUT_OF_RANGE, i, t))
				goto out;
			continue;
		}
		if (second[t]) {
			if (problem(g, &pcap, CFG_INTO_LDDW, i, t))
				goto out;
			continue;
		}
		leader[t] = true;
		if (f == FLOW_CALL)
			entry[t] = true;
	}
	/* functions, in slot order, and blocks */
	{
		size_t nf = 0, nb = 0;
		for (uint32_t i = 0; i < n; i++) {
			nf += entry[i];
			nb += leader[i] && !second[i];
		}
		g->funcs = malloc((nf + 1) * sizeof(*g->funcs));
		g->blocks = malloc((nb + 1) * sizeof(*g->blocks));
		if (!g->funcs || !g->blocks)
			goto out;
	}
	for (uint32_t i = 0; i < n; i++)
		if (entry[i]) {
			g->funcs[g->nfuncs++] = (struct cfg_func){i, n, false};
			if (g->nfuncs > 1)
				g->funcs[g->nfuncs - 2].end = i;
		}
	for (uint32_t i = 0, fn = 0; i < n; i++) {
		if (second[i]) {
			g->block_of[i] = NONE;
			continue;
		}
		if (leader[i]) { /* slot 0 is an entry, so the first block starts there */
			while (fn + 1 < g->nfuncs && g->funcs[fn + 1].entry <= i)
				fn++;
			g->blocks[g->nblocks++] = (struct cfg_block){i, i + 1, fn, false, false};
		}
		g->blocks[g->nblocks - 1].end = i + 1 + (cfg_is_lddw(code, i) && i + 1 < n ? 1 : 0);
		g->block_of[i] = (uint32_t)g->nblocks - 1;
	}
	/* edges */
	for (size_t bi = 0; bi < g->nblocks; bi++) {
		struct cfg_block *b = &g->blocks[bi];
		uint32_t last = b->end - 1;
		const struct cfg_func *fn = &g->funcs[b->func];
		enum flow f;
		int64_t t;
		if (second[last])
			last--;
		f = flow_of(code, last, relocated);
		t = cfg_target(code, last);
		b->exits = f == FLOW_EXIT;
		if (f == FLOW_EXIT)
			continue;
		if (f != FLOW_ON && t >= 0 && t < n && !second[t]) {
			enum cfg_edge_kind k = f == FLOW_COND ? CFG_TAKEN : f == FLOW_GOTO ? CFG_GOTO : CFG_CALL;
			if (add_edge(g, &ecap, (uint32_t)bi, g->block_of[t], k))
				goto out;
		}
		if (f == FLOW_GOTO)
			continue;
		/* on into the next slot: inside the function, or off its end */
		if (b->end >= fn->end) {
			if (problem(g, &pcap, CFG_FALLS_OFF, last, -1))
				goto out;
			continue;
		}
		if (add_edge(g, &ecap, (uint32_t)bi, g->block_of[b->end], CFG_FALL))
			goto out;
	}
	/* reachability from each function's entry; calls mark their targets called */
	stack = malloc(g->nblocks * sizeof(*stack));
	first_edge = malloc((g->nblocks + 1) * sizeof(*first_edge));
	if (!stack || !first_edge)
		goto out;
	for (size_t bi = 0, e = 0; bi <= g->nblocks; bi++) { /* edges were added in block order */
		while (e < g->nedges && g->edges[e].from < bi)
			e++;
		first_edge[bi] = (uint32_t)e;
	}
	for (size_t e = 0; e < g->nedges; e++)
		if (g->edges[e].kind == CFG_CALL)
			g->funcs[g->blocks[g->edges[e].to].func].called = true;
	for (size_t fi = 0; fi < g->nfuncs; fi++) {
		size_t sp = 0;
		uint32_t b0 = g->block_of[g->funcs[fi].entry];
		g->blocks[b0].reachable = true;
		stack[sp++] = b0;
		while (sp) {
			uint32_t b = stack[--sp];
			for (uint32_t e = first_edge[b]; e < first_edge[b + 1]; e++) {
				uint32_t to = g->edges[e].to;
				if (g->edges[e].kind == CFG_CALL || g->blocks[to].reachable)
					continue;
				g->blocks[to].reachable = true;
				stack[sp++] = to;
			}
		}
	}
	for (size_t bi = 0; bi < g->nblocks; bi++) /* once for each stretch of dead code */
		if (!g->blocks[bi].reachable && (!bi || g->blocks[bi - 1].reachable || g->blocks[bi - 1].func != g->blocks[bi].func) &&
		    problem(g, &pcap, CFG_UNREACHABLE, g->blocks[bi].first, -1))
			goto out;
	err = 0;
out:
	free(leader);
	free(second);
	free(entry);
	free(stack);
	free(first_edge);
	if (err)
		cfg_free(g);
	return err;
}

void cfg_free(struct cfg *g)
{
	free(g->blocks);
	free(g->edges);
	free(g->funcs);
	free(g->block_of);
	free(g->problems);
	memset(g, 0, sizeof(*g));
}
