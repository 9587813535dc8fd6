/* show.c: --show xlated|jited|log: a loaded program as the kernel holds it. The kernel's
 * own line records (it keeps the object's line_info, renumbered for the instructions it
 * rewrote) put each .s line over what came of it: the instructions after the verifier's
 * rewriting, or the JIT's machine code as bytes (bpfload has no x86 disassembler). */
#include "show.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "sys.h"

/* The names of the helpers a translated program calls. After the verifier a call holds
 * its target as an offset from __bpf_call_base, not the helper's number: the targets are
 * gathered first, and one pass over /proc/kallsyms names them. */
struct call_names {
	uint64_t base;  /* __bpf_call_base's address */
	uint64_t *addr; /* the targets, sorted */
	char (*name)[64];
	size_t n;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static size_t find_addr(const struct call_names *c, uint64_t addr)
{
	const uint64_t *hit = c->n ? bsearch(&addr, c->addr, c->n, sizeof(*c->addr), cmp_u64) : NULL;

	return hit ? (size_t)(hit - c->addr) : c->n;
}

static void call_names_read(struct call_names *c, const struct bpf_insn *insns, size_t n)
{
	char line[512];
	size_t k;
	FILE *f;

	memset(c, 0, sizeof(*c));
	for (size_t pc = 0; pc < n; pc++)
		c->n += insns[pc].code == (BPF_JMP | BPF_CALL) && insns[pc].src_reg == 0;
	if (!c->n || !(c->addr = malloc(c->n * sizeof(*c->addr)))) {
		c->n = 0;
		return;
	}
	c->n = 0;
	for (size_t pc = 0; pc < n; pc++) /* first the offsets: the base is not known yet */
		if (insns[pc].code == (BPF_JMP | BPF_CALL) && insns[pc].src_reg == 0)
			c->addr[c->n++] = (uint64_t)(int64_t)insns[pc].imm;
	if (!(f = fopen("/proc/kallsyms", "re"))) {
		c->n = 0;
		return;
	}
	while (!c->base && fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 && !strcmp(name, "__bpf_call_base"))
			c->base = addr;
	}
	c->name = calloc(c->n, sizeof(*c->name));
	if (!c->base || !c->name) {
		fclose(f);
		c->n = 0;
		return;
	}
	for (size_t i = 0; i < c->n; i++)
		c->addr[i] += c->base;
	qsort(c->addr, c->n, sizeof(*c->addr), cmp_u64);
	k = 0;
	for (size_t i = 0; i < c->n; i++) /* each target once */
		if (!k || c->addr[i] != c->addr[k - 1])
			c->addr[k++] = c->addr[i];
	c->n = k;
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		size_t i;
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 && (type == 't' || type == 'T') &&
		    (i = find_addr(c, addr)) < c->n && !c->name[i][0])
			snprintf(c->name[i], sizeof(c->name[i]), "%.63s", name);
	}
	fclose(f);
}

/* The helper a call reaches, or NULL when kallsyms did not say. */
static const char *call_name(const struct call_names *c, const struct bpf_insn *in)
{
	size_t i = find_addr(c, c->base + (uint64_t)(int64_t)in->imm);

	return i < c->n && c->name[i][0] ? c->name[i] : NULL;
}

static void call_names_free(struct call_names *c)
{
	free(c->addr);
	free(c->name);
}

/* What the kernel holds of a program: its info, and the arrays it points to. */
struct held {
	struct bpf_prog_info info;
	struct bpf_insn *xlated;
	uint8_t *jited;
	struct bpf_line_info *lines;
	uint64_t *jited_lines, *ksyms;
	uint32_t *func_lens;
	struct bpf_func_info *funcs; /* where each function starts, in the kernel's numbering */
};

static void held_free(struct held *h)
{
	free(h->xlated);
	free(h->jited);
	free(h->lines);
	free(h->jited_lines);
	free(h->ksyms);
	free(h->func_lens);
	free(h->funcs);
}

