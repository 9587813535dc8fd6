/* insn.c: each statement of the grammar checked and encoded: register widths, r10,
 * ranges; what needs a later label or constant becomes a fixup for resolve.c. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctx.h"
#include "diag.h"
#include "expr.h"
#include "stmt.h"
#include "bpf_compat.h"
#include "names.h"

/* --- encoding --------------------------------------------------------------------- */

const char *asm_reg_name(uint8_t r, char *buf)
{
	snprintf(buf, 8, "%c%u", is32(r) ? 'w' : 'r', regn(r));
	return buf;
}

/* Whether the ISA has an instruction of this opcode with these fixed fields (registers
 * and operands are the shape's business): the forms of isa.c say, so each rule of what
 * exists is stated once, and the statement functions below only put a refusal in words. */
static bool exists(uint8_t code, uint8_t src, int16_t off, int32_t imm)
{
	struct isa_insn in = {code, 0, src, off, imm};

	return isa_form_of(&in, NULL) >= 0;
}

/* Append one instruction slot; returns its byte offset, or UINT64_MAX when it cannot. */
static uint64_t emit(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t code, uint8_t dst,
		     uint8_t src, int16_t off, int32_t imm)
{
	struct asm_section *s = asm_cur_section(ctx);
	struct isa_insn in = {code, regn(dst), regn(src), off, imm};
	uint64_t at;

	if (!s)
		return UINT64_MAX;
	if (!s->is_prog) {
		if (!s->ninsns && !s->dropped)
			asm_error(ctx, loc, "instruction in data section '%s'; start a program with `.section NAME` or `.text`", s->name);
		s->ninsns++;
		return UINT64_MAX;
	}
	if (s->data.len % 8) {
		asm_error(ctx, loc, "instruction at offset %zu of '%s' is not 8-byte aligned; put data directives in a data section", s->data.len, s->name);
		return UINT64_MAX;
	}
	if (s->data.len + 8 > s->data.cap && asm_buf_append(&s->data, NULL, 8) == 0)
		s->data.len -= 8;
	if (s->data.len + 8 > s->data.cap || ASM_GROW(s->insns, s->ninsns, s->capinsns) < 0) {
		ctx->oom = true;
		return UINT64_MAX;
	}
	at = s->data.len;
	isa_encode(&in, s->data.p + at);
	s->data.len += 8;
	s->insns[s->ninsns++] = (struct asm_insn_loc){(uint32_t)at, loc->first_line,
						       loc->first_column,
						       loc->file};
	return at;
}

/* The second slot of lddw: no location of its own. */
static void emit_hi(struct asm_ctx *ctx, int32_t imm)
{
	struct asm_section *s = asm_cur_section(ctx);
	struct isa_insn in = {0, 0, 0, 0, imm};
	uint8_t b[8];

	isa_encode(&in, b);
	if (asm_buf_append(&s->data, b, 8) < 0)
		ctx->oom = true;
}

void asm_put_imm(struct asm_ctx *ctx, int section, uint64_t off, int32_t imm)
{
	isa_put_imm(ctx->secs[section].data.p + off, imm);
}

void asm_put_off(struct asm_ctx *ctx, int section, uint64_t off, int16_t v)
{
	isa_put_off(ctx->secs[section].data.p + off, v);
}

void asm_put_src(struct asm_ctx *ctx, int section, uint64_t off, uint8_t src)
{
	isa_put_src(ctx->secs[section].data.p + off, src);
}

char *asm_fmt_num(int64_t v, char *buf, size_t len)
{
	if (v >= -65535 && v <= 65535)
		snprintf(buf, len, "%" PRId64, v);
	else if (v < 0)
		snprintf(buf, len, "-0x%" PRIx64, (uint64_t)0 - (uint64_t)v);
	else
		snprintf(buf, len, "0x%" PRIx64, (uint64_t)v);
	return buf;
}

