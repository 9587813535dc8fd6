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
	{"+=", "add", ISA_ALU, BPF_ADD, 0, 0, ISA_F_ATOMIC},
	{"-=", "sub", ISA_ALU, BPF_SUB, 0, 0, 0},
	{"*=", "mul", ISA_ALU, BPF_MUL, 0, 0, 0},
	{"/=", "div", ISA_ALU, BPF_DIV, 0, 0, 0},
	{"|=", "or", ISA_ALU, BPF_OR, 0, 0, ISA_F_ATOMIC},
	{"&=", "and", ISA_ALU, BPF_AND, 0, 0, ISA_F_ATOMIC},
	{"<<=", "lsh", ISA_ALU, BPF_LSH, 0, 0, 0},
	{">>=", "rsh", ISA_ALU, BPF_RSH, 0, 0, 0},
	{"%=", "mod", ISA_ALU, BPF_MOD, 0, 0, 0},
	{"^=", "xor", ISA_ALU, BPF_XOR, 0, 0, ISA_F_ATOMIC},
	{"s>>=", "arsh", ISA_ALU, BPF_ARSH, 0, 0, 0},
	{"s/=", "sdiv", ISA_ALU, BPF_DIV, 1, 0, V4},
	{"s%=", "smod", ISA_ALU, BPF_MOD, 1, 0, V4},
	{"=", "mov", ISA_MOV, BPF_MOV, 0, 0, 0},
	{"-", "neg", ISA_NEG, BPF_NEG, 0, 0, 0},
	/* byte order */
	{"be16", "endbe", ISA_END, BPF_TO_BE, 0, 16, 0},
	{"be32", "endbe", ISA_END, BPF_TO_BE, 0, 32, 0},
	{"be64", "endbe", ISA_END, BPF_TO_BE, 0, 64, 0},
	{"le16", "endle", ISA_END, BPF_TO_LE, 0, 16, 0},
	{"le32", "endle", ISA_END, BPF_TO_LE, 0, 32, 0},
	{"le64", "endle", ISA_END, BPF_TO_LE, 0, 64, 0},
	{"bswap16", "bswap", ISA_END, BPF_TO_LE, 0, 16, ISA_F_ALU64 | V4},
	{"bswap32", "bswap", ISA_END, BPF_TO_LE, 0, 32, ISA_F_ALU64 | V4},
	{"bswap64", "bswap", ISA_END, BPF_TO_LE, 0, 64, ISA_F_ALU64 | V4},
	/* widths, in the order of their BPF_SIZE codes */
	{"u32", "w", ISA_SIZE, BPF_W, 0, 0, 0},
	{"u16", "h", ISA_SIZE, BPF_H, 0, 0, 0},
	{"u8", "b", ISA_SIZE, BPF_B, 0, 0, 0},
	{"u64", "dw", ISA_SIZE, BPF_DW, 0, 0, 0},
	{"s32", "w", ISA_SIZE, BPF_W, 0, 0, ISA_F_SIGNED | V4},
	{"s16", "h", ISA_SIZE, BPF_H, 0, 0, ISA_F_SIGNED | V4},
	{"s8", "b", ISA_SIZE, BPF_B, 0, 0, ISA_F_SIGNED | V4},
	{"s64", "dw", ISA_SIZE, BPF_DW, 0, 0, ISA_F_SIGNED | V4},
	/* atomics with a result register */
	{"atomic_fetch_add", "afadd", ISA_AFETCH, 0, 0, BPF_ADD | BPF_FETCH, 0},
	{"atomic_fetch_and", "afand", ISA_AFETCH, 0, 0, BPF_AND | BPF_FETCH, 0},
	{"atomic_fetch_or", "afor", ISA_AFETCH, 0, 0, BPF_OR | BPF_FETCH, 0},
	{"atomic_fetch_xor", "afxor", ISA_AFETCH, 0, 0, BPF_XOR | BPF_FETCH, 0},
	{"atomic64_fetch_add", NULL, ISA_AFETCH, 0, 0, BPF_ADD | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic64_fetch_and", NULL, ISA_AFETCH, 0, 0, BPF_AND | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic64_fetch_or", NULL, ISA_AFETCH, 0, 0, BPF_OR | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic64_fetch_xor", NULL, ISA_AFETCH, 0, 0, BPF_XOR | BPF_FETCH, ISA_F_W64 | ISA_F_ALIAS},
	{"xchg_64", "axchg", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W64},
	{"xchg32_32", "axchg", ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W32},
	{"atomic64_xchg", NULL, ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic_xchg", NULL, ISA_XCHG, 0, 0, BPF_XCHG, ISA_F_W32 | ISA_F_ALIAS},
	{"cmpxchg_64", "acmp", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W64},
	{"cmpxchg32_32", "acmp", ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W32},
	{"atomic64_cmpxchg", NULL, ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W64 | ISA_F_ALIAS},
	{"atomic_cmpxchg", NULL, ISA_CMPXCHG, 0, 0, BPF_CMPXCHG, ISA_F_W32 | ISA_F_ALIAS},
	{"load_acquire", NULL, ISA_LDACQ, 0, 0, BPF_LOAD_ACQ, V4},
	{"store_release", NULL, ISA_STREL, 0, 0, BPF_STORE_REL, V4},
	/* conditional jumps: BPF_OP bits, shared by JMP and JMP32 */
	{"==", "jeq", ISA_JCC, BPF_JEQ, 0, 0, 0},
	{">", "jgt", ISA_JCC, BPF_JGT, 0, 0, 0},
	{">=", "jge", ISA_JCC, BPF_JGE, 0, 0, 0},
	{"&", "jset", ISA_JCC, BPF_JSET, 0, 0, 0},
	{"!=", "jne", ISA_JCC, BPF_JNE, 0, 0, 0},
	{"s>", "jsgt", ISA_JCC, BPF_JSGT, 0, 0, 0},
	{"s>=", "jsge", ISA_JCC, BPF_JSGE, 0, 0, 0},
	{"<", "jlt", ISA_JCC, BPF_JLT, 0, 0, 0},
	{"<=", "jle", ISA_JCC, BPF_JLE, 0, 0, 0},
	{"s<", "jslt", ISA_JCC, BPF_JSLT, 0, 0, 0},
	{"s<=", "jsle", ISA_JCC, BPF_JSLE, 0, 0, 0},
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

/* A register: rN/wN in pseudo-C, %rN in GNU's syntax (which has no w registers: the
 * mnemonic's 32 says the width). */
static void put_reg(struct out *o, enum isa_syntax syn, bool is64, uint8_t r)
{
	if (syn == ISA_GNU)
		put(o, "%%r%u", r);
	else
		put(o, "%c%u", reg_char(is64), r);
}

static void put_mem(struct out *o, uint8_t reg, int16_t off)
{
	if (off < 0)
		put(o, "(r%u - %d)", reg, -(int)off);
	else
		put(o, "(r%u + %d)", reg, off);
}

/* GNU's memory operand: [%r1+8], [%r10-8]. */
static void put_gmem(struct out *o, uint8_t reg, int16_t off)
{
	if (off < 0)
		put(o, "[%%r%u-%d]", reg, -(int)off);
	else
		put(o, "[%%r%u+%d]", reg, off);
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

/* In each printer below the checks come first and are the same for both syntaxes; only
 * the words differ. */
static int fmt_alu(const struct isa_insn *in, enum isa_syntax syn, struct out *o)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool x = BPF_SRC(in->code) == BPF_X;
	uint8_t op = BPF_OP(in->code);
	char r = reg_char(is64);
	bool gnu = syn == ISA_GNU;
	const char *w32 = is64 ? "" : "32";
	const struct isa_row *row;

	if (in->dst > 10 || in->src > 10)
		return 0;
	if (op == BPF_NEG) {
		if (x || in->off || in->imm || in->src)
			return 0;
		if (gnu)
			put(o, "neg%s %%r%u", w32, in->dst);
		else
			put(o, "%c%u = -%c%u", r, in->dst, r, in->dst);
		return 1;
	}
	if (op == BPF_END) {
		row = row_by_code(ISA_END, is64 ? BPF_TO_LE : (uint8_t)BPF_SRC(in->code), 0, in->imm,
				  ISA_F_ALU64, is64 ? ISA_F_ALU64 : 0);
		if (!row || in->off || in->src || (is64 && x))
			return 0;
		if (gnu)
			put(o, "%s %%r%u, %d", row->gnu, in->dst, row->imm);
		else
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
		if (gnu)
			put(o, "movs%s %%r%u, %%r%u, %d", w32, in->dst, in->src, in->off);
		else
			put(o, "%c%u = (%s)%c%u", r, in->dst, row->text, r, in->src);
		return 1;
	}
	row = op == BPF_MOV ? row_by_code(ISA_MOV, op, 0, 0, 0, 0)
			    : row_by_code(ISA_ALU, op, in->off, 0, 0, 0);
	if (!row || (x && in->imm) || (!x && in->src))
		return 0;
	if (gnu)
		put(o, "%s%s %%r%u, ", row->gnu, w32, in->dst);
	else
		put(o, "%c%u %s ", r, in->dst, row->text);
	if (x)
		put_reg(o, syn, is64, in->src);
	else
		put_num(o, in->imm);
	return 1;
}

static int fmt_jmp(const struct isa_insn *in, size_t pc, const struct isa_names *nm, enum isa_syntax syn,
		   struct out *o)
{
	bool is64 = BPF_CLASS(in->code) == BPF_JMP;
	bool x = BPF_SRC(in->code) == BPF_X;
	uint8_t op = BPF_OP(in->code);
	bool gnu = syn == ISA_GNU;
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
			put(o, gnu ? "ja " : "goto ");
			put_target(o, nm, pc, in);
		} else {
			if (in->off)
				return 0;
			put(o, gnu ? "jal " : "gotol ");
			put_target(o, nm, pc, in);
		}
		return 1;
	case BPF_CALL:
		if (!is64)
			return 0;
		if (x) {
			if (in->src || in->off || in->imm)
				return 0;
			put(o, gnu ? "call %%r%u" : "callx r%u", in->dst);
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
		if (names_helper(in->imm) && !gnu) /* GNU as takes a name for a function symbol */
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
	if (gnu)
		put(o, "%s%s %%r%u, ", row->gnu, is64 ? "" : "32", in->dst);
	else
		put(o, "if %c%u %s ", reg_char(is64), in->dst, row->text);
	if (x)
		put_reg(o, syn, is64, in->src);
	else
		put_num(o, in->imm);
	put(o, gnu ? ", " : " goto ");
	put_target(o, nm, pc, in);
	return 1;
}

static int fmt_lddw(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
		    const struct isa_names *nm, enum isa_syntax syn, struct out *o)
{
	uint64_t v;
	int64_t addend = 0;
	const char *name;
	bool gnu = syn == ISA_GNU;

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
		if (gnu)
			put(o, "lddw %%r%u, %s", in->dst, name);
		else
			put(o, "r%u = %s", in->dst, name);
		if (a)
			put(o, " %c %" PRIu64, neg ? '-' : '+', neg ? 0 - a : a);
		if (!gnu)
			put(o, " ll");
		return 2;
	}
	if (gnu)
		put(o, "lddw %%r%u, ", in->dst);
	else
		put(o, "r%u = ", in->dst);
	put_num(o, (int64_t)v);
	if (!gnu)
		put(o, " ll");
	return 2;
}

static int fmt_mem(const struct isa_insn *in, enum isa_syntax syn, struct out *o)
{
	uint8_t cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code), sz = BPF_SIZE(in->code);
	const struct isa_row *u = isa_size_row(sz, false), *s = isa_size_row(sz, true);
	const struct isa_row *row;
	bool gnu = syn == ISA_GNU;

	if (in->dst > 10 || in->src > 10)
		return 0;
	if (cls == BPF_LDX) {
		if ((mode != BPF_MEM && mode != BPF_MEMSX) || in->imm || (mode == BPF_MEMSX && sz == BPF_DW))
			return 0;
		if (gnu) {
			put(o, "ldx%s%s %%r%u, ", mode == BPF_MEMSX ? "s" : "", u->gnu, in->dst);
			put_gmem(o, in->src, in->off);
			return 1;
		}
		put(o, "r%u = *(%s *)", in->dst, mode == BPF_MEMSX ? s->text : u->text);
		put_mem(o, in->src, in->off);
		return 1;
	}
	if (cls == BPF_ST) {
		if (mode != BPF_MEM || in->src)
			return 0;
		if (gnu) {
			put(o, "st%s ", u->gnu);
			put_gmem(o, in->dst, in->off);
			put(o, ", ");
		} else {
			put(o, "*(%s *)", u->text);
			put_mem(o, in->dst, in->off);
			put(o, " = ");
		}
		put_num(o, in->imm);
		return 1;
	}
	if (cls == BPF_LD) { /* legacy packet access */
		if ((mode != BPF_ABS && mode != BPF_IND) || sz == BPF_DW || in->dst || in->off)
			return 0;
		if (mode == BPF_ABS && in->src)
			return 0;
		if (gnu) {
			if (mode == BPF_ABS)
				put(o, "ldabs%s ", u->gnu);
			else
				put(o, "ldind%s %%r%u, ", u->gnu, in->src);
			put_num(o, in->imm);
		} else if (mode == BPF_ABS) {
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
		if (gnu) {
			put(o, "stx%s ", u->gnu);
			put_gmem(o, in->dst, in->off);
			put(o, ", %%r%u", in->src);
			return 1;
		}
		put(o, "*(%s *)", u->text);
		put_mem(o, in->dst, in->off);
		put(o, " = r%u", in->src);
		return 1;
	}
	if (mode != BPF_ATOMIC)
		return 0;
	/* load_acquire and store_release have no GNU mnemonic: pseudo-C in both */
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
	const char *w32 = sz == BPF_DW ? "" : "32";
	if (in->imm == BPF_XCHG || in->imm == BPF_CMPXCHG) {
		row = row_by_code(in->imm == BPF_XCHG ? ISA_XCHG : ISA_CMPXCHG, 0, 0, in->imm,
				  ISA_F_W32 | ISA_F_W64, sz == BPF_DW ? ISA_F_W64 : ISA_F_W32);
		if (gnu) {
			put(o, "%s%s ", row->gnu, w32);
			put_gmem(o, in->dst, in->off);
			put(o, ", %%r%u", in->src);
		} else if (in->imm == BPF_XCHG)
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
		if (gnu) {
			put(o, "%s%s ", row->gnu, w32);
			put_gmem(o, in->dst, in->off);
			put(o, ", %%r%u", in->src);
			return 1;
		}
		put(o, "%c%u = %s((%s *)", r, in->src, row->text, u->text);
		put_mem(o, in->dst, in->off);
		put(o, ", %c%u)", r, in->src);
		return 1;
	}
	row = row_by_code(ISA_ALU, (uint8_t)in->imm, 0, 0, ISA_F_ATOMIC, ISA_F_ATOMIC);
	if (!row || (in->imm & ~0xf0))
		return 0;
	if (gnu) {
		put(o, "a%s%s ", row->gnu, w32);
		put_gmem(o, in->dst, in->off);
		put(o, ", %%r%u", in->src);
		return 1;
	}
	put(o, "lock *(%s *)", u->text);
	put_mem(o, in->dst, in->off);
	put(o, " %s %c%u", row->text, r, in->src);
	return 1;
}

int isa_format_syntax(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
		      const struct isa_names *names, enum isa_syntax syn, char *buf, size_t len)
{
	struct out o = {buf, buf + len};
	int n = 0;

	if (len)
		buf[0] = '\0';
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		n = fmt_alu(in, syn, &o);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		n = fmt_jmp(in, pc, names, syn, &o);
		break;
	case BPF_LD:
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			n = fmt_lddw(in, next, pc, names, syn, &o);
		else
			n = fmt_mem(in, syn, &o);
		break;
	default:
		n = fmt_mem(in, syn, &o);
		break;
	}
	if (!n && len)
		buf[0] = '\0';
	return n;
}

int isa_format(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
	       const struct isa_names *names, char *buf, size_t len)
{
	return isa_format_syntax(in, next, pc, names, ISA_PSEUDOC, buf, len);
}
