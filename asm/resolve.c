/* resolve.c: the end of input: fixups resolved to offsets, constants or relocations
 * (as LLVM makes them), then the symbols settled (program entries, function sizes). */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <stdio.h>

#include "ctx.h"
#include "diag.h"
#include "expr.h"
#include "stmt.h"
#include "scan.h"
#include "resolve.h"
#include "bpf_compat.h"
#include "checks.h"
#include "names.h"

/* --- resolution ------------------------------------------------------------------- */

static const char *nearest_label(struct asm_ctx *ctx, const char *word)
{
	struct names_near n;

	if (ctx->nerrors >= ASM_MAX_ERRORS) /* the error it is for will not be said */
		return NULL;
	names_near_init(&n);
	for (size_t i = 0; i < ctx->nsyms; i++)
		if (ctx->syms[i]->kind == SYM_LABEL && !ctx->syms[i]->is_num)
			names_near_try(&n, word, ctx->syms[i]->name);
	return names_near_result(&n, word);
}

static void unknown_label(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_sym *s = fx->tgt.sym;
	const char *near;

	if (s->reported)
		return;
	if (s->is_num) {
		asm_error(ctx, &fx->loc, "'%" PRIu64 "f' refers forward to label %" PRIu64 ":, but there is none after this line",
			  s->num, s->num);
		return;
	}
	near = nearest_label(ctx, s->name);
	if (near)
		asm_error(ctx, &fx->loc, "unknown label '%s'; did you mean '%s'?", s->name, near);
	else
		asm_error(ctx, &fx->loc, "unknown label '%s'", s->name);
}

static void fix_jump(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	if (fx->tgt.sym->kind != SYM_LABEL)
		unknown_label(ctx, fx);
	else
		asm_jump_to_label(ctx, fx);
}

/* call NAME: a label here, a helper, a kfunc, or an external function; else a typo. */
static void fix_call(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_sym *s = fx->tgt.sym;
	struct asm_section *sec = &ctx->secs[fx->section];
	int32_t id;
	const char *near;

	if (s->kind == SYM_LABEL) {
		/* as llvm-mc: a global function is always called through a relocation against
		 * it (so that a weak one stays replaceable); a local one in this section by its
		 * offset, in another section through a relocation against that section with the
		 * offset in the instruction (libbpf and bpfload add imm + 1 slots) */
		bool global = s->bind_set && s->bind != STB_LOCAL;
		s->called = true;
		asm_put_src(ctx, fx->section, fx->offset, BPF_PSEUDO_CALL);
		if (s->section == fx->section && !global) {
			asm_put_imm(ctx, fx->section, fx->offset, (int32_t)((int64_t)(s->value / 8) - (int64_t)(fx->offset / 8) - 1));
			return;
		}
		if (!global) {
			asm_put_imm(ctx, fx->section, fx->offset, (int32_t)(s->value / 8) - 1);
			asm_add_reloc(ctx, sec, fx->offset, NULL, s->section, BO_R_BPF_64_32);
		} else {
			asm_put_imm(ctx, fx->section, fx->offset, -1);
			asm_add_reloc(ctx, sec, fx->offset, s, -1, BO_R_BPF_64_32);
		}
		return;
	}
	if (s->kind == SYM_NONE && (id = names_helper_id(s->name)) > 0 && !s->bind_set) {
		asm_put_imm(ctx, fx->section, fx->offset, id);
		return;
	}
	if (s->kind == SYM_EXTERN || (s->kind == SYM_NONE && s->bind_set && s->bind != STB_LOCAL)) {
		asm_put_src(ctx, fx->section, fx->offset, s->kind == SYM_EXTERN ? BPF_PSEUDO_KFUNC_CALL : BPF_PSEUDO_CALL);
		asm_put_imm(ctx, fx->section, fx->offset, -1);
		asm_add_reloc(ctx, sec, fx->offset, s, -1, BO_R_BPF_64_32);
		return;
	}
	if (s->reported)
		return;
	if (s->kind == SYM_EQU) {
		asm_error(ctx, &fx->loc, "'%s' is a constant, not a function: call a helper by name (`call bpf_map_lookup_elem`) or by number (`call 1`)",
			  s->name);
		return;
	}
	if (s->is_num) {
		unknown_label(ctx, fx);
		return;
	}
	near = names_helper_near(s->name);
	if (near)
		asm_error(ctx, &fx->loc, "unknown function '%s'; did you mean bpf_%s?", s->name, near);
	else if ((near = nearest_label(ctx, s->name)))
		asm_error(ctx, &fx->loc, "unknown function '%s'; did you mean '%s'?", s->name, near);
	else { /* as llvm-mc: an external function (clang's -S never declares kfuncs) */
		asm_warning(ctx, &fx->loc, "'%s' is declared nowhere here: taken as an external function (a kernel function, "
			    "resolved when loading); say so with `.extern %s`", s->name, s->name);
		s->bind = STB_GLOBAL;
		s->bind_set = true;
		asm_put_src(ctx, fx->section, fx->offset, BPF_PSEUDO_CALL);
		asm_put_imm(ctx, fx->section, fx->offset, -1);
		asm_add_reloc(ctx, sec, fx->offset, s, -1, BO_R_BPF_64_32);
	}
}

