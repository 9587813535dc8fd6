/* checks.c: the static checks of checks.h. The graph comes from cfg.c; the data-flow keeps,
 * at the start of each block, what each register may hold (a set of kinds, so that a
 * join is a union), the stack offset of a stack pointer when it is known, and which of
 * the 512 stack bytes are written on every path (a join is an intersection). Once the
 * states settle, each block is walked once more to report. */
#include "checks.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf_compat.h"
#include "cfg.h"
#include "isa.h"
#include "names.h"
#include "rules.h"

enum {
	K_UNSET = 1 << 0,
	K_NUM = 1 << 1,     /* a number */
	K_CTX = 1 << 2,
	K_STACK = 1 << 3,
	K_PKT = 1 << 4,
	K_PKT_END = 1 << 5,
	K_VALUE = 1 << 6,   /* a map value (or memory a helper returned) */
	K_NULL = 1 << 7,    /* ... or NULL: not compared with 0 yet */
	K_MAP = 1 << 8,
	K_OTHER = 1 << 9,   /* set, but to something these checks do not follow */
};
#define K_POINTERS (K_CTX | K_STACK | K_PKT | K_PKT_END | K_VALUE | K_MAP)

struct reg {
	uint16_t k;
	bool off_known;     /* for K_STACK and K_CTX alone: off is exact */
	int32_t off;
	uint32_t id;        /* a NULL-able value's identity: copies share it */
	uint32_t from;      /* the slot that made a NULL-able value */
	const struct chk_reloc *map;
};

#define STACK 512
struct state {
	bool seen;
	struct reg r[11];
	uint8_t written[STACK / 8]; /* byte i of the stack is r10 - STACK + i */
};

struct run {
	const struct chk_input *in;
	struct cfg g;
	const struct names_section *sec;
	uint32_t type;                 /* program type, UINT32_MAX when unknown */
	struct state *st;              /* per block, at its start */
	chk_report_fn report;
	void *arg;
	bool reporting;
	uint32_t *reported;            /* per slot: a bit per kind of finding already given */
	uint32_t next_id;
};

static void say(struct run *r, uint32_t slot, bool error, uint32_t kind_bit, uint32_t related, const char *fix,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void say(struct run *r, uint32_t slot, bool error, uint32_t kind_bit, uint32_t related, const char *fix,
		const char *fmt, ...)
{
	struct chk_finding f = {slot, error, related, "", ""};
	va_list ap;

	if (!r->reporting || (r->reported[slot] & kind_bit))
		return;
	r->reported[slot] |= kind_bit;
	va_start(ap, fmt);
	vsnprintf(f.what, sizeof(f.what), fmt, ap);
	va_end(ap);
	snprintf(f.fix, sizeof(f.fix), "%s", fix ? fix : "");
	r->report(r->arg, &f);
}

/* what a finding is about, so each is said once per slot */
enum { F_UNSET = 1, F_NULL = 2, F_NULL32 = 4, F_STACK = 8, F_ALIGN = 16, F_UNINIT = 32, F_CTX = 64, F_HELPER = 128,
       F_GPL = 256, F_RECORD = 512, F_EXIT = 1024, F_NUM = 2048, F_ARITH = 4096 };

static const char *helper_name(int32_t id, char *buf, size_t len)
{
	const char *h = names_helper(id);

	if (h)
		snprintf(buf, len, "bpf_%s", h);
	else
		snprintf(buf, len, "helper %d", id);
	return buf;
}

/* Helpers whose result is a pointer or NULL. */
static bool returns_or_null(int32_t id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem: case BPF_FUNC_map_lookup_percpu_elem: case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_sk_lookup_tcp: case BPF_FUNC_sk_lookup_udp: case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_sk_storage_get: case BPF_FUNC_task_storage_get: case BPF_FUNC_inode_storage_get:
	case BPF_FUNC_get_listener_sock: case BPF_FUNC_sk_fullsock: case BPF_FUNC_tcp_sock:
		return true;
	}
	return false;
}

static void set(struct reg *x, uint16_t k)
{
	*x = (struct reg){.k = k};
}