/* Range of a 32-bit immediate; 64-bit operations sign-extend it, which deserves a word. */
bool asm_check_imm32(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v, enum imm_use use,
			uint8_t dst)
{
	char nb[32], rb[8];

	if (v < INT32_MIN || v > (int64_t)UINT32_MAX) {
		if (use == IMM_MOV64)
			asm_error(ctx, loc, "%s does not fit in a 32-bit immediate; write `%s = %s ll` to load a 64-bit constant",
				  asm_fmt_num(v, nb, sizeof(nb)), asm_reg_name(dst, rb), asm_fmt_num(v, nb, sizeof(nb)));
		else
			asm_error(ctx, loc, "%s does not fit in a 32-bit immediate; load it into a register with `rN = %s ll` and use the register",
				  asm_fmt_num(v, nb, sizeof(nb)), asm_fmt_num(v, nb, sizeof(nb)));
		return false;
	}
	if (v > INT32_MAX && (use == IMM_MOV64 || use == IMM_ALU64 || use == IMM_JMP64)) {
		int64_t ext = (int32_t)(uint32_t)v;
		if (use == IMM_MOV64)
			asm_warning(ctx, loc, "%s is sign-extended to %" PRId64 " (0x%" PRIx64 ") in a 64-bit register; write %" PRId64 " to say so, or `%s = %s ll` for the 64-bit value",
				    asm_fmt_num(v, nb, sizeof(nb)), ext, (uint64_t)ext, ext, asm_reg_name(dst, rb),
				    asm_fmt_num(v, nb, sizeof(nb)));
		else
			asm_warning(ctx, loc, "%s is sign-extended to %" PRId64 " (0x%" PRIx64 ") in a 64-bit operation; write %" PRId64 " to say so",
				    asm_fmt_num(v, nb, sizeof(nb)), ext, (uint64_t)ext, ext);
	}
	return true;
}

bool asm_check_off16(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v)
{
	char nb[32];

	if (v < INT16_MIN || v > INT16_MAX) {
		asm_error(ctx, loc, "offset %s is outside the signed 16-bit range -32768..32767; add it to the address register first",
			  asm_fmt_num(v, nb, sizeof(nb)));
		return false;
	}
	return true;
}

/* A 32-bit immediate now, or a fixup for later. */
static void set_imm(struct asm_ctx *ctx, const struct asm_val *v, enum imm_use use, uint8_t dst,
		    uint64_t at, bool is_mov)
{
	struct asm_eval ev;

	if (at == UINT64_MAX)
		return;
	if (asm_val_ready(ctx, v)) {
		if (asm_eval(ctx, v, true, &ev) == 0 && asm_check_imm32(ctx, &v->loc, ev.v, use, dst))
			asm_put_imm(ctx, ctx->cur, at, (int32_t)(uint32_t)ev.v);
		return;
	}
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_IMM32, .width = (uint8_t)use, .is_mov = is_mov,
					       .section = ctx->cur, .offset = at, .val = *v, .loc = v->loc,
					       .reg = dst});
}

static void set_off(struct asm_ctx *ctx, const struct asm_val *v, uint64_t at)
{
	struct asm_eval ev;

	if (at == UINT64_MAX)
		return;
	if (asm_val_ready(ctx, v)) {
		if (asm_eval(ctx, v, true, &ev) == 0 && asm_check_off16(ctx, &v->loc, ev.v))
			asm_put_off(ctx, ctx->cur, at, (int16_t)ev.v);
		return;
	}
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_OFF16, .section = ctx->cur, .offset = at,
					       .val = *v, .loc = v->loc});
}

static bool check_dst(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst)
{
	if (regn(dst) == 10) {
		asm_error(ctx, loc, "r10 is the read-only frame pointer; copy it first (`r1 = r10`) and change the copy");
		return false;
	}
	return true;
}

static bool same_width(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src,
		       const char *what)
{
	char a[8], b[8];

	if (is32(dst) == is32(src))
		return true;
	asm_error(ctx, loc, "%s mixes %s and %s: use w registers on both sides for 32 bits, r registers for 64",
		  what, asm_reg_name(dst, a), asm_reg_name(src, b));
	return false;
}