/* A symbolic value in an instruction or data: relocate against the symbol when it is
 * global or undefined, against its section (offset in the addend) when it is local. */
static bool reloc_value(struct asm_ctx *ctx, const struct asm_fixup *fx, const struct asm_eval *ev,
			uint32_t type, int64_t *addend)
{
	struct asm_sym *s = ev->sym;
	struct asm_section *sec = &ctx->secs[fx->section];
	const char *near;

	if (s->kind == SYM_LABEL) {
		bool global = s->bind_set && s->bind != STB_LOCAL;
		/* In a mergeable section (strings) the linker may move what follows a label,
		 * so an offset from it must stay attached to the label itself, as LLVM does. */
		bool merge = (ctx->secs[s->section].flags & SHF_MERGE) && ev->v != 0;
		if (global || merge) {
			s->force_symtab = merge;
			asm_add_reloc(ctx, sec, fx->offset, s, -1, type);
			*addend = ev->v;
		} else {
			asm_add_reloc(ctx, sec, fx->offset, NULL, s->section, type);
			*addend = (int64_t)s->value + ev->v;
		}
		return true;
	}
	if (s->kind == SYM_EXTERN || (s->bind_set && s->bind != STB_LOCAL)) {
		asm_add_reloc(ctx, sec, fx->offset, s, -1, type);
		*addend = ev->v;
		return true;
	}
	if (s->is_num) {
		asm_error(ctx, &fx->loc, "no label %" PRIu64 ": to refer to", s->num);
		return false;
	}
	near = asm_nearest_name(ctx, s->name);
	if (near) {
		asm_error(ctx, &fx->loc, "unknown name '%s'; did you mean '%s'?", s->name, near);
		return false;
	}
	/* as llvm-mc: an undefined global (clang's -S never declares __kconfig and __ksym
	 * variables) */
	asm_warning(ctx, &fx->loc, "'%s' is declared nowhere here: taken as an external symbol (a __kconfig or __ksym "
		    "variable, resolved when loading); say so with `.extern %s`", s->name, s->name);
	s->bind = STB_GLOBAL;
	s->bind_set = true;
	asm_add_reloc(ctx, sec, fx->offset, s, -1, type);
	*addend = ev->v;
	return true;
}

/* A 4-byte value naming a symbol: LLVM's R_BPF_64_NODYLD32 (which runtime loaders leave
 * alone) for a temporary label in code, as .BTF.ext's instruction offsets are, and for a
 * named label in writable data, as .BTF's variable offsets are; R_BPF_64_ABS32 else. */
static uint32_t data32_reloc(const struct asm_ctx *ctx, const struct asm_sym *s)
{
	uint64_t f;

	if (s->kind != SYM_LABEL)
		return BO_R_BPF_64_ABS32;
	f = ctx->secs[s->section].flags;
	if (s->local_label || s->is_num)
		return (f & SHF_ALLOC) && (f & SHF_EXECINSTR) ? BO_R_BPF_64_NODYLD32 : BO_R_BPF_64_ABS32;
	return (f & SHF_ALLOC) && (f & SHF_WRITE) ? BO_R_BPF_64_NODYLD32 : BO_R_BPF_64_ABS32;
}