/* --- reading registers ---------------------------------------------------------------- */

/* A register read: unset on some path is a finding; after it, the register counts as set,
 * so that one mistake is said once and not again at every use of its value. */
static void read_reg(struct run *r, struct state *s, uint32_t slot, unsigned reg)
{
	char fix[200];
	uint16_t k;

	if (reg > 10 || !(s->r[reg].k & K_UNSET))
		return;
	k = s->r[reg].k;
	s->r[reg].k = (uint16_t)((k & ~K_UNSET) | K_OTHER);
	snprintf(fix, sizeof(fix), "set r%u before this line%s", reg,
		 reg >= 1 && reg <= 5 ? " (r1-r5 are cleared by every call: keep values across calls in r6-r9)" : "");
	say(r, slot, false, F_UNSET, UINT32_MAX, fix, "r%u is read here, but %s path to this line writes it", reg,
	    k == K_UNSET ? "no" : "not every");
}

/* A load or store through register base: NULL and the stack's bounds. */
static void through(struct run *r, struct state *s, uint32_t slot, unsigned base, int16_t off, unsigned size, bool write)
{
	const struct reg *b = &s->r[base];
	char fix[300], h[64];

	read_reg(r, s, slot, base);
	if (b->k == K_NUM) {
		snprintf(fix, sizeof(fix), "load and store through a pointer the program is given (the context, r10, the "
			 "packet, a map value); tracing programs read kernel memory with bpf_probe_read_kernel");
		say(r, slot, false, F_NUM, UINT32_MAX, fix, "r%u holds a number here, not a pointer, and the kernel refuses "
		    "to %s memory at a number", base, write ? "write" : "read");
	}
	if (b->k & K_NULL) {
		snprintf(fix, sizeof(fix), "compare it with 0 first: `if r%u == 0 goto out` after the call, and use it after the check",
			 base);
		say(r, slot, false, F_NULL, b->from, fix,
		    "r%u may be NULL here: it holds what %s returned\x01, and it is not compared with 0 on every path to here",
		    base, helper_name(((const struct bpf_insn *)r->in->code)[b->from].imm, h, sizeof(h)));
	}
	if (b->k == K_STACK && b->off_known) {
		int64_t at = (int64_t)b->off + off;
		if (at < -STACK || at + size > 0) {
			snprintf(fix, sizeof(fix), "use an offset from -512 to -%u for %u bytes", size, size);
			say(r, slot, false, F_STACK, UINT32_MAX, fix,
			    "this %u-byte %s at r10%+lld is outside the stack, which is the 512 bytes from r10-512 to r10-1",
			    size, write ? "write" : "read", (long long)at);
			return;
		}
		if (at % size) {
			snprintf(fix, sizeof(fix), "use r10%+lld (a multiple of %u) for this slot", (long long)(at - (at % size + size) % size),
				 size);
			say(r, slot, false, F_ALIGN, UINT32_MAX, fix,
			    "an access of %u bytes to the stack must be at an offset that is a multiple of %u, and r10%+lld is not",
			    size, size, (long long)at);
		}
	}
}

static bool stack_written(const struct state *s, int64_t at, unsigned size)
{
	for (int64_t i = at; i < at + size; i++)
		if (!(s->written[(i + STACK) / 8] & (1u << ((i + STACK) % 8))))
			return false;
	return true;
}

static void stack_write(struct state *s, int64_t at, int64_t size)
{
	for (int64_t i = at; i < at + size && i < 0; i++)
		if (i >= -STACK)
			s->written[(i + STACK) / 8] |= (uint8_t)(1u << ((i + STACK) % 8));
}

