/* bpfas.c: the bpfas command: assemble a .s file into a BPF object, or disassemble one. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asm.h"
#include "bo.h"
#include "cfgdot.h"
#include "disasm.h"
#include "names.h"
#include "rules.h"
#include "tracefs.h"

enum format { FMT_ELF, FMT_RAW, FMT_C, FMT_HEX };

static void usage(FILE *f)
{
	fputs("usage: bpfas [options] FILE.s          assemble (FILE - reads standard input)\n"
	      "       bpfas -d FILE.bo [--section NAME] disassemble a BPF object (.bo or clang's .o)\n"
	      "       bpfas --cfg FILE.s|FILE.bo [--section NAME] [-o OUT.dot|.svg|.png]\n"
	      "                                    the control-flow graph, as Graphviz DOT or a picture\n"
	      "\n"
	      "  -o, --output FILE      output file (default: FILE.bo; - for standard output)\n"
	      "  -I, --include DIR      add DIR to the .include search path\n"
	      "  -D, --define NAME=VAL  define a constant\n"
	      "      --tracefs DIR      tracefs copy for .tracepoint formats\n"
	      "  -f, --format FMT       elf (default), raw (instruction bytes), c (struct bpf_insn), hex\n"
	      "  -l, --listing FILE     also write a listing: slot, bytes, source line\n"
	      "      --no-btf           write no .BTF and .BTF.ext (no map types, no line info)\n"
	      "      --btf              with -d: print the object's BTF types instead\n"
	      "  -d, --disassemble      disassemble FILE into assembly that reassembles to the same bytes\n"
	      "      --section NAME     with -d: only this section\n"
	      "      --offsets          with -d: number each instruction\n"
	      "      --syntax SYNTAX    pseudoc (LLVM's, the default) or gnu (GCC's and GNU as's mnemonics):\n"
	      "                         the syntax the source starts in (`.syntax` switches), or that -d prints\n"
	      "      --describe NAME    the layout of a context (__sk_buff, xdp_md, ...) and what each program\n"
	      "                         type may read and write of it; a program type (socket_filter, xdp, ...):\n"
	      "                         its context and the helpers it may call; or a tracepoint CAT/EVENT\n"
	      "      --check            only check: the static checks' findings, no output (exit 1 when any)\n"
	      "      --no-check         skip the static checks (to see what the kernel says of a mistake)\n"
	      "  -Werror                warnings are errors: no output when there is any\n"
	      "  -h, --help             this text\n"
	      "  -V, --version          the version\n",
	      f);
}

/* Write through a temporary file next to the target, renamed into place only when
 * everything succeeded: a failed run leaves no partial output behind. */
struct out_file {
	char *target;
	char *tmp;
	FILE *f;
	bool to_stdout;
	bool direct; /* not a regular file: copied into, not renamed over */
	FILE *dest;  /* with direct */
	bool streamed; /* written straight into standard output or the device (out_open_stream) */
};

static int out_open(struct out_file *o, const char *path);
static int out_open_at(struct out_file *o, const char *path, int where);

/* Room for an output that is made before it is copied where it goes (standard output, a
 * device; libelf wants a file it can seek in): a file in memory, so neither a full nor a
 * read-only /tmp can refuse it. tmpfile() only where memfd_create is missing. */
static FILE *anon_file(void)
{
	int fd = memfd_create("bpfas-output", MFD_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return errno == ENOSYS ? tmpfile() : NULL;
	if (!(f = fdopen(fd, "w+"))) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

/* For text made in one pass (-d): standard output and what is not a regular file (a pipe,
 * /dev/null, a terminal) are written straight into, as objdump does, so that a large
 * listing costs no temporary copy; a regular file still goes through a temporary. */
static int out_open_stream(struct out_file *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-")) {
		o->to_stdout = o->streamed = true;
		o->f = stdout;
		return 0;
	}
	int where = asm_output_target(path, &o->target);

	if (where < 0)
		return where;
	if (where == 1) {
		o->streamed = o->direct = true;
		o->f = fopen(path, "we");
		return o->f ? 0 : -errno;
	}
	return out_open_at(o, path, where);
}

static int out_open(struct out_file *o, const char *path)
{
	int where;

	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-")) {
		o->to_stdout = true;
		o->f = anon_file();
		return o->f ? 0 : -errno;
	}
	where = asm_output_target(path, &o->target);
	return where < 0 ? where : out_open_at(o, path, where);
}

