/* emu.c: the interpreter. Every instruction form of the ISA (v1 to v4), BPF-to-BPF calls
 * with a 512-byte stack frame each, tail calls, callbacks, legacy packet loads; every
 * memory access checked against the regions the program may touch. Arithmetic follows
 * RFC 9669: division by zero gives 0, modulo by zero leaves the dividend, shift amounts are
 * masked to the operand width. */
#include "emu_int.h"
#include "isa.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


#define FAKE_FD_BASE (1 << 20) /* map "fds" for relocating without a kernel */

/* --- messages ----------------------------------------------------------------------------- */

/* An instruction as text; a relocated map load by the map's name, as the source wrote it. */
static void insn_text(const struct ldr_emu *e, const struct emu_prog *ep, uint32_t pc, char *text, size_t len)
{
	const struct bpf_insn *in = &ep->insns[pc];

	if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE) &&
	    pc + 1 < ep->n) {
		uint64_t v = ep->imm64[pc];
		size_t m = in->src_reg == BPF_PSEUDO_MAP_FD ? (size_t)((v & 0xffffffffffffull) >> 8) : (size_t)(v >> 36) - 1;
		if (m < e->nmaps) {
			if (in->src_reg == BPF_PSEUDO_MAP_FD || !in[1].imm)
				snprintf(text, len, "r%u = %s ll", in->dst_reg, e->o->maps[m].name);
			else
				snprintf(text, len, "r%u = %s + %d ll", in->dst_reg, e->o->maps[m].name, in[1].imm);
			return;
		}
	}
	if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) { /* as the verifier writes it */
		snprintf(text, len, "call pc%+d", in->imm);
		return;
	}
	ldr_prog_insn_text(ep->p, pc, text, len); /* the same instructions as ep's copy */
}

static void where(const struct ldr_emu *e, uint32_t prog, uint32_t pc, char *buf, size_t len)
{
	const struct emu_prog *ep = &e->progs[prog];
	const struct bpf_line_info *li = ldr_prog_line(ep->p, pc);
	char text[160];

	insn_text(e, ep, pc, text, sizeof(text));
	if (li)
		snprintf(buf, len, "instruction %u of '%s' (%s:%u: %s)", pc, ep->p->name, ldr_btf_str(e->o, li->file_name_off),
			 li->line_col >> 10, text);
	else
		snprintf(buf, len, "instruction %u of '%s' (%s)", pc, ep->p->name, text);
}

int emu_fail(struct ldr_emu *e, int err, const char *fmt, ...)
{
	char at[400];
	size_t n;
	va_list ap;

	if (!e->err[0]) { /* the first reason stands */
		where(e, e->cur_prog, e->cur_pc, at, sizeof(at));
		n = (size_t)snprintf(e->err, e->errlen, "%s: ", at);
		va_start(ap, fmt);
		if (n < e->errlen)
			vsnprintf(e->err + n, e->errlen - n, fmt, ap);
		va_end(ap);
	}
	return err;
}

const char *emu_region_name(const struct ldr_emu *e, const struct emu_region *r, char *buf, size_t len)
{
	switch (r->kind) {
	case R_STACK: return "the stack";
	case R_CTX: return "the context";
	case R_PKT: return "the packet";
	case R_META: return "the packet's metadata";
	case R_MEM: return "the memory block";
	case R_SCRATCH: return "the key a helper passed";
	case R_MAP:
		snprintf(buf, len, "the value of map '%s'", e->maps[r->map].m->name);
		return buf;
	}
	return "?";
}

void emu_describe(const struct ldr_emu *e, uint64_t v, char *buf, size_t len)
{
	for (size_t i = 0; i < e->nreg; i++) {
		const struct emu_region *r = &e->reg[i];
		const char *n = r->kind == R_STACK ? "fp" : r->kind == R_CTX ? "ctx" : r->kind == R_PKT ? "pkt"
			: r->kind == R_META ? "meta" : r->kind == R_MEM ? "mem" : r->kind == R_SCRATCH ? "key" : NULL;
		if (v < r->start || v > r->end)
			continue;
		if (r->kind == R_STACK) {
			uint64_t fp = EMU_STACK_BASE + (uint64_t)(EMU_FRAMES - e->depth) * EMU_STACK;
			snprintf(buf, len, "%#llx (fp%+lld)", (unsigned long long)v, (long long)(v - fp));
		} else if (r->kind == R_PKT && v == e->data_end)
			snprintf(buf, len, "%#llx (pkt_end)", (unsigned long long)v);
		else if (r->kind == R_PKT)
			snprintf(buf, len, "%#llx (pkt+%lld)", (unsigned long long)v, (long long)(v - e->data));
		else if (n)
			snprintf(buf, len, "%#llx (%s+%llu)", (unsigned long long)v, n, (unsigned long long)(v - r->start));
		else
			snprintf(buf, len, "%#llx (%s value+%llu)", (unsigned long long)v, e->maps[r->map].m->name,
				 (unsigned long long)(v - r->start));
		return;
	}
	if ((v & 0xffff000000000000ull) == 0xffff000000000000ull && emu_map_of((struct ldr_emu *)e, v)) {
		snprintf(buf, len, "map %s", emu_map_of((struct ldr_emu *)e, v)->m->name);
		return;
	}
	if ((int64_t)v < 0 && (int64_t)v > -4096)
		snprintf(buf, len, "%lld", (long long)(int64_t)v);
	else if (v < 10)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "%#llx", (unsigned long long)v);
}

/* --- memory -------------------------------------------------------------------------------- */

static void add_region(struct ldr_emu *e, uint64_t start, uint64_t size, uint8_t *host, enum emu_region_kind k,
		       bool writable, int map)
{
	if (e->nreg < sizeof(e->reg) / sizeof(e->reg[0]))
		e->reg[e->nreg++] = (struct emu_region){start, start + size, host, k, writable, map};
}

/* The stack a frame may touch: its own 512 bytes and its callers' (through pointers they
 * passed), never below its own. */
static void stack_region(struct ldr_emu *e)
{
	struct emu_region *r = &e->reg[e->nfixed];
	uint64_t low = (uint64_t)(EMU_FRAMES - 1 - e->depth) * EMU_STACK;

	r->start = EMU_STACK_BASE + low;
	r->host = e->stack + low;
}