/* Bytes [at, at+size) of the stack read by this instruction (or, `by`, by a helper). */
static void stack_read(struct run *r, const struct state *s, uint32_t slot, int64_t at, unsigned size, const char *by)
{
	char fix[300];
	static const char *const widths[9] = {NULL, "u8", "u16", NULL, "u32", NULL, NULL, NULL, "u64"};

	if (at < -STACK || at + size > 0 || stack_written(s, at, size))
		return;
	snprintf(fix, sizeof(fix), "store it first, for example `*(%s *)(r10 - %lld) = 0`", size <= 8 && widths[size] ? widths[size] : "u64",
		 (long long)-at);
	say(r, slot, false, F_UNINIT, UINT32_MAX, fix,
	    "%s%s reads %u bytes of the stack at r10%+lld, which not every path here has written; root's programs then read "
	    "whatever was there, and the kernel refuses such programs for other users", by ? by : "this line", by ? "" : "",
	    size, (long long)at);
}

/* --- the context ---------------------------------------------------------------------- */

static const char *widths_words(uint8_t w, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < 4 && used < len; i++)
		if (w & (1u << i))
			used += (size_t)snprintf(buf + used, len - used, "%su%u", used ? ", " : "", 8u << i);
	return buf;
}

static void ctx_access(struct run *r, const struct state *s, uint32_t slot, unsigned base, int16_t off, unsigned size,
		       bool write)
{
	const struct reg *b = &s->r[base];
	uint8_t rd, wr, bit = (uint8_t)(size == 1 ? 1 : size == 2 ? 2 : size == 4 ? 4 : 8);
	const char *ctx = r->type != UINT32_MAX ? rules_ctx_struct(r->type) : NULL;
	char field[128] = "", rw[64], ww[64], fix[300], article[64], rights[200];
	const struct names_const *f;
	int64_t at;

	if (b->k != K_CTX || !b->off_known)
		return;
	at = (int64_t)b->off + off;
	if (r->in->record_size && r->type == BPF_PROG_TYPE_TRACEPOINT && !write && at + size > r->in->record_size) {
		snprintf(fix, sizeof(fix), "read only the fields of the record (`bpfas --describe %s` lists them)", r->in->event);
		say(r, slot, false, F_RECORD, UINT32_MAX, fix,
		    "this %u-byte read at offset %lld goes past the end of the %s record (%u bytes): the kernel loads the "
		    "program, then refuses to attach it", size, (long long)at, r->in->event, r->in->record_size);
		return;
	}
	if (!ctx || at < 0 || !rules_ctx(r->type, (uint32_t)at, &rd, &wr))
		return; /* not the start of a field this table knows */
	if ((f = names_field_at(ctx, at, true)))
		snprintf(field, sizeof(field), "%s", f->name);
	if ((write ? wr : rd) & bit)
		return;
	widths_words(rd, rw, sizeof(rw));
	widths_words(wr, ww, sizeof(ww));
	if (!write && rd)
		snprintf(fix, sizeof(fix), "read it as %s", rw);
	else if (write && wr)
		snprintf(fix, sizeof(fix), "write it as %s", ww);
	else if (write)
		snprintf(fix, sizeof(fix), "%s is read only for this program type: change a copy in a register", field);
	else
		snprintf(fix, sizeof(fix), "use a field this program type has (`bpfas --describe %s`)", ctx);
	if (!rd && !wr)
		snprintf(rights, sizeof(rights), "neither read nor write it");
	else
		snprintf(rights, sizeof(rights), "%s%s and %s%s", rd ? "read it as " : "not read it", rw, wr ? "write it as " : "not write it", ww);
	say(r, slot, false, F_CTX, UINT32_MAX, fix, "%s program may not %s %s with %s %u-byte %s; on Linux %s it may %s",
	    rules_a_type(r->type, article, sizeof(article)), write ? "write" : "read", field, size == 8 ? "an" : "a", size,
	    write ? "store" : "load", rules_kernel(), rights);
}

/* --- one instruction ------------------------------------------------------------------ */