/* `skb[wN]`: the parser reports w registers inside (rN + off) itself. */
static bool addr_reg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t r)
{
	if (is32(r)) {
		asm_error(ctx, loc, "an address is a 64-bit register: write r%u, not w%u", regn(r), regn(r));
		return false;
	}
	return true;
}

void asm_ins_alu(struct asm_ctx *ctx, const struct asm_loc *loc, int row, uint8_t dst,
		 const struct asm_operand *src)
{
	const struct isa_row *r = &isa_rows[row];
	bool w = is32(dst);
	uint8_t code = (uint8_t)((w ? BPF_ALU : BPF_ALU64) | r->op);
	uint64_t at;
	struct asm_eval ev;
	char nb[32];

	if (!check_dst(ctx, loc, dst))
		return;
	if (src->is_reg) {
		if (!same_width(ctx, loc, dst, src->reg, "this instruction"))
			return;
		emit(ctx, loc, code | BPF_X, dst, src->reg, r->off, 0);
		return;
	}
	at = emit(ctx, loc, code | BPF_K, dst, 0, r->off, 0);
	if (at == UINT64_MAX)
		return;
	if (r->shape == ISA_ALU && asm_val_ready(ctx, &src->val) &&
	    asm_eval(ctx, &src->val, true, &ev) == 0) {
		if ((r->op == BPF_DIV || r->op == BPF_MOD) && ev.v == 0) {
			asm_error(ctx, &src->val.loc, "division by zero: the verifier refuses a constant divisor of 0");
			return;
		}
		if ((r->op == BPF_LSH || r->op == BPF_RSH || r->op == BPF_ARSH) &&
		    (ev.v < 0 || ev.v >= (w ? 32 : 64))) /* it encodes: the ISA masks the amount */
			asm_warning(ctx, &src->val.loc, "shift by %s is out of range for a %d-bit register (0..%d): the "
				    "verifier refuses it (\"invalid shift\"), and where it runs the amount is taken modulo %d",
				    asm_fmt_num(ev.v, nb, sizeof(nb)), w ? 32 : 64, w ? 31 : 63, w ? 32 : 64);
	}
	set_imm(ctx, &src->val, r->shape == ISA_MOV ? (w ? IMM_ALU32 : IMM_MOV64) : (w ? IMM_ALU32 : IMM_ALU64),
		dst, at, r->shape == ISA_MOV);
}

void asm_ins_neg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src)
{
	char a[8], b[8];

	if (!check_dst(ctx, loc, dst) || !same_width(ctx, loc, dst, src, "negation"))
		return;
	if (regn(dst) != regn(src)) {
		asm_error(ctx, loc, "negation works in place: write `%s = %s` then `%s = -%s`",
			  asm_reg_name(dst, a), asm_reg_name(src, b), a, a);
		return;
	}
	emit(ctx, loc, (is32(dst) ? BPF_ALU : BPF_ALU64) | BPF_NEG, dst, 0, 0, 0);
}