static uint8_t *stray(struct ldr_emu *e, uint64_t addr, uint64_t size, bool write, const char *what)
{
	const struct emu_region *best = NULL;
	uint64_t dist = UINT64_MAX;
	char name[128];

	for (size_t i = 0; i < e->nreg; i++) {
		const struct emu_region *r = &e->reg[i];
		uint64_t d = addr + size <= r->start ? r->start - addr : addr >= r->end ? addr + size - r->end : 0;
		if (d == 0 && addr >= r->start && addr + size <= r->end) { /* inside, but read-only */
			emu_fail(e, -EFAULT, "%s %llu byte%s at %#llx: %s is read-only%s", what, (unsigned long long)size, size == 1 ? "" : "s",
				 (unsigned long long)addr, emu_region_name(e, r, name, sizeof(name)),
				 r->kind == R_PKT ? " for this program type" : "");
			return NULL;
		}
		if (d < dist)
			dist = d, best = r;
	}
	if (best && dist < (1u << 20)) {
		const char *rn = emu_region_name(e, best, name, sizeof(name));
		if (best->kind == R_STACK && addr < best->start)
			emu_fail(e, -EFAULT, "%s %llu byte%s at fp%lld: below the frame's 512 bytes of stack (fp-512 .. fp-1) by %llu",
				 what, (unsigned long long)size, size == 1 ? "" : "s",
				 (long long)(addr - (EMU_STACK_BASE + (uint64_t)(EMU_FRAMES - e->depth) * EMU_STACK)),
				 (unsigned long long)dist);
		else if (addr < best->start)
			emu_fail(e, -EFAULT, "%s %llu byte%s at %#llx, which starts %llu byte%s before %s (%llu bytes at %#llx)", what,
				 (unsigned long long)size, size == 1 ? "" : "s", (unsigned long long)addr, (unsigned long long)dist, dist == 1 ? "" : "s", rn,
				 (unsigned long long)(best->end - best->start), (unsigned long long)best->start);
		else
			emu_fail(e, -EFAULT, "%s %llu byte%s at %#llx, which ends %llu byte%s past the end of %s (%llu bytes at %#llx)", what,
				 (unsigned long long)size, size == 1 ? "" : "s", (unsigned long long)addr, (unsigned long long)dist, dist == 1 ? "" : "s", rn,
				 (unsigned long long)(best->end - best->start), (unsigned long long)best->start);
	} else
		emu_fail(e, -EFAULT, "%s %llu byte%s at %#llx: no memory the program may touch is there%s", what,
			 (unsigned long long)size, size == 1 ? "" : "s", (unsigned long long)addr, addr < 4096 ? " (a NULL pointer?)" : "");
	return NULL;
}

uint8_t *emu_ptr(struct ldr_emu *e, uint64_t addr, uint64_t size, bool write, const char *what)
{
	for (size_t i = 0; i < e->nreg; i++) {
		const struct emu_region *r = &e->reg[i];
		if (addr >= r->start && size <= r->end - r->start && addr - r->start <= r->end - r->start - size &&
		    (!write || r->writable) && r->kind != R_CTX)
			return r->host + (addr - r->start);
	}
	return stray(e, addr, size, write, what);
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	switch (n) {
	case 1: return p[0];
	case 2: { uint16_t x; memcpy(&x, p, 2); return x; }
	case 4: { uint32_t x; memcpy(&x, p, 4); return x; }
	default: memcpy(&v, p, 8); return v;
	}
}

static void set_le(uint8_t *p, unsigned n, uint64_t v)
{
	switch (n) {
	case 1: p[0] = (uint8_t)v; break;
	case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
	default: memcpy(p, &v, 8);
	}
}

/* Context fields: the packet pointers read as 64-bit addresses; what a program type may
 * read and write, as the verifier has it for the common fields. */
static int ctx_access(struct ldr_emu *e, uint64_t off, unsigned size, bool write, uint64_t *v)
{
	static const struct { uint32_t off; const char *name; } skb_ptrs[] = {
		{offsetof(struct __sk_buff, data), "data"}, {offsetof(struct __sk_buff, data_end), "data_end"},
		{offsetof(struct __sk_buff, data_meta), "data_meta"}};
	uint32_t limit = e->ctx_kind == 1 ? sizeof(struct __sk_buff) : sizeof(struct xdp_md);
	const char *tn = ldr_prog_type_name(e->prog_type);

	if (off + size > limit)
		return emu_fail(e, -EFAULT, "%s %u bytes at offset %llu of the context, past the end of %s (%u bytes)",
				write ? "writes" : "reads", size, (unsigned long long)off, e->ctx_kind == 1 ? "__sk_buff" : "xdp_md", limit);
	if (e->ctx_kind == 2) {
		if (write)
			return emu_fail(e, -EFAULT, "writes xdp_md at offset %llu: an XDP program may not write its context",
					(unsigned long long)off);
		if (off % 4 || size != 4)
			return emu_fail(e, -EFAULT, "reads %u bytes at offset %llu of xdp_md: its fields are read whole, 4 bytes each",
					size, (unsigned long long)off);
		*v = off == 0 ? e->data : off == 4 ? e->data_end : off == 8 ? e->data_meta : get_le(e->ctx + off, 4);
		return 0;
	}
	for (size_t i = 0; i < 3; i++) {
		if (off + size <= skb_ptrs[i].off || off >= skb_ptrs[i].off + 4)
			continue;
		if (e->prog_type == BPF_PROG_TYPE_SOCKET_FILTER || (i == 2 && e->prog_type != BPF_PROG_TYPE_SCHED_CLS &&
								     e->prog_type != BPF_PROG_TYPE_SCHED_ACT))
			return emu_fail(e, -EFAULT, "reads __sk_buff.%s: a %s program may not (the verifier refuses it; read the packet with skb[...] loads or bpf_skb_load_bytes)",
					skb_ptrs[i].name, tn);
		if (write || off != skb_ptrs[i].off || size != 4)
			return emu_fail(e, -EFAULT, "%s __sk_buff.%s: it is read whole, as a 4-byte load", write ? "writes" : "reads part of",
					skb_ptrs[i].name);
		*v = i == 0 ? e->data : i == 1 ? e->data_end : e->data_meta;
		return 0;
	}
	if (write) {
		bool ok = off >= offsetof(struct __sk_buff, cb) && off + size <= offsetof(struct __sk_buff, cb) + 20;
		if (e->prog_type != BPF_PROG_TYPE_SOCKET_FILTER)
			ok |= (off >= offsetof(struct __sk_buff, mark) && off + size <= offsetof(struct __sk_buff, mark) + 4) ||
			      (off >= offsetof(struct __sk_buff, priority) && off + size <= offsetof(struct __sk_buff, priority) + 4);
		if (e->prog_type == BPF_PROG_TYPE_SCHED_CLS || e->prog_type == BPF_PROG_TYPE_SCHED_ACT)
			ok |= (off >= offsetof(struct __sk_buff, tc_index) && off + size <= offsetof(struct __sk_buff, tc_index) + 4) ||
			      (off >= offsetof(struct __sk_buff, tc_classid) && off + size <= offsetof(struct __sk_buff, tc_classid) + 4) ||
			      (off >= offsetof(struct __sk_buff, queue_mapping) && off + size <= offsetof(struct __sk_buff, queue_mapping) + 4);
		if (!ok)
			return emu_fail(e, -EFAULT, "writes %u bytes at offset %llu of __sk_buff: a %s program may write only %s", size,
					(unsigned long long)off, tn,
					e->prog_type == BPF_PROG_TYPE_SOCKET_FILTER ? "cb[0..4]" :
					e->prog_type == BPF_PROG_TYPE_SCHED_CLS || e->prog_type == BPF_PROG_TYPE_SCHED_ACT ?
					"mark, priority, cb, tc_index, tc_classid and queue_mapping" : "mark, priority and cb");
		set_le(e->ctx + off, size, *v);
		return 0;
	}
	*v = get_le(e->ctx + off, size);
	return 0;
}