static void call(struct run *r, struct state *s, uint32_t slot, const struct isa_insn *in)
{
	const struct chk_reloc *rel = r->in->relocs ? &r->in->relocs[slot] : NULL;
	char h[64], fix[300], by[160], article[64];
	bool helper = in->src == 0 && !(rel && rel->kind == CHK_FAR_CALL);

	if (helper) {
		int allowed = r->type != UINT32_MAX ? rules_helper(r->type, in->imm) : -1;
		helper_name(in->imm, h, sizeof(h));
		if (allowed == 0) {
			char types[400];
			rules_helper_types(in->imm, types, sizeof(types));
			snprintf(fix, sizeof(fix), "call it from a program of one of those types, or use a helper this type has");
			say(r, slot, false, F_HELPER, UINT32_MAX, fix, "%s program may not call %s; on Linux %s, %s programs may",
			    rules_a_type(r->type, article, sizeof(article)), h, rules_kernel(), types[0] ? types : "no");
		}
		if (!r->in->gpl && rules_helper_gpl(in->imm) == 1)
			say(r, slot, false, F_GPL, UINT32_MAX, "add `.license \"GPL\"` (in C: char LICENSE[] SEC(\"license\") = \"GPL\";)",
			    "%s is for GPL-compatible programs only, and this object has no GPL-compatible `.license`", h);
		/* map helpers: the map in r1, the key (and value) on the stack */
		if (in->imm == BPF_FUNC_map_lookup_elem || in->imm == BPF_FUNC_map_update_elem || in->imm == BPF_FUNC_map_delete_elem ||
		    in->imm == BPF_FUNC_map_lookup_percpu_elem) {
			const struct reg *m = &s->r[1], *k = &s->r[2], *v = &s->r[3];
			read_reg(r, s, slot, 1);
			read_reg(r, s, slot, 2);
			if (in->imm == BPF_FUNC_map_update_elem) {
				read_reg(r, s, slot, 3);
				read_reg(r, s, slot, 4);
			}
			if (m->k == K_MAP && m->map && m->map->key_size && k->k == K_STACK && k->off_known) {
				snprintf(by, sizeof(by), "%s (the key of '%s')", h, m->map->name);
				stack_read(r, s, slot, k->off, m->map->key_size, by);
			}
			if (in->imm == BPF_FUNC_map_update_elem && m->k == K_MAP && m->map && m->map->value_size && v->k == K_STACK &&
			    v->off_known) {
				snprintf(by, sizeof(by), "%s (the value for '%s')", h, m->map->name);
				stack_read(r, s, slot, v->off, m->map->value_size, by);
			}
		} else {
			/* any other helper may fill memory it is given on the stack: count it written */
			for (unsigned a = 1; a <= 5; a++)
				if (s->r[a].k == K_STACK && s->r[a].off_known)
					stack_write(s, s->r[a].off, -s->r[a].off);
				else if (s->r[a].k & K_STACK)
					memset(s->written, 0xff, sizeof(s->written));
		}
	} else {
		/* a function: it may write the stack it is given */
		for (unsigned a = 1; a <= 5; a++)
			if (s->r[a].k & K_STACK)
				memset(s->written, 0xff, sizeof(s->written));
	}
	for (unsigned a = 1; a <= 5; a++)
		set(&s->r[a], K_UNSET);
	if (helper && returns_or_null(in->imm)) {
		s->r[0] = (struct reg){.k = K_VALUE | K_NULL, .id = ++r->next_id, .from = slot};
	} else
		set(&s->r[0], K_OTHER);
}

static uint16_t alu_result(const struct reg *d, const struct reg *src, uint8_t op, bool is64)
{
	uint16_t a = d->k & ~K_UNSET, b = src ? src->k & ~K_UNSET : K_NUM;

	if (!is64)
		return K_NUM;
	if ((op == BPF_ADD || op == BPF_SUB) && (a & K_POINTERS) && !(a & ~K_POINTERS & ~K_NULL) && b == K_NUM)
		return a; /* a pointer moved by a number */
	if (op == BPF_ADD && (b & K_POINTERS) && a == K_NUM)
		return b;
	if (a == K_NUM && b == K_NUM)
		return K_NUM;
	return K_OTHER;
}