void asm_ins_movsx(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		   uint8_t src)
{
	const struct isa_row *r = &isa_rows[size_row];
	unsigned bits = isa_size_bytes(r->op) * 8;
	char a[8], b[8];

	if (!check_dst(ctx, loc, dst) || !same_width(ctx, loc, dst, src, "this move"))
		return;
	if (!(r->flags & ISA_F_SIGNED)) {
		asm_error(ctx, loc, "only sign-extending moves exist: write (s8), (s16) or (s32); for zero extension use `%s &= 0x%x` or a w register",
			  asm_reg_name(dst, a), bits >= 32 ? 0xffffffffu : (1u << bits) - 1);
		return;
	}
	if (!exists((is32(dst) ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X, 0, (int16_t)bits, 0)) {
		asm_error(ctx, loc, "(%s) is not a narrowing: a %s register sign-extends from s8, s16%s",
			  r->text, is32(dst) ? "32-bit" : "64-bit", is32(dst) ? "" : " or s32");
		return;
	}
	(void)b;
	emit(ctx, loc, (is32(dst) ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X, dst, src, (int16_t)bits, 0);
}

/* An address space number: a constant that fits the 16 bits it gets in imm. */
static bool addr_space(struct asm_ctx *ctx, const struct asm_val *v, int64_t *out)
{
	struct asm_eval ev;

	if (asm_eval(ctx, v, true, &ev))
		return false;
	if (ev.v < 0 || ev.v > 0xffff) {
		asm_error(ctx, &v->loc, "an address space is 16 bits (0..65535; the kernel's arena uses 0 and 1), not %" PRId64, ev.v);
		return false;
	}
	*out = ev.v;
	return true;
}

void asm_ins_addr_space_cast(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src,
			     const struct asm_val *dst_as, const struct asm_val *src_as)
{
	int64_t d, s;

	if (!check_dst(ctx, loc, dst) || !addr_space(ctx, dst_as, &d) || !addr_space(ctx, src_as, &s))
		return;
	if (is32(dst) || is32(src)) {
		asm_error(ctx, loc, "addr_space_cast moves a 64-bit pointer: write r%u = addr_space_cast(r%u, %" PRId64 ", %" PRId64 ")",
			  regn(dst), regn(src), d, s);
		return;
	}
	emit(ctx, loc, BPF_ALU64 | BPF_MOV | BPF_X, dst, src, BO_ADDR_SPACE_CAST, (int32_t)(d << 16 | s));
}

void asm_ins_end(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int row, uint8_t src)
{
	const struct isa_row *r = &isa_rows[row];
	char a[8];

	if (!check_dst(ctx, loc, dst))
		return;
	if (regn(dst) != regn(src)) {
		asm_error(ctx, loc, "a byte swap works in place: write `%s = %s %s`", asm_reg_name(dst, a), r->text, a);
		return;
	}
	if (r->flags & ISA_F_ALU64)
		emit(ctx, loc, BPF_ALU64 | BPF_END | BPF_TO_LE, dst, 0, 0, r->imm);
	else
		emit(ctx, loc, BPF_ALU | BPF_END | r->op, dst, 0, 0, r->imm);
}

void asm_ins_lddw(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, const struct asm_val *v)
{
	uint64_t at;
	struct asm_eval ev;

	if (!check_dst(ctx, loc, dst))
		return;
	if (is32(dst)) {
		asm_error(ctx, loc, "a 64-bit load (`ll`) needs a 64-bit register: write r%u", regn(dst));
		return;
	}
	at = emit(ctx, loc, BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, 0);
	if (at == UINT64_MAX)
		return;
	emit_hi(ctx, 0);
	if (asm_val_ready(ctx, v)) {
		if (asm_eval(ctx, v, true, &ev) == 0) {
			asm_put_imm(ctx, ctx->cur, at, (int32_t)(uint32_t)ev.v);
			asm_put_imm(ctx, ctx->cur, at + 8, (int32_t)(uint32_t)((uint64_t)ev.v >> 32));
		}
		return;
	}
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_LDDW, .section = ctx->cur, .offset = at,
					       .val = *v, .loc = v->loc});
}

void asm_ins_ldpseudo(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst,
		      const struct asm_val *src, const struct asm_val *imm)
{
	struct asm_eval ev;
	uint64_t at;

	if (!check_dst(ctx, loc, dst) || asm_eval(ctx, src, true, &ev))
		return;
	if (ev.v < 0 || ev.v > 15) {
		asm_error(ctx, &src->loc, "the source field of ld_pseudo is 4 bits (0..15), not %" PRId64, ev.v);
		return;
	}
	if (is32(dst)) {
		asm_error(ctx, loc, "ld_pseudo loads 64 bits: write r%u", regn(dst));
		return;
	}
	at = emit(ctx, loc, BPF_LD | BPF_IMM | BPF_DW, dst, (uint8_t)ev.v, 0, 0);
	if (at == UINT64_MAX)
		return;
	emit_hi(ctx, 0);
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_LDPSEUDO_IMM, .section = ctx->cur,
					       .offset = at, .val = *imm, .loc = imm->loc});
}

