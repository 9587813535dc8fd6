/* cfgdot.c: DOT text for a control-flow graph (cfgdot.h), and Graphviz to draw it. */
#include "cfgdot.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "asm.h" /* asm_write_error, of file.c */
#include "btf.h"
#include "isa.h"
#include "names.h"

/* A string inside a DOT "..." label: quotes and backslashes escaped, tabs as spaces,
 * newlines as DOT's \n. */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\t')
			fputs("  ", f);
		else if (*s == '\n')
			fputs("\\n", f); /* a line break of DOT's */
		else if (*s != '\r')
			fputc(*s, f);
	}
}

static const char *heat(uint64_t n, uint64_t max)
{
	static const char *const shades[] = {"#fff3d6", "#ffe0a8", "#ffc878", "#ffa94d", "#ff8a3d"};
	int i = 0;

	if (!n)
		return "#e8e8e8";
	for (uint64_t m = max; m > n && i < 4; m /= 4)
		i++;
	return shades[4 - i];
}

static bool block_on_path(const struct cfg *g, const struct cfg_paint *p, size_t b)
{
	if (!p || !p->on_path)
		return false;
	for (uint32_t s = g->blocks[b].first; s < g->blocks[b].end; s++)
		if (p->on_path[s])
			return true;
	return false;
}

int cfg_dot(const struct cfg *g, const char *title, const struct cfg_text *t, const struct cfg_paint *paint, FILE *f)
{
	static const char *const kinds[] = {[CFG_FALL] = "fall", [CFG_TAKEN] = "taken", [CFG_GOTO] = "goto", [CFG_CALL] = "call"};
	uint64_t max = 0;
	char buf[512], where[300];

	for (uint32_t s = 0; paint && paint->counts && s < g->nslots; s++)
		if (paint->counts[s] > max)
			max = paint->counts[s];
	fputs("digraph cfg {\n\tgraph [labelloc=t, fontname=\"monospace\", label=\"", f);
	put_escaped(f, title ? title : "");
	fputs("\n(in each block: slot, source line, instruction)", f);
	if (paint && paint->stop >= 0 && paint->stop_why) {
		fputs("\\nrefused: ", f);
		put_escaped(f, paint->stop_why);
	}
	fputs("\"];\n\tnode [shape=box, fontname=\"monospace\", fontsize=10];\n"
	      "\tedge [fontname=\"monospace\", fontsize=9];\n", f);
	for (size_t fn = 0; fn < g->nfuncs; fn++) {
		const char *name = t->name ? t->name(t->arg, g->funcs[fn].entry) : NULL;
		fprintf(f, "\tsubgraph cluster_f%zu {\n\t\tstyle=rounded; color=gray50; label=\"", fn);
		put_escaped(f, name ? name : "(function)");
		fprintf(f, "%s\";\n", fn == 0 || !g->funcs[fn].called ? "" : " (called)");
		for (size_t b = 0; b < g->nblocks; b++) {
			const struct cfg_block *bl = &g->blocks[b];
			bool path = block_on_path(g, paint, b);
			bool stop = paint && paint->stop >= bl->first && paint->stop < bl->end;
			const char *label = t->name ? t->name(t->arg, bl->first) : NULL;
			if (bl->func != fn)
				continue;
			fprintf(f, "\t\tb%zu [label=\"", b);
			if (!bl->reachable)
				fputs("(no path reaches this)\\l", f);
			if (label && b != 0 && bl->first != g->funcs[fn].entry) {
				put_escaped(f, label);
				fputs(":\\l", f);
			}
			if (paint && paint->counts)
				fprintf(f, "ran %llu time%s\\l", (unsigned long long)paint->counts[bl->first],
					paint->counts[bl->first] == 1 ? "" : "s");
			for (uint32_t s = bl->first; s < bl->end; s++) {
				const char *w;
				char *hash;
				if (g->block_of[s] == UINT32_MAX)
					continue; /* the second slot of an lddw */
				w = t->where ? t->where(t->arg, s, where, sizeof(where)) : NULL;
				fprintf(f, "%4u %5s  ", s, w ? w : "");
				t->text(t->arg, s, buf, sizeof(buf));
				if ((hash = strchr(buf, '#'))) /* the code, not its comment */
					*hash = '\0';
				for (size_t n = strlen(buf); n && (buf[n - 1] == ' ' || buf[n - 1] == '\t');)
					buf[--n] = '\0';
				put_escaped(f, buf);
				if (stop && paint->stop == s)
					fputs("    <- refused here", f);
				fputs("\\l", f);
			}
			fputc('"', f);
			if (bl->exits)
				fputs(", peripheries=2", f);
			if (!bl->reachable)
				fputs(", style=dashed, color=gray50, fontcolor=gray40", f);
			else if (paint && paint->counts)
				fprintf(f, ", style=filled, fillcolor=\"%s\"", heat(paint->counts[bl->first], max));
			if (stop)
				fputs(", style=filled, fillcolor=\"#ffb0b0\", color=red, penwidth=2", f);
			else if (path)
				fputs(", color=red, penwidth=2", f);
			fputs("];\n", f);
		}
		fputs("\t}\n", f);
	}
	for (uint32_t sl = 0; t->far_call && sl < g->nslots; sl++) {
		const char *callee;
		if (g->block_of[sl] == UINT32_MAX || !(callee = t->far_call(t->arg, sl, buf, sizeof(buf))))
			continue;
		fprintf(f, "\tx%u [shape=note, label=\"", sl);
		put_escaped(f, callee);
		fprintf(f, "\"];\n\tb%u -> x%u [label=\"call\", style=dotted];\n", g->block_of[sl], sl);
	}
	for (size_t e = 0; e < g->nedges; e++) {
		const struct cfg_edge *ed = &g->edges[e];
		bool path = block_on_path(g, paint, ed->from) && block_on_path(g, paint, ed->to);
		fprintf(f, "\tb%u -> b%u [label=\"%s\"", ed->from, ed->to, kinds[ed->kind]);
		if (ed->kind == CFG_FALL)
			fputs(", style=dashed", f);
		else if (ed->kind == CFG_CALL)
			fputs(", style=dotted, constraint=false", f);
		if (path)
			fputs(", color=red, penwidth=2", f);
		fputs("];\n", f);
	}
	fputs("}\n", f);
	return asm_write_error(f);
}

