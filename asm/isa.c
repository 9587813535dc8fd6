/* isa.c: the operator table and the instruction printer built on it. The table is the
 * single description of the ISA's spelling; see RFC 9669 for the encodings. */
#include "isa.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bpf_compat.h"
#include "names.h"

#define V4 ISA_F_V4
const struct isa_row isa_rows[] = {
	/* ALU operators: BPF_OP bits, shared by ALU and ALU64 */
	{"+=", ISA_ALU, BPF_ADD, 0, 0, ISA_F_ATOMIC},
	{"-=", ISA_ALU, BPF_SUB, 0, 0, 0},
	{"*=", ISA_ALU, BPF_MUL, 0, 0, 0},
	{"/=", ISA_ALU, BPF_DIV, 0, 0, 0},
	{"|=", ISA_ALU, BPF_OR, 0, 0, ISA_F_ATOMIC},
	{"&=", ISA_ALU, BPF_AND, 0, 0, ISA_F_ATOMIC},
	{"<<=", ISA_ALU, BPF_LSH, 0, 0, 0},
	{">>=", ISA_ALU, BPF_RSH, 0, 0, 0},
	{"%=", ISA_ALU, BPF_MOD, 0, 0, 0},
	{"^=", ISA_ALU, BPF_XOR, 0, 0, ISA_F_ATOMIC},
	{"s>>=", ISA_ALU, BPF_ARSH, 0, 0, 0},
	{"s/=", ISA_ALU, BPF_DIV, 1, 0, V4},
	{"s%=", ISA_ALU, BPF_MOD, 1, 0, V4},
	{"=", ISA_MOV, BPF_MOV, 0, 0, 0},
	{"-", ISA_NEG, BPF_NEG, 0, 0, 0},
	/* byte order */
	{"be16", ISA_END, BPF_TO_BE, 0, 16, 0},
	{"be32", ISA_END, BPF_TO_BE, 0, 32, 0},
	{"be64", ISA_END, BPF_TO_BE, 0, 64, 0},
	{"le16", ISA_END, BPF_TO_LE, 0, 16, 0},
	{"le32", ISA_END, BPF_TO_LE, 0, 32, 0},
	{"le64", ISA_END, BPF_TO_LE, 0, 64, 0},
	{"bswap16", ISA_END, BPF_TO_LE, 0, 16, ISA_F_ALU64 | V4},
	{"bswap32", ISA_END, BPF_TO_LE, 0, 32, ISA_F_ALU64 | V4},
	{"bswap64", ISA_END, BPF_TO_LE, 0, 64, ISA_F_ALU64 | V4},
	/* widths, in the order of their BPF_SIZE codes */
	{"u32", ISA_SIZE, BPF_W, 0, 0, 0},
	{"u16", ISA_SIZE, BPF_H, 0, 0, 0},
	{"u8", ISA_SIZE, BPF_B, 0, 0, 0},
	{"u64", ISA_SIZE, BPF_DW, 0, 0, 0},
	{"s32", ISA_SIZE, BPF_W, 0, 0, ISA_F_SIGNED | V4},
	{"s16", ISA_SIZE, BPF_H, 0, 0, ISA_F_SIGNED | V4},
	{"s8", ISA_SIZE, BPF_B, 0, 0, ISA_F_SIGNED | V4},
	{"s64", ISA_SIZE, BPF_DW, 0, 0, ISA_F_SIGNED | V4},
	/* atomics with a result register */
	{"atomic_fetch_add", ISA_AFETCH, 0, 0, BPF_ADD | BPF_FETCH, 0},
	{"atomic_fetch_and", ISA_AFETCH, 0, 0, BPF_AND | BPF_FETCH, 0},
	{"atomic_fetch_or", ISA_AFETCH, 0, 0, BPF_OR | BPF_FETCH, 0},
	{"atomic_fetch_xor", ISA_AFETCH, 0, 0, BPF_XOR | BPF_FETCH, 0},
	{"atomic64_fetch_add", ISA_AFETCH, 0, 0, BPF_ADD | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic64_fetch_and", ISA_AFETCH, 0, 0, BPF_AND | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic64_fetch_or", ISA_AFETCH, 0, 0, BPF_OR | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic64_fetch_xor", ISA_AFETCH, 0, 0, BPF_XOR | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"xchg_64", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W64},
	{"xchg32_32", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W32},
	{"atomic64_xchg", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic_xchg", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W32 | ISA_F_ALIAS},
	{"cmpxchg_64", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W64},
	{"cmpxchg32_32", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W32},
	{"atomic64_cmpxchg", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic_cmpxchg", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W32 | ISA_F_ALIAS},
	{"load_acquire", ISA_LDACQ, 0, 0, BPF_LOAD_ACQ, V4},
	{"store_release", ISA_STREL, 0, 0, BPF_STORE_REL, V4},
	/* conditional jumps: BPF_OP bits, shared by JMP and JMP32 */
	{"==", ISA_JCC, BPF_JEQ, 0, 0, 0},
	{">", ISA_JCC, BPF_JGT, 0, 0, 0},
	{">=", ISA_JCC, BPF_JGE, 0, 0, 0},
	{"&", ISA_JCC, BPF_JSET, 0, 0, 0},
	{"!=", ISA_JCC, BPF_JNE, 0, 0, 0},
	{"s>", ISA_JCC, BPF_JSGT, 0, 0, 0},
	{"s>=", ISA_JCC, BPF_JSGE, 0, 0, 0},
	{"<", ISA_JCC, BPF_JLT, 0, 0, 0},
	{"<=", ISA_JCC, BPF_JLE, 0, 0, 0},
	{"s<", ISA_JCC, BPF_JSLT, 0, 0, 0},
	{"s<=", ISA_JCC, BPF_JSLE, 0, 0, 0},
};
const size_t isa_nrows = sizeof(isa_rows) / sizeof(isa_rows[0]);

int isa_find(const char *text, enum isa_shape shape)
{
	for (size_t i = 0; i < isa_nrows; i++)
		if (isa_rows[i].shape == shape && !strcasecmp(isa_rows[i].text, text))
			return (int)i;
	return -1;
}

unsigned isa_size_bytes(uint8_t size_code)
{
	switch (size_code & 0x18) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

const struct isa_row *isa_size_row(uint8_t size_code, bool sign)
{
	for (size_t i = 0; i < isa_nrows; i++) {
		const struct isa_row *r = &isa_rows[i];
		if (r->shape == ISA_SIZE && r->op == (size_code & 0x18) &&
		    !!(r->flags & ISA_F_SIGNED) == sign)
			return r;
	}
	return NULL;
}

/* A row by shape and the encoding bits that select it (first non-alias match). */
static const struct isa_row *row_by_code(enum isa_shape shape, uint8_t op, int16_t off, int32_t imm,
					 uint16_t flag_mask, uint16_t flags)
{
	for (size_t i = 0; i < isa_nrows; i++) {
		const struct isa_row *r = &isa_rows[i];
		if (r->shape != shape || (r->flags & ISA_F_ALIAS) || r->op != op || r->off != off ||
		    r->imm != imm || (r->flags & flag_mask) != flags)
			continue;
		return r;
	}
	return NULL;
}

void isa_encode(const struct isa_insn *in, uint8_t out[8])
{
	out[0] = in->code;
	out[1] = (uint8_t)((in->dst & 0xf) | (in->src & 0xf) << 4);
	isa_put_off(out, in->off);
	isa_put_imm(out, in->imm);
}

void isa_put_imm(uint8_t insn[8], int32_t imm)
{
	insn[4] = (uint8_t)imm;
	insn[5] = (uint8_t)((uint32_t)imm >> 8);
	insn[6] = (uint8_t)((uint32_t)imm >> 16);
	insn[7] = (uint8_t)((uint32_t)imm >> 24);
}

void isa_put_off(uint8_t insn[8], int16_t off)
{
	insn[2] = (uint8_t)off;
	insn[3] = (uint8_t)((uint16_t)off >> 8);
}

void isa_put_src(uint8_t insn[8], uint8_t src)
{
	insn[1] = (uint8_t)((insn[1] & 0x0f) | (src & 0xf) << 4);
}

int64_t isa_jump_target(const struct isa_insn *in, size_t pc)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_EXIT)
		return ISA_NO_TARGET;
	if (op == BPF_CALL)
		return in->src == BPF_PSEUDO_CALL && BPF_SRC(in->code) == BPF_K ? (int64_t)pc + 1 + in->imm : ISA_NO_TARGET;
	if (op == BPF_JA && cls == BPF_JMP32)
		return (int64_t)pc + 1 + in->imm; /* gotol */
	return (int64_t)pc + 1 + in->off;
}

void isa_decode(const uint8_t in[8], struct isa_insn *out)
{
	out->code = in[0];
	out->dst = in[1] & 0xf;
	out->src = in[1] >> 4;
	out->off = (int16_t)(uint16_t)(in[2] | in[3] << 8);
	out->imm = (int32_t)((uint32_t)in[4] | (uint32_t)in[5] << 8 | (uint32_t)in[6] << 16 |
			     (uint32_t)in[7] << 24);
}

/* --- printing --------------------------------------------------------------------- */

struct out {
	char *p, *end;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->p >= o->end)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p, (size_t)(o->end - o->p), fmt, ap);
	va_end(ap);
	if (n > 0)
		o->p += (n < o->end - o->p) ? n : (o->end - o->p);
}