/* Two calls: the first says how long each array is, the second fills them. */
static int held_read(int fd, struct held *h)
{
	struct bpf_prog_info want;
	int err;

	memset(h, 0, sizeof(*h));
	memset(&want, 0, sizeof(want));
	if ((err = ldr_sys_prog_info(fd, &want)))
		return err;
	h->xlated = calloc(want.xlated_prog_len / 8 + 1, sizeof(*h->xlated));
	h->jited = calloc(want.jited_prog_len + 1, 1);
	h->lines = calloc(want.nr_line_info + 1, sizeof(*h->lines));
	h->jited_lines = calloc(want.nr_jited_line_info + 1, sizeof(uint64_t));
	h->ksyms = calloc(want.nr_jited_ksyms + 1, sizeof(uint64_t));
	h->func_lens = calloc(want.nr_jited_func_lens + 1, sizeof(uint32_t));
	h->funcs = calloc(want.nr_func_info + 1, sizeof(*h->funcs));
	if (!h->xlated || !h->jited || !h->lines || !h->jited_lines || !h->ksyms || !h->func_lens || !h->funcs)
		return -ENOMEM;
	memset(&h->info, 0, sizeof(h->info));
	h->info.xlated_prog_len = want.xlated_prog_len;
	h->info.xlated_prog_insns = (uint64_t)(uintptr_t)h->xlated;
	h->info.jited_prog_len = want.jited_prog_len;
	h->info.jited_prog_insns = (uint64_t)(uintptr_t)h->jited;
	h->info.nr_line_info = want.nr_line_info;
	h->info.line_info_rec_size = sizeof(struct bpf_line_info);
	h->info.line_info = (uint64_t)(uintptr_t)h->lines;
	h->info.nr_jited_line_info = want.nr_jited_line_info;
	h->info.jited_line_info_rec_size = sizeof(uint64_t);
	h->info.jited_line_info = (uint64_t)(uintptr_t)h->jited_lines;
	h->info.nr_jited_ksyms = want.nr_jited_ksyms;
	h->info.jited_ksyms = (uint64_t)(uintptr_t)h->ksyms;
	h->info.nr_jited_func_lens = want.nr_jited_func_lens;
	h->info.jited_func_lens = (uint64_t)(uintptr_t)h->func_lens;
	h->info.nr_func_info = want.nr_func_info;
	h->info.func_info_rec_size = sizeof(struct bpf_func_info);
	h->info.func_info = (uint64_t)(uintptr_t)h->funcs;
	return ldr_sys_prog_info(fd, &h->info);
}

/* `; r0 = 0  @ file.s:12`, the .s line a kernel line record names */
static void print_line(const struct ldr_prog *p, const struct bpf_line_info *l, FILE *out)
{
	const char *file = ldr_btf_str(p->obj, l->file_name_off), *base = strrchr(file, '/');

	fprintf(out, "\t; %s  @ %s:%u\n", ldr_btf_str(p->obj, l->line_off), base ? base + 1 : file, l->line_col >> 10);
}

/* The name of the function that starts at xlated slot `slot`, from the kernel's func_info
 * (its offsets follow the rewritten program; its types are the object's BTF). */
static const char *func_at(const struct ldr_prog *p, const struct held *h, int64_t slot)
{
	for (uint32_t i = 0; i < h->info.nr_func_info && p->obj->has_btf; i++) {
		const struct btf_type *t;
		if (h->funcs[i].insn_off != slot)
			continue;
		t = btf_view_type(&p->obj->btf, h->funcs[i].type_id);
		return t && t->name_off ? btf_view_name(&p->obj->btf, t->name_off) : NULL;
	}
	return NULL;
}

/* A call of a function of the program, or a function's address, after the JIT: the
 * kernel keeps the distance in off (a call) or in the first imm (an address) and puts the
 * function's number where the distance was (jit_subprogs); an interpreted program keeps
 * the distance in imm. */
static void print_local(const struct ldr_prog *p, const struct held *h, size_t pc, const struct bpf_insn *in, FILE *out)
{
	bool jited = h->info.nr_jited_ksyms > 0, call = in->code == (BPF_JMP | BPF_CALL);
	int32_t rel = call ? (jited ? in->off : in->imm) : in->imm;
	int64_t to = (int64_t)pc + rel + 1;
	const char *name = func_at(p, h, to);

	if (call)
		fprintf(out, "%6zu: call pc%+d", pc, rel);
	else
		fprintf(out, "%6zu: r%u = pc%+d ll", pc, in->dst_reg, rel);
	fprintf(out, "  (%s%s%sslot %" PRId64 ")\n", call ? "" : "the address of ", name ? name : "", name ? ", " : "", to);
}

