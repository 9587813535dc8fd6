/* explain.c: the verifier's refusals in plain words. Each entry of the table matches the
 * verifier's reason by its words and says which rule was broken, where the value came from
 * when the log's register names it (followed back through the program to the instruction
 * that last wrote it), and what to write. A reason outside the table gets no explanation,
 * and the report says so. */
#include "explain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "names.h"

struct why {
	const struct ldr_object *o;
	const struct ldr_prog *p;
	long insn;
	const char *reason;
	struct ldr_explanation *x;
};

/* Append to one part of the explanation: the rule, the origin, or the fix. */
static void add(char *part, size_t len, const char *fmt, va_list ap)
{
	size_t used = strlen(part);

	if (used < len)
		vsnprintf(part + used, len - used, fmt, ap);
}

#define PART(name, field)                                                                                 \
	static void name(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));      \
	static void name(struct why *w, const char *fmt, ...)                                             \
	{                                                                                                 \
		va_list ap;                                                                               \
		va_start(ap, fmt);                                                                        \
		add(w->x->field, sizeof(w->x->field), fmt, ap);                                           \
		va_end(ap);                                                                               \
	}
PART(rule, why)
PART(origin, from)
PART(fix, fix)
#undef PART

/* "FILE:LINE" of an instruction, or "instruction N" without line info. */
static const char *place(const struct why *w, long insn, char *buf, size_t len)
{
	const struct bpf_line_info *li = insn >= 0 ? ldr_prog_line(w->p, (uint32_t)insn) : NULL;

	if (li)
		snprintf(buf, len, "%s:%u", ldr_btf_str(w->o, li->file_name_off), li->line_col >> 10);
	else
		snprintf(buf, len, "instruction %ld", insn);
	return buf;
}

/* The instruction before `insn` (in slot order) that last wrote register r, or -1. A call
 * writes r0 (and clobbers r1-r5). */