static void fix_value(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_eval ev;
	int64_t addend = 0;
	uint8_t *p;
	char nb[32], rb[8];

	if (asm_eval(ctx, &fx->val, false, &ev))
		return;
	switch (fx->kind) {
	case FX_IMM32:
	case FX_OFF16:
		if (ev.sym && ev.sym->kind == SYM_NONE && !ev.sym->bind_set) {
			asm_error_unknown_name(ctx, asm_sym_loc_in(&fx->val, ev.sym), ev.sym->name);
			return;
		}
		break;
	default:
		break;
	}
	switch (fx->kind) {
	case FX_IMM32:
		if (ev.sym) {
			if (fx->is_mov)
				asm_error(ctx, &fx->loc, "'%s' is an address: load it with `%s = %s ll`", ev.sym->name,
					  asm_reg_name(fx->reg, rb), ev.sym->name);
			else
				asm_error(ctx, &fx->loc, "'%s' is an address, not a constant", ev.sym->name);
			return;
		}
		if (asm_check_imm32(ctx, &fx->loc, ev.v, (enum imm_use)fx->width, fx->reg))
			asm_put_imm(ctx, fx->section, fx->offset, (int32_t)(uint32_t)ev.v);
		return;
	case FX_OFF16:
		if (ev.sym) {
			asm_error(ctx, &fx->loc, "'%s' is an address, not an offset", ev.sym->name);
			return;
		}
		if (asm_check_off16(ctx, &fx->loc, ev.v))
			asm_put_off(ctx, fx->section, fx->offset, (int16_t)ev.v);
		return;
	case FX_LDDW:
	case FX_LDPSEUDO_IMM:
		if (ev.sym && (fx->kind == FX_LDPSEUDO_IMM || !reloc_value(ctx, fx, &ev, BO_R_BPF_64_64, &addend)))
			return;
		if (ev.sym)
			ev.v = addend;
		asm_put_imm(ctx, fx->section, fx->offset, (int32_t)(uint32_t)ev.v);
		asm_put_imm(ctx, fx->section, fx->offset + 8, (int32_t)(uint32_t)((uint64_t)ev.v >> 32));
		return;
	case FX_DATA:
		if (ev.sym) {
			uint32_t type = fx->width == 8 ? BO_R_BPF_64_ABS64 : data32_reloc(ctx, ev.sym);
			if (fx->width != 8 && fx->width != 4) {
				asm_error(ctx, &fx->loc, "the address of '%s' needs .long or .quad", ev.sym->name);
				return;
			}
			if (!reloc_value(ctx, fx, &ev, type, &addend))
				return;
			ev.v = addend;
		} else if (fx->width < 8) {
			unsigned bits = fx->width * 8u;
			if (ev.v < -(INT64_C(1) << (bits - 1)) || ev.v >= (INT64_C(1) << bits)) {
				asm_error(ctx, &fx->loc, "%s does not fit in %u bytes", asm_fmt_num(ev.v, nb, sizeof(nb)), fx->width);
				return;
			}
		}
		p = ctx->secs[fx->section].data.p + fx->offset;
		for (unsigned i = 0; i < fx->width; i++)
			p[i] = (uint8_t)((uint64_t)ev.v >> (8 * i));
		return;
	}
}

/* Program symbols: the entry of each program section is a global function; call
 * targets are functions; a function's size runs to the next function. */
static void settle_symbols(struct asm_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *sec = &ctx->secs[i];
		struct asm_sym *e = sec->first_label;

		if (!sec->is_prog || asm_name_prefix(sec->name, ".text") || sec->dropped)
			continue;
		if (e && e->value == 0) {
			/* `.type X,@function` without `.globl` (clang's static functions) is a local
			 * function on purpose; a bare label is the program */
			if (!e->bind_set && !e->type_set)
				e->bind = STB_GLOBAL;
			if (!e->type_set)
				e->type = STT_FUNC;
		} else if (sec->data.len) {
			/* no label at offset 0: name the program after its section */
			char name[256];
			size_t n = 0;
			struct asm_sym *s;
			for (const char *p = sec->name; *p && n + 1 < sizeof(name); p++)
				name[n++] = (char)((*p == '/' || *p == '-' || *p == '.') ? '_' : *p);
			s = asm_intern(ctx, name, n);
			if (s && s->kind == SYM_NONE) {
				s->kind = SYM_LABEL;
				s->section = (int)i;
				s->value = 0;
				s->type = STT_FUNC;
				s->bind = STB_GLOBAL;
				s->type_set = s->bind_set = true;
			}
		}
	}
	/* A call target in .text is a subprogram: a function symbol. Inside a program
	 * section it stays a plain label, because libbpf splits a section into programs at
	 * function symbols and refuses static ones there. */
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i];
		if (s->kind == SYM_LABEL && s->called && !s->type_set && asm_name_prefix(ctx->secs[s->section].name, ".text"))
			s->type = STT_FUNC;
	}
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i], *t;
		uint64_t end;
		if (s->kind != SYM_LABEL || s->type != STT_FUNC || s->size_set)
			continue;
		end = asm_sec_size(&ctx->secs[s->section]);
		for (size_t j = 0; j < ctx->nsyms; j++) {
			t = ctx->syms[j];
			if (t != s && t->kind == SYM_LABEL && t->type == STT_FUNC && t->section == s->section &&
			    t->value > s->value && t->value < end)
				end = t->value;
		}
		s->size = end - s->value;
	}
}