static int show_xlated(const struct ldr_prog *p, const struct held *h, FILE *out)
{
	size_t n = h->info.xlated_prog_len / 8, li = 0;
	struct call_names calls;

	call_names_read(&calls, h->xlated, n);
	fprintf(out, "program '%s' (%s) as the kernel holds it after the verifier: %zu instructions (the object has %u)\n",
		p->name, ldr_prog_type_name(p->type), n, p->ninsns);
	for (size_t pc = 0; pc < n;) {
		const struct bpf_insn *in = &h->xlated[pc];
		struct isa_insn d, next;
		char text[256];
		int used;
		while (li < h->info.nr_line_info && h->lines[li].insn_off <= pc) {
			if (h->lines[li].insn_off == pc)
				print_line(p, &h->lines[li], out);
			li++;
		}
		if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0) { /* a helper, by its address */
			const char *name = call_name(&calls, in);
			if (name)
				fprintf(out, "%6zu: call %s\n", pc, name);
			else
				fprintf(out, "%6zu: call __bpf_call_base%+d\n", pc, in->imm);
			pc++;
			continue;
		}
		if ((in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) ||
		    (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src_reg == BPF_PSEUDO_FUNC && pc + 1 < n)) {
			print_local(p, h, pc, in, out);
			pc += in->code == (BPF_JMP | BPF_CALL) ? 1 : 2;
			continue;
		}
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && pc + 1 < n &&
		    (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE)) {
			/* a map after the verifier: the kernel writes the map's id where the fd was */
			if (in->src_reg == BPF_PSEUDO_MAP_FD)
				fprintf(out, "%6zu: r%u = map[id:%d] ll\n", pc, in->dst_reg, in->imm);
			else
				fprintf(out, "%6zu: r%u = map[id:%d][0] + %u ll\n", pc, in->dst_reg, in->imm, (uint32_t)in[1].imm);
			pc += 2;
			continue;
		}
		isa_decode((const uint8_t *)in, &d);
		if (pc + 1 < n)
			isa_decode((const uint8_t *)(in + 1), &next);
		used = isa_format_syntax(&d, pc + 1 < n ? &next : NULL, pc, NULL, ISA_PSEUDOC, text, sizeof(text));
		if (used <= 0) {
			fprintf(out, "%6zu: .quad 0x%016" PRIx64 "\n", pc, *(const uint64_t *)in);
			used = 1;
		} else
			fprintf(out, "%6zu: %s\n", pc, text);
		pc += (size_t)used;
	}
	call_names_free(&calls);
	return 0;
}

/* Machine code bytes [from, to) of a function, 16 to a line, with their offsets. */
static void dump_bytes(const uint8_t *code, uint64_t from, uint64_t to, FILE *out)
{
	for (uint64_t k = from; k < to; k += 16) {
		fprintf(out, "  %6" PRIx64 ":", k);
		for (uint64_t b = k; b < to && b < k + 16; b++)
			fprintf(out, " %02x", code[b]);
		fputc('\n', out);
	}
}

static int show_jited(const struct ldr_prog *p, const struct held *h, FILE *out)
{
	uint32_t nf = h->info.nr_jited_ksyms ? h->info.nr_jited_ksyms : 1;
	uint64_t start = 0;

	if (!h->info.jited_prog_len) {
		fprintf(out, "program '%s': the kernel did not JIT it (net.core.bpf_jit_enable is 0?)\n", p->name);
		return 0;
	}
	fprintf(out, "program '%s' (%s) as the JIT made it: %u bytes of machine code in %u function%s\n", p->name,
		ldr_prog_type_name(p->type), h->info.jited_prog_len, nf, nf == 1 ? "" : "s");
	for (uint32_t f = 0; f < nf; f++) {
		uint64_t base = h->info.nr_jited_ksyms ? h->ksyms[f] : 0, off = 0;
		uint64_t len = h->info.nr_jited_func_lens ? h->func_lens[f] : h->info.jited_prog_len;
		if (start + len > h->info.jited_prog_len)
			len = h->info.jited_prog_len - start;
		fprintf(out, "function %u at 0x%" PRIx64 ", %" PRIu64 " bytes\n", f, base, len);
		/* the line records are in address order: the bytes up to each, then its line */
		for (uint32_t i = 0; i < h->info.nr_jited_line_info && i < h->info.nr_line_info; i++) {
			uint64_t at = h->jited_lines[i] - base;
			if (h->jited_lines[i] < base || at >= len || at < off)
				continue;
			dump_bytes(h->jited + start, off, at, out);
			print_line(p, &h->lines[i], out);
			off = at;
		}
		dump_bytes(h->jited + start, off, len, out);
		start += len;
	}
	return 0;
}

int ldr_show(const struct ldr_prog *p, const char *what, FILE *out)
{
	struct held h;
	int err;

	if (!strcmp(what, "log")) {
		fprintf(out, "program '%s' (%s): the verifier's log\n%s", p->name, ldr_prog_type_name(p->type),
			p->verifier_log && *p->verifier_log ? p->verifier_log : "(empty)\n");
		return 0;
	}
	if ((err = held_read(p->fd, &h))) {
		held_free(&h);
		fprintf(stderr, "bpfload: cannot read program '%s' back from the kernel: %s%s\n", p->name, strerror(-err),
			err == -EPERM || err == -EACCES ? " (the instructions are shown to root only)" : "");
		return err;
	}
	err = !strcmp(what, "xlated") ? show_xlated(p, &h, out) : show_jited(p, &h, out);
	held_free(&h);
	return err;
}