static inline bool in_region(const struct emu_region *r, uint64_t addr, unsigned size)
{
	return addr >= r->start && addr + size <= r->end && addr + size > addr;
}

static int load_slow(struct ldr_emu *e, uint64_t addr, unsigned size, uint64_t *v)
{
	const uint8_t *p;

	for (size_t i = 0; i < e->nreg; i++) {
		const struct emu_region *r = &e->reg[i];
		if (!in_region(r, addr, size))
			continue;
		if (r->kind == R_CTX && e->ctx_kind)
			return ctx_access(e, addr - r->start, size, false, v);
		e->last = r;
		*v = get_le(r->host + (addr - r->start), size);
		return 0;
	}
	p = stray(e, addr, size, false, "reads");
	return p ? 0 : -EFAULT;
}

static int store_slow(struct ldr_emu *e, uint64_t addr, unsigned size, uint64_t v)
{
	for (size_t i = 0; i < e->nreg; i++) {
		const struct emu_region *r = &e->reg[i];
		if (!in_region(r, addr, size))
			continue;
		if (r->kind == R_CTX && e->ctx_kind)
			return ctx_access(e, addr - r->start, size, true, &v);
		if (!r->writable)
			break;
		e->last = r;
		set_le(r->host + (addr - r->start), size, v);
		return 0;
	}
	return stray(e, addr, size, true, "writes") ? 0 : -EFAULT;
}

/* The last region touched is tried first: most programs work in one or two at a time.
 * The context is never "last", so its fields always go through ctx_access. Only the slow
 * path, which may have to say where it stopped, records the instruction. */
#define LOAD(addr, size, dst)                                                                         \
	do {                                                                                          \
		uint64_t a_ = (addr);                                                                 \
		const struct emu_region *l_ = e->last;                                                \
		if (l_ && in_region(l_, a_, size))                                                    \
			dst = get_le(l_->host + (a_ - l_->start), size);                              \
		else {                                                                                \
			e->cur_prog = prog, e->cur_pc = pc;                                           \
			if ((err = load_slow(e, a_, size, &dst)))                                     \
				goto fault;                                                           \
		}                                                                                     \
	} while (0)

#define STORE(addr, size, val)                                                                        \
	do {                                                                                          \
		uint64_t a_ = (addr), v_ = (val);                                                     \
		const struct emu_region *l_ = e->last;                                                \
		if (trace)                                                                            \
			record_store(e, a_, size, v_);                                                \
		if (l_ && l_->writable && in_region(l_, a_, size))                                    \
			set_le(l_->host + (a_ - l_->start), size, v_);                                \
		else {                                                                                \
			e->cur_prog = prog, e->cur_pc = pc;                                           \
			if ((err = store_slow(e, a_, size, v_)))                                      \
				goto fault;                                                           \
		}                                                                                     \
	} while (0)

/* --- running -------------------------------------------------------------------------------- */