/* --- the static checks over each program section (checks.c) -------------------------- */

struct check_sink {
	struct asm_ctx *ctx;
	const struct asm_section *sec;
};

/* The source position of the instruction at a slot: the insns records are in offset order. */
static bool slot_loc(const struct asm_section *s, uint32_t slot, struct asm_loc *loc)
{
	size_t lo = 0, hi = s->ninsns;
	uint64_t off = (uint64_t)slot * 8;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->insns[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= s->ninsns || s->insns[lo].off != off)
		return false;
	*loc = (struct asm_loc){s->insns[lo].line, s->insns[lo].line, s->insns[lo].col, s->insns[lo].col, s->insns[lo].file};
	return true;
}

static void check_report(void *arg, const struct chk_finding *f)
{
	struct check_sink *k = arg;
	struct asm_loc loc, rel;
	char also[64] = "";
	const char *mark = strchr(f->what, '\x01');
	int before = mark ? (int)(mark - f->what) : (int)strlen(f->what);

	if (!slot_loc(k->sec, f->slot, &loc))
		return;
	if (f->related != UINT32_MAX && slot_loc(k->sec, f->related, &rel))
		snprintf(also, sizeof(also), " at line %u", rel.first_line);
	if (f->error)
		asm_error(k->ctx, &loc, "%.*s%s%s; %s", before, f->what, also, mark ? mark + 1 : "", f->fix);
	else
		asm_warning(k->ctx, &loc, "%.*s%s%s; %s", before, f->what, also, mark ? mark + 1 : "", f->fix);
}