void asm_ins_load(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		  const struct asm_mem *m)
{
	const struct isa_row *r = &isa_rows[size_row];
	bool sx = r->flags & ISA_F_SIGNED;

	if (!check_dst(ctx, loc, dst) || !addr_reg(ctx, &m->off.loc, m->reg))
		return;
	if (!exists(BPF_LDX | r->op | (sx ? BPF_MEMSX : BPF_MEM), 0, 0, 0)) {
		asm_error(ctx, loc, "there is no sign-extending 64-bit load: write *(u64 *)");
		return;
	}
	if (is32(dst) && (sx || r->op == BPF_DW)) {
		asm_error(ctx, loc, "*(%s *) fills the whole 64-bit register: write r%u", r->text, regn(dst));
		return;
	}
	set_off(ctx, &m->off, emit(ctx, loc, BPF_LDX | r->op | (sx ? BPF_MEMSX : BPF_MEM), dst, m->reg, 0, 0));
}

static bool store_width_ok(struct asm_ctx *ctx, const struct asm_loc *loc, const struct isa_row *r)
{
	if (r->flags & ISA_F_SIGNED) {
		asm_error(ctx, loc, "a store has no sign: write *(u%u *)", isa_size_bytes(r->op) * 8);
		return false;
	}
	return true;
}

void asm_ins_store(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		   const struct asm_mem *m, const struct asm_operand *src)
{
	const struct isa_row *r = &isa_rows[size_row];
	uint64_t at;
	struct asm_eval ev;
	char nb[32];

	if (!store_width_ok(ctx, loc, r) || !addr_reg(ctx, &m->off.loc, m->reg))
		return;
	if (src->is_reg) {
		if (is32(src->reg) && r->op == BPF_DW) {
			asm_error(ctx, &src->val.loc, "*(u64 *) stores 64 bits: write r%u", regn(src->reg));
			return;
		}
		set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | r->op | BPF_MEM, m->reg, src->reg, 0, 0));
		return;
	}
	at = emit(ctx, loc, BPF_ST | r->op | BPF_MEM, m->reg, 0, 0, 0);
	set_off(ctx, &m->off, at);
	if (r->op != BPF_DW && r->op != BPF_W && asm_val_ready(ctx, &src->val) &&
	    asm_eval(ctx, &src->val, true, &ev) == 0) {
		unsigned bits = isa_size_bytes(r->op) * 8;
		if (ev.v < -(INT64_C(1) << (bits - 1)) || ev.v >= (INT64_C(1) << bits)) { /* it encodes: the store keeps the low bits */
			char kept[32];
			asm_warning(ctx, &src->val.loc, "%s does not fit in %s: the store keeps its low %u bits, %s", asm_fmt_num(ev.v, nb, sizeof(nb)),
				    r->text, bits, asm_fmt_num((int64_t)((uint64_t)ev.v & ((UINT64_C(1) << bits) - 1)), kept, sizeof(kept)));
		}
	}
	set_imm(ctx, &src->val, r->op == BPF_DW ? IMM_ALU64 : IMM_PLAIN, 0, at, false);
}

void asm_ins_ldpkt(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		   int reg, const struct asm_val *imm)
{
	const struct isa_row *r = &isa_rows[size_row];

	if (regn(dst) != 0 || is32(dst)) {
		asm_error(ctx, loc, "a legacy packet load always writes r0: write `r0 = *(%s *)skb[...]`", r->text);
		return;
	}
	if ((r->flags & ISA_F_SIGNED) || !exists(BPF_LD | r->op | BPF_ABS, 0, 0, 0)) {
		asm_error(ctx, loc, "legacy packet loads read u8, u16 or u32");
		return;
	}
	if (reg >= 0 && !addr_reg(ctx, loc, (uint8_t)reg))
		return;
	set_imm(ctx, imm, IMM_PLAIN, 0,
		emit(ctx, loc, BPF_LD | r->op | (reg < 0 ? BPF_ABS : BPF_IND), 0, reg < 0 ? 0 : (uint8_t)reg, 0, 0),
		false);
}

