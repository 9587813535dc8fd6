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
/* The rows by name, for the forms below (the order is the table's). */
enum {
	R_ADD, R_SUB, R_MUL, R_DIV, R_OR, R_AND, R_LSH, R_RSH, R_MOD, R_XOR, R_ARSH, R_SDIV,
	R_SMOD, R_MOV, R_NEG, R_BE16, R_BE32, R_BE64, R_LE16, R_LE32, R_LE64, R_BSWAP16, R_BSWAP32,
	R_BSWAP64, R_U32, R_U16, R_U8, R_U64, R_S32, R_S16, R_S8, R_S64, R_FADD, R_FAND, R_FOR,
	R_FXOR, R_FADD64A, R_FAND64A, R_FOR64A, R_FXOR64A, R_XCHG64, R_XCHG32, R_XCHG64A,
	R_XCHG32A, R_CMPXCHG64, R_CMPXCHG32, R_CMPXCHG64A, R_CMPXCHG32A, R_LDACQ, R_STREL, R_JEQ,
	R_JGT, R_JGE, R_JSET, R_JNE, R_JSGT, R_JSGE, R_JLT, R_JLE, R_JSLT, R_JSLE,
};

const struct isa_row isa_rows[] = {
	/* ALU operators: BPF_OP bits, shared by ALU and ALU64 */
	[R_ADD] = {"+=", "add", ISA_ALU, BPF_ADD, 0, 0, ISA_F_ATOMIC},
	[R_SUB] = {"-=", "sub", ISA_ALU, BPF_SUB, 0, 0, 0},
	[R_MUL] = {"*=", "mul", ISA_ALU, BPF_MUL, 0, 0, 0},
	[R_DIV] = {"/=", "div", ISA_ALU, BPF_DIV, 0, 0, 0},
	[R_OR] = {"|=", "or", ISA_ALU, BPF_OR, 0, 0, ISA_F_ATOMIC},
	[R_AND] = {"&=", "and", ISA_ALU, BPF_AND, 0, 0, ISA_F_ATOMIC},
	[R_LSH] = {"<<=", "lsh", ISA_ALU, BPF_LSH, 0, 0, 0},
	[R_RSH] = {">>=", "rsh", ISA_ALU, BPF_RSH, 0, 0, 0},
	[R_MOD] = {"%=", "mod", ISA_ALU, BPF_MOD, 0, 0, 0},
	[R_XOR] = {"^=", "xor", ISA_ALU, BPF_XOR, 0, 0, ISA_F_ATOMIC},
	[R_ARSH] = {"s>>=", "arsh", ISA_ALU, BPF_ARSH, 0, 0, 0},
	[R_SDIV] = {"s/=", "sdiv", ISA_ALU, BPF_DIV, 1, 0, V4},
	[R_SMOD] = {"s%=", "smod", ISA_ALU, BPF_MOD, 1, 0, V4},
	[R_MOV] = {"=", "mov", ISA_MOV, BPF_MOV, 0, 0, 0},
	[R_NEG] = {"-", "neg", ISA_NEG, BPF_NEG, 0, 0, 0},
	/* byte order */
	[R_BE16] = {"be16", "endbe", ISA_END, BPF_TO_BE, 0, 16, 0},
	[R_BE32] = {"be32", "endbe", ISA_END, BPF_TO_BE, 0, 32, 0},
	[R_BE64] = {"be64", "endbe", ISA_END, BPF_TO_BE, 0, 64, 0},
	[R_LE16] = {"le16", "endle", ISA_END, BPF_TO_LE, 0, 16, 0},
	[R_LE32] = {"le32", "endle", ISA_END, BPF_TO_LE, 0, 32, 0},
	[R_LE64] = {"le64", "endle", ISA_END, BPF_TO_LE, 0, 64, 0},
	[R_BSWAP16] = {"bswap16", "bswap", ISA_END, BPF_TO_LE, 0, 16, ISA_F_ALU64 | V4},
	[R_BSWAP32] = {"bswap32", "bswap", ISA_END, BPF_TO_LE, 0, 32, ISA_F_ALU64 | V4},
	[R_BSWAP64] = {"bswap64", "bswap", ISA_END, BPF_TO_LE, 0, 64, ISA_F_ALU64 | V4},
	/* widths, in the order of their BPF_SIZE codes */
	[R_U32] = {"u32", "w", ISA_SIZE, BPF_W, 0, 0, 0},
	[R_U16] = {"u16", "h", ISA_SIZE, BPF_H, 0, 0, 0},
	[R_U8] = {"u8", "b", ISA_SIZE, BPF_B, 0, 0, 0},
	[R_U64] = {"u64", "dw", ISA_SIZE, BPF_DW, 0, 0, 0},
	[R_S32] = {"s32", "w", ISA_SIZE, BPF_W, 0, 0, ISA_F_SIGNED | V4},
	[R_S16] = {"s16", "h", ISA_SIZE, BPF_H, 0, 0, ISA_F_SIGNED | V4},
	[R_S8] = {"s8", "b", ISA_SIZE, BPF_B, 0, 0, ISA_F_SIGNED | V4},
	[R_S64] = {"s64", "dw", ISA_SIZE, BPF_DW, 0, 0, ISA_F_SIGNED | V4},
	/* atomics with a result register */
	[R_FADD] = {"atomic_fetch_add", "afadd", ISA_AFETCH, 0, 0, BPF_ADD | BPF_FETCH, 0},
	[R_FAND] = {"atomic_fetch_and", "afand", ISA_AFETCH, 0, 0, BPF_AND | BPF_FETCH, 0},
	[R_FOR] = {"atomic_fetch_or", "afor", ISA_AFETCH, 0, 0, BPF_OR | BPF_FETCH, 0},
	[R_FXOR] = {"atomic_fetch_xor", "afxor", ISA_AFETCH, 0, 0, BPF_XOR | BPF_FETCH, 0},
	[R_FADD64A] = {"atomic64_fetch_add", NULL, ISA_AFETCH, 0, 0, BPF_ADD | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	[R_FAND64A] = {"atomic64_fetch_and", NULL, ISA_AFETCH, 0, 0, BPF_AND | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	[R_FOR64A] = {"atomic64_fetch_or", NULL, ISA_AFETCH, 0, 0, BPF_OR | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	[R_FXOR64A] = {"atomic64_fetch_xor", NULL, ISA_AFETCH, 0, 0, BPF_XOR | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	[R_XCHG64] = {"xchg_64", "axchg", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W64},
	[R_XCHG32] = {"xchg32_32", "axchg", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W32},
	[R_XCHG64A] = {"atomic64_xchg", NULL, ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W64 | ISA_F_ALIAS},
	[R_XCHG32A] = {"atomic_xchg", NULL, ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W32 | ISA_F_ALIAS},
	[R_CMPXCHG64] = {"cmpxchg_64", "acmp", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W64},
	[R_CMPXCHG32] = {"cmpxchg32_32", "acmp", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W32},
	[R_CMPXCHG64A] = {"atomic64_cmpxchg", NULL, ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W64 | ISA_F_ALIAS},
	[R_CMPXCHG32A] = {"atomic_cmpxchg", NULL, ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W32 | ISA_F_ALIAS},
	[R_LDACQ] = {"load_acquire", NULL, ISA_LDACQ, 0, 0, BPF_LOAD_ACQ, V4},
	[R_STREL] = {"store_release", NULL, ISA_STREL, 0, 0, BPF_STORE_REL, V4},
	/* conditional jumps: BPF_OP bits, shared by JMP and JMP32 */
	[R_JEQ] = {"==", "jeq", ISA_JCC, BPF_JEQ, 0, 0, 0},
	[R_JGT] = {">", "jgt", ISA_JCC, BPF_JGT, 0, 0, 0},
	[R_JGE] = {">=", "jge", ISA_JCC, BPF_JGE, 0, 0, 0},
	[R_JSET] = {"&", "jset", ISA_JCC, BPF_JSET, 0, 0, 0},
	[R_JNE] = {"!=", "jne", ISA_JCC, BPF_JNE, 0, 0, 0},
	[R_JSGT] = {"s>", "jsgt", ISA_JCC, BPF_JSGT, 0, 0, 0},
	[R_JSGE] = {"s>=", "jsge", ISA_JCC, BPF_JSGE, 0, 0, 0},
	[R_JLT] = {"<", "jlt", ISA_JCC, BPF_JLT, 0, 0, 0},
	[R_JLE] = {"<=", "jle", ISA_JCC, BPF_JLE, 0, 0, 0},
	[R_JSLT] = {"s<", "jslt", ISA_JCC, BPF_JSLT, 0, 0, 0},
	[R_JSLE] = {"s<=", "jsle", ISA_JCC, BPF_JSLE, 0, 0, 0},
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

/* --- GNU mnemonics --------------------------------------------------------------- */

/* Rows by shape and GNU stem; -1 when none. */
static int row_by_gnu(enum isa_shape shape, const char *stem, size_t len)
{
	for (size_t i = 0; i < isa_nrows; i++) {
		const struct isa_row *r = &isa_rows[i];
		if (r->shape == shape && r->gnu && strlen(r->gnu) == len && !strncasecmp(r->gnu, stem, len) &&
		    !(r->flags & ISA_F_ALIAS))
			return (int)i;
	}
	return -1;
}

/* A width suffix (b, h, w, dw) as a width row. */
static int size_by_gnu(const char *s, size_t len, bool sign)
{
	for (size_t i = 0; i < isa_nrows; i++) {
		const struct isa_row *r = &isa_rows[i];
		if (r->shape == ISA_SIZE && !!(r->flags & ISA_F_SIGNED) == sign && strlen(r->gnu) == len &&
		    !strncasecmp(r->gnu, s, len))
			return (int)i;
	}
	return -1;
}

static bool has_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && !strncasecmp(s, p, n);
}

static bool is_word(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !strncasecmp(s, w, len);
}

/* The xchg or cmpxchg row of a width. */
static int atomic_row(enum isa_shape shape, bool w32)
{
	for (size_t i = 0; i < isa_nrows; i++)
		if (isa_rows[i].shape == shape && !(isa_rows[i].flags & ISA_F_ALIAS) &&
		    !!(isa_rows[i].flags & ISA_F_W32) == w32)
			return (int)i;
	return -1;
}

/* The atomic operation after `lock` or binutils' `a`/`af`: add and or xor (a fetch row
 * when fetch), xchg, cmpxchg (binutils: cmp); 32 at the end for the 32-bit form. */
static bool gnu_atomic(const char *s, size_t len, bool fetch, bool lock, struct isa_gnu_op *out)
{
	int row;

	out->w32 = len > 2 && s[len - 2] == '3' && s[len - 1] == '2';
	if (out->w32)
		len -= 2;
	out->size = (int16_t)size_by_gnu(out->w32 ? "w" : "dw", out->w32 ? 1 : 2, false);
	if (!fetch && (is_word(s, len, "xchg") || is_word(s, len, lock ? "cmpxchg" : "cmp"))) {
		bool x = (s[0] | 0x20) == 'x';
		out->kind = x ? IG_AXCHG : IG_ACMP;
		out->row = (int16_t)atomic_row(x ? ISA_XCHG : ISA_CMPXCHG, out->w32);
		return out->row >= 0;
	}
	row = row_by_gnu(ISA_ALU, s, len);
	if (row < 0 || !(isa_rows[row].flags & ISA_F_ATOMIC))
		return false;
	out->kind = IG_AOP;
	out->row = (int16_t)row;
	if (!fetch)
		return true;
	for (size_t i = 0; i < isa_nrows; i++)
		if (isa_rows[i].shape == ISA_AFETCH && !(isa_rows[i].flags & ISA_F_ALIAS) &&
		    (isa_rows[i].imm & ~BPF_FETCH) == isa_rows[row].op) {
			out->kind = IG_AFETCH;
			out->row = (int16_t)i;
			return true;
		}
	return false;
}

bool isa_gnu_word(const char *text, size_t len, struct isa_gnu_op *out)
{
	const char *s = text;
	size_t n = len, k;
	int row;

	*out = (struct isa_gnu_op){IG_NONE, false, -1, -1};
	if (has_prefix(s, n, "lock") && n > 4 && (s[4] == ' ' || s[4] == '\t')) { /* lock [fetch] op */
		bool fetch = false;
		s += 4, n -= 4;
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (has_prefix(s, n, "fetch") && n > 5 && (s[5] == ' ' || s[5] == '\t')) {
			fetch = true;
			s += 5, n -= 5;
			while (n && (*s == ' ' || *s == '\t'))
				s++, n--;
		}
		return gnu_atomic(s, n, fetch, true, out);
	}
	if (is_word(s, n, "lddw")) {
		out->kind = IG_LDDW;
		return true;
	}
	if (is_word(s, n, "ja")) {
		out->kind = IG_JA;
		return true;
	}
	if (is_word(s, n, "jal") || is_word(s, n, "ja32")) {
		out->kind = IG_JAL;
		return true;
	}
	if (is_word(s, n, "xadddw") || is_word(s, n, "xaddw")) { /* binutils' older spelling of aadd */
		out->kind = IG_AOP;
		out->w32 = n == 5;
		out->row = (int16_t)row_by_gnu(ISA_ALU, "add", 3);
		out->size = (int16_t)size_by_gnu(out->w32 ? "w" : "dw", out->w32 ? 1 : 2, false);
		return true;
	}
	/* loads and stores: a prefix and a width */
	static const struct {
		const char *prefix;
		uint8_t kind;
		bool sign;
	} mem[] = {{"ldabs", IG_LDABS, false}, {"ldind", IG_LDIND, false}, {"ldxs", IG_LDX, true},
		   {"ldx", IG_LDX, false}, {"stx", IG_STX, false}, {"st", IG_ST, false}};
	for (size_t i = 0; i < sizeof(mem) / sizeof(mem[0]); i++) {
		k = strlen(mem[i].prefix);
		if (has_prefix(s, n, mem[i].prefix) && (row = size_by_gnu(s + k, n - k, mem[i].sign)) >= 0) {
			out->kind = mem[i].kind;
			out->size = (int16_t)row;
			return true;
		}
	}
	/* the atomics by binutils' names: aadd, afadd, axchg, acmp (32 for the 32-bit form) */
	if (has_prefix(s, n, "af") && gnu_atomic(s + 2, n - 2, true, false, out))
		return true;
	if (n > 1 && (s[0] | 0x20) == 'a' && gnu_atomic(s + 1, n - 1, false, false, out))
		return true;
	*out = (struct isa_gnu_op){IG_NONE, false, -1, -1};
	/* byte order: endbe/endle/bswap REG, WIDTH; or the width in the word: be16, le16,
	 * bswap16, and the conformance suite's swap16 */
	if ((row = row_by_gnu(ISA_END, s, n)) >= 0) {
		out->kind = IG_ENDW;
		out->row = (int16_t)row;
		return true;
	}
	for (size_t i = 0; i < isa_nrows; i++) {
		const char *t = isa_rows[i].text;
		if (isa_rows[i].shape == ISA_END &&
		    (is_word(s, n, t) || (has_prefix(s, n, "swap") && t[0] == 'b' && is_word(s, n, t + 1)))) {
			out->kind = IG_END;
			out->row = (int16_t)i;
			return true;
		}
	}
	/* sign-extending moves: movs[32] REG, REG, WIDTH (binutils), or the widths in the
	 * word, from and to (the conformance suite's movsx832 ... movsx3264) */
	if (is_word(s, n, "movs") || is_word(s, n, "movs32")) {
		out->kind = IG_MOVS;
		out->w32 = n == 6;
		return true;
	}
	if (has_prefix(s, n, "movsx")) {
		static const struct {
			const char *w, *from;
			bool w32;
		} sx[] = {{"832", "b", true}, {"1632", "h", true}, {"864", "b", false}, {"1664", "h", false},
			  {"3264", "w", false}};
		for (size_t i = 0; i < sizeof(sx) / sizeof(sx[0]); i++)
			if (is_word(s + 5, n - 5, sx[i].w)) {
				out->kind = IG_MOVSX;
				out->w32 = sx[i].w32;
				out->size = (int16_t)size_by_gnu(sx[i].from, 1, true);
				return true;
			}
		return false;
	}
	/* ALU and conditional jumps: the stem, 32 for the 32-bit form */
	if (n > 2 && s[n - 2] == '3' && s[n - 1] == '2') {
		out->w32 = true;
		n -= 2;
	}
	if ((row = row_by_gnu(ISA_ALU, s, n)) >= 0 || (row = row_by_gnu(ISA_MOV, s, n)) >= 0) {
		out->kind = IG_ALU;
		out->row = (int16_t)row;
		return true;
	}
	if ((row = row_by_gnu(ISA_NEG, s, n)) >= 0) {
		out->kind = IG_NEG;
		out->row = (int16_t)row;
		return true;
	}
	if ((row = row_by_gnu(ISA_JCC, s, n)) >= 0) {
		out->kind = IG_JCC;
		out->row = (int16_t)row;
		return true;
	}
	*out = (struct isa_gnu_op){IG_NONE, false, -1, -1};
	return false;
}

/* --- forms ------------------------------------------------------------------------- */

/* Which fields an operand shape takes; the others must hold the form's values (dst 0). */
enum {
	F_DST = 1 << 0,  /* dst is a register operand */
	F_SRC = 1 << 1,  /* src is a register operand */
	F_SRCN = 1 << 2, /* src is a number, 1..15 (ld_pseudo) */
	F_OFF = 1 << 3,
	F_IMM = 1 << 4,
	F_WIDE = 1 << 5, /* two slots: the second has only the upper immediate */
};

/* The operand shapes and their templates. In a template: %d %s dst and src (w in
 * pseudo-C for a 32-bit form), %D %S the same always 64-bit, %0 r0 by width, %i imm, %m
 * %M the memory operand at dst+off and src+off, %a dst+off without parentheses, %t the
 * jump target, %o %g the row's pseudo-C word and GNU stem, %W "32" for a 32-bit form,
 * %z %Z %y the width of the opcode's size as u32, s32 and GNU's w, %n the row's width,
 * %b off as a width, %I the 64-bit value (a symbol's name where a relocation says),
 * %V the same as a number, %p src as a number, %k skb's index, %A addr_space_cast's two
 * address spaces, %h a helper, %c a local call's target, %K a kfunc. A shape without a
 * GNU template prints in pseudo-C, which bpfas reads under `.syntax gnu` too. */
static const struct {
	uint8_t fields;
	const char *pc, *gnu;
} shapes[] = {
	[IS_ALU_K] = {F_DST | F_IMM, "%d %o %i", "%g%W %d, %i"},
	[IS_ALU_X] = {F_DST | F_SRC, "%d %o %s", "%g%W %d, %s"},
	[IS_NEG] = {F_DST, "%d = -%d", "%g%W %d"},
	[IS_MOVSX] = {F_DST | F_SRC, "%d = (%o)%s", "movs%W %d, %s, %b"},
	[IS_ASCAST] = {F_DST | F_SRC | F_IMM, "%D = addr_space_cast(%S, %A)", NULL},
	[IS_END] = {F_DST, "%D = %o %D", "%g %d, %n"},
	[IS_LDDW] = {F_DST | F_IMM | F_WIDE, "%D = %I ll", "lddw %d, %I"},
	[IS_LDPSEUDO] = {F_DST | F_SRCN | F_IMM | F_WIDE, "ld_pseudo %D, %p, %V", NULL},
	[IS_LDX] = {F_DST | F_SRC | F_OFF, "%D = *(%z *)%M", "ldx%y %d, %M"},
	[IS_LDXSX] = {F_DST | F_SRC | F_OFF, "%D = *(%Z *)%M", "ldxs%y %d, %M"},
	[IS_ST] = {F_DST | F_OFF | F_IMM, "*(%z *)%m = %i", "st%y %m, %i"},
	[IS_STX] = {F_DST | F_SRC | F_OFF, "*(%z *)%m = %S", "stx%y %m, %s"},
	[IS_LDABS] = {F_IMM, "r0 = *(%z *)skb[%i]", "ldabs%y %i"},
	[IS_LDIND] = {F_SRC | F_IMM, "r0 = *(%z *)skb[%k]", "ldind%y %s, %i"},
	[IS_AOP] = {F_DST | F_SRC | F_OFF, "lock *(%z *)%m %o %s", "a%g%W %m, %s"},
	[IS_AFETCH] = {F_DST | F_SRC | F_OFF, "%s = %o((%z *)%m, %s)", "%g%W %m, %s"},
	[IS_XCHG] = {F_DST | F_SRC | F_OFF, "%s = %o(%a, %s)", "%g%W %m, %s"},
	[IS_CMPXCHG] = {F_DST | F_SRC | F_OFF, "%0 = %o(%a, %0, %s)", "%g%W %m, %s"},
	[IS_LDACQ] = {F_DST | F_SRC | F_OFF, "%d = %o((%z *)%M)", NULL},
	[IS_STREL] = {F_DST | F_SRC | F_OFF, "%o((%z *)%m, %s)", NULL},
	[IS_JCC_K] = {F_DST | F_IMM | F_OFF, "if %d %o %i goto %t", "%g%W %d, %i, %t"},
	[IS_JCC_X] = {F_DST | F_SRC | F_OFF, "if %d %o %s goto %t", "%g%W %d, %s, %t"},
	[IS_JA] = {F_OFF, "goto %t", "ja %t"},
	[IS_JAL] = {F_IMM, "gotol %t", "jal %t"},
	[IS_MAYGOTO] = {F_OFF, "may_goto %t", NULL},
	[IS_CALL] = {F_IMM, "call %h", "call %h"},
	[IS_CALL_LOCAL] = {F_IMM, "call %c", "call %c"},
	[IS_CALL_KFUNC] = {F_IMM, "call %K", "call %K"},
	[IS_CALLX] = {F_DST, "callx %D", "call %d"},
	[IS_EXIT] = {0, "exit", "exit"},
};

#define W32 ISA_FF_W32
/* an ALU operator in its four forms: 64 and 32 bits, immediate and register */
#define ALU(op, row, ver, off)                                                                    \
	{BPF_ALU64 | op | BPF_K, IS_ALU_K, ver, 0, row, 0, off, 0},                               \
	{BPF_ALU64 | op | BPF_X, IS_ALU_X, ver, 0, row, 0, off, 0},                               \
	{BPF_ALU | op | BPF_K, IS_ALU_K, ver, W32, row, 0, off, 0},                               \
	{BPF_ALU | op | BPF_X, IS_ALU_X, ver, W32, row, 0, off, 0}
/* a comparison in its four forms */
#define JCC(op, row)                                                                              \
	{BPF_JMP | op | BPF_K, IS_JCC_K, 1, 0, row, 0, 0, 0},                                     \
	{BPF_JMP | op | BPF_X, IS_JCC_X, 1, 0, row, 0, 0, 0},                                     \
	{BPF_JMP32 | op | BPF_K, IS_JCC_K, 3, W32, row, 0, 0, 0},                                 \
	{BPF_JMP32 | op | BPF_X, IS_JCC_X, 3, W32, row, 0, 0, 0}
/* a load or store shape in the four widths */
#define MEM4(cls, mode, shape, imm)                                                               \
	{cls | mode | BPF_B, shape, 1, 0, -1, 0, 0, imm}, {cls | mode | BPF_H, shape, 1, 0, -1, 0, 0, imm},      \
	{cls | mode | BPF_W, shape, 1, 0, -1, 0, 0, imm}, {cls | mode | BPF_DW, shape, 1, 0, -1, 0, 0, imm}
/* an atomic operation on u32 and u64 */
#define ATOMIC(shape, row32, row64, imm)                                                          \
	{BPF_STX | BPF_ATOMIC | BPF_W, shape, 3, W32, row32, 0, 0, imm},                          \
	{BPF_STX | BPF_ATOMIC | BPF_DW, shape, 3, 0, row64, 0, 0, imm}
/* load_acquire and store_release in the four widths (w registers but for u64) */
#define ACQREL(shape, row, imm)                                                                   \
	{BPF_STX | BPF_ATOMIC | BPF_B, shape, 4, W32, row, 0, 0, imm},                            \
	{BPF_STX | BPF_ATOMIC | BPF_H, shape, 4, W32, row, 0, 0, imm},                            \
	{BPF_STX | BPF_ATOMIC | BPF_W, shape, 4, W32, row, 0, 0, imm},                            \
	{BPF_STX | BPF_ATOMIC | BPF_DW, shape, 4, 0, row, 0, 0, imm}

/* Every instruction; for one opcode byte the first form whose fixed fields match wins. */
const struct isa_form isa_forms[] = {
	ALU(BPF_ADD, R_ADD, 1, 0), ALU(BPF_SUB, R_SUB, 1, 0), ALU(BPF_MUL, R_MUL, 1, 0),
	ALU(BPF_DIV, R_DIV, 1, 0), ALU(BPF_DIV, R_SDIV, 4, 1), ALU(BPF_OR, R_OR, 1, 0),
	ALU(BPF_AND, R_AND, 1, 0), ALU(BPF_LSH, R_LSH, 1, 0), ALU(BPF_RSH, R_RSH, 1, 0),
	ALU(BPF_MOD, R_MOD, 1, 0), ALU(BPF_MOD, R_SMOD, 4, 1), ALU(BPF_XOR, R_XOR, 1, 0),
	ALU(BPF_ARSH, R_ARSH, 1, 0),
	{BPF_ALU64 | BPF_MOV | BPF_X, IS_ASCAST, 4, 0, -1, 0, BO_ADDR_SPACE_CAST, 0},
	{BPF_ALU64 | BPF_MOV | BPF_X, IS_MOVSX, 4, 0, R_S8, 0, 8, 0},
	{BPF_ALU64 | BPF_MOV | BPF_X, IS_MOVSX, 4, 0, R_S16, 0, 16, 0},
	{BPF_ALU64 | BPF_MOV | BPF_X, IS_MOVSX, 4, 0, R_S32, 0, 32, 0},
	{BPF_ALU | BPF_MOV | BPF_X, IS_MOVSX, 4, W32, R_S8, 0, 8, 0},
	{BPF_ALU | BPF_MOV | BPF_X, IS_MOVSX, 4, W32, R_S16, 0, 16, 0},
	ALU(BPF_MOV, R_MOV, 1, 0),
	{BPF_ALU64 | BPF_NEG | BPF_K, IS_NEG, 1, 0, R_NEG, 0, 0, 0},
	{BPF_ALU | BPF_NEG | BPF_K, IS_NEG, 1, W32, R_NEG, 0, 0, 0},
	{BPF_ALU | BPF_END | BPF_TO_LE, IS_END, 1, 0, R_LE16, 0, 0, 16},
	{BPF_ALU | BPF_END | BPF_TO_LE, IS_END, 1, 0, R_LE32, 0, 0, 32},
	{BPF_ALU | BPF_END | BPF_TO_LE, IS_END, 1, 0, R_LE64, 0, 0, 64},
	{BPF_ALU | BPF_END | BPF_TO_BE, IS_END, 1, 0, R_BE16, 0, 0, 16},
	{BPF_ALU | BPF_END | BPF_TO_BE, IS_END, 1, 0, R_BE32, 0, 0, 32},
	{BPF_ALU | BPF_END | BPF_TO_BE, IS_END, 1, 0, R_BE64, 0, 0, 64},
	{BPF_ALU64 | BPF_END | BPF_TO_LE, IS_END, 4, 0, R_BSWAP16, 0, 0, 16},
	{BPF_ALU64 | BPF_END | BPF_TO_LE, IS_END, 4, 0, R_BSWAP32, 0, 0, 32},
	{BPF_ALU64 | BPF_END | BPF_TO_LE, IS_END, 4, 0, R_BSWAP64, 0, 0, 64},
	{BPF_LD | BPF_IMM | BPF_DW, IS_LDDW, 1, 0, -1, 0, 0, 0},
	{BPF_LD | BPF_IMM | BPF_DW, IS_LDPSEUDO, 1, 0, -1, 0, 0, 0},
	MEM4(BPF_LDX, BPF_MEM, IS_LDX, 0),
	{BPF_LDX | BPF_MEMSX | BPF_B, IS_LDXSX, 4, 0, -1, 0, 0, 0},
	{BPF_LDX | BPF_MEMSX | BPF_H, IS_LDXSX, 4, 0, -1, 0, 0, 0},
	{BPF_LDX | BPF_MEMSX | BPF_W, IS_LDXSX, 4, 0, -1, 0, 0, 0},
	MEM4(BPF_ST, BPF_MEM, IS_ST, 0),
	MEM4(BPF_STX, BPF_MEM, IS_STX, 0),
	{BPF_LD | BPF_ABS | BPF_B, IS_LDABS, 1, 0, -1, 0, 0, 0},
	{BPF_LD | BPF_ABS | BPF_H, IS_LDABS, 1, 0, -1, 0, 0, 0},
	{BPF_LD | BPF_ABS | BPF_W, IS_LDABS, 1, 0, -1, 0, 0, 0},
	{BPF_LD | BPF_IND | BPF_B, IS_LDIND, 1, 0, -1, 0, 0, 0},
	{BPF_LD | BPF_IND | BPF_H, IS_LDIND, 1, 0, -1, 0, 0, 0},
	{BPF_LD | BPF_IND | BPF_W, IS_LDIND, 1, 0, -1, 0, 0, 0},
	ATOMIC(IS_AOP, R_ADD, R_ADD, BPF_ADD), ATOMIC(IS_AOP, R_OR, R_OR, BPF_OR),
	ATOMIC(IS_AOP, R_AND, R_AND, BPF_AND), ATOMIC(IS_AOP, R_XOR, R_XOR, BPF_XOR),
	ATOMIC(IS_AFETCH, R_FADD, R_FADD, BPF_ADD | BPF_FETCH), ATOMIC(IS_AFETCH, R_FOR, R_FOR, BPF_OR | BPF_FETCH),
	ATOMIC(IS_AFETCH, R_FAND, R_FAND, BPF_AND | BPF_FETCH), ATOMIC(IS_AFETCH, R_FXOR, R_FXOR, BPF_XOR | BPF_FETCH),
	ATOMIC(IS_XCHG, R_XCHG32, R_XCHG64, BPF_XCHG), ATOMIC(IS_CMPXCHG, R_CMPXCHG32, R_CMPXCHG64, BPF_CMPXCHG),
	ACQREL(IS_LDACQ, R_LDACQ, BPF_LOAD_ACQ), ACQREL(IS_STREL, R_STREL, BPF_STORE_REL),
	{BPF_JMP | BPF_JA, IS_JA, 1, 0, -1, 0, 0, 0},
	{BPF_JMP32 | BPF_JA, IS_JAL, 4, 0, -1, 0, 0, 0},
	JCC(BPF_JEQ, R_JEQ), JCC(BPF_JGT, R_JGT), JCC(BPF_JGE, R_JGE), JCC(BPF_JSET, R_JSET),
	JCC(BPF_JNE, R_JNE), JCC(BPF_JSGT, R_JSGT), JCC(BPF_JSGE, R_JSGE), JCC(BPF_JLT, R_JLT),
	JCC(BPF_JLE, R_JLE), JCC(BPF_JSLT, R_JSLT), JCC(BPF_JSLE, R_JSLE),
	{BPF_JMP | BPF_CALL, IS_CALL, 1, 0, -1, 0, 0, 0},
	{BPF_JMP | BPF_CALL, IS_CALL_LOCAL, 1, 0, -1, BPF_PSEUDO_CALL, 0, 0},
	{BPF_JMP | BPF_CALL, IS_CALL_KFUNC, 1, 0, -1, BPF_PSEUDO_KFUNC_CALL, 0, 0},
	{BPF_JMP | BPF_CALL | BPF_X, IS_CALLX, 4, 0, -1, 0, 0, 0},
	{BPF_JMP | BPF_EXIT, IS_EXIT, 1, 0, -1, 0, 0, 0},
	{BPF_JMP | BPF_JCOND, IS_MAYGOTO, 4, 0, -1, 0, 0, 0},
};
const size_t isa_nforms = sizeof(isa_forms) / sizeof(isa_forms[0]);

/* The forms of each opcode byte, in table order: by_code[start[c] .. start[c + 1]). Built
 * on first use (the table is constant; the library runs on one thread). */
static uint16_t by_code[sizeof(isa_forms) / sizeof(isa_forms[0])];
static uint16_t start[257];
static bool indexed;

static void index_forms(void)
{
	uint16_t fill[256] = {0};

	for (size_t i = 0; i < isa_nforms; i++)
		start[isa_forms[i].code + 1]++;
	for (int c = 0; c < 256; c++)
		start[c + 1] += start[c];
	for (size_t i = 0; i < isa_nforms; i++) {
		uint8_t c = isa_forms[i].code;
		by_code[start[c] + fill[c]++] = (uint16_t)i;
	}
	indexed = true;
}

static bool fits(const struct isa_form *f, const struct isa_insn *in, const struct isa_insn *next)
{
	uint8_t fl = shapes[f->shape].fields;

	if ((fl & F_DST) ? in->dst > 10 : in->dst != 0)
		return false;
	if ((fl & F_SRC) ? in->src > 10 : (fl & F_SRCN) ? in->src == 0 : in->src != f->src)
		return false;
	if ((!(fl & F_OFF) && in->off != f->off) || (!(fl & F_IMM) && in->imm != f->imm))
		return false;
	return !(fl & F_WIDE) || (next && !next->code && !next->dst && !next->src && !next->off);
}

int isa_form_of(const struct isa_insn *in, const struct isa_insn *next)
{
	if (!indexed)
		index_forms();
	for (uint16_t k = start[in->code]; k < start[in->code + 1]; k++)
		if (fits(&isa_forms[by_code[k]], in, next))
			return by_code[k];
	return -1;
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

static void put_str(struct out *o, const char *s, size_t n)
{
	if (o->p >= o->end)
		return;
	if (n >= (size_t)(o->end - o->p))
		n = (size_t)(o->end - o->p) - 1;
	memcpy(o->p, s, n);
	o->p += n;
	*o->p = '\0';
}

static void put_cstr(struct out *o, const char *s)
{
	put_str(o, s, strlen(s));
}

/* A number without printf: the printer runs once per instruction of a whole object. */
static void put_u64(struct out *o, uint64_t v, unsigned base)
{
	char b[24], *p = b + sizeof(b);

	do {
		*--p = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	put_str(o, p, (size_t)(b + sizeof(b) - p));
}

static void put_dec(struct out *o, int64_t v)
{
	if (v < 0)
		put_str(o, "-", 1);
	put_u64(o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10);
}

/* A register: its letter (r, w; GNU's %r) and number. */
static void put_reg(struct out *o, const char *prefix, unsigned reg)
{
	put_cstr(o, prefix);
	put_u64(o, reg, 10);
}

/* Numbers read best in decimal when small, in hex when they look like bit patterns. */
static void put_num(struct out *o, int64_t v)
{
	if (v > -65536 && v < 65536) {
		put_dec(o, v);
		return;
	}
	put_str(o, v < 0 ? "-0x" : "0x", v < 0 ? 3 : 2);
	put_u64(o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, 16);
}

/* The target of the jump at pc: its name, or "+delta" (the field that holds it is
 * isa_jump_target's to say). */
static void put_target(struct out *o, const struct isa_names *nm, size_t pc, const struct isa_insn *in)
{
	int64_t delta = isa_jump_target(in, pc) - (int64_t)pc - 1;
	const char *name = nm && nm->jump ? nm->jump(nm->arg, pc, delta) : NULL;

	if (name) {
		put_cstr(o, name);
	} else {
		if (delta >= 0)
			put_str(o, "+", 1);
		put_dec(o, delta);
	}
}

/* One form through its template; 0 when a name the template needs is not there. */
static int render(const struct isa_form *f, const struct isa_insn *in, const struct isa_insn *next, size_t pc,
		  const struct isa_names *nm, enum isa_syntax syn, struct out *o)
{
	bool gnu = syn == ISA_GNU && shapes[f->shape].gnu;
	const char *t = gnu ? shapes[f->shape].gnu : shapes[f->shape].pc;
	const struct isa_row *row = f->row >= 0 ? &isa_rows[f->row] : NULL;
	char r = (f->flags & ISA_FF_W32) ? 'w' : 'r';
	uint8_t sz = BPF_SIZE(f->code);
	uint64_t v = next ? (uint32_t)in->imm | (uint64_t)(uint32_t)next->imm << 32 : 0;
	int64_t addend = 0;
	const char *name;

	for (const char *p; *t; t++) {
		if (*t != '%') {
			for (p = t; *p && *p != '%'; p++)
				;
			put_str(o, t, (size_t)(p - t));
			t = p - 1;
			continue;
		}
		switch (*++t) {
		case 'd': case 'D': case 's': case 'S': case '0': {
			uint8_t reg = *t == 'd' || *t == 'D' ? in->dst : *t == '0' ? 0 : in->src;
			put_reg(o, gnu ? "%r" : *t == 'D' || *t == 'S' || r == 'r' ? "r" : "w", reg);
			break;
		}
		case 'i': put_num(o, in->imm); break;
		case 'o': put_cstr(o, row->text); break;
		case 'g': put_cstr(o, row->gnu); break;
		case 'W': if (f->flags & ISA_FF_W32) put_str(o, "32", 2); break;
		case 'z': put_cstr(o, isa_size_row(sz, false)->text); break;
		case 'Z': put_cstr(o, isa_size_row(sz, true)->text); break;
		case 'y': put_cstr(o, isa_size_row(sz, false)->gnu); break;
		case 'n': put_dec(o, row->imm); break;
		case 'b': put_dec(o, in->off); break;
		case 'm': case 'M': {
			uint8_t reg = *t == 'm' ? in->dst : in->src;
			put_reg(o, gnu ? "[%r" : "(r", reg);
			put_cstr(o, gnu ? (in->off < 0 ? "-" : "+") : (in->off < 0 ? " - " : " + "));
			put_dec(o, in->off < 0 ? -(int)in->off : in->off);
			put_str(o, gnu ? "]" : ")", 1);
			break;
		}
		case 'a': put(o, "r%u %c %d", in->dst, in->off < 0 ? '-' : '+', in->off < 0 ? -(int)in->off : in->off); break;
		case 't': put_target(o, nm, pc, in); break;
		case 'h':
			if (!gnu && names_helper(in->imm)) { /* GNU as takes a name for a function symbol */
				put_str(o, "bpf_", 4);
				put_cstr(o, names_helper(in->imm));
			} else {
				put_dec(o, in->imm);
			}
			break;
		case 'c':
			name = nm && nm->reloc ? nm->reloc(nm->arg, pc, &addend) : NULL;
			if (!name && nm && nm->jump)
				name = nm->jump(nm->arg, pc, isa_jump_target(in, pc) - (int64_t)pc - 1);
			if (!name)
				return 0; /* no way to name a relative call target as text */
			put_cstr(o, name);
			break;
		case 'K':
			if (!(name = nm && nm->reloc ? nm->reloc(nm->arg, pc, &addend) : NULL))
				return 0;
			put_cstr(o, name);
			break;
		case 'I':
			if ((name = nm && nm->reloc ? nm->reloc(nm->arg, pc, &addend) : NULL)) {
				uint64_t a = (uint64_t)addend + v; /* unsigned: whatever the object holds, no overflow */
				bool neg = (int64_t)a < 0;
				put(o, "%s", name);
				if (a)
					put(o, " %c %" PRIu64, neg ? '-' : '+', neg ? 0 - a : a);
				break;
			}
			/* fall through */
		case 'V': put_num(o, (int64_t)v); break;
		case 'p': put_u64(o, in->src, 10); break;
		case 'k':
			put(o, "r%u", in->src);
			if (in->imm) {
				put(o, " + ");
				put_num(o, in->imm);
			}
			break;
		case 'A': put(o, "%u, %u", (uint32_t)in->imm >> 16, (uint32_t)in->imm & 0xffff); break;
		}
	}
	return (shapes[f->shape].fields & F_WIDE) ? 2 : 1;
}

int isa_format_syntax(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
		      const struct isa_names *names, enum isa_syntax syn, char *buf, size_t len)
{
	struct out o = {buf, buf + len};
	int f = isa_form_of(in, next), n;

	if (len)
		buf[0] = '\0';
	n = f < 0 ? 0 : render(&isa_forms[f], in, next, pc, names, syn, &o);
	if (!n && len)
		buf[0] = '\0';
	return n;
}

int isa_format(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
	       const struct isa_names *names, char *buf, size_t len)
{
	return isa_format_syntax(in, next, pc, names, ISA_PSEUDOC, buf, len);
}
