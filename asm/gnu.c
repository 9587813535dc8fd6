/* gnu.c: GNU's syntax (GCC's BPF back end, GNU as, the bpf_conformance suite). The
 * scanner decodes a mnemonic against the ISA rows (isa_gnu_word) and the grammar collects
 * its operands; here each mnemonic's operands are checked for their shape and handed to
 * the same statement functions (insn.c) that pseudo-C uses, so encoding and legality are
 * one. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ctx.h"
#include "diag.h"
#include "expr.h"
#include "stmt.h"
#include "bpf_compat.h"
#include "names.h"

void asm_set_syntax(struct asm_ctx *ctx, bool gnu)
{
	ctx->gnu = gnu;
}

/* GNU as ends each section at a multiple of its alignment; so does bpfas for a section
 * entered (by .section, .text, ...) in GNU's syntax, so that both give the same object.
 * A `.syntax` line inside a section does not change how that section ends. */
int asm_gnu_pad_sections(struct asm_ctx *ctx)
{
	static const uint8_t zeros[64];

	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *s = &ctx->secs[i];
		if (!s->gnu_end)
			continue;
		uint64_t size = asm_sec_size(s), pad = s->align > 1 ? (s->align - size % s->align) % s->align : 0;
		if (s->type == SHT_NOBITS) {
			s->nobits_size += pad;
			continue;
		}
		for (uint64_t k; pad; pad -= k) { /* alignments go up to 4096 */
			k = pad < sizeof(zeros) ? pad : sizeof(zeros);
			if (asm_buf_append(&s->data, zeros, (size_t)k) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

void asm_gnu_operand(struct asm_ctx *ctx, uint8_t kind, uint8_t reg, const struct asm_val *v,
		     int64_t localref, struct asm_sym *lone)
{
	if (ctx->ngops < ASM_MAX_GOPS)
		ctx->gops[ctx->ngops] = (struct asm_gop){kind, reg, localref, lone, *v};
	ctx->ngops++;
}

/* What each kind takes, in words and as an example, for the message when the operands
 * do not fit. */
static const struct {
	const char *shape; /* r: register, v: value, n: register or value, m: [reg+off], t: target */
	const char *what, *example;
} kinds[] = {
	[IG_ALU] = {"rn", "a register and a register or a number", "%r1, 2"},
	[IG_NEG] = {"r", "one register", "%r1"},
	[IG_MOVS] = {"rrv", "two registers and the width", "%r1, %r2, 8"},
	[IG_MOVSX] = {"rr", "two registers", "%r1, %r2"},
	[IG_ENDW] = {"rv", "a register and the width", "%r1, 16"},
	[IG_END] = {"r", "one register", "%r1"},
	[IG_LDDW] = {"rv", "a register and a 64-bit value", "%r1, 0x1122334455667788"},
	[IG_LDX] = {"rm", "a register and an address", "%r0, [%r1+8]"},
	[IG_STX] = {"mr", "an address and a register", "[%r10-8], %r1"},
	[IG_ST] = {"mv", "an address and a number", "[%r10-8], 5"},
	[IG_LDABS] = {"v", "the packet offset", "12"},
	[IG_LDIND] = {"rv", "a register and an offset", "%r1, 12"},
	[IG_AOP] = {"mr", "an address and a register", "[%r10-8], %r1"},
	[IG_AFETCH] = {"mr", "an address and a register", "[%r10-8], %r1"},
	[IG_AXCHG] = {"mr", "an address and a register", "[%r10-8], %r1"},
	[IG_ACMP] = {"mr", "an address and a register (compared with %r0)", "[%r10-8], %r1"},
	[IG_JCC] = {"rnt", "a register, a register or a number, and the target", "%r1, 5, label"},
	[IG_JA] = {"t", "the target", "label"},
	[IG_JAL] = {"t", "the target", "label"},
};

static bool fits(const struct asm_ctx *ctx, const char *shape)
{
	if (ctx->ngops != (int)strlen(shape))
		return false;
	for (int i = 0; i < ctx->ngops; i++) {
		uint8_t k = ctx->gops[i].kind;
		switch (shape[i]) {
		case 'r': if (k != GOP_REG) return false; break;
		case 'v': if (k != GOP_VAL) return false; break;
		case 'n': if (k != GOP_REG && k != GOP_VAL) return false; break;
		case 'm': if (k != GOP_MEM) return false; break;
		case 't': if (k != GOP_VAL && k != GOP_LOCAL && k != GOP_EXIT) return false; break;
		}
	}
	return true;
}

/* The mnemonic as written, for messages. */
static void word_of(struct asm_ctx *ctx, const struct asm_loc *oploc, char *buf, size_t len)
{
	size_t linelen = 0;
	const char *line = asm_file_line(ctx, oploc->file, oploc->first_line, &linelen);
	size_t n = oploc->last_column > oploc->first_column ? (size_t)(oploc->last_column - oploc->first_column) : 0;

	if (!line || n >= len || oploc->first_column < 1 || oploc->first_column - 1 + n > linelen)
		n = 0;
	if (n)
		memcpy(buf, line + oploc->first_column - 1, n);
	buf[n] = '\0';
}

static bool target(struct asm_ctx *ctx, const struct asm_gop *g, struct asm_target *t)
{
	struct asm_eval ev;

	*t = (struct asm_target){.loc = g->val.loc};
	switch (g->kind) {
	case GOP_EXIT:
		t->sym = asm_exit_label(ctx);
		return t->sym != NULL;
	case GOP_LOCAL:
		t->sym = asm_numref(ctx, (uint64_t)g->localref / 2, g->localref & 1, &g->val.loc);
		return t->sym != NULL;
	}
	if (g->lone) {
		t->sym = g->lone;
		return true;
	}
	if (!g->val.e) {
		t->delta = g->val.v;
		return true;
	}
	if (asm_eval(ctx, &g->val, true, &ev) == 0 && !ev.sym) {
		t->delta = ev.v;
		return true;
	}
	asm_error(ctx, &g->val.loc, "a jump goes to a label or by a number of instructions (+3, -1)");
	return false;
}

static struct asm_operand operand(const struct asm_gop *g, bool w32)
{
	struct asm_operand o = {g->kind == GOP_REG, (uint8_t)(g->reg | (w32 && g->kind == GOP_REG ? ASM_W : 0)), g->val};
	return o;
}

/* A width given as an operand (movs, endbe): the row of that width among rows like `like`. */
static int width_row(struct asm_ctx *ctx, const struct asm_gop *g, enum isa_shape shape, const char *gnu,
		     bool sign)
{
	struct asm_eval ev;

	if (asm_eval(ctx, &g->val, true, &ev) || ev.sym)
		return -1;
	for (size_t i = 0; i < isa_nrows; i++) {
		const struct isa_row *r = &isa_rows[i];
		if (r->shape != shape || (r->flags & ISA_F_ALIAS))
			continue;
		if (shape == ISA_SIZE ? (!!(r->flags & ISA_F_SIGNED) == sign && isa_size_bytes(r->op) * 8 == ev.v)
				      : (!strcmp(r->gnu, gnu) && r->imm == ev.v))
			return (int)i;
	}
	asm_error(ctx, &g->val.loc, "the width is %s, not %" PRId64, shape == ISA_SIZE ? "8, 16 or 32" : "16, 32 or 64", ev.v);
	return -2;
}

void asm_ins_gnu(struct asm_ctx *ctx, const struct asm_loc *loc, const struct isa_gnu_op *op,
		 const struct asm_loc *oploc)
{
	const struct asm_gop *g = ctx->gops;
	struct asm_operand a, b;
	struct asm_mem m;
	struct asm_target t;
	uint8_t w = op->w32 ? ASM_W : 0;
	char word[40];
	int row;

	if (op->kind == IG_NONE || (loc->file == ctx->quiet_file && loc->first_line == ctx->quiet_line))
		return; /* an unknown `lock` word, or a mnemonic in pseudo-C: said already */
	if (!fits(ctx, kinds[op->kind].shape)) {
		word_of(ctx, oploc, word, sizeof(word));
		asm_error(ctx, loc, "`%s` takes %s: `%s %s`", word, kinds[op->kind].what, word, kinds[op->kind].example);
		return;
	}
	for (int i = 0; i < ctx->ngops; i++)
		if (g[i].kind == GOP_MEM)
			m = (struct asm_mem){g[i].reg, g[i].val};
	switch (op->kind) {
	case IG_ALU:
		b = operand(&g[1], op->w32);
		asm_ins_alu(ctx, loc, op->row, g[0].reg | w, &b);
		return;
	case IG_NEG:
		asm_ins_neg(ctx, loc, g[0].reg | w, g[0].reg | w);
		return;
	case IG_MOVS:
		if ((row = width_row(ctx, &g[2], ISA_SIZE, NULL, true)) == -1)
			asm_error(ctx, &g[2].val.loc, "the width is a number: 8, 16 or 32");
		if (row >= 0)
			asm_ins_movsx(ctx, loc, g[0].reg | w, row, g[1].reg | w);
		return;
	case IG_MOVSX:
		asm_ins_movsx(ctx, loc, g[0].reg | w, op->size, g[1].reg | w);
		return;
	case IG_ENDW:
		if ((row = width_row(ctx, &g[1], ISA_END, isa_rows[op->row].gnu, false)) == -1)
			asm_error(ctx, &g[1].val.loc, "the width is a number: 16, 32 or 64");
		if (row >= 0)
			asm_ins_end(ctx, loc, g[0].reg, row, g[0].reg);
		return;
	case IG_END:
		asm_ins_end(ctx, loc, g[0].reg, op->row, g[0].reg);
		return;
	case IG_LDDW:
		asm_ins_lddw(ctx, loc, g[0].reg, &g[1].val);
		return;
	case IG_LDX:
		asm_ins_load(ctx, loc, g[0].reg, op->size, &m);
		return;
	case IG_STX:
	case IG_ST:
		b = operand(&g[1], false);
		asm_ins_store(ctx, loc, op->size, &m, &b);
		return;
	case IG_LDABS:
		asm_ins_ldpkt(ctx, loc, 0, op->size, -1, &g[0].val);
		return;
	case IG_LDIND:
		asm_ins_ldpkt(ctx, loc, 0, op->size, g[0].reg, &g[1].val);
		return;
	case IG_AOP:
		asm_ins_lock(ctx, loc, op->size, &m, op->row, g[1].reg | w);
		return;
	case IG_AFETCH:
		asm_ins_atomic_fn(ctx, loc, g[1].reg | w, op->row, op->size, &m, 0xff, g[1].reg | w);
		return;
	case IG_AXCHG:
		asm_ins_atomic_fn(ctx, loc, g[1].reg | w, op->row, -1, &m, 0xff, g[1].reg | w);
		return;
	case IG_ACMP:
		asm_ins_atomic_fn(ctx, loc, 0 | w, op->row, -1, &m, 0 | w, g[1].reg | w);
		return;
	case IG_JCC:
		a = operand(&g[1], op->w32);
		if (target(ctx, &g[2], &t))
			asm_ins_jcc(ctx, loc, g[0].reg | w, op->row, &a, &t);
		return;
	case IG_JA:
	case IG_JAL:
		if (target(ctx, &g[0], &t))
			asm_ins_goto(ctx, loc, op->kind == IG_JAL, &t);
		return;
	}
}