/* Width of an atomic's register operand: u64 wants r, u32 wants w (r accepted as the
 * verifier prints it). */
static bool atomic_reg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t size, uint8_t reg)
{
	if (size == BPF_DW && is32(reg)) {
		asm_error(ctx, loc, "a 64-bit atomic operation takes r registers: write r%u", regn(reg));
		return false;
	}
	return true;
}

void asm_ins_lock(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		  const struct asm_mem *m, int op_row, uint8_t src)
{
	const struct isa_row *r = &isa_rows[size_row], *op = &isa_rows[op_row];

	if (op->shape != ISA_ALU || !exists(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 0, op->op)) {
		asm_error(ctx, loc, "`lock` works with +=, |=, &= and ^=, not %s", op->text);
		return;
	}
	if (!exists(BPF_STX | BPF_ATOMIC | r->op, 0, 0, op->op)) {
		asm_error(ctx, loc, "atomic operations work on u32 and u64, not %s", r->text);
		return;
	}
	if (!addr_reg(ctx, &m->off.loc, m->reg) || !atomic_reg(ctx, loc, r->op, src))
		return;
	set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | r->op, m->reg, src, 0, op->op));
}

void asm_ins_atomic_fn(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int fn_row,
		       int size_row, const struct asm_mem *m, uint8_t cmp, uint8_t src)
{
	const struct isa_row *f = &isa_rows[fn_row];
	uint8_t size;
	char a[8];

	if (size_row >= 0)
		size = isa_rows[size_row].op;
	else if (f->shape == ISA_XCHG || f->shape == ISA_CMPXCHG)
		size = (f->flags & ISA_F_W32) ? BPF_W : BPF_DW;
	else {
		asm_error(ctx, loc, "%s takes a typed address: write %s((u64 *)(rN + off), ...)", f->text, f->text);
		return;
	}
	if (size_row >= 0 && (isa_rows[size_row].flags & ISA_F_SIGNED)) {
		asm_error(ctx, loc, "atomic operations take unsigned widths: write u%u", isa_size_bytes(size) * 8);
		return;
	}
	if ((f->flags & ISA_F_W64) && size != BPF_DW) {
		asm_error(ctx, loc, "%s is a 64-bit operation: write (u64 *)", f->text);
		return;
	}
	if (!addr_reg(ctx, &m->off.loc, m->reg))
		return;
	switch (f->shape) {
	case ISA_LDACQ:
		if (src != 0xff || cmp != 0xff) {
			asm_error(ctx, loc, "load_acquire takes only an address: write `%s = load_acquire((u64 *)(r1 + 0))`", asm_reg_name(dst, a));
			return;
		}
		if (!check_dst(ctx, loc, dst) || !atomic_reg(ctx, loc, size, dst))
			return;
		set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | size, dst, m->reg, 0, f->imm));
		return;
	case ISA_AFETCH:
	case ISA_XCHG:
		if (src == 0xff || cmp != 0xff) {
			asm_error(ctx, loc, "%s takes an address and a register: write `r2 = %s(%s, r2)`", f->text, f->text,
				  f->shape == ISA_XCHG ? "r1 + 0" : "(u64 *)(r1 + 0)");
			return;
		}
		if (regn(dst) != regn(src)) {
			asm_error(ctx, loc, "the old value replaces the source register: write `%s = %s(..., %s)`",
				  asm_reg_name(src, a), f->text, a);
			return;
		}
		break;
	case ISA_CMPXCHG:
		if (src == 0xff || cmp == 0xff) {
			asm_error(ctx, loc, "%s takes an address, r0 and a register: write `r0 = %s(r1 + 0, r0, r2)`", f->text, f->text);
			return;
		}
		if (regn(dst) != 0 || regn(cmp) != 0) {
			asm_error(ctx, loc, "compare-and-exchange compares with r0 and leaves the old value in r0: write `r0 = %s(..., r0, %s)`",
				  f->text, asm_reg_name(src, a));
			return;
		}
		break;
	default:
		return;
	}
	if (!exists(BPF_STX | BPF_ATOMIC | size, 0, 0, f->imm)) {
		asm_error(ctx, loc, "%s works on u32 and u64", f->text);
		return;
	}
	if (!atomic_reg(ctx, loc, size, src) || !atomic_reg(ctx, loc, size, dst))
		return;
	set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | size, m->reg, src, 0, f->imm));
}

