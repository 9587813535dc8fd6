/* emu_debug.c: --debug, a prompt over an emulated run: step, next (over calls), continue,
 * breakpoints at FILE:LINE, a label or a slot, registers, memory, the stack, maps,
 * setting a register, the source around the current line, the call frames. Commands come
 * from standard input, a terminal or a pipe (tests drive it through one). */
#include "emu_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef BPFLOAD_LIBEDIT
#include <editline/readline.h>
#endif

static void show_line(struct ldr_emu *e, uint32_t prog, uint32_t pc)
{
	const struct emu_prog *ep = &e->progs[prog];
	const struct bpf_line_info *li = ldr_prog_line(ep->p, pc);

	if (li)
		fprintf(e->opt.out, "%s:%u  slot %u: %s\n", ldr_btf_str(e->o, li->file_name_off), li->line_col >> 10, pc,
			ldr_btf_str(e->o, li->line_off));
	else
		fprintf(e->opt.out, "slot %u\n", pc);
}

/* A breakpoint's slot in program prog: a number, FILE:LINE (or :LINE), or a label. */
static long find_slot(struct ldr_emu *e, uint32_t prog, const char *w)
{
	const struct emu_prog *ep = &e->progs[prog];
	const struct ldr_prog *p = ep->p;
	const char *colon = strrchr(w, ':');
	char *end;
	long v = strtol(colon ? colon + 1 : w, &end, 10);

	if (!colon && *w && !*end)
		return v >= 0 && (uint32_t)v < ep->n ? v : -1;
	if (colon && colon[1] && !*end) {
		for (uint32_t i = 0; i < p->nline_info; i++) {
			const struct bpf_line_info *li = &p->line_info[i];
			const char *file = ldr_btf_str(e->o, li->file_name_off), *base = strrchr(file, '/');
			size_t fl = (size_t)(colon - w);
			if ((li->line_col >> 10) != (uint32_t)v)
				continue;
			if (!fl || (strlen(file) == fl && !strncmp(file, w, fl)) || (base && strlen(base + 1) == fl && !strncmp(base + 1, w, fl)))
				return li->insn_off;
		}
		return -1;
	}
	for (size_t i = 1; i < e->o->bo->nsyms; i++) { /* a label: its section offset, placed in the linked program */
		const struct bo_symbol *s = &e->o->bo->syms[i];
		if (strcmp(s->name, w))
			continue;
		for (uint32_t k = 0; k < ep->n; k++)
			if (p->origin_sec && p->origin_sec[k] == s->shndx && p->origin_off[k] == s->value)
				return k;
	}
	return -1;
}

static int parse_reg(const char *w)
{
	char *end;
	long r;

	if ((w[0] != 'r' && w[0] != 'w') || !w[1])
		return -1;
	r = strtol(w + 1, &end, 10);
	return *end || r < 0 || r > 10 ? -1 : (int)r;
}

/* print *(u8|u16|u32|u64 *)(rN +/- OFF) */
static void print_mem(struct ldr_emu *e, const uint64_t *r, const char *expr)
{
	unsigned bits, reg;
	char sign = '+';
	long off = 0;
	int n = 0;
	uint8_t *p;
	uint64_t v = 0, addr;
	char d[96];

	if (sscanf(expr, " *(u%u *)(r%u %c %li)%n", &bits, &reg, &sign, &off, &n) < 4 || !n) {
		n = 0;
		if (sscanf(expr, " *(u%u *)(r%u)%n", &bits, &reg, &n) < 2 || !n) {
			fprintf(e->opt.out, "write print *(u32 *)(r10 - 4)\n");
			return;
		}
	}
	if ((bits != 8 && bits != 16 && bits != 32 && bits != 64) || reg > 10 || (sign != '+' && sign != '-')) {
		fprintf(e->opt.out, "write print *(u8|u16|u32|u64 *)(rN + OFF)\n");
		return;
	}
	addr = r[reg] + (uint64_t)(sign == '-' ? -off : off);
	e->err[0] = '\0';
	if (!(p = emu_ptr(e, addr, bits / 8, false, "reads"))) {
		const char *why = strchr(e->err, ')');
		fprintf(e->opt.out, "cannot read it%s\n", why && why[1] == ':' ? why + 1 : "");
		e->err[0] = '\0';
		return;
	}
	memcpy(&v, p, bits / 8);
	emu_describe(e, v, d, sizeof(d));
	fprintf(e->opt.out, "*(u%u *)%#llx = %s\n", bits, (unsigned long long)addr, d);
}