static bool license_gpl(const char *l)
{
	static const char *const gpl[] = {"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL",
					  "Dual MPL/GPL"};

	for (size_t i = 0; l && i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (!strcmp(l, gpl[i]))
			return true;
	return false;
}

static void check_section(struct asm_ctx *ctx, int si)
{
	struct asm_section *s = &ctx->secs[si];
	const struct asm_insn_loc *last = &s->insns[s->ninsns - 1];
	size_t nslots = s->data.len / 8, n = 0;
	uint32_t *entries = calloc(ctx->nsyms + 1, sizeof(*entries));
	bool *is_program = calloc(ctx->nsyms + 1, sizeof(*is_program));
	struct chk_reloc *relocs = calloc(nslots + 1, sizeof(*relocs));
	bool prog_sec = names_section(s->name) != NULL;
	struct check_sink sink = {ctx, s};
	struct chk_input in = {.code = s->data.p, .len = s->data.len, .section = s->name, .section_is_program = prog_sec,
			       .gpl = license_gpl(ctx->license)};

	/* clang's license: the bytes of a section named "license" (a NUL-terminated string) */
	for (size_t i = 0; !ctx->license && i < ctx->nsecs; i++)
		if (!strcmp(ctx->secs[i].name, "license") && ctx->secs[i].data.len &&
		    memchr(ctx->secs[i].data.p, '\0', ctx->secs[i].data.len))
			in.gpl = license_gpl((const char *)ctx->secs[i].data.p);
	const char *ev = !strncmp(s->name, "tracepoint/", 11) ? strchr(s->name + 11, '/') : NULL;

	if (!entries || !is_program || !relocs) {
		ctx->oom = true;
		goto out;
	}
	if (last->off + (s->data.p[last->off] == (BPF_LD | BPF_IMM | BPF_DW) ? 16 : 8) != s->data.len)
		goto out; /* data among the code: not instructions throughout */
	for (size_t i = 0; i < ctx->nsyms; i++) {
		const struct asm_sym *y = ctx->syms[i];
		if (y->kind == SYM_LABEL && y->section == si && y->type == STT_FUNC && y->value % 8 == 0 && y->value < s->data.len) {
			entries[n] = (uint32_t)(y->value / 8);
			is_program[n++] = prog_sec && y->bind != STB_LOCAL;
		}
	}
	for (size_t i = 0; i < s->nrels; i++) {
		const struct asm_reloc *rl = &s->rels[i];
		size_t slot = rl->offset / 8;
		if (slot >= nslots)
			continue;
		relocs[slot].kind = CHK_DATA;
		if (s->data.p[rl->offset] == (BPF_JMP | BPF_CALL)) {
			relocs[slot].kind = CHK_FAR_CALL;
			continue;
		}
		for (size_t m = 0; rl->sym && m < ctx->nmaps; m++)
			if (ctx->maps[m].sym == rl->sym)
				relocs[slot] = (struct chk_reloc){CHK_MAP, rl->sym->name, ctx->maps[m].key_size, ctx->maps[m].value_size};
	}
	in.entries = entries;
	in.is_program = is_program;
	in.nentries = n;
	in.relocs = relocs;
	if (ev) { /* the record of .tracepoint's event: the .struct named after it */
		struct asm_sym *t = asm_lookup(ctx, ev + 1);
		if (t && t->kind == SYM_TYPE && t->tdef) {
			in.event = s->name + 11;
			in.record_size = t->tdef->size;
		}
	}
	if (chk_run(&in, check_report, &sink))
		ctx->oom = true;
out:
	free(entries);
	free(is_program);
	free(relocs);
}

/* Code that can run off the end of a section that names no program type (.text): the
 * verifier refuses it in a function it loads ("last insn is not an exit or jmp"). A
 * warning, since .text code is loaded only when a program calls it. */
static void check_text_end(struct asm_ctx *ctx, const struct asm_section *s)
{
	const struct asm_insn_loc *last = &s->insns[s->ninsns - 1];
	struct isa_insn in;
	struct asm_loc loc;
	bool ends;

	isa_decode(s->data.p + last->off, &in);
	ends = in.code == (BPF_JMP | BPF_EXIT) || in.code == (BPF_JMP | BPF_JA) || in.code == (BPF_JMP32 | BPF_JA);
	if (ends || last->off + 8 < s->data.len - (in.code == (BPF_LD | BPF_IMM | BPF_DW) ? 8 : 0))
		return; /* data after the code, or a proper end */
	loc = (struct asm_loc){last->line, last->line, last->col, last->col, last->file};
	asm_warning(ctx, &loc, "the code of section '%s' can run past this last instruction; end it with `exit` (or a `goto`)",
		    s->name);
}

/* The kernel refuses a program of more than 1,000,000 instruction slots (E2BIG; 4,096
 * without CAP_BPF): a section past that cannot load, and is most likely a mistake in
 * what generated it. */
static void too_big(struct asm_ctx *ctx, const struct asm_section *s)
{
	const struct asm_insn_loc *at = &s->insns[s->ninsns - 1];
	struct asm_loc loc;

	for (size_t k = 0; k < s->ninsns; k++)
		if (s->insns[k].off / 8 >= ASM_KERNEL_MAX_INSNS) {
			at = &s->insns[k];
			break;
		}
	loc = (struct asm_loc){at->line, at->line, at->col, at->col, at->file};
	asm_warning(ctx, &loc, "section '%s' holds %zu instruction slots; the kernel loads at most %u in one program, "
		    "so this one will be refused (this is slot %u)", s->name, s->data.len / 8, ASM_KERNEL_MAX_INSNS,
		    (unsigned)(at->off / 8));
}

/* Program sections get every check; other code sections (.text: functions that programs
 * call, or snippets) only the check of their end. */
static void check_sections(struct asm_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *s = &ctx->secs[i];
		if (!s->is_prog || s->dropped || !s->ninsns || s->data.len < 8 || s->data.len % 8)
			continue;
		if (s->data.len / 8 > ASM_KERNEL_MAX_INSNS) /* said at the first slot past the limit */
			too_big(ctx, s);
		if (names_section(s->name) && !ctx->opt.no_check)
			check_section(ctx, (int)i);
		else
			check_text_end(ctx, s);
	}
}

int asm_finish(struct asm_ctx *ctx)
{
	struct asm_eval ev;

	asm_cond_unclosed(ctx);
	if (asm_gnu_pad_sections(ctx) < 0)
		ctx->oom = true;
	for (size_t i = 0; i < ctx->nfixups; i++) {
		const struct asm_fixup *fx = &ctx->fixups[i];
		if (ctx->secs[fx->section].dropped)
			continue;
		switch (fx->kind) {
		case FX_JMP16:
		case FX_JMP32:
			fix_jump(ctx, fx);
			break;
		case FX_CALL:
			fix_call(ctx, fx);
			break;
		default:
			fix_value(ctx, fx);
			break;
		}
	}
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i];
		if (s->size_expr && asm_eval(ctx, &(struct asm_val){s->size_expr, 0, s->size_expr->loc}, true, &ev) == 0)
			s->size = (uint64_t)ev.v;
	}
	settle_symbols(ctx);
	if (!ctx->nerrors) /* after errors, findings would most likely be their effects */
		check_sections(ctx);
	if (ctx->oom)
		asm_error(ctx, NULL, "out of memory");
	ctx->finished = true;
	return ctx->nerrors ? -EINVAL : 0;
}