void asm_ins_strel(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		   const struct asm_mem *m, uint8_t src)
{
	const struct isa_row *r = &isa_rows[size_row];

	if (!store_width_ok(ctx, loc, r) || !addr_reg(ctx, &m->off.loc, m->reg) ||
	    !atomic_reg(ctx, loc, r->op, src))
		return;
	set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | r->op, m->reg, src, 0, BPF_STORE_REL));
}

/* A jump to a defined label: its offset written in, or the error said (at the end for a
 * forward jump, at once for one back to a label of its own section). */
void asm_jump_to_label(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_sym *s = fx->tgt.sym;
	int64_t delta;
	char b[32];

	if (s->section != fx->section) {
		asm_error(ctx, &fx->loc, "jump from section '%s' to '%s' in section '%s': a jump stays in its section; call a function in another section with `call %s`",
			  ctx->secs[fx->section].name, asm_sym_display(s, b, sizeof(b)), ctx->secs[s->section].name,
			  s->name);
		return;
	}
	if (s->value % 8) {
		asm_error(ctx, &fx->loc, "label '%s' is not on an instruction boundary", s->name);
		return;
	}
	delta = (int64_t)(s->value / 8) - (int64_t)(fx->offset / 8) - 1;
	if (fx->kind == FX_JMP32) {
		asm_put_imm(ctx, fx->section, fx->offset, (int32_t)delta);
		return;
	}
	if (delta < INT16_MIN || delta > INT16_MAX) {
		uint8_t code = ctx->secs[fx->section].data.p[fx->offset];
		if (code == (BPF_JMP | BPF_JA))
			asm_error(ctx, &fx->loc, "'%s' is %" PRId64 " instructions away, beyond the reach of goto (-32768..32767); write `gotol %s`",
				  asm_sym_display(s, b, sizeof(b)), delta, s->name);
		else
			asm_error(ctx, &fx->loc, "'%s' is %" PRId64 " instructions away, beyond the reach of a conditional jump (-32768..32767); jump to a nearby `gotol %s` instead",
				  asm_sym_display(s, b, sizeof(b)), delta, s->name);
		return;
	}
	asm_put_off(ctx, fx->section, fx->offset, (int16_t)delta);
}

/* A jump's offset: a literal delta now, a label later. */
static void set_target(struct asm_ctx *ctx, const struct asm_target *t, uint64_t at, bool wide)
{
	if (at == UINT64_MAX)
		return;
	if (!t->sym) {
		if (wide ? (t->delta < INT32_MIN || t->delta > INT32_MAX)
			 : (t->delta < INT16_MIN || t->delta > INT16_MAX)) {
			asm_error(ctx, &t->loc, "jump of %" PRId64 " instructions is out of range%s", t->delta,
				  wide ? "" : " (-32768..32767)");
			return;
		}
		if (wide)
			asm_put_imm(ctx, ctx->cur, at, (int32_t)t->delta);
		else
			asm_put_off(ctx, ctx->cur, at, (int16_t)t->delta);
		return;
	}
	t->sym->referenced = true;
	struct asm_fixup fx = {.kind = wide ? FX_JMP32 : FX_JMP16, .section = ctx->cur, .offset = at, .tgt = *t, .loc = t->loc};
	/* back to a label of this section: its place is known and final (a label is never
	 * defined twice), so no fixup is kept for the end */
	if (t->sym->kind == SYM_LABEL && t->sym->section == ctx->cur)
		asm_jump_to_label(ctx, &fx);
	else
		asm_add_fixup(ctx, &fx);
}