static void print_map(struct ldr_emu *e, const char *name)
{
	for (size_t i = 0; i < e->o->nmaps; i++) {
		if (strcmp(e->o->maps[i].name, name))
			continue;
		struct ldr_print_options po = {NULL, 0, false, false, 0, e->opt.out, "now", &e->reader};
		const char *only[1] = {name};
		po.only = only;
		po.nonly = 1;
		ldr_print_maps(e->o, &po);
		return;
	}
	fprintf(e->opt.out, "no map '%s'; the maps are:", name);
	for (size_t i = 0; i < e->o->nmaps; i++)
		fprintf(e->opt.out, " %s", e->o->maps[i].name);
	fputc('\n', e->opt.out);
}

static void help(FILE *f)
{
	fputs("  s, step              run one instruction (into calls)\n"
	      "  n, next              run one instruction, over calls\n"
	      "  c, continue          run to the next breakpoint or the end\n"
	      "  b, break WHERE       stop at FILE:LINE, :LINE, a label, or a slot number\n"
	      "  d, delete [N]        remove breakpoint N (all without N)\n"
	      "  p, print rN          a register; print *(u32 *)(r10 - 4) reads memory\n"
	      "  r, regs              every register\n"
	      "  stack                the current frame's stack, 8 bytes a line, where not zero\n"
	      "  m, map NAME          a map's contents\n"
	      "  set rN = VALUE       change a register\n"
	      "  l, list              the source around the current line\n"
	      "  bt, backtrace        the call frames\n"
	      "  q, quit              stop the run\n",
	      f);
}

/* The next command: from a terminal through libedit (line editing, history) where it is
 * built in, else a line of standard input. false at the end of the input. */
static bool read_command(struct ldr_emu *e, char *line, size_t len)
{
#ifdef BPFLOAD_LIBEDIT
	if (isatty(STDIN_FILENO) && e->opt.out == stdout) {
		char *l = readline("(bpfload) ");
		if (!l)
			return false;
		if (*l)
			add_history(l);
		snprintf(line, len, "%s", l);
		free(l);
		return true;
	}
#endif
	fprintf(e->opt.out, "(bpfload) ");
	fflush(e->opt.out);
	return fgets(line, (int)len, stdin) != NULL;
}