/* The rest of out_open, once asm_output_target has said where path goes (o->target). */
static int out_open_at(struct out_file *o, const char *path, int where)
{
	mode_t mask;
	int fd;

	if (where == 1) {
		/* /dev/null, a FIFO, a terminal, /dev/stdout: copied into when done, never renamed
		 * over (libelf wants a file it can seek in, so the output is built in a temporary) */
		o->dest = fopen(path, "we");
		o->f = o->dest ? anon_file() : NULL;
		o->direct = true;
		if (!o->f) {
			int err = -errno;
			if (o->dest)
				fclose(o->dest);
			o->dest = NULL;
			return err;
		}
		return 0;
	}
	if (asprintf(&o->tmp, "%s.tmpXXXXXX", o->target) < 0) {
		free(o->target);
		o->target = NULL;
		o->tmp = NULL;
		return -ENOMEM;
	}
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		int err = -errno;
		free(o->target);
		free(o->tmp);
		o->target = o->tmp = NULL;
		return err;
	}
	mask = umask(0); /* mkostemp makes 0600; the output gets what the umask allows */
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->f = fdopen(fd, "w+");
	if (!o->f) {
		int err = -errno;
		close(fd);
		unlink(o->tmp);
		free(o->target);
		free(o->tmp);
		o->target = o->tmp = NULL;
		return err;
	}
	return 0;
}

/* The errno of a failed stdio call (ENOSPC for a full disk); when it left none, what the
 * stream's file system says. */
static int io_error(FILE *f)
{
	int e = errno;

	return e ? -e : f && asm_write_error(f) ? asm_write_error(f) : -EIO;
}

static int out_commit(struct out_file *o)
{
	int err = 0;
	char buf[65536];
	size_t n;

	errno = 0;
	if (fflush(o->f) || ferror(o->f))
		err = io_error(o->f);
	if (o->streamed) {
		if (!o->to_stdout && fclose(o->f) && !err)
			err = io_error(NULL);
		o->f = NULL;
		return err;
	}
	if (!err && (o->to_stdout || o->direct)) {
		FILE *to = o->direct ? o->dest : stdout;
		rewind(o->f);
		while (!err && (n = fread(buf, 1, sizeof(buf), o->f)) > 0)
			if (fwrite(buf, 1, n, to) != n)
				err = io_error(to);
		if (!err && fflush(to))
			err = io_error(to);
	}
	if (o->dest && fclose(o->dest) && !err)
		err = io_error(NULL);
	o->dest = NULL;
	if (fclose(o->f) && !err)
		err = io_error(NULL);
	o->f = NULL;
	if (!o->to_stdout && !o->direct) {
		if (!err && rename(o->tmp, o->target))
			err = -errno;
		if (err)
			unlink(o->tmp);
	}
	free(o->tmp);
	free(o->target);
	return err;
}

static void out_abort(struct out_file *o)
{
	if (o->streamed) { /* what was written stays: the error says it is cut short */
		if (!o->to_stdout)
			fclose(o->f);
		else
			fflush(o->f);
		o->f = NULL;
		return;
	}
	if (o->f)
		fclose(o->f);
	if (o->dest)
		fclose(o->dest);
	if (o->tmp && !o->direct)
		unlink(o->tmp);
	free(o->tmp);
	free(o->target);
	o->f = NULL;
}

static const char *load_word(uint32_t size, bool sign)
{
	switch (size) {
	case 1: return sign ? "s8" : "u8";
	case 2: return sign ? "s16" : "u16";
	case 4: return sign ? "s32" : "u32";
	case 8: return "u64";
	}
	return NULL;
}