void asm_ins_jcc(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int row,
		 const struct asm_operand *src, const struct asm_target *t)
{
	const struct isa_row *r = &isa_rows[row];
	uint8_t code = (uint8_t)((is32(dst) ? BPF_JMP32 : BPF_JMP) | r->op);
	uint64_t at;

	if (src->is_reg) {
		if (!same_width(ctx, loc, dst, src->reg, "this comparison"))
			return;
		at = emit(ctx, loc, code | BPF_X, dst, src->reg, 0, 0);
	} else {
		at = emit(ctx, loc, code | BPF_K, dst, 0, 0, 0);
		set_imm(ctx, &src->val, is32(dst) ? IMM_JMP32 : IMM_JMP64, dst, at, false);
	}
	set_target(ctx, t, at, false);
}

void asm_ins_goto(struct asm_ctx *ctx, const struct asm_loc *loc, bool is_long, const struct asm_target *t)
{
	set_target(ctx, t, emit(ctx, loc, is_long ? BPF_JMP32 | BPF_JA : BPF_JMP | BPF_JA, 0, 0, 0, 0), is_long);
}

void asm_ins_may_goto(struct asm_ctx *ctx, const struct asm_loc *loc, const struct asm_target *t)
{
	set_target(ctx, t, emit(ctx, loc, BPF_JMP | BPF_JCOND, 0, 0, 0, 0), false);
}

void asm_ins_call(struct asm_ctx *ctx, const struct asm_loc *loc, const struct asm_target *t)
{
	uint64_t at;

	if (t->is_num) {
		if (t->delta < 0 || t->delta > INT32_MAX) {
			asm_error(ctx, &t->loc, "helper id %" PRId64 " is out of range", t->delta);
			return;
		}
		emit(ctx, loc, BPF_JMP | BPF_CALL, 0, 0, 0, (int32_t)t->delta);
		return;
	}
	if (!t->sym) { /* `call pc+N`, as the verifier prints a BPF-to-BPF call */
		if (t->delta < INT32_MIN || t->delta > INT32_MAX) {
			asm_error(ctx, &t->loc, "call offset %" PRId64 " is out of range", t->delta);
			return;
		}
		emit(ctx, loc, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, (int32_t)t->delta);
		return;
	}
	at = emit(ctx, loc, BPF_JMP | BPF_CALL, 0, 0, 0, 0);
	if (at == UINT64_MAX)
		return;
	t->sym->referenced = true;
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_CALL, .section = ctx->cur, .offset = at,
					       .tgt = *t, .loc = t->loc});
}

void asm_ins_callx(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t reg)
{
	if (is32(reg)) {
		asm_error(ctx, loc, "callx takes a 64-bit register: write r%u", regn(reg));
		return;
	}
	emit(ctx, loc, BPF_JMP | BPF_CALL | BPF_X, reg, 0, 0, 0);
}

/* The implicit label `exit` (the conformance suite jumps to `exit`): the first exit
 * instruction of the file. */
struct asm_sym *asm_exit_label(struct asm_ctx *ctx)
{
	static const char name[] = ".L\001exit";

	if (!ctx->exit_sym) {
		ctx->exit_sym = asm_intern(ctx, name, sizeof(name) - 1);
		if (ctx->exit_sym)
			ctx->exit_sym->builtin_checked = true;
	}
	return ctx->exit_sym;
}

static void exit_seen(struct asm_ctx *ctx, const struct asm_loc *loc)
{
	struct asm_sym *s = asm_exit_label(ctx);

	if (s && s->kind == SYM_NONE)
		asm_label(ctx, s, loc);
}

void asm_ins_exit(struct asm_ctx *ctx, const struct asm_loc *loc)
{
	if (ctx->gnu)
		exit_seen(ctx, loc);
	emit(ctx, loc, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}