/* Numbers read best in decimal when small, in hex when they look like bit patterns. */
static void put_num(struct out *o, int64_t v)
{
	if (v > -65536 && v < 65536)
		put(o, "%" PRId64, v);
	else if (v < 0)
		put(o, "-0x%" PRIx64, (uint64_t)0 - (uint64_t)v);
	else
		put(o, "0x%" PRIx64, (uint64_t)v);
}

static char reg_char(bool is64)
{
	return is64 ? 'r' : 'w';
}

static void put_mem(struct out *o, uint8_t reg, int16_t off)
{
	if (off < 0)
		put(o, "(r%u - %d)", reg, -(int)off);
	else
		put(o, "(r%u + %d)", reg, off);
}

/* The target of the jump at pc: its name, or "+delta" (the field that holds it is
 * isa_jump_target's to say). */
static void put_target(struct out *o, const struct isa_names *nm, size_t pc, const struct isa_insn *in)
{
	int64_t delta = isa_jump_target(in, pc) - (int64_t)pc - 1;
	const char *name = nm && nm->jump ? nm->jump(nm->arg, pc, delta) : NULL;

	if (name)
		put(o, "%s", name);
	else
		put(o, "%s%" PRId64, delta < 0 ? "" : "+", delta);
}

static int fmt_alu(const struct isa_insn *in, struct out *o)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool x = BPF_SRC(in->code) == BPF_X;
	uint8_t op = BPF_OP(in->code);
	char r = reg_char(is64);
	const struct isa_row *row;

	if (in->dst > 10 || in->src > 10)
		return 0;
	if (op == BPF_NEG) {
		if (x || in->off || in->imm || in->src)
			return 0;
		put(o, "%c%u = -%c%u", r, in->dst, r, in->dst);
		return 1;
	}
	if (op == BPF_END) {
		row = row_by_code(ISA_END, is64 ? BPF_TO_LE : (uint8_t)BPF_SRC(in->code), 0, in->imm,
				  ISA_F_ALU64, is64 ? ISA_F_ALU64 : 0);
		if (!row || in->off || in->src || (is64 && x))
			return 0;
		put(o, "r%u = %s r%u", in->dst, row->text, in->dst);
		return 1;
	}
	if (op == BPF_MOV && is64 && x && in->off == BO_ADDR_SPACE_CAST) {
		put(o, "r%u = addr_space_cast(r%u, %u, %u)", in->dst, in->src, (uint32_t)in->imm >> 16,
		    (uint32_t)in->imm & 0xffff);
		return 1;
	}
	if (op == BPF_MOV && in->off) {
		row = isa_size_row(in->off == 8 ? BPF_B : in->off == 16 ? BPF_H : BPF_W, true);
		if (!x || in->imm || !(in->off == 8 || in->off == 16 || (is64 && in->off == 32)))
			return 0;
		put(o, "%c%u = (%s)%c%u", r, in->dst, row->text, r, in->src);
		return 1;
	}
	row = op == BPF_MOV ? row_by_code(ISA_MOV, op, 0, 0, 0, 0)
			    : row_by_code(ISA_ALU, op, in->off, 0, 0, 0);
	if (!row || (x && in->imm) || (!x && in->src))
		return 0;
	if (x)
		put(o, "%c%u %s %c%u", r, in->dst, row->text, r, in->src);
	else {
		put(o, "%c%u %s ", r, in->dst, row->text);
		put_num(o, in->imm);
	}
	return 1;
}