/* Column widths of a --describe table: the longest entry, at least the heading. */
struct describe_cols {
	int decl, name;
};

static void describe_widen(struct describe_cols *w, const char *decl, const char *asm_name)
{
	int d = (int)strlen(decl), n = (int)strlen(asm_name);

	if (d > w->decl)
		w->decl = d;
	if (n > w->name)
		w->name = n;
}

static void describe_head(const struct describe_cols *w, const char *decl_head)
{
	printf("  %6s %5s  %-*s  %-*s  %s\n", "offset", "size", w->decl, decl_head, w->name, "name in assembly", "load");
}

static void describe_row(const struct describe_cols *w, uint32_t off, uint32_t size, const char *decl,
			 const char *asm_name, bool sign)
{
	const char *word = load_word(size, sign);
	char load[160];

	if (word)
		snprintf(load, sizeof(load), "r2 = *(%s *)(r1 + %s)", word, asm_name);
	else
		snprintf(load, sizeof(load), "r2 = r1; r2 += %s  (%u bytes: copy them out)", asm_name, size);
	printf("  %6u %5u  %-*s  %-*s  %s\n", off, size, w->decl, decl, w->name, asm_name, load);
}

static int cmp_const_off(const void *a, const void *b)
{
	const struct names_const *x = *(const struct names_const *const *)a, *y = *(const struct names_const *const *)b;

	return x->value < y->value ? -1 : x->value > y->value;
}

/* The fields of a uapi struct (STRUCT.FIELD constants), by offset; how many. */
static size_t struct_fields(const char *name, const struct names_const **fields, size_t max)
{
	char prefix[128];
	const struct names_const *c;
	size_t n = 0, plen;

	snprintf(prefix, sizeof(prefix), "%s.", name);
	plen = strlen(prefix);
	for (size_t i = 0; (c = names_const_at(i)) && n < max; i++)
		if (!strncmp(c->name, prefix, plen) && c->size)
			fields[n++] = c;
	qsort(fields, n, sizeof(fields[0]), cmp_const_off);
	return n;
}

/* What a program type may read and write of its context, field by field, as the kernel
 * the rules were measured on says: "  reads  len pkt_type ...". */
static void describe_access(uint32_t type, const char *ctx, const struct names_const *const *fields, size_t n)
{
	size_t plen = strlen(ctx) + 1;

	for (int write = 0; write < 2; write++) {
		int col = printf("    %s", write ? "writes" : "reads ");
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			uint8_t r, w;
			const char *f = fields[i]->name + plen;
			if (!rules_ctx(type, (uint32_t)fields[i]->value, &r, &w) || !(write ? w : r))
				continue;
			if (col + 1 + (int)strlen(f) > 92)
				col = printf("\n          ") - 1;
			col += printf(" %s", f);
			any = true;
		}
		printf("%s\n", any ? "" : " nothing");
	}
}

/* --describe TYPE: a program type: its context, what it may read and write of it, and the
 * helpers it may call. */
static int describe_type(uint32_t type, const char *name)
{
	const char *ctx = rules_ctx_struct(type);
	const struct names_const *fields[256];
	size_t n = ctx ? struct_fields(ctx, fields, 256) : 0;
	int col, count = 0;

	printf("%s programs, as Linux %s lets them (measured by tests/kernel/mkrules):\n", name, rules_kernel());
	if (ctx) {
		char a[64];
		printf("  r1 points at a struct %s (bpfas --describe %s for its layout); of its fields %s program\n", ctx, ctx,
		       rules_a_type(type, a, sizeof(a)));
		describe_access(type, ctx, fields, n);
	} else {
		printf("  its context is not one of the uapi structs the table covers\n");
	}
	printf("  the helpers it may call (* for GPL-compatible programs only):\n");
	col = printf("   ");
	for (int32_t id = 1; id < names_helper_count(); id++) {
		const char *h = names_helper(id);
		if (!h || rules_helper(type, id) != 1)
			continue;
		if (col + (int)strlen(h) + 6 > 92)
			col = printf("\n   ");
		col += printf(" bpf_%s%s", h, rules_helper_gpl(id) == 1 ? "*" : "");
		count++;
	}
	printf("\n  (%d helpers)\n", count);
	return 0;
}

