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

/* The kernel's text symbols, for naming helper calls: after the verifier a call holds
 * its target as an offset from __bpf_call_base, not the helper's number. */
struct ksym {
	uint64_t addr;
	char *name;
};

struct ksyms {
	struct ksym *s;
	size_t n;
	uint64_t call_base;
};

static int cmp_ksym(const void *a, const void *b)
{
	uint64_t x = ((const struct ksym *)a)->addr, y = ((const struct ksym *)b)->addr;

	return x < y ? -1 : x > y;
}

static void ksyms_read(struct ksyms *k)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512];
	size_t cap = 0;

	memset(k, 0, sizeof(*k));
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || (type != 't' && type != 'T') || !addr)
			continue;
		if (!strcmp(name, "__bpf_call_base"))
			k->call_base = addr;
		if (k->n == cap) {
			struct ksym *n = realloc(k->s, (cap = cap ? cap * 2 : 4096) * sizeof(*n));
			if (!n)
				break;
			k->s = n;
		}
		if (!(k->s[k->n].name = strdup(name)))
			break;
		k->s[k->n++].addr = addr;
	}
	fclose(f);
	qsort(k->s, k->n, sizeof(*k->s), cmp_ksym);
}

static const char *ksym_at(const struct ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (k->s[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k->n && k->s[lo].addr == addr ? k->s[lo].name : NULL;
}

static void ksyms_free(struct ksyms *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->s[i].name);
	free(k->s);
}

/* What the kernel holds of a program: its info, and the arrays it points to. */
struct held {
	struct bpf_prog_info info;
	struct bpf_insn *xlated;
	uint8_t *jited;
	struct bpf_line_info *lines;
	uint64_t *jited_lines, *ksyms;
	uint32_t *func_lens;
};

static void held_free(struct held *h)
{
	free(h->xlated);
	free(h->jited);
	free(h->lines);
	free(h->jited_lines);
	free(h->ksyms);
	free(h->func_lens);
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
	if (!h->xlated || !h->jited || !h->lines || !h->jited_lines || !h->ksyms || !h->func_lens)
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
	return ldr_sys_prog_info(fd, &h->info);
}

/* `; r0 = 0  @ file.s:12`, the .s line a kernel line record names */
static void print_line(const struct ldr_prog *p, const struct bpf_line_info *l, FILE *out)
{
	const char *file = ldr_btf_str(p->obj, l->file_name_off), *base = strrchr(file, '/');

	fprintf(out, "\t; %s  @ %s:%u\n", ldr_btf_str(p->obj, l->line_off), base ? base + 1 : file, l->line_col >> 10);
}

static int show_xlated(const struct ldr_prog *p, const struct held *h, FILE *out)
{
	size_t n = h->info.xlated_prog_len / 8, li = 0;
	struct ksyms ks;

	ksyms_read(&ks);
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
			const char *name = ks.call_base ? ksym_at(&ks, ks.call_base + (uint64_t)(int64_t)in->imm) : NULL;
			if (name)
				fprintf(out, "%6zu: call %s\n", pc, name);
			else
				fprintf(out, "%6zu: call __bpf_call_base%+d\n", pc, in->imm);
			pc++;
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
	ksyms_free(&ks);
	return 0;
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
		uint64_t base = h->info.nr_jited_ksyms ? h->ksyms[f] : 0;
		uint64_t len = h->info.nr_jited_func_lens ? h->func_lens[f] : h->info.jited_prog_len;
		if (start + len > h->info.jited_prog_len)
			len = h->info.jited_prog_len - start;
		fprintf(out, "function %u at 0x%" PRIx64 ", %" PRIu64 " bytes\n", f, base, len);
		for (uint64_t off = 0; off < len;) {
			uint64_t end = len;
			/* the line record that begins here, and where the next begins */
			for (uint32_t i = 0; i < h->info.nr_jited_line_info && i < h->info.nr_line_info; i++) {
				uint64_t at = h->jited_lines[i] - base;
				if (h->jited_lines[i] < base || at >= len)
					continue;
				if (at == off)
					print_line(p, &h->lines[i], out);
				else if (at > off && at < end)
					end = at;
			}
			for (uint64_t k = off; k < end; k += 16) {
				fprintf(out, "  %6" PRIx64 ":", k);
				for (uint64_t b = k; b < end && b < k + 16; b++)
					fprintf(out, " %02x", h->jited[start + b]);
				fputc('\n', out);
			}
			off = end;
		}
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