static long last_write(const struct ldr_prog *p, long insn, unsigned r)
{
	for (long i = insn - 1; i >= 0; i--) {
		const struct bpf_insn *in = &p->insns[i];
		uint8_t cls = BPF_CLASS(in->code);
		if (i > 0 && p->insns[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
			continue; /* the second half of a 64-bit load */
		if (in->code == (BPF_JMP | BPF_CALL) && r <= 5)
			return i;
		if ((cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX || cls == BPF_LD) && in->dst_reg == r)
			return i;
	}
	return -1;
}

/* The register a reason starts with: "R0 invalid mem access" -> 0, or -1. */
static int reason_reg(const char *reason)
{
	char *end;
	long r;

	if (reason[0] != 'R')
		return -1;
	r = strtol(reason + 1, &end, 10);
	return end != reason + 1 && r >= 0 && r <= 10 ? (int)r : -1;
}

static void null_map_value(struct why *w)
{
	int r = reason_reg(w->reason);
	long from = r >= 0 ? last_write(w->p, w->insn, (unsigned)r) : -1;
	char at[300], to[300];

	rule(w, "r%d may be NULL here: a map lookup returns NULL when the key is absent, and the verifier lets a program "
		"use the value only on the path where it has been compared with 0.", r < 0 ? 0 : r);
	if (from >= 0 && w->p->insns[from].code == (BPF_JMP | BPF_CALL)) {
		const char *h = names_helper(w->p->insns[from].imm);
		origin(w, "r%d came from `call bpf_%s` at %s.", r, h ? h : "?", place(w, from, at, sizeof(at)));
		fix(w, "after %s add `if r%d == 0 goto out` (a label where the program returns), then use r%d.",
		    place(w, from, to, sizeof(to)), r, r);
	} else
		fix(w, "compare r%d with 0 before this line (`if r%d == 0 goto out`) and use it only after.", r, r);
}

static void not_written(struct why *w)
{
	int r = reason_reg(w->reason);
	long from;
	char at[300];

	if (r == 0 && w->p->insns[w->insn].code == (BPF_JMP | BPF_EXIT)) {
		rule(w, "the program ends without a return value: r0 is not set on the path to this exit.");
		fix(w, "set it before the exit, for example `r0 = 0`.");
		return;
	}
	rule(w, "r%d is read here, but nothing was written to it on the way here.", r);
	if (r >= 1 && r <= 5)
		rule(w, " r1-r5 hold a helper's arguments and are cleared by every call: after a call they must be set again.");
	else if (r >= 6 && r <= 9)
		rule(w, " r6-r9 survive calls, but start unset in every function.");
	if (r >= 1 && r <= 5 && (from = last_write(w->p, w->insn, (unsigned)r)) >= 0 && w->p->insns[from].code == (BPF_JMP | BPF_CALL))
		origin(w, "The call at %s cleared r%d.", place(w, from, at, sizeof(at)), r);
	fix(w, "write r%d before this line; keep a value across calls in r6-r9 (for the context, `r6 = r1` first).", r);
}

/* "invalid bpf_context access off=76 size=4": the field at that offset. */
static void context_access(struct why *w)
{
	const char *o = strstr(w->reason, "off="), *ctx = NULL;
	long off = o ? strtol(o + 4, NULL, 10) : -1;
	const char *field = NULL;

	switch (w->p->type) {
	case BPF_PROG_TYPE_XDP: ctx = "xdp_md"; break;
	case BPF_PROG_TYPE_SOCKET_FILTER: case BPF_PROG_TYPE_SCHED_CLS: case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB: case BPF_PROG_TYPE_LWT_IN: case BPF_PROG_TYPE_LWT_OUT: case BPF_PROG_TYPE_LWT_XMIT:
		ctx = "__sk_buff"; break;
	}
	for (size_t i = 0; ctx && off >= 0 && i < names_const_count(); i++) {
		const struct names_const *c = names_const_at(i);
		size_t n = strlen(ctx);
		if (c->size && !strncmp(c->name, ctx, n) && c->name[n] == '.' && off >= c->value && off < c->value + (int64_t)c->size)
			field = c->name;
	}
	if (field)
		rule(w, "offset %ld of the context is %s, which a %s program may not access this way "
			"(some fields are not for every program type, some are read only, and each has one width).",
		     off, field, ldr_prog_type_name(w->p->type));
	else
		rule(w, "offset %ld is no field of the context a %s program may access.", off, ldr_prog_type_name(w->p->type));
	fix(w, "`bpfas --describe %s` lists the fields, their sizes and the load to write%s", ctx ? ctx : "__sk_buff",
	    w->p->type == BPF_PROG_TYPE_SOCKET_FILTER ? "; a socket filter reads the packet with skb[...] loads or bpf_skb_load_bytes, not through __sk_buff.data." : ".");
}

static void stack_read(struct why *w)
{
	const char *o = strstr(w->reason, "off=");
	long off = o ? strtol(o + 4, NULL, 10) : 0;

	rule(w, "the stack at fp%ld is read (here, or by the helper called here) before anything was stored there; "
		"root's programs may read such bytes, other users' may not (--strict checks as for them).", off);
	fix(w, "store the value first, for example `*(u32 *)(r10 - %ld) = 0`.", -off);
}

static void packet_access(struct why *w)
{
	rule(w, "the packet may be shorter than this read: the verifier lets a program read packet bytes only after "
		"comparing the end of the read with data_end.");
	fix(w, "before the read: `r4 = r2`, `r4 += N` (the last byte read + 1), `if r4 > r3 goto out`, with r2 = data "
	       "and r3 = data_end.");
}

static void gpl(struct why *w)
{
	rule(w, "this helper is for GPL-compatible programs only, and the object's license is %s.",
	     w->o->license ? w->o->license : "missing");
	fix(w, "add `.license \"GPL\"` (in C: char LICENSE[] SEC(\"license\") = \"GPL\";).");
}

static void helper_not_allowed(struct why *w)
{
	rule(w, "a %s program may not call this helper: each program type has its own list.", ldr_prog_type_name(w->p->type));
	fix(w, "call a helper this type has, or put the code in a program of a type that may call it.");
}

static void too_large(struct why *w)
{
	rule(w, "the verifier follows every path (a loop turn by turn) and gives up after 1,000,000 instructions.");
	fix(w, "bound loops by fewer turns, or write them with bpf_loop or an open-coded iterator, which the verifier "
	       "checks once.");
}

static void loop(struct why *w)
{
	rule(w, "a jump back leads to a loop the verifier cannot see end.");
	fix(w, "make the loop's bound a constant the verifier can follow, or use bpf_loop.");
}

static void unreachable(struct why *w)
{
	rule(w, "no path leads to this instruction, and the kernel refuses dead code.");
	fix(w, "remove it, or jump to it.");
}

static void no_exit(struct why *w)
{
	rule(w, "the last instruction neither exits nor jumps: the program could run past its end.");
	fix(w, "end it with `exit` (after setting r0).");
}

static const struct {
	const char *words;
	void (*explain)(struct why *);
} table[] = {
	{"invalid mem access 'map_value_or_null'", null_map_value},
	{"invalid mem access 'ptr_or_null", null_map_value},
	{"!read_ok", not_written},
	{"invalid bpf_context access", context_access},
	{"invalid read from stack", stack_read},
	{"invalid indirect read from stack", stack_read},
	{"invalid access to packet", packet_access},
	{"GPL-restricted", gpl},
	{"cannot call GPL", gpl},
	{"program of this type cannot use helper", helper_not_allowed},
	{"unknown func", helper_not_allowed},
	{"BPF program is too large", too_large},
	{"is too complex", too_large},
	{"infinite loop detected", loop},
	{"back-edge", loop},
	{"unreachable insn", unreachable},
	{"last insn is not an exit or jmp", no_exit},
};

bool ldr_explain(const struct ldr_object *o, const struct ldr_prog *p, long insn, const char *reason, size_t rlen,
		 struct ldr_explanation *x)
{
	char r[512];
	struct why w = {o, p, insn, r, x};

	memset(x, 0, sizeof(*x));
	snprintf(r, sizeof(r), "%.*s", (int)rlen, reason ? reason : "");
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (!strstr(r, table[i].words))
			continue;
		if (insn < 0 || (uint64_t)insn >= p->ninsns) { /* explanations that need no place */
			if (table[i].explain != too_large && table[i].explain != gpl)
				return false;
			w.insn = 0;
		}
		table[i].explain(&w);
		return true;
	}
	return false;
}