/* --describe NAME: a uapi context struct, a program type, or a tracepoint CATEGORY/EVENT. */
static int describe(const char *name, const char *tracefs)
{
	struct describe_cols w = {(int)strlen("C declaration"), (int)strlen("name in assembly")};

	if (strchr(name, '/')) {
		const char *dirs[] = TP_DEFAULT_DIRS(tracefs);
		struct tp_format f;
		char tried[2048], asm_name[300];
		if (tp_format_read(dirs, 3, name, &f, tried, sizeof(tried))) {
			fprintf(stderr, "bpfas: no tracepoint %s: tried %s\n", name, tried);
			return 1;
		}
		printf("tracepoint %s", name);
		if (f.id >= 0)
			printf(" (id %lld)", (long long)f.id);
		printf(": the record a program in section tracepoint/%s receives in r1, %u bytes.\n"
		       "After `.tracepoint %s` the assembler knows these names (from %s):\n\n",
		       name, f.size, name, f.path);
		for (size_t i = 0; i < f.nfields; i++) {
			snprintf(asm_name, sizeof(asm_name), "%s.%s", f.event, f.fields[i].name);
			describe_widen(&w, f.fields[i].decl, asm_name);
		}
		describe_head(&w, "C declaration");
		for (size_t i = 0; i < f.nfields; i++) {
			snprintf(asm_name, sizeof(asm_name), "%s.%s", f.event, f.fields[i].name);
			describe_row(&w, f.fields[i].offset, f.fields[i].size, f.fields[i].decl, asm_name, f.fields[i].is_signed);
		}
		printf("\n  sizeof(%s) = %u. The common_ fields are the same for every event.\n", f.event, f.size);
		tp_format_free(&f);
		return 0;
	}
	for (uint32_t t = 1; t < 64; t++)
		if (names_prog_type_name(t) && !strcmp(names_prog_type_name(t), name))
			return describe_type(t, name);
	{
		char szname[140];
		const struct names_const *fields[256], *size;
		size_t n = struct_fields(name, fields, 256), plen = strlen(name) + 1;
		snprintf(szname, sizeof(szname), "sizeof.%s", name);
		if (!n) {
			fprintf(stderr, "bpfas: no context named '%s': use __sk_buff, xdp_md, bpf_sock, bpf_sock_addr, "
				"bpf_perf_event_data, sk_msg_md, a header (ethhdr, iphdr, ipv6hdr, udphdr, tcphdr), a program "
				"type (socket_filter, xdp, ...) or a tracepoint CATEGORY/EVENT\n",
				name);
			return 1;
		}
		size = names_const_find(szname);
		printf("struct %s", name);
		if (size)
			printf(", %lld bytes", (long long)size->value);
		printf(", from the kernel's uapi headers:\n\n");
		for (size_t i = 0; i < n; i++)
			describe_widen(&w, fields[i]->name + plen, fields[i]->name);
		describe_head(&w, "field");
		for (size_t i = 0; i < n; i++)
			describe_row(&w, (uint32_t)fields[i]->value, fields[i]->size, fields[i]->name + plen, fields[i]->name, false);
		/* the program types whose context it is, and what each may touch */
		for (uint32_t t = 1; t < 64; t++) {
			const char *ctx = rules_ctx_struct(t);
			if (!ctx || strcmp(ctx, name) || !names_prog_type_name(t))
				continue;
			char a[64];
			printf("\n  %s program (Linux %s):\n", rules_a_type(t, a, sizeof(a)), rules_kernel());
			describe_access(t, name, fields, n);
		}
		return 0;
	}
}