/* Called before each instruction of a --debug run: 0 to run it, -ECANCELED to stop. */
int emu_debug(struct ldr_emu *e, uint32_t prog, uint32_t pc, uint64_t *r)
{
	struct emu_prog *ep = &e->progs[prog];
	char line[512], d[96];
	bool hit = false;

	for (size_t i = 0; i < e->nbreaks; i++)
		hit |= e->breaks[i].prog == prog && e->breaks[i].slot == pc;
	if (e->dbg_mode == 'c' && !hit)
		return 0;
	if (e->dbg_mode == 'n' && e->depth > e->dbg_depth && !hit)
		return 0;
	if (hit)
		fprintf(e->opt.out, "breakpoint at ");
	show_line(e, prog, pc);
	for (;;) {
		char *w, *rest;
		int reg;
		if (!read_command(e, line, sizeof(line))) {
			fputc('\n', e->opt.out);
			e->dbg_mode = 'c'; /* the end of the commands: run to the end */
			e->nbreaks = 0;
			return 0;
		}
		line[strcspn(line, "\n")] = '\0';
		w = strtok_r(line, " \t", &rest);
		if (!w) { /* an empty line repeats a step */
			w = e->dbg_mode == 'n' ? "n" : "s";
		}
		if (!strcmp(w, "s") || !strcmp(w, "step")) {
			e->dbg_mode = 's';
			return 0;
		}
		if (!strcmp(w, "n") || !strcmp(w, "next")) {
			e->dbg_mode = 'n';
			e->dbg_depth = e->depth;
			return 0;
		}
		if (!strcmp(w, "c") || !strcmp(w, "continue")) {
			e->dbg_mode = 'c';
			return 0;
		}
		if (!strcmp(w, "q") || !strcmp(w, "quit")) {
			e->cur_prog = prog, e->cur_pc = pc;
			return emu_fail(e, -ECANCELED, "stopped at the debugger's quit");
		}
		if (!strcmp(w, "h") || !strcmp(w, "help")) {
			help(e->opt.out);
		} else if (!strcmp(w, "b") || !strcmp(w, "break")) {
			char *where = strtok_r(NULL, " \t", &rest);
			long s = where ? find_slot(e, prog, where) : -1;
			if (s < 0)
				fprintf(e->opt.out, "no such place in '%s': write break FILE:LINE, :LINE, a label or a slot\n", ep->p->name);
			else if (e->nbreaks == sizeof(e->breaks) / sizeof(e->breaks[0]))
				fprintf(e->opt.out, "too many breakpoints\n");
			else {
				e->breaks[e->nbreaks++] = (struct emu_break){prog, (uint32_t)s};
				fprintf(e->opt.out, "breakpoint %zu at ", e->nbreaks);
				show_line(e, prog, (uint32_t)s);
			}
		} else if (!strcmp(w, "d") || !strcmp(w, "delete")) {
			char *n = strtok_r(NULL, " \t", &rest);
			long k = n ? strtol(n, NULL, 10) : 0;
			if (!n)
				e->nbreaks = 0;
			else if (k >= 1 && (size_t)k <= e->nbreaks) {
				memmove(&e->breaks[k - 1], &e->breaks[k], (e->nbreaks - (size_t)k) * sizeof(e->breaks[0]));
				e->nbreaks--;
			} else
				fprintf(e->opt.out, "no breakpoint %s\n", n);
		} else if (!strcmp(w, "p") || !strcmp(w, "print")) {
			char *what = rest;
			while (*what == ' ' || *what == '\t')
				what++;
			if ((reg = parse_reg(what)) >= 0) {
				emu_describe(e, what[0] == 'w' ? (uint32_t)r[reg] : r[reg], d, sizeof(d));
				fprintf(e->opt.out, "%s = %s\n", what, d);
			} else if (*what == '*')
				print_mem(e, r, what);
			else
				fprintf(e->opt.out, "print what? a register (print r0) or memory (print *(u32 *)(r10 - 4))\n");
		} else if (!strcmp(w, "r") || !strcmp(w, "regs")) {
			for (int i = 0; i <= 10; i++) {
				emu_describe(e, r[i], d, sizeof(d));
				fprintf(e->opt.out, "r%-2d %s\n", i, d);
			}
		} else if (!strcmp(w, "stack")) {
			uint64_t fp = r[10];
			for (int off = -8; off >= -EMU_STACK; off -= 8) {
				uint8_t *p = emu_ptr(e, fp + (uint64_t)off, 8, false, "reads");
				uint64_t v;
				e->err[0] = '\0';
				if (!p)
					break;
				memcpy(&v, p, 8);
				if (v)
					fprintf(e->opt.out, "fp%d: %016llx\n", off, (unsigned long long)v);
			}
		} else if (!strcmp(w, "m") || !strcmp(w, "map")) {
			char *n = strtok_r(NULL, " \t", &rest);
			if (n)
				print_map(e, n);
			else
				fprintf(e->opt.out, "which map? map NAME\n");
		} else if (!strcmp(w, "set")) {
			char *rn = strtok_r(NULL, " \t=", &rest), *v = strtok_r(NULL, " \t=", &rest), *end;
			unsigned long long x;
			if (!rn || !v || (reg = parse_reg(rn)) < 0 || reg == 10) {
				fprintf(e->opt.out, "write set rN = VALUE (r0 to r9)\n");
				continue;
			}
			x = v[0] == '-' ? (unsigned long long)strtoll(v, &end, 0) : strtoull(v, &end, 0);
			if (*end) {
				fprintf(e->opt.out, "'%s' is not a number\n", v);
				continue;
			}
			r[reg] = rn[0] == 'w' ? (uint32_t)x : x;
			emu_describe(e, r[reg], d, sizeof(d));
			fprintf(e->opt.out, "%s = %s\n", rn, d);
		} else if (!strcmp(w, "l") || !strcmp(w, "list")) {
			for (uint32_t i = pc > 4 ? pc - 4 : 0; i < ep->n && i <= pc + 4; i++) {
				const struct bpf_line_info *li = ldr_prog_line(ep->p, i);
				if (li && li->insn_off == i)
					fprintf(e->opt.out, "%s %4u  %s\n", i == pc ? "=>" : "  ", li->line_col >> 10, ldr_btf_str(e->o, li->line_off));
				else if (!li)
					fprintf(e->opt.out, "%s slot %u\n", i == pc ? "=>" : "  ", i);
			}
		} else if (!strcmp(w, "bt") || !strcmp(w, "backtrace")) {
			fprintf(e->opt.out, "#0 ");
			show_line(e, prog, pc);
			for (int k = e->depth - 1; k >= 0; k--) {
				fprintf(e->opt.out, "#%d ", e->depth - k);
				show_line(e, e->frames[k].prog, e->frames[k].ret_pc - 1);
			}
		} else
			fprintf(e->opt.out, "unknown command '%s' (help lists them)\n", w);
	}
}