static void step(struct run *r, struct state *s, uint32_t slot)
{
	const uint8_t *p = r->in->code + (size_t)slot * 8;
	const struct chk_reloc *rel = r->in->relocs ? &r->in->relocs[slot] : NULL;
	struct isa_insn in;
	uint8_t cls, mode, op;
	unsigned size;

	isa_decode(p, &in);
	cls = BPF_CLASS(in.code);
	mode = BPF_MODE(in.code);
	op = BPF_OP(in.code);
	if (in.dst > 10 || in.src > 10)
		return;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64: {
		bool is64 = cls == BPF_ALU64, x = BPF_SRC(in.code) == BPF_X;
		struct reg *d = &s->r[in.dst];
		if (x && op != BPF_END)
			read_reg(r, s, slot, in.src);
		if (op == BPF_MOV) {
			if (x && is64 && !in.off)
				*d = s->r[in.src];
			else
				set(d, x && is64 && in.off == BO_ADDR_SPACE_CAST ? K_OTHER : K_NUM); /* an arena pointer */
			break;
		}
		read_reg(r, s, slot, in.dst);
		if (is64 && (d->k == K_MAP || ((d->k & K_POINTERS) && !(d->k & ~K_POINTERS) && op != BPF_ADD && op != BPF_SUB &&
					       op != BPF_END && op != BPF_NEG))) {
			char fix[300];
			snprintf(fix, sizeof(fix), "%s", d->k == K_MAP ? "look the map up (bpf_map_lookup_elem) and move the value's "
				 "pointer instead" : "only add numbers to a pointer, or subtract them; work on a copy of a number");
			say(r, slot, false, F_ARITH, UINT32_MAX, fix, "r%u holds %s, and the kernel refuses %s on it", in.dst,
			    d->k == K_MAP ? "a map (from `= MAP ll`)" : "a pointer", d->k == K_MAP ? "any arithmetic" : "this operation");
		}
		if (op == BPF_END || op == BPF_NEG) {
			set(d, K_NUM);
			break;
		}
		{
			uint16_t k = alu_result(d, x ? &s->r[in.src] : NULL, op, is64);
			bool keep_off = !x && d->off_known && k == d->k && (k == K_STACK || k == K_CTX);
			int32_t off = d->off;
			const struct chk_reloc *map = d->map;
			uint32_t id = d->id, from = d->from;
			set(d, k);
			if (keep_off) {
				d->off_known = true;
				d->off = op == BPF_ADD ? off + in.imm : op == BPF_SUB ? off - in.imm : off;
				if (op != BPF_ADD && op != BPF_SUB)
					d->off_known = false;
			}
			if (k & K_NULL) {
				d->id = id;
				d->from = from;
			}
			d->map = map;
		}
		break;
	}
	case BPF_LDX:
		size = 1u << (BPF_SIZE(in.code) == BPF_B ? 0 : BPF_SIZE(in.code) == BPF_H ? 1 : BPF_SIZE(in.code) == BPF_W ? 2 : 3);
		through(r, s, slot, in.src, in.off, size, false);
		ctx_access(r, s, slot, in.src, in.off, size, false);
		if (s->r[in.src].k == K_STACK && s->r[in.src].off_known)
			stack_read(r, s, slot, (int64_t)s->r[in.src].off + in.off, size, NULL);
		{
			uint16_t k = K_OTHER;
			if (s->r[in.src].k == K_CTX && s->r[in.src].off_known && r->type != UINT32_MAX && rules_ctx_struct(r->type)) {
				const char *ctx = rules_ctx_struct(r->type);
				const struct names_const *c = names_field_at(ctx, (int64_t)s->r[in.src].off + in.off, true);
				const char *field = c ? c->name + strlen(ctx) : "";
				if (!strcmp(field, ".data") || !strcmp(field, ".data_meta"))
					k = K_PKT;
				else if (!strcmp(field, ".data_end"))
					k = K_PKT_END;
				else if (c && c->size <= 4)
					k = K_NUM;
			} else if (size < 8 && !(s->r[in.src].k & K_CTX)) /* a context of unknown layout may hold u32 pointers */
				k = K_NUM;
			set(&s->r[in.dst], k);
		}
		break;
	case BPF_ST:
	case BPF_STX:
		size = 1u << (BPF_SIZE(in.code) == BPF_B ? 0 : BPF_SIZE(in.code) == BPF_H ? 1 : BPF_SIZE(in.code) == BPF_W ? 2 : 3);
		if (mode == BPF_ATOMIC && in.imm == BPF_LOAD_ACQ) { /* dst = *(src + off) */
			through(r, s, slot, in.src, in.off, size, false);
			set(&s->r[in.dst], K_OTHER);
			break;
		}
		if (cls == BPF_STX)
			read_reg(r, s, slot, in.src);
		through(r, s, slot, in.dst, in.off, size, true);
		if (mode == BPF_ATOMIC && in.imm != BPF_STORE_REL) {
			if (s->r[in.dst].k == K_STACK && s->r[in.dst].off_known)
				stack_read(r, s, slot, (int64_t)s->r[in.dst].off + in.off, size, NULL);
			if (in.imm == BPF_CMPXCHG)
				set(&s->r[0], K_NUM);
			else if (in.imm & BPF_FETCH)
				set(&s->r[in.src], K_NUM);
			break;
		}
		ctx_access(r, s, slot, in.dst, in.off, size, true);
		if (s->r[in.dst].k == K_STACK && s->r[in.dst].off_known)
			stack_write(s, (int64_t)s->r[in.dst].off + in.off, size);
		else if (s->r[in.dst].k & K_STACK)
			memset(s->written, 0xff, sizeof(s->written));
		break;
	case BPF_LD:
		if (in.code == (BPF_LD | BPF_IMM | BPF_DW)) {
			struct reg *d = &s->r[in.dst];
			if (rel && rel->kind == CHK_MAP) {
				set(d, K_MAP);
				d->map = rel;
			} else if (in.src == BPF_PSEUDO_MAP_FD || in.src == BPF_PSEUDO_MAP_IDX)
				set(d, K_MAP);
			else if (rel && rel->kind != CHK_NONE)
				set(d, K_OTHER);
			else
				set(d, in.src ? K_OTHER : K_NUM);
			break;
		}
		/* skb[...] loads: the context in r6; like a call for r1-r5 */
		read_reg(r, s, slot, 6);
		if (mode == BPF_IND)
			read_reg(r, s, slot, in.src);
		for (unsigned a = 1; a <= 5; a++)
			set(&s->r[a], K_UNSET);
		set(&s->r[0], K_NUM);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) {
			call(r, s, slot, &in);
			break;
		}
		if (op == BPF_EXIT) {
			if (cls == BPF_JMP && (s->r[0].k & K_UNSET))
				say(r, slot, false, F_EXIT, UINT32_MAX, "set r0 before the exit, for example `r0 = 0`",
				    "the program returns r0, and %s path to this exit sets it", s->r[0].k == K_UNSET ? "no" : "not every");
			break;
		}
		if (op == BPF_JA || op == BPF_JCOND)
			break;
		read_reg(r, s, slot, in.dst);
		if (BPF_SRC(in.code) == BPF_X)
			read_reg(r, s, slot, in.src);
		if (cls == BPF_JMP32 && (s->r[in.dst].k & K_NULL) && BPF_SRC(in.code) == BPF_K && in.imm == 0 &&
		    (op == BPF_JEQ || op == BPF_JNE)) {
			char fix[200];
			snprintf(fix, sizeof(fix), "compare all 64 bits: `if r%u %s 0 goto ...`", in.dst, op == BPF_JEQ ? "==" : "!=");
			say(r, slot, false, F_NULL32, UINT32_MAX, fix,
			    "`if w%u %s 0` compares only the lower 32 bits of r%u, which may be NULL; the verifier does not take it "
			    "as a NULL check", in.dst, op == BPF_JEQ ? "==" : "!=", in.dst);
		}
		break;
	}
}