static unsigned size_of(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

static uint64_t sext(uint64_t v, unsigned bits)
{
	return bits >= 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static uint64_t bswap(uint64_t v, int bits)
{
	switch (bits) {
	case 16: return __builtin_bswap16((uint16_t)v);
	case 32: return __builtin_bswap32((uint32_t)v);
	default: return __builtin_bswap64(v);
	}
}

/* --step: what a store is about to change. */
static void record_store(struct ldr_emu *e, uint64_t addr, unsigned size, uint64_t v)
{
	uint64_t old = 0;

	for (size_t i = 0; i < e->nreg; i++)
		if (in_region(&e->reg[i], addr, size) && e->reg[i].kind != R_CTX)
			old = get_le(e->reg[i].host + (addr - e->reg[i].start), size);
	e->stored = true, e->st_addr = addr, e->st_size = size, e->st_old = old, e->st_new = v;
}

/* A legacy packet load (LD_ABS/LD_IND): big-endian, relative to the packet's start; out of
 * the packet the program ends returning 0, as in the kernel. */
static bool ld_pkt(struct ldr_emu *e, int64_t off, unsigned size, uint64_t *v)
{
	const uint8_t *p;

	if (off < 0 || (uint64_t)off + size > e->data_end - e->data)
		return false;
	p = e->pkt + EMU_HEADROOM + (e->data - (EMU_PKT_BASE + EMU_HEADROOM)) + off;
	*v = size == 1 ? p[0] : size == 2 ? (uint64_t)p[0] << 8 | p[1]
		: (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
	return true;
}

static void print_step(struct ldr_emu *e, uint32_t prog, uint32_t pc, const uint64_t *before, const uint64_t *r)
{
	const struct emu_prog *ep = &e->progs[prog];
	const struct bpf_line_info *li = ldr_prog_line(ep->p, pc);
	char text[160], a[96], b[96], loc[128];
	FILE *f = e->opt.out;

	insn_text(e, ep, pc, text, sizeof(text));
	if (li)
		snprintf(loc, sizeof(loc), "%s:%u", ldr_btf_str(e->o, li->file_name_off), li->line_col >> 10);
	else
		snprintf(loc, sizeof(loc), "-");
	if (e->opt.json) {
		fprintf(f, "{\"step\": %llu, \"prog\": ", (unsigned long long)e->steps);
		ldr_json_string(f, ep->p->name, strlen(ep->p->name));
		fprintf(f, ", \"slot\": %u, \"depth\": %d, \"line\": ", pc, e->depth);
		ldr_json_string(f, loc, strlen(loc));
		fputs(", \"insn\": ", f);
		ldr_json_string(f, text, strlen(text));
		fputs(", \"regs\": {", f);
		for (int i = 0, n = 0; i < 11; i++)
			if (before[i] != r[i])
				fprintf(f, "%s\"r%d\": [%llu, %llu]", n++ ? ", " : "", i, (unsigned long long)before[i], (unsigned long long)r[i]);
		fputc('}', f);
		if (e->stored)
			fprintf(f, ", \"store\": {\"addr\": %llu, \"size\": %u, \"old\": %llu, \"new\": %llu}", (unsigned long long)e->st_addr,
				e->st_size, (unsigned long long)e->st_old, (unsigned long long)e->st_new);
		fputs("}\n", f);
		return;
	}
	fprintf(f, "%6llu %*s%4u  %-24s %-40s", (unsigned long long)e->steps, 2 * e->call_indent, "", pc, loc, text);
	for (int i = 0; i < 10; i++) { /* r10 changes only with the frame: the indentation shows it */
		if (before[i] == r[i])
			continue;
		emu_describe(e, before[i], a, sizeof(a));
		emu_describe(e, r[i], b, sizeof(b));
		fprintf(f, " r%d: %s -> %s", i, a, b);
	}
	if (e->stored) {
		emu_describe(e, e->st_addr, a, sizeof(a));
		fprintf(f, " *(u%u *)%s: %#llx -> %#llx", e->st_size * 8, a, (unsigned long long)e->st_old, (unsigned long long)e->st_new);
	}
	fputc('\n', f);
}

static int run(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r, bool trace);

/* The interpreter proper. `trace` is a constant in each of its two copies, so a run
 * without --step or --coverage pays nothing for them. */
static inline __attribute__((always_inline)) int run_impl(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r,
							   bool trace)
{
	struct emu_prog *ep = &e->progs[prog];
	int base = e->depth, err;
	uint64_t before[11];

	for (;;) {
		const struct bpf_insn *in;
		uint64_t src, dst, v;
		uint32_t at = pc;
		uint8_t code;

		if (pc >= ep->n) {
			e->cur_prog = prog, e->cur_pc = ep->n ? ep->n - 1 : 0;
			return emu_fail(e, -EINVAL, "the program runs past its last instruction");
		}
		if (++e->steps > e->max_steps) {
			e->cur_prog = prog, e->cur_pc = pc;
			return emu_fail(e, -ELOOP, "stopped after %llu instructions (an endless loop? --max-steps raises the limit)",
					(unsigned long long)e->max_steps);
		}
		in = &ep->insns[pc];
		code = in->code;
		if (trace && e->opt.debug && (err = emu_debug(e, prog, pc, r)))
			return err;
		if (trace) {
			memcpy(before, r, sizeof(before));
			e->stored = false;
			e->cur_prog = prog, e->cur_pc = pc;
			if (ep->counts)
				ep->counts[pc]++;
		}
		src = BPF_SRC(code) == BPF_X ? r[in->src_reg] : (uint64_t)(int64_t)in->imm;
		switch (code) {
#define ALU(OPC, OP)                                                                                        \
	case BPF_ALU64 | OPC | BPF_K: case BPF_ALU64 | OPC | BPF_X: r[in->dst_reg] = r[in->dst_reg] OP src; break; \
	case BPF_ALU | OPC | BPF_K: case BPF_ALU | OPC | BPF_X: r[in->dst_reg] = (uint32_t)((uint32_t)r[in->dst_reg] OP (uint32_t)src); break;
		ALU(BPF_ADD, +)
		ALU(BPF_SUB, -)
		ALU(BPF_MUL, *)
		ALU(BPF_OR, |)
		ALU(BPF_AND, &)
		ALU(BPF_XOR, ^)
#undef ALU
		case BPF_ALU64 | BPF_LSH | BPF_K: case BPF_ALU64 | BPF_LSH | BPF_X: r[in->dst_reg] <<= (src & 63); break;
		case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X: r[in->dst_reg] = (uint32_t)((uint32_t)r[in->dst_reg] << (src & 31)); break;
		case BPF_ALU64 | BPF_RSH | BPF_K: case BPF_ALU64 | BPF_RSH | BPF_X: r[in->dst_reg] >>= (src & 63); break;
		case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X: r[in->dst_reg] = (uint32_t)r[in->dst_reg] >> (src & 31); break;
		case BPF_ALU64 | BPF_ARSH | BPF_K: case BPF_ALU64 | BPF_ARSH | BPF_X:
			r[in->dst_reg] = (uint64_t)((int64_t)r[in->dst_reg] >> (src & 63));
			break;
		case BPF_ALU | BPF_ARSH | BPF_K: case BPF_ALU | BPF_ARSH | BPF_X:
			r[in->dst_reg] = (uint32_t)((int32_t)r[in->dst_reg] >> (src & 31));
			break;
		case BPF_ALU64 | BPF_NEG: r[in->dst_reg] = -r[in->dst_reg]; break;
		case BPF_ALU | BPF_NEG: r[in->dst_reg] = (uint32_t)-(uint32_t)r[in->dst_reg]; break;
		case BPF_ALU64 | BPF_DIV | BPF_K: case BPF_ALU64 | BPF_DIV | BPF_X:
			dst = r[in->dst_reg];
			if (in->off == 1) /* sdiv */
				r[in->dst_reg] = !src ? 0 : (int64_t)src == -1 ? -dst : (uint64_t)((int64_t)dst / (int64_t)src);
			else
				r[in->dst_reg] = src ? dst / src : 0;
			break;
		case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X: {
			uint32_t d = (uint32_t)r[in->dst_reg], s = (uint32_t)src;
			if (in->off == 1)
				r[in->dst_reg] = !s ? 0 : (int32_t)s == -1 ? (uint32_t)-d : (uint32_t)((int32_t)d / (int32_t)s);
			else
				r[in->dst_reg] = s ? d / s : 0;
			break;
		}
		case BPF_ALU64 | BPF_MOD | BPF_K: case BPF_ALU64 | BPF_MOD | BPF_X:
			dst = r[in->dst_reg];
			if (in->off == 1)
				r[in->dst_reg] = !src ? dst : (int64_t)src == -1 ? 0 : (uint64_t)((int64_t)dst % (int64_t)src);
			else
				r[in->dst_reg] = src ? dst % src : dst;
			break;
		case BPF_ALU | BPF_MOD | BPF_K: case BPF_ALU | BPF_MOD | BPF_X: {
			uint32_t d = (uint32_t)r[in->dst_reg], s = (uint32_t)src;
			if (in->off == 1)
				r[in->dst_reg] = !s ? d : (int32_t)s == -1 ? 0 : (uint32_t)((int32_t)d % (int32_t)s);
			else
				r[in->dst_reg] = s ? d % s : d;
			break;
		}
		case BPF_ALU64 | BPF_MOV | BPF_K: r[in->dst_reg] = src; break;
		case BPF_ALU64 | BPF_MOV | BPF_X:
			/* off 8, 16, 32: sign extension (v4); off 1: addr_space_cast, a plain move here */
			r[in->dst_reg] = in->off == 8 || in->off == 16 || in->off == 32 ? sext(src, (unsigned)in->off) : src;
			break;
		case BPF_ALU | BPF_MOV | BPF_K: r[in->dst_reg] = (uint32_t)src; break;
		case BPF_ALU | BPF_MOV | BPF_X:
			r[in->dst_reg] = (uint32_t)(in->off == 8 || in->off == 16 ? sext(src, (unsigned)in->off) : src);
			break;
		case BPF_ALU | BPF_END | BPF_TO_LE:
			r[in->dst_reg] = in->imm == 16 ? (uint16_t)r[in->dst_reg] : in->imm == 32 ? (uint32_t)r[in->dst_reg] : r[in->dst_reg];
			break;
		case BPF_ALU | BPF_END | BPF_TO_BE:
		case BPF_ALU64 | BPF_END | BPF_TO_LE: /* bswap, v4 */
			r[in->dst_reg] = bswap(r[in->dst_reg], in->imm);
			break;

		case BPF_LD | BPF_IMM | BPF_DW:
			r[in->dst_reg] = ep->imm64[pc];
			pc++;
			break;
		case BPF_LD | BPF_ABS | BPF_B: case BPF_LD | BPF_ABS | BPF_H: case BPF_LD | BPF_ABS | BPF_W:
		case BPF_LD | BPF_IND | BPF_B: case BPF_LD | BPF_IND | BPF_H: case BPF_LD | BPF_IND | BPF_W: {
			int64_t off = (int64_t)in->imm + (BPF_MODE(code) == BPF_IND ? (int64_t)(int32_t)r[in->src_reg] : 0);
			if (!ld_pkt(e, off, size_of(code), &v)) {
				r[0] = 0; /* the kernel ends the program, returning 0 */
				if (trace && e->opt.step)
					print_step(e, prog, pc, before, r);
				if (trace && e->opt.step)
					fprintf(e->opt.out, "       skb[%lld] (%u bytes) is outside the packet: the program ends, returning 0\n",
						(long long)off, size_of(code));
				e->depth = base;
				return 0;
			}
			r[0] = v;
			for (int k = 1; k <= 5; k++) /* the kernel's LD_ABS clobbers r1-r5 */
				r[k] = 0;
			break;
		}
		case BPF_LDX | BPF_MEM | BPF_B: case BPF_LDX | BPF_MEM | BPF_H:
		case BPF_LDX | BPF_MEM | BPF_W: case BPF_LDX | BPF_MEM | BPF_DW:
			LOAD(r[in->src_reg] + (uint64_t)(int64_t)in->off, size_of(code), v);
			r[in->dst_reg] = v;
			break;
		case BPF_LDX | BPF_MEMSX | BPF_B: case BPF_LDX | BPF_MEMSX | BPF_H: case BPF_LDX | BPF_MEMSX | BPF_W:
			LOAD(r[in->src_reg] + (uint64_t)(int64_t)in->off, size_of(code), v);
			r[in->dst_reg] = sext(v, 8 * size_of(code));
			break;
		case BPF_ST | BPF_MEM | BPF_B: case BPF_ST | BPF_MEM | BPF_H:
		case BPF_ST | BPF_MEM | BPF_W: case BPF_ST | BPF_MEM | BPF_DW:
			STORE(r[in->dst_reg] + (uint64_t)(int64_t)in->off, size_of(code), (uint64_t)(int64_t)in->imm);
			break;
		case BPF_STX | BPF_MEM | BPF_B: case BPF_STX | BPF_MEM | BPF_H:
		case BPF_STX | BPF_MEM | BPF_W: case BPF_STX | BPF_MEM | BPF_DW:
			STORE(r[in->dst_reg] + (uint64_t)(int64_t)in->off, size_of(code), r[in->src_reg]);
			break;
		case BPF_STX | BPF_ATOMIC | BPF_B: case BPF_STX | BPF_ATOMIC | BPF_H:
		case BPF_STX | BPF_ATOMIC | BPF_W: case BPF_STX | BPF_ATOMIC | BPF_DW: {
			unsigned sz = size_of(code);
			uint64_t addr = r[in->dst_reg] + (uint64_t)(int64_t)in->off, old, nv;
			uint64_t mask = sz == 8 ? ~0ull : (1ull << (8 * sz)) - 1;
			e->cur_prog = prog, e->cur_pc = pc;
			if (in->imm == BPF_LOAD_ACQ) { /* rD = load_acquire((uN *)(rS + off)) */
				LOAD(r[in->src_reg] + (uint64_t)(int64_t)in->off, sz, v);
				r[in->dst_reg] = v;
				break;
			}
			if (in->imm == BPF_STORE_REL) {
				STORE(addr, sz, r[in->src_reg]);
				break;
			}
			if (sz < 4)
				return emu_fail(e, -EINVAL, "an atomic operation on %u bytes: only 4 and 8 exist", sz);
			LOAD(addr, sz, old);
			v = r[in->src_reg] & mask;
			switch (in->imm & ~BPF_FETCH) {
			case BPF_ADD: nv = old + v; break;
			case BPF_OR: nv = old | v; break;
			case BPF_AND: nv = old & v; break;
			case BPF_XOR: nv = old ^ v; break;
			case BPF_XCHG & ~BPF_FETCH: nv = v; break;
			case BPF_CMPXCHG & ~BPF_FETCH: nv = old == (r[0] & mask) ? v : old; break;
			default:
				return emu_fail(e, -EINVAL, "atomic operation %#x does not exist", (unsigned)in->imm);
			}
			STORE(addr, sz, nv & mask);
			if (in->imm == BPF_CMPXCHG)
				r[0] = old;
			else if (in->imm & BPF_FETCH)
				r[in->src_reg] = old;
			break;
		}

		case BPF_JMP | BPF_JA:
			pc += (uint32_t)(int32_t)in->off;
			break;
		case BPF_JMP32 | BPF_JA: /* gotol */
			pc += (uint32_t)in->imm;
			break;
		case BPF_JMP | BPF_JCOND: /* may_goto: taken once the loop budget is spent */
			if (e->may_goto)
				e->may_goto--;
			else
				pc += (uint32_t)(int32_t)in->off;
			break;
#define JMP(OPC, T, T32, OP)                                                                                        \
	case BPF_JMP | OPC | BPF_K: case BPF_JMP | OPC | BPF_X:                                                            \
		if ((T)r[in->dst_reg] OP (T)src) pc += (uint32_t)(int32_t)in->off;                                       \
		break;                                                                                              \
	case BPF_JMP32 | OPC | BPF_K: case BPF_JMP32 | OPC | BPF_X:                                                        \
		if ((T32)r[in->dst_reg] OP (T32)src) pc += (uint32_t)(int32_t)in->off;                                   \
		break;
		JMP(BPF_JEQ, uint64_t, uint32_t, ==)
		JMP(BPF_JNE, uint64_t, uint32_t, !=)
		JMP(BPF_JGT, uint64_t, uint32_t, >)
		JMP(BPF_JGE, uint64_t, uint32_t, >=)
		JMP(BPF_JLT, uint64_t, uint32_t, <)
		JMP(BPF_JLE, uint64_t, uint32_t, <=)
		JMP(BPF_JSGT, int64_t, int32_t, >)
		JMP(BPF_JSGE, int64_t, int32_t, >=)
		JMP(BPF_JSLT, int64_t, int32_t, <)
		JMP(BPF_JSLE, int64_t, int32_t, <=)
#undef JMP
		case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
			if (r[in->dst_reg] & src)
				pc += (uint32_t)(int32_t)in->off;
			break;
		case BPF_JMP32 | BPF_JSET | BPF_K: case BPF_JMP32 | BPF_JSET | BPF_X:
			if ((uint32_t)r[in->dst_reg] & (uint32_t)src)
				pc += (uint32_t)(int32_t)in->off;
			break;

		case BPF_JMP | BPF_CALL | BPF_X: /* callx: a code address, or a helper's number */
		case BPF_JMP | BPF_CALL: {
			uint64_t target = code == (BPF_JMP | BPF_CALL | BPF_X) ? r[in->dst_reg] : 0;
			bool local = code == (BPF_JMP | BPF_CALL) ? in->src_reg == BPF_PSEUDO_CALL
				: (target & ~0xffffffffffull) == EMU_CODE_BASE;
			e->cur_prog = prog, e->cur_pc = pc;
			if (local) {
				uint32_t to = code == (BPF_JMP | BPF_CALL) ? pc + 1 + (uint32_t)in->imm : (uint32_t)(target & 0xffffff);
				if (code != (BPF_JMP | BPF_CALL) && (((target >> 24) & 0xffff) != prog || to >= ep->n))
					return emu_fail(e, -EINVAL, "callx to %#llx, which is no function of this program", (unsigned long long)target);
				if (e->depth + 1 >= EMU_FRAMES)
					return emu_fail(e, -EINVAL, "calls nested more than %d deep (the kernel's limit)", EMU_FRAMES);
				e->frames[e->depth] = (struct emu_frame){prog, pc + 1, {r[6], r[7], r[8], r[9]}};
				e->depth++;
				r[10] -= EMU_STACK;
				stack_region(e);
				if (trace && e->opt.step)
					print_step(e, prog, pc, before, r);
				e->call_indent++;
				pc = to;
				continue;
			}
			if (in->src_reg == BPF_PSEUDO_KFUNC_CALL && code == (BPF_JMP | BPF_CALL))
				return emu_fail(e, -ENOSYS, "calls kernel function %d (a kfunc): the emulator runs no kernel functions", in->imm);
			err = emu_helper(e, code == (BPF_JMP | BPF_CALL) ? in->imm : (int32_t)target, r);
			if (err)
				return err;
			if (e->tail_prog >= 0) { /* bpf_tail_call succeeded: the program is replaced */
				if (trace && e->opt.step) {
					print_step(e, prog, pc, before, r);
					fprintf(e->opt.out, "       tail call into '%s'\n", e->progs[e->tail_prog].p->name);
				}
				prog = (uint32_t)e->tail_prog;
				ep = &e->progs[prog];
				e->tail_prog = -1;
				pc = 0;
				continue;
			}
			break;
		}
		case BPF_JMP | BPF_EXIT:
			if (e->depth == base) {
				if (trace && e->opt.step)
					print_step(e, prog, pc, before, r);
				return 0;
			}
			e->depth--;
			{
				const struct emu_frame *f = &e->frames[e->depth];
				r[6] = f->saved[0], r[7] = f->saved[1], r[8] = f->saved[2], r[9] = f->saved[3];
				r[10] += EMU_STACK;
				stack_region(e);
				if (trace && e->opt.step) {
					print_step(e, prog, pc, before, r);
					e->call_indent--;
				}
				prog = f->prog;
				ep = &e->progs[prog];
				pc = f->ret_pc;
			}
			continue;
		default:
			e->cur_prog = prog, e->cur_pc = pc;
			return emu_fail(e, -EINVAL, "opcode %#04x is no instruction the ISA defines", code);
		}
		if (trace && e->opt.step)
			print_step(e, prog, at, before, r);
		pc++;
		continue;
fault:
		if (trace && e->opt.step)
			print_step(e, prog, pc, before, r);
		return err;
	}
}

static int run_fast(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r)
{
	return run_impl(e, prog, pc, r, false);
}

static int run_traced(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r)
{
	return run_impl(e, prog, pc, r, true);
}

static int run(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r, bool trace)
{
	return trace ? run_traced(e, prog, pc, r) : run_fast(e, prog, pc, r);
}

int emu_invoke(struct ldr_emu *e, uint32_t prog, uint32_t pc, const uint64_t args[5], uint64_t *r0)
{
	uint64_t r[11] = {0};
	int err, indent = e->call_indent;

	if (e->depth + 1 >= EMU_FRAMES)
		return emu_fail(e, -EINVAL, "callbacks nested more than %d deep", EMU_FRAMES);
	if (prog >= e->nprogs || pc >= e->progs[prog].n)
		return emu_fail(e, -EFAULT, "the callback's address is no function of the object");
	memcpy(r + 1, args, 5 * sizeof(uint64_t));
	e->depth++;
	r[10] = EMU_STACK_BASE + (uint64_t)(EMU_FRAMES - e->depth) * EMU_STACK;
	stack_region(e);
	e->call_indent++;
	err = run(e, prog, pc, r, e->opt.step || e->opt.coverage || e->opt.debug);
	e->call_indent = indent;
	e->depth--;
	stack_region(e);
	*r0 = r[0];
	return err;
}

/* --- setting up --------------------------------------------------------------------------- */

/* What the verifier would refuse before anything runs and the interpreter relies on:
 * registers r0-r10 only, r10 never written, jumps and calls inside the program and never
 * into the second half of a 64-bit load. The object is untrusted input. */
static int check_insns(struct ldr_emu *e, const struct emu_prog *ep)
{
	const char *name = ep->p->name;
	uint8_t *second = calloc(ep->n + 1, 1);

	if (!second)
		return -ENOMEM;
	for (uint32_t i = 0; i + 1 < ep->n; i++)
		if (ep->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			second[++i] = 1;
	for (uint32_t i = 0; i < ep->n; i++) {
		const struct bpf_insn *in = &ep->insns[i];
		uint8_t cls = BPF_CLASS(in->code);
		bool writes_dst;
		int64_t target = -1;
		const char *why = NULL;
		if (second[i])
			continue;
		writes_dst = cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX || in->code == (BPF_LD | BPF_IMM | BPF_DW);
		if (in->dst_reg > 10 || (in->src_reg > 10 && in->code != (BPF_JMP | BPF_CALL) && in->code != (BPF_LD | BPF_IMM | BPF_DW)))
			why = "uses a register above r10";
		else if (writes_dst && in->dst_reg == 10)
			why = "writes r10, the read-only frame pointer";
		else if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC && (in->imm & BPF_FETCH) && in->src_reg == 10)
			why = "fetches into r10, the read-only frame pointer";
		else if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC && in->imm == BPF_LOAD_ACQ && in->dst_reg == 10)
			why = "loads into r10, the read-only frame pointer";
		else {
			struct isa_insn d;
			isa_decode((const uint8_t *)in, &d);
			if ((target = isa_jump_target(&d, i)) == ISA_NO_TARGET)
				target = -1;
		}
		if (!why && target != -1 && (target < 0 || target >= ep->n || second[target]))
			why = target < 0 || target >= ep->n ? "jumps outside the program" : "jumps into the middle of a 64-bit load";
		if (!why && in->code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 >= ep->n)
			why = "is a 64-bit load without its second half";
		if (why) {
			free(second);
			snprintf(e->err, e->errlen, "instruction %u of '%s' %s; the verifier refuses it, and the emulator does not run it", i,
				 name, why);
			return -EINVAL;
		}
	}
	free(second);
	return 0;
}

static int prepare(struct ldr_emu *e, size_t idx)
{
	struct ldr_object *o = e->o;
	struct emu_prog *ep = &e->progs[idx];
	const struct ldr_prog *p = &o->progs[idx];
	int ret;

	ep->p = p;
	ep->n = p->ninsns;
	ep->insns = malloc((p->ninsns + 1) * sizeof(*ep->insns));
	ep->imm64 = calloc(p->ninsns + 1, sizeof(*ep->imm64));
	if (e->opt.coverage)
		ep->counts = calloc(p->ninsns + 1, sizeof(*ep->counts));
	if (!ep->insns || !ep->imm64 || (e->opt.coverage && !ep->counts))
		return -ENOMEM;
	memcpy(ep->insns, p->insns, p->ninsns * sizeof(*ep->insns));
	if ((ret = check_insns(e, ep)))
		return ret;
	for (uint32_t i = 0; i < ep->n; i++) {
		const struct bpf_insn *in = &ep->insns[i];
		uint64_t v;
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (i + 1 >= ep->n) {
			snprintf(e->err, e->errlen, "instruction %u of '%s': a 64-bit load without its second half", i, p->name);
			return -EINVAL;
		}
		v = (uint32_t)in[0].imm | (uint64_t)(uint32_t)in[1].imm << 32;
		if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE) {
			size_t m;
			for (m = 0; m < o->nmaps && o->maps[m].fd != in[0].imm; m++)
				;
			if (m == o->nmaps) {
				snprintf(e->err, e->errlen, "instruction %u of '%s' refers to a map the emulator does not have", i, p->name);
				return -EINVAL;
			}
			v = in->src_reg == BPF_PSEUDO_MAP_FD ? EMU_MAP_HANDLE(m) : EMU_MAP_BASE(m) + (uint32_t)in[1].imm;
		} else if (in->src_reg == BPF_PSEUDO_FUNC) {
			v = EMU_CODE_BASE | (uint64_t)idx << 24 | (i + 1 + (uint32_t)in[0].imm);
		} else if (in->src_reg) {
			snprintf(e->err, e->errlen, "instruction %u of '%s': a 64-bit load of kind %u, which the emulator does not resolve", i,
				 p->name, in->src_reg);
			return -EINVAL;
		}
		ep->imm64[i] = v;
		i++;
	}
	return 0;
}

int ldr_emu_open(struct ldr_object *o, const struct ldr_emu_options *opt, struct ldr_emu **out, char *err, size_t errlen)
{
	struct ldr_emu *e = calloc(1, sizeof(*e));
	bool fake = o->nmaps && o->maps[0].fd < 0;
	int btf_fd = o->btf_fd, ret = 0;

	*out = e;
	if (!e)
		return -ENOMEM;
	e->o = o;
	e->opt = *opt;
	e->err = err;
	e->errlen = errlen;
	err[0] = '\0';
	e->tail_prog = -1;
	e->max_steps = opt->max_steps ? opt->max_steps : 100000000;
	e->progs = calloc(o->nprogs, sizeof(*e->progs));
	e->nprogs = o->nprogs;
	if (!e->progs)
		return -ENOMEM;
	/* without a kernel load first: relocate with stand-in fds, carrying line info along */
	if (fake || !o->nmaps)
		for (size_t i = 0; i < o->nmaps; i++)
			o->maps[i].fd = FAKE_FD_BASE + (int)i;
	if (btf_fd < 0 && o->has_btf)
		o->btf_fd = FAKE_FD_BASE - 1;
	for (size_t i = 0; !ret && i < o->nprogs; i++) {
		if (o->progs[i].fd < 0)
			ret = ldr_prog_relocate(o, &o->progs[i]); /* which says what is wrong */
		if (!ret)
			ret = prepare(e, i);
	}
	if (!ret)
		ret = emu_maps_open(e);
	emu_reader_init(e);
	if (fake)
		for (size_t i = 0; i < o->nmaps; i++)
			o->maps[i].fd = -1;
	o->btf_fd = btf_fd;
	return ret;
}

static void reset_regions(struct ldr_emu *e)
{
	e->nreg = e->nfixed;
	e->last = NULL;
	add_region(e, EMU_STACK_BASE, (uint64_t)EMU_FRAMES * EMU_STACK, e->stack, R_STACK, true, -1);
	add_region(e, EMU_SCRATCH_BASE, sizeof(e->scratch), e->scratch, R_SCRATCH, false, -1);
	e->depth = 0;
	stack_region(e);
}

/* __sk_buff as a test run builds it (net/bpf/test_run.c): the device is lo, the packet
 * type from the destination address against lo's 00:00:00:00:00:00, an IPv4 packet's
 * addresses as the socket's. The fields given with --ctx-set stay. */
static void build_skb(struct ldr_emu *e, const uint8_t *pkt, uint32_t len, uint32_t net_len)
{
	struct __sk_buff *s = (struct __sk_buff *)e->ctx;
	static const uint8_t zero[6];

	s->len = net_len;
	s->protocol = len >= 14 ? (uint32_t)(pkt[12] | pkt[13] << 8) : 0;
	/* eth_type_trans against lo, whose broadcast address is all zeros as well: ff:ff:... is
	 * multicast there */
	s->pkt_type = len < 14 || !memcmp(pkt, zero, 6) ? PACKET_HOST : (pkt[0] & 1) ? PACKET_MULTICAST : PACKET_OTHERHOST;
	s->ifindex = 1;
	if (len >= 14 + 20 && pkt[12] == 0x08 && pkt[13] == 0x00) {
		s->family = 2; /* AF_INET */
		memcpy(&s->local_ip4, pkt + 14 + 12, 4);
		memcpy(&s->remote_ip4, pkt + 14 + 16, 4);
	} else if (len >= 14 + 40 && pkt[12] == 0x86 && pkt[13] == 0xdd) {
		s->family = 10; /* AF_INET6 */
		memcpy(s->local_ip6, pkt + 14 + 8, 16);
		memcpy(s->remote_ip6, pkt + 14 + 24, 16);
	}
}

int ldr_emu_run(struct ldr_emu *e, const struct ldr_prog *p, const uint8_t *data, uint32_t len, bool mem,
		const uint8_t *ctx, const uint8_t *mask, uint32_t ctx_len, struct ldr_run_result *res, char *err, size_t errlen)
{
	const struct ldr_run_kind *k = ldr_run_kind(p->type);
	uint64_t r[11] = {0};
	uint32_t idx = (uint32_t)(p - e->o->progs), off = 0;
	int ret;

	e->err = err;
	e->errlen = errlen;
	err[0] = '\0';
	memset(res, 0, sizeof(*res));
	reset_regions(e);
	e->steps = 0;
	e->may_goto = 8 * 1024 * 1024; /* the kernel's BPF_MAX_LOOPS */
	e->tail_calls = 0;
	e->tail_prog = -1;
	e->call_indent = 0;
	e->prog_type = p->type;
	e->dbg_mode = 's';
	memset(e->ctx, 0, sizeof(e->ctx));
	e->ctx_kind = 0;
	free(e->pkt);
	e->pkt = NULL;
	e->data = e->data_end = e->data_meta = 0; /* no packet unless there is one */
	if (k && k->data && !mem) {
		if (k->ctx && len < 14) {
			snprintf(err, errlen, "the packet is %u bytes, shorter than an Ethernet header (14)", len);
			return -EINVAL;
		}
		if (!k->l2 && k->ctx && !e->opt.l2)
			off = 14; /* a test run hands these programs the packet from the network header */
		e->pkt_cap = EMU_HEADROOM + len + EMU_TAILROOM;
		if (!(e->pkt = calloc(1, e->pkt_cap)))
			return -ENOMEM;
		memcpy(e->pkt + EMU_HEADROOM, data, len);
		e->data = EMU_PKT_BASE + EMU_HEADROOM + off;
		e->data_end = EMU_PKT_BASE + EMU_HEADROOM + len;
		e->data_meta = e->data;
		add_region(e, EMU_PKT_BASE, e->pkt_cap, e->pkt, R_PKT,
			   p->type == BPF_PROG_TYPE_XDP || p->type == BPF_PROG_TYPE_SCHED_CLS || p->type == BPF_PROG_TYPE_SCHED_ACT ||
			   p->type == BPF_PROG_TYPE_LWT_XMIT, -1);
		/* the packet region is [data, data_end): the headroom and tailroom are not the program's */
		e->reg[e->nreg - 1].start = e->data;
		e->reg[e->nreg - 1].end = e->data_end;
		e->reg[e->nreg - 1].host = e->pkt + EMU_HEADROOM + off;
		if (p->type == BPF_PROG_TYPE_XDP) /* the metadata in front of the packet: empty until adjust_meta */
			add_region(e, e->data_meta, 0, e->pkt + EMU_HEADROOM, R_META, true, -1);
		if (k->ctx && !strcmp(k->ctx, "xdp_md")) {
			e->ctx_kind = 2;
			((struct xdp_md *)e->ctx)->ingress_ifindex = 1;
		} else if (k->ctx) {
			e->ctx_kind = 1;
			build_skb(e, data, len, len - off);
		}
		for (uint32_t i = 0; ctx && i < ctx_len && i < sizeof(e->ctx); i++) /* what was given wins */
			if (!mask || mask[i])
				e->ctx[i] = ctx[i];
		add_region(e, EMU_CTX_BASE, e->ctx_kind == 1 ? sizeof(struct __sk_buff) : e->ctx_kind == 2 ? sizeof(struct xdp_md) : 0,
			   e->ctx, R_CTX, true, -1);
		r[1] = EMU_CTX_BASE;
	} else if (mem) { /* --mem: r1 the block, r2 its length (ubpf, the conformance suite) */
		if (!(e->pkt = malloc(len ? len : 1)))
			return -ENOMEM;
		memcpy(e->pkt, data, len);
		e->pkt_cap = len;
		add_region(e, EMU_MEM_BASE, len, e->pkt, R_MEM, true, -1);
		r[1] = len ? EMU_MEM_BASE : 0;
		r[2] = len;
	} else { /* a context only: tracepoint records, raw tracepoint arguments, syscall args */
		if (!(e->pkt = calloc(1, ctx_len + 8)))
			return -ENOMEM;
		if (ctx)
			memcpy(e->pkt, ctx, ctx_len);
		e->pkt_cap = ctx_len;
		add_region(e, EMU_CTX_BASE, ctx_len, e->pkt, R_MEM, p->type == BPF_PROG_TYPE_SYSCALL, -1);
		r[1] = EMU_CTX_BASE;
	}
	r[10] = EMU_STACK_BASE + (uint64_t)EMU_FRAMES * EMU_STACK;
	memset(e->stack, 0, sizeof(e->stack));
	ret = run(e, idx, 0, r, e->opt.step || e->opt.coverage || e->opt.debug);
	res->steps = e->steps;
	if (ret)
		return ret;
	res->retval = r[0];
	if (k && k->data && !mem) {
		/* XDP's test run hands back the metadata too, in front of the packet */
		uint64_t from = p->type == BPF_PROG_TYPE_XDP ? e->data_meta : e->data;
		res->data = e->pkt + (from - EMU_PKT_BASE) - off;
		res->len = (uint32_t)(e->data_end - from) + off;
		if (off) /* the kernel gives back a zeroed Ethernet header for these */
			memset(res->data, 0, off);
	} else if (mem || ctx_len) {
		res->data = e->pkt;
		res->len = e->pkt_cap;
	}
	return 0;
}

void ldr_emu_print_coverage(struct ldr_emu *e, const struct ldr_prog *p, FILE *out)
{
	const struct emu_prog *ep = &e->progs[p - e->o->progs];
	uint32_t last_line = 0;
	const char *last_file = NULL;

	if (!ep->counts)
		return;
	fprintf(out, "coverage of '%s' (runs per line):\n", p->name);
	for (uint32_t i = 0; i < ep->n; i++) {
		const struct bpf_line_info *li = ldr_prog_line(p, i);
		char text[160];
		if (li && li->insn_off == i) {
			const char *file = ldr_btf_str(e->o, li->file_name_off);
			if ((li->line_col >> 10) == last_line && last_file && !strcmp(file, last_file))
				continue;
			last_line = li->line_col >> 10;
			last_file = file;
			fprintf(out, "%8llu  %s:%u: %s\n", (unsigned long long)ep->counts[i], file, last_line, ldr_btf_str(e->o, li->line_off));
		} else if (!li) {
			insn_text(e, ep, i, text, sizeof(text));
			fprintf(out, "%8llu  slot %u: %s\n", (unsigned long long)ep->counts[i], i, text);
		}
		if (ep->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
}

const uint64_t *ldr_emu_counts(struct ldr_emu *e, const struct ldr_prog *p, uint32_t *n)
{
	const struct emu_prog *ep = &e->progs[p - e->o->progs];

	*n = ep->n;
	return ep->counts;
}

const struct ldr_map_reader *ldr_emu_reader(struct ldr_emu *e)
{
	return &e->reader;
}

void ldr_emu_close(struct ldr_emu *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nprogs; i++) {
		free(e->progs[i].insns);
		free(e->progs[i].imm64);
		free(e->progs[i].counts);
	}
	free(e->progs);
	emu_maps_close(e);
	free(e->pkt);
	free(e);
}