static char *default_output(const char *in, const char *ext)
{
	const char *dot = strrchr(in, '.'), *slash = strrchr(in, '/');
	size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - in) : strlen(in);
	char *out = malloc(stem + strlen(ext) + 1);

	if (out) {
		memcpy(out, in, stem);
		strcpy(out + stem, ext);
	}
	return out;
}

static int disassemble(const char *path, const char *section, bool offsets, bool btf, bool gnu, const char *output)
{
	struct bo_object *obj;
	struct disasm_options opt = {.section = section, .show_offsets = offsets, .btf_only = btf, .gnu = gnu};
	struct out_file of;
	char err[256];
	int ret;

	ret = bo_open_file(path, &obj, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "bpfas: %s: %s\n", path, err);
		return 1;
	}
	ret = out_open_stream(&of, output ? output : "-");
	if (ret) {
		fprintf(stderr, "bpfas: cannot write %s: %s\n", output ? output : "standard output", strerror(-ret));
		bo_close(obj);
		return 1;
	}
	ret = disasm_object(obj, &opt, of.f);
	bo_close(obj);
	if (ret == -ENOENT) {
		if (btf)
			fprintf(stderr, "bpfas: %s: no .BTF section (assembled with --no-btf, or compiled without -g)\n", path);
		else
			fprintf(stderr, "bpfas: %s: no section named '%s'\n", path, section);
		out_abort(&of);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "bpfas: disassembling %s failed: %s\n", path, strerror(-ret));
		out_abort(&of);
		return 1;
	}
	if ((ret = out_commit(&of))) {
		fprintf(stderr, "bpfas: cannot write %s: %s\n", output ? output : "standard output", strerror(-ret));
		return 1;
	}
	return 0;
}

/* --cfg: the graph of an object's code section; a source is assembled first (in memory). */
struct picture_job {
	const struct bo_object *obj;
	const char *section, *title;
};

static int picture_produce(void *arg, FILE *f)
{
	const struct picture_job *j = arg;

	return cfg_dot_object(j->obj, j->section, j->title, f);
}

static int picture(const char *path, const char *section, const char *output, const struct asm_options *aopt)
{
	struct bo_object *obj = NULL;
	char err[1024];
	const char *title = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	uint8_t *buf = NULL, magic[4] = {0};
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;
	bool elf = fd >= 0 && read(fd, magic, 4) == 4 && !memcmp(magic, "\177ELF", 4);

	if (fd >= 0)
		close(fd);
	if (elf) {
		if (bo_open_file(path, &obj, err, sizeof(err))) {
			fprintf(stderr, "bpfas: %s: %s\n", path, err);
			return 1;
		}
	} else {
		struct asm_ctx *ctx = asm_new(aopt);
		FILE *tmp = anon_file();
		ret = !ctx || !tmp ? -ENOMEM : asm_assemble_file(ctx, path);
		if (!ret)
			ret = asm_write_elf(ctx, fileno(tmp));
		asm_free(ctx);
		if (!ret) {
			struct stat st;
			ret = fstat(fileno(tmp), &st) ? -errno : 0;
			len = ret ? 0 : (size_t)st.st_size;
			buf = len ? malloc(len) : NULL;
			if (!buf)
				ret = -ENOMEM;
			else if (pread(fileno(tmp), buf, len, 0) != (ssize_t)len)
				ret = -EIO;
		}
		if (tmp)
			fclose(tmp);
		if (ret || bo_open_memory(buf, len, &obj, err, sizeof(err))) {
			if (ret != -EINVAL) /* the source's errors are said already */
				fprintf(stderr, "bpfas: %s: cannot make its object for the picture: %s\n", path,
					strerror(ret ? -ret : ENOMEM));
			free(buf);
			return 1;
		}
	}
	{
		struct picture_job j = {obj, section, title};
		ret = cfg_render(output ? output : "-", picture_produce, &j, err, sizeof(err));
	}
	if (ret == -ENOENT && section)
		fprintf(stderr, "bpfas: %s: no code section named '%s'\n", path, section);
	else if (ret == -ENOENT)
		fprintf(stderr, "bpfas: %s: no code section\n", path);
	else if (ret)
		fprintf(stderr, "bpfas: %s\n", err);
	bo_close(obj);
	free(buf);
	return ret ? 1 : 0;
}