/* The state along an edge: a NULL check tells each side what it knows. */
static void refine(const struct run *r, struct state *s, uint32_t last, enum cfg_edge_kind kind)
{
	struct isa_insn in;
	uint8_t op;
	bool is_null;

	isa_decode(r->in->code + (size_t)last * 8, &in);
	op = BPF_OP(in.code);
	if (BPF_CLASS(in.code) != BPF_JMP || BPF_SRC(in.code) != BPF_K || in.imm != 0 || (op != BPF_JEQ && op != BPF_JNE) ||
	    in.dst > 9 || !(s->r[in.dst].k & K_NULL) || (kind != CFG_TAKEN && kind != CFG_FALL))
		return;
	is_null = (op == BPF_JEQ) == (kind == CFG_TAKEN);
	for (unsigned i = 0; i <= 9; i++) {
		struct reg *x = &s->r[i];
		/* the register tested, its copies, and values whose copies were lost where paths
		 * met (id 0): those only on the side that is not NULL, so that they are not
		 * found wrongly later */
		bool copy = x->id && x->id == s->r[in.dst].id, lost = !x->id && (x->k & K_NULL) && !is_null;
		if (i != in.dst && !copy && !lost)
			continue;
		if (is_null)
			set(x, K_NUM);
		else
			x->k &= (uint16_t)~K_NULL;
	}
}