static int fmt_jmp(const struct isa_insn *in, size_t pc, const struct isa_names *nm, struct out *o)
{
	bool is64 = BPF_CLASS(in->code) == BPF_JMP;
	bool x = BPF_SRC(in->code) == BPF_X;
	uint8_t op = BPF_OP(in->code);
	const struct isa_row *row;

	if (in->dst > 10 || in->src > 10)
		return 0;
	switch (op) {
	case BPF_JA:
		if (x || in->dst || in->src)
			return 0;
		if (is64) {
			if (in->imm)
				return 0;
			put(o, "goto ");
			put_target(o, nm, pc, in);
		} else {
			if (in->off)
				return 0;
			put(o, "gotol ");
			put_target(o, nm, pc, in);
		}
		return 1;
	case BPF_CALL:
		if (!is64)
			return 0;
		if (x) {
			if (in->src || in->off || in->imm)
				return 0;
			put(o, "callx r%u", in->dst);
			return 1;
		}
		if (in->dst || in->off)
			return 0;
		if (in->src == BPF_PSEUDO_CALL) {
			int64_t addend;
			const char *name = nm && nm->reloc ? nm->reloc(nm->arg, pc, &addend) : NULL;
			if (name)
				put(o, "call %s", name);
			else if (nm && nm->jump && (name = nm->jump(nm->arg, pc, isa_jump_target(in, pc) - (int64_t)pc - 1)))
				put(o, "call %s", name);
			else
				return 0; /* no way to name a relative call target as text */
			return 1;
		}
		if (in->src == BPF_PSEUDO_KFUNC_CALL) {
			int64_t addend;
			const char *name = nm && nm->reloc ? nm->reloc(nm->arg, pc, &addend) : NULL;
			if (!name)
				return 0;
			put(o, "call %s", name);
			return 1;
		}
		if (in->src)
			return 0;
		if (names_helper(in->imm))
			put(o, "call bpf_%s", names_helper(in->imm));
		else
			put(o, "call %d", in->imm);
		return 1;
	case BPF_EXIT:
		if (!is64 || x || in->dst || in->src || in->off || in->imm)
			return 0;
		put(o, "exit");
		return 1;
	case BPF_JCOND:
		if (!is64 || x || in->dst || in->src || in->imm)
			return 0;
		put(o, "may_goto ");
		put_target(o, nm, pc, in);
		return 1;
	}
	row = row_by_code(ISA_JCC, op, 0, 0, 0, 0);
	if (!row || (x && in->imm) || (!x && in->src))
		return 0;
	put(o, "if %c%u %s ", reg_char(is64), in->dst, row->text);
	if (x)
		put(o, "%c%u", reg_char(is64), in->src);
	else
		put_num(o, in->imm);
	put(o, " goto ");
	put_target(o, nm, pc, in);
	return 1;
}