static int write_output(struct asm_ctx *ctx, enum format fmt, const char *path)
{
	struct out_file of;
	const char *shown = strcmp(path, "-") ? path : "standard output";
	int err = out_open(&of, path);

	if (err) {
		fprintf(stderr, "bpfas: cannot write %s: %s\n", shown, strerror(-err));
		return err;
	}
	switch (fmt) {
	case FMT_ELF: fflush(of.f); err = asm_write_elf(ctx, fileno(of.f)); break;
	case FMT_RAW: err = asm_write_raw(ctx, of.f); break;
	case FMT_C: err = asm_write_c(ctx, of.f); break;
	case FMT_HEX: err = asm_write_hex(ctx, of.f); break;
	}
	if (err) {
		out_abort(&of);
		fprintf(stderr, "bpfas: writing %s failed: %s\n", shown, strerror(-err));
		return err;
	}
	err = out_commit(&of);
	if (err)
		fprintf(stderr, "bpfas: writing %s failed: %s\n", shown, strerror(-err));
	return err;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},   {"include", required_argument, NULL, 'I'},
		{"define", required_argument, NULL, 'D'},   {"tracefs", required_argument, NULL, 't'},
		{"format", required_argument, NULL, 'f'},   {"listing", required_argument, NULL, 'l'},
		{"disassemble", no_argument, NULL, 'd'},    {"section", required_argument, NULL, 's'},
		{"offsets", no_argument, NULL, 'O'},        {"help", no_argument, NULL, 'h'},
		{"no-btf", no_argument, NULL, 'N'},         {"btf", no_argument, NULL, 'B'},
		{"describe", required_argument, NULL, 'R'},
		{"check", no_argument, NULL, 'C'},          {"no-check", no_argument, NULL, 'K'},
		{"cfg", no_argument, NULL, 'G'},            {"syntax", required_argument, NULL, 'S'},
		{"version", no_argument, NULL, 'V'},        {NULL, 0, NULL, 0},
	};
	const char *output = NULL, *listing = NULL, *section = NULL, *tracefs = NULL, *describe_name = NULL;
	const char **incs = NULL, **defs = NULL;
	size_t nincs = 0, ndefs = 0;
	enum format fmt = FMT_ELF;
	bool dis = false, offsets = false, no_btf = false, btf = false, check_only = false, no_check = false, cfg = false, werror = false;
	bool gnu = false;
	int assembled = -1;
	struct asm_ctx *ctx;
	char *defout = NULL;
	int c, status = 1;

	incs = calloc((size_t)argc, sizeof(*incs));
	defs = calloc((size_t)argc, sizeof(*defs));
	if (!incs || !defs) {
		fprintf(stderr, "bpfas: out of memory\n");
		free(incs);
		free(defs);
		return 1;
	}
	while ((c = getopt_long(argc, argv, "o:I:D:f:l:dhVW:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'I': incs[nincs++] = optarg; break;
		case 'D': defs[ndefs++] = optarg; break;
		case 't': tracefs = optarg; break;
		case 'l': listing = optarg; break;
		case 'd': dis = true; break;
		case 's': section = optarg; break;
		case 'O': offsets = true; break;
		case 'N': no_btf = true; break;
		case 'R': describe_name = optarg; break;
		case 'C': check_only = true; break;
		case 'G': cfg = true; break;
		case 'W':
			if (strcmp(optarg, "error")) {
				fprintf(stderr, "bpfas: unknown option -W%s: -Werror is the one -W option\n", optarg);
				goto out;
			}
			werror = true;
			break;
		case 'K': no_check = true; break;
		case 'S':
			if (!strcmp(optarg, "gnu"))
				gnu = true;
			else if (!strcmp(optarg, "pseudoc") || !strcmp(optarg, "pseudo-c") || !strcmp(optarg, "llvm"))
				gnu = false;
			else {
				fprintf(stderr, "bpfas: unknown syntax '%s': use pseudoc or gnu\n", optarg);
				goto out;
			}
			break;
		case 'B': btf = true; dis = true; break;
		case 'f':
			if (!strcmp(optarg, "elf")) fmt = FMT_ELF;
			else if (!strcmp(optarg, "raw")) fmt = FMT_RAW;
			else if (!strcmp(optarg, "c")) fmt = FMT_C;
			else if (!strcmp(optarg, "hex")) fmt = FMT_HEX;
			else {
				fprintf(stderr, "bpfas: unknown format '%s': use elf, raw, c or hex\n", optarg);
				goto out;
			}
			break;
		case 'h': usage(stdout); status = 0; goto out;
		case 'V': printf("bpfas %s\n", BPFAS_VERSION); status = 0; goto out;
		default: usage(stderr); goto out;
		}
	}
	if (describe_name) {
		status = describe(describe_name, tracefs);
		goto out;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "bpfas: %s\n", optind >= argc ? "no input file" : "one input file at a time");
		usage(stderr);
		goto out;
	}
	if (dis) {
		status = disassemble(argv[optind], section, offsets, btf, gnu, output);
		goto out;
	}
	if (cfg) {
		status = picture(argv[optind], section, output, &(struct asm_options){.include_dirs = incs, .n_include_dirs = nincs,
										      .tracefs = tracefs, .gnu = gnu});
		goto out;
	}
	if (section)
		fprintf(stderr, "bpfas: --section applies to -d only; ignored\n");

	ctx = asm_new(&(struct asm_options){.include_dirs = incs, .n_include_dirs = nincs, .tracefs = tracefs,
					    .no_btf = no_btf, .no_check = no_check && !check_only, .gnu = gnu,
					    /* nothing after the assembly reads the source's lines but diagnostics */
					    .release_source = (no_btf || check_only) && !listing});
	if (!ctx) {
		fprintf(stderr, "bpfas: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < ndefs; i++) {
		char *eq = strchr(defs[i], '='), *end;
		long long v = 1;
		if (eq) {
			*eq = '\0';
			errno = 0;
			v = strtoll(eq + 1, &end, 0);
			if (errno || !*(eq + 1) || *end) {
				fprintf(stderr, "bpfas: -D %s=%s: the value must be an integer\n", defs[i], eq + 1);
				asm_free(ctx);
				goto out;
			}
		}
		asm_define(ctx, defs[i], v);
	}
	if (check_only) {
		int err = asm_assemble_file(ctx, argv[optind]);
		status = err || asm_warnings(ctx) ? 1 : 0;
		if (!err && !asm_warnings(ctx))
			fprintf(stderr, "%s: no findings\n", argv[optind]);
	} else if ((assembled = asm_assemble_file(ctx, argv[optind])) == 0 && werror && asm_warnings(ctx)) {
		fprintf(stderr, "bpfas: %s: %u warning%s, and -Werror makes them errors: no output written\n", argv[optind],
			asm_warnings(ctx), asm_warnings(ctx) == 1 ? "" : "s");
	} else if (assembled == 0) {
		if (!output) {
			if (!strcmp(argv[optind], "-") || fmt == FMT_C || fmt == FMT_HEX)
				output = "-";
			else
				output = defout = default_output(argv[optind], fmt == FMT_RAW ? ".bin" : ".bo");
		}
		status = output && write_output(ctx, fmt, output) == 0 ? 0 : 1;
		if (!status && listing) {
			struct out_file lf;
			int lerr = out_open(&lf, listing);
			if (!lerr && (lerr = asm_write_listing(ctx, lf.f)))
				out_abort(&lf);
			else if (!lerr)
				lerr = out_commit(&lf);
			if (lerr) {
				fprintf(stderr, "bpfas: cannot write the listing %s: %s\n", listing, strerror(-lerr));
				status = 1;
			}
		}
	}
	asm_free(ctx);
out:
	free(defout);
	free(incs);
	free(defs);
	return status;
}