static bool join(struct state *into, const struct state *from)
{
	bool changed = false;

	if (!into->seen) {
		*into = *from;
		into->seen = true;
		return true;
	}
	for (unsigned i = 0; i < 11; i++) {
		struct reg *a = &into->r[i];
		const struct reg *b = &from->r[i];
		uint16_t k = a->k | b->k;
		bool off = a->off_known && b->off_known && a->off == b->off && k == a->k;
		const struct chk_reloc *map = a->map == b->map ? a->map : NULL;
		uint32_t id = a->id == b->id ? a->id : 0; /* 0 absorbs: the join stays monotone */
		if (k != a->k || off != a->off_known || map != a->map || id != a->id)
			changed = true;
		a->k = k;
		a->off_known = off;
		a->map = map;
		a->id = id;
	}
	for (size_t i = 0; i < sizeof(into->written); i++) {
		uint8_t w = into->written[i] & from->written[i];
		if (w != into->written[i])
			changed = true;
		into->written[i] = w;
	}
	return changed;
}

static void entry_state(const struct run *r, uint32_t fn, struct state *s)
{
	bool program = r->in->section_is_program && fn == 0;

	memset(s, 0, sizeof(*s));
	s->seen = true;
	for (size_t i = 0; i < r->in->nentries; i++)
		if (r->in->entries[i] == r->g.funcs[fn].entry && r->in->is_program)
			program = r->in->is_program[i];
	for (unsigned i = 0; i <= 9; i++)
		set(&s->r[i], K_UNSET);
	for (unsigned i = 1; i <= 5 && !program; i++)
		set(&s->r[i], K_OTHER); /* a function's arguments: set by its caller, kinds unknown */
	if (program) {
		set(&s->r[1], K_CTX);
		s->r[1].off_known = true;
	}
	set(&s->r[10], K_STACK);
	s->r[10].off_known = true;
}

static void walk_block(struct run *r, uint32_t b, struct state *s)
{
	const struct cfg_block *bl = &r->g.blocks[b];

	for (uint32_t i = bl->first; i < bl->end; i++) {
		if (r->g.block_of[i] == UINT32_MAX)
			continue;
		step(r, s, i);
	}
}

static int flow(struct run *r)
{
	uint32_t *work = malloc((r->g.nblocks + 1) * sizeof(*work));
	bool *queued = calloc(r->g.nblocks + 1, sizeof(*queued));
	uint32_t *first_edge = malloc((r->g.nblocks + 1) * sizeof(*first_edge));
	size_t n = 0;
	int err = -ENOMEM;

	if (!work || !queued || !first_edge)
		goto out;
	for (size_t bi = 0, e = 0; bi <= r->g.nblocks; bi++) {
		while (e < r->g.nedges && r->g.edges[e].from < bi)
			e++;
		first_edge[bi] = (uint32_t)e;
	}
	for (uint32_t f = 0; f < r->g.nfuncs; f++) {
		uint32_t b = r->g.block_of[r->g.funcs[f].entry];
		entry_state(r, f, &r->st[b]);
		work[n++] = b;
		queued[b] = true;
	}
	while (n) {
		uint32_t b = work[--n];
		struct state s = r->st[b];
		uint32_t last = r->g.blocks[b].end - 1;
		queued[b] = false;
		if (r->g.block_of[last] == UINT32_MAX)
			last--;
		walk_block(r, b, &s);
		for (uint32_t e = first_edge[b]; e < first_edge[b + 1]; e++) {
			const struct cfg_edge *ed = &r->g.edges[e];
			struct state t = s;
			if (ed->kind == CFG_CALL)
				continue;
			refine(r, &t, last, ed->kind);
			if (join(&r->st[ed->to], &t) && !queued[ed->to]) {
				queued[ed->to] = true;
				work[n++] = ed->to;
			}
		}
	}
	err = 0;
out:
	free(work);
	free(queued);
	free(first_edge);
	return err;
}