/* --- an object's section ---------------------------------------------------------------- */

struct obj_text {
	const struct bo_object *obj;
	const struct bo_section *sec;
	uint32_t si;
	const struct btf_ext_sec *lines;
	const char **names;     /* per slot: a symbol that starts there */
	const char **relsym;    /* per slot: the symbol a relocation names */
	const struct bo_reloc **callrel; /* per slot: the relocation of a call, or NULL */
	uint32_t nslots;
};

static const char *jump_name(void *arg, size_t pc, int64_t delta)
{
	const struct obj_text *o = arg;
	int64_t t = (int64_t)pc + 1 + delta;

	return t >= 0 && t < o->nslots ? o->names[t] : NULL;
}

static const char *reloc_name(void *arg, size_t pc, int64_t *addend)
{
	const struct obj_text *o = arg;

	*addend = 0;
	return pc < o->nslots ? o->relsym[pc] : NULL;
}

static const char *obj_text_of(void *arg, uint32_t slot, char *buf, size_t len)
{
	const struct obj_text *o = arg;
	const struct btf_line *l = o->lines ? btf_ext_line(o->lines, slot * 8) : NULL;
	struct isa_names names = {jump_name, reloc_name, (void *)o};
	struct isa_insn in, next;

	if (l && l->insn_off == slot * 8 && l->text && *l->text) {
		snprintf(buf, len, "%s", l->text + strspn(l->text, " \t"));
		return buf;
	}
	isa_decode(o->sec->data + (size_t)slot * 8, &in);
	if (slot + 1 < o->nslots)
		isa_decode(o->sec->data + (size_t)(slot + 1) * 8, &next);
	if (!isa_format(&in, slot + 1 < o->nslots ? &next : NULL, slot, &names, buf, len))
		snprintf(buf, len, "(code 0x%02x)", in.code);
	return buf;
}

static const char *obj_where(void *arg, uint32_t slot, char *buf, size_t len)
{
	const struct obj_text *o = arg;
	const struct btf_line *l = o->lines ? btf_ext_line(o->lines, slot * 8) : NULL;

	if (!l || l->insn_off != slot * 8 || !l->line)
		return NULL;
	snprintf(buf, len, "%u", l->line);
	return buf;
}