static int fmt_lddw(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
		    const struct isa_names *nm, struct out *o)
{
	uint64_t v;
	int64_t addend = 0;
	const char *name;

	if (!next || next->code || next->dst || next->src || next->off || in->off || in->dst > 10)
		return 0;
	v = (uint32_t)in->imm | (uint64_t)(uint32_t)next->imm << 32;
	if (in->src) {
		put(o, "ld_pseudo r%u, %u, ", in->dst, in->src);
		put_num(o, (int64_t)v);
		return 2;
	}
	name = nm && nm->reloc ? nm->reloc(nm->arg, pc, &addend) : NULL;
	if (name) {
		uint64_t a = (uint64_t)addend + v; /* unsigned: whatever the object holds, no overflow */
		bool neg = (int64_t)a < 0;
		if (a)
			put(o, "r%u = %s %c %" PRIu64 " ll", in->dst, name, neg ? '-' : '+', neg ? 0 - a : a);
		else
			put(o, "r%u = %s ll", in->dst, name);
		return 2;
	}
	put(o, "r%u = ", in->dst);
	put_num(o, (int64_t)v);
	put(o, " ll");
	return 2;
}

static int fmt_mem(const struct isa_insn *in, struct out *o)
{
	uint8_t cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code), sz = BPF_SIZE(in->code);
	const struct isa_row *u = isa_size_row(sz, false), *s = isa_size_row(sz, true);
	const struct isa_row *row;

	if (in->dst > 10 || in->src > 10)
		return 0;
	if (cls == BPF_LDX) {
		if ((mode != BPF_MEM && mode != BPF_MEMSX) || in->imm || (mode == BPF_MEMSX && sz == BPF_DW))
			return 0;
		put(o, "r%u = *(%s *)", in->dst, mode == BPF_MEMSX ? s->text : u->text);
		put_mem(o, in->src, in->off);
		return 1;
	}
	if (cls == BPF_ST) {
		if (mode != BPF_MEM || in->src)
			return 0;
		put(o, "*(%s *)", u->text);
		put_mem(o, in->dst, in->off);
		put(o, " = ");
		put_num(o, in->imm);
		return 1;
	}
	if (cls == BPF_LD) { /* legacy packet access */
		if ((mode != BPF_ABS && mode != BPF_IND) || sz == BPF_DW || in->dst || in->off)
			return 0;
		if (mode == BPF_ABS) {
			if (in->src)
				return 0;
			put(o, "r0 = *(%s *)skb[", u->text);
			put_num(o, in->imm);
			put(o, "]");
		} else if (in->imm) {
			put(o, "r0 = *(%s *)skb[r%u + ", u->text, in->src);
			put_num(o, in->imm);
			put(o, "]");
		} else {
			put(o, "r0 = *(%s *)skb[r%u]", u->text, in->src);
		}
		return 1;
	}
	/* BPF_STX */
	if (mode == BPF_MEM) {
		if (in->imm)
			return 0;
		put(o, "*(%s *)", u->text);
		put_mem(o, in->dst, in->off);
		put(o, " = r%u", in->src);
		return 1;
	}
	if (mode != BPF_ATOMIC)
		return 0;
	if (in->imm == BPF_LOAD_ACQ) {
		put(o, "%c%u = load_acquire((%s *)", sz == BPF_DW ? 'r' : 'w', in->dst, u->text);
		put_mem(o, in->src, in->off);
		put(o, ")");
		return 1;
	}
	if (in->imm == BPF_STORE_REL) {
		put(o, "store_release((%s *)", u->text);
		put_mem(o, in->dst, in->off);
		put(o, ", %c%u)", sz == BPF_DW ? 'r' : 'w', in->src);
		return 1;
	}
	if (sz != BPF_W && sz != BPF_DW)
		return 0;
	char r = sz == BPF_DW ? 'r' : 'w';
	if (in->imm == BPF_XCHG || in->imm == BPF_CMPXCHG) {
		row = row_by_code(in->imm == BPF_XCHG ? ISA_XCHG : ISA_CMPXCHG, 0, 0, in->imm,
				  ISA_F_W32 | ISA_F_W64, sz == BPF_DW ? ISA_F_W64 : ISA_F_W32);
		if (in->imm == BPF_XCHG)
			put(o, "%c%u = %s(r%u %c %d, %c%u)", r, in->src, row->text, in->dst,
			    in->off < 0 ? '-' : '+', in->off < 0 ? -in->off : in->off, r, in->src);
		else
			put(o, "%c0 = %s(r%u %c %d, %c0, %c%u)", r, row->text, in->dst,
			    in->off < 0 ? '-' : '+', in->off < 0 ? -in->off : in->off, r, r, in->src);
		return 1;
	}
	if (in->imm & BPF_FETCH) {
		row = row_by_code(ISA_AFETCH, 0, 0, in->imm, 0, 0);
		if (!row)
			return 0;
		put(o, "%c%u = %s((%s *)", r, in->src, row->text, u->text);
		put_mem(o, in->dst, in->off);
		put(o, ", %c%u)", r, in->src);
		return 1;
	}
	row = row_by_code(ISA_ALU, (uint8_t)in->imm, 0, 0, ISA_F_ATOMIC, ISA_F_ATOMIC);
	if (!row || (in->imm & ~0xf0))
		return 0;
	put(o, "lock *(%s *)", u->text);
	put_mem(o, in->dst, in->off);
	put(o, " %s %c%u", row->text, r, in->src);
	return 1;
}

int isa_format(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
	       const struct isa_names *names, char *buf, size_t len)
{
	struct out o = {buf, buf + len};
	int n = 0;

	if (len)
		buf[0] = '\0';
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		n = fmt_alu(in, &o);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		n = fmt_jmp(in, pc, names, &o);
		break;
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			n = fmt_lddw(in, next, pc, names, &o);
		else
			n = fmt_mem(in, &o);
		break;
	default:
		n = fmt_mem(in, &o);
		break;
	}
	if (!n && len)
		buf[0] = '\0';
	return n;
}