/* --- the control-flow problems ---------------------------------------------------------- */

static void flow_problems(struct run *r)
{
	r->reporting = true;
	for (size_t i = 0; i < r->g.nproblems; i++) {
		const struct cfg_problem *p = &r->g.problems[i];
		uint32_t rel = UINT32_MAX;
		switch (p->kind) {
		case CFG_INTO_LDDW:
			rel = (uint32_t)p->target - 1;
			say(r, p->slot, false, 1u << 20, rel, "jump to a label instead of counting slots (an lddw counts as two)",
			    "this jump lands on the second slot of the 64-bit load\x01 (an lddw takes two slots), which the kernel refuses");
			break;
		case CFG_FALLS_OFF: {
			bool last = p->slot + 1 >= r->g.nslots || (p->slot + 2 == r->g.nslots && cfg_is_lddw(r->in->code, p->slot));
			if (last)
				say(r, p->slot, true, 1u << 21, UINT32_MAX, "end it with `exit` (or a `goto`)",
				    "the code of section '%s' can run past this last instruction", r->in->section);
			else
				say(r, p->slot, false, 1u << 21, UINT32_MAX, "end it with `exit` (or a `goto`)",
				    "this function can run past its last instruction into the next function, which the kernel refuses");
			break;
		}
		case CFG_UNREACHABLE:
			say(r, p->slot, false, 1u << 22, UINT32_MAX, "remove it, or jump to it",
			    "no path from the start of its function reaches this instruction, and the kernel refuses dead code");
			break;
		case CFG_OUT_OF_RANGE:
			break; /* the assembler refuses such jumps; an object's relocation may fill one in */
		}
	}
	r->reporting = false;
}

int chk_run(const struct chk_input *in, chk_report_fn report, void *arg)
{
	struct run r = {.in = in, .report = report, .arg = arg, .type = UINT32_MAX};
	uint32_t *entries = NULL;
	int err;

	if (in->len < 8)
		return 0;
	r.sec = in->section_is_program ? names_section(in->section) : NULL;
	if (r.sec)
		r.type = r.sec->type;
	err = cfg_build(in->code, in->len, in->entries, in->nentries, NULL, &r.g);
	if (in->relocs && !err) { /* again, with the calls relocations fill in left out */
		bool *relocated = calloc(r.g.nslots, sizeof(*relocated));
		cfg_free(&r.g);
		if (!relocated)
			return -ENOMEM;
		for (uint32_t i = 0; i < (uint32_t)(in->len / 8); i++)
			relocated[i] = in->relocs[i].kind == CHK_FAR_CALL;
		err = cfg_build(in->code, in->len, in->entries, in->nentries, relocated, &r.g);
		free(relocated);
	}
	if (err)
		return err;
	r.st = calloc(r.g.nblocks + 1, sizeof(*r.st));
	r.reported = calloc(r.g.nslots + 1, sizeof(*r.reported));
	if (!r.st || !r.reported) {
		err = -ENOMEM;
		goto out;
	}
	flow_problems(&r);
	if ((err = flow(&r)))
		goto out;
	r.reporting = true;
	for (uint32_t b = 0; b < r.g.nblocks; b++) {
		struct state s = r.st[b];
		if (!r.g.blocks[b].reachable || !s.seen)
			continue;
		walk_block(&r, b, &s);
	}
out:
	free(entries);
	free(r.st);
	free(r.reported);
	cfg_free(&r.g);
	return err;
}