static const char *obj_far_call(void *arg, uint32_t slot, char *buf, size_t len)
{
	const struct obj_text *o = arg;
	const struct bo_reloc *rl = slot < o->nslots ? o->callrel[slot] : NULL;
	const struct bo_symbol *s;

	if (!rl)
		return NULL;
	s = &o->obj->syms[rl->sym];
	if (s->type == STT_SECTION) { /* a local function: the offset is in the instruction */
		struct isa_insn in;
		uint64_t at;
		isa_decode(o->sec->data + rl->offset, &in);
		at = s->value + (uint64_t)((int64_t)in.imm + 1) * 8;
		for (size_t i = 1; i < o->obj->nsyms; i++) {
			const struct bo_symbol *f = &o->obj->syms[i];
			if (f->shndx == s->shndx && f->value == at && f->name[0] && f->type != STT_SECTION) {
				s = f;
				break;
			}
		}
	}
	if (s->shndx && s->shndx < o->obj->nsecs)
		snprintf(buf, len, "%s\n(in section %s)", s->name, o->obj->secs[s->shndx].name);
	else
		snprintf(buf, len, "%s\n(a kernel function)", s->name);
	return buf;
}

static const char *obj_name(void *arg, uint32_t slot)
{
	const struct obj_text *o = arg;

	return slot < o->nslots ? o->names[slot] : NULL;
}

int cfg_dot_object(const struct bo_object *obj, const char *section, const char *title, FILE *f)
{
	struct obj_text o = {.obj = obj};
	struct btf_view btf;
	struct btf_ext_view ext;
	bool have_btf = false, have_ext = false;
	const struct bo_section *b, *x;
	uint32_t *entries = NULL;
	bool *relocated = NULL;
	size_t nentries = 0;
	struct cfg g;
	char err[256];
	int ret = -ENOMEM;

	for (int pass = 0; pass < 2 && !o.sec; pass++) /* without a name: a program's section first */
		for (size_t i = 1; i < obj->nsecs && !o.sec; i++) {
			const struct bo_section *s = &obj->secs[i];
			if (bo_section_is_prog(s) && s->data && s->size >= 8 &&
			    (section ? !strcmp(s->name, section) : pass || names_section(s->name)))
				o.sec = s, o.si = (uint32_t)i;
		}
	if (!o.sec)
		return -ENOENT;
	o.nslots = (uint32_t)(o.sec->size / 8);
	o.names = calloc(o.nslots + 1, sizeof(*o.names));
	o.relsym = calloc(o.nslots + 1, sizeof(*o.relsym));
	o.callrel = calloc(o.nslots + 1, sizeof(*o.callrel));
	entries = calloc(obj->nsyms + 1, sizeof(*entries));
	relocated = calloc(o.nslots + 1, sizeof(*relocated));
	if (!o.names || !o.relsym || !o.callrel || !entries || !relocated)
		goto out;
	for (size_t i = 1; i < obj->nsyms; i++) {
		const struct bo_symbol *s = &obj->syms[i];
		if (s->shndx != o.si || !s->name[0] || s->type == STT_SECTION || s->value % 8 || s->value / 8 >= o.nslots)
			continue;
		if (!o.names[s->value / 8] || s->type == STT_FUNC)
			o.names[s->value / 8] = s->name;
		if (s->type == STT_FUNC)
			entries[nentries++] = (uint32_t)(s->value / 8);
	}
	for (size_t r = 0; r < o.sec->nrels; r++) {
		const struct bo_reloc *rl = &o.sec->rels[r];
		if (rl->offset / 8 >= o.nslots || rl->sym >= obj->nsyms)
			continue;
		o.relsym[rl->offset / 8] = obj->syms[rl->sym].name[0] ? obj->syms[rl->sym].name : NULL;
		if (o.sec->data[rl->offset] == (BPF_JMP | BPF_CALL)) {
			relocated[rl->offset / 8] = true;
			o.callrel[rl->offset / 8] = rl;
		}
	}
	b = bo_section_by_name(obj, ".BTF");
	x = bo_section_by_name(obj, ".BTF.ext");
	if (b && b->data && !btf_view_open(&btf, b->data, b->size, err, sizeof(err))) {
		have_btf = true;
		if (x && x->data && !btf_ext_open(&ext, &btf, x->data, x->size, err, sizeof(err))) {
			have_ext = true;
			o.lines = btf_ext_section(&ext, o.sec->name);
		}
	}
	ret = cfg_build(o.sec->data, (size_t)o.nslots * 8, entries, nentries, relocated, &g);
	if (!ret) {
		struct cfg_text t = {obj_text_of, obj_where, obj_name, obj_far_call, &o};
		char full[600];
		snprintf(full, sizeof(full), "%s%ssection %s", title ? title : "", title ? ", " : "", o.sec->name);
		ret = cfg_dot(&g, full, &t, NULL, f);
		cfg_free(&g);
	}
	if (have_ext)
		btf_ext_close(&ext);
	if (have_btf)
		btf_view_close(&btf);
out:
	free(o.names);
	free(o.relsym);
	free(o.callrel);
	free(entries);
	free(relocated);
	return ret;
}

/* --- drawing ------------------------------------------------------------------------- */

static const char *ends_with(const char *s, const char *const *exts)
{
	size_t n = strlen(s);

	for (; *exts; exts++) {
		size_t m = strlen(*exts);
		if (n > m && !strcmp(s + n - m, *exts))
			return *exts;
	}
	return NULL;
}

/* A temporary file next to path (the same filesystem, so it can be renamed into place). */
static FILE *temp_next_to(const char *path, const char *suffix, char *tmp, size_t len)
{
	int fd;
	FILE *f;

	snprintf(tmp, len, "%s.tmpXXXXXX%s", path, suffix);
	fd = mkstemps(tmp, (int)strlen(suffix));
	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "w"))) {
		int e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
	}
	return f;
}

static int render_file(const char *named, const char *path, int (*produce)(void *arg, FILE *f), void *arg, char *err, size_t errlen);

int cfg_render(const char *path, int (*produce)(void *arg, FILE *f), void *arg, char *err, size_t errlen)
{
	char *real = NULL;
	int where, ret;

	if (!strcmp(path, "-"))
		return produce(arg, stdout) || fflush(stdout) ? (snprintf(err, errlen, "cannot write standard output"), -EIO) : 0;
	/* the picture is made next to the file it replaces: at the end of a symbolic link,
	 * never over the link itself, and never over a device or a pipe */
	where = asm_output_target(path, &real);
	if (where < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-where));
		return where;
	}
	if (where == 1) {
		snprintf(err, errlen, "%s is not a regular file: write the DOT text to standard output with -o - "
			 "(and pipe it into dot)", path);
		return -EINVAL;
	}
	ret = render_file(path, real, produce, arg, err, errlen);
	free(real);
	return ret;
}

static int render_file(const char *named, const char *path, int (*produce)(void *arg, FILE *f), void *arg, char *err, size_t errlen)
{
	static const char *const text_exts[] = {".dot", ".gv", NULL}, *const image_exts[] = {".svg", ".png", ".pdf", NULL};
	const char *image = ends_with(named, image_exts);
	char tmp[4096], out[4096];
	FILE *f;
	int ret, status;
	pid_t pid;

	if (!image && !ends_with(named, text_exts)) {
		snprintf(err, errlen, "%s: name the picture FILE.dot (DOT text), FILE.svg, FILE.png or FILE.pdf", named);
		return -EINVAL;
	}
	if (!(f = temp_next_to(path, ".dot", tmp, sizeof(tmp)))) {
		snprintf(err, errlen, "cannot write next to %s: %s", path, strerror(errno));
		return -errno;
	}
	ret = produce(arg, f);
	if (fclose(f) || ret) {
		unlink(tmp);
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(ret ? -ret : errno ? errno : EIO));
		return ret ? ret : -EIO;
	}
	if (!image) {
		if (rename(tmp, path)) {
			ret = -errno;
			unlink(tmp);
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(-ret));
			return ret;
		}
		return 0;
	}
	snprintf(out, sizeof(out), "%s.tmpimg%s", path, image);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		char fmt[16];
		snprintf(fmt, sizeof(fmt), "-T%s", image + 1);
		execlp("dot", "dot", fmt, "-o", out, tmp, (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		unlink(tmp);
		snprintf(err, errlen, "cannot run Graphviz's dot: %s", strerror(errno));
		return -errno;
	}
	unlink(tmp);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		unlink(out);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			snprintf(err, errlen, "drawing %s needs Graphviz's dot, which is not installed (apt-get install graphviz); "
				 "or write the DOT text with -o FILE.dot", path);
		else
			snprintf(err, errlen, "Graphviz's dot failed to draw %s", path);
		return -EIO;
	}
	if (rename(out, path)) {
		ret = -errno;
		unlink(out);
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-ret));
		return ret;
	}
	return 0;
}
