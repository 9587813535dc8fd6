/* load.c: BTF, maps and programs into the kernel through the raw bpf(2) wrappers. A
 * refused program is loaded again with the verifier's log, and the failing instruction
 * is named by its assembly source line from line_info. */
#include "load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "btf.h"
#include "explain.h"
#include "kbtf.h"
#include "struct_ops.h"
#include "picture.h"
#include "print.h"
#include "log.h"
#include "sys.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

static bool privilege_error(int err)
{
	return err == -EPERM;
}

static int no_privilege(struct ldr_object *o, const char *what)
{
	ldr_logf(&o->log, LDR_WARN, "the kernel refused to %s: Operation not permitted.\n"
		"  Loading BPF programs needs root (or CAP_BPF with CAP_PERFMON and CAP_NET_ADMIN):\n"
		"  run bpfload with sudo.\n", what);
	return -EPERM;
}

/* 0, also when the kernel refuses the BTF (said once; maps and programs load without
 * it); a negative errno when descriptors ran out, which nothing after could get past. */
static int load_btf(struct ldr_object *o)
{
	char *log;
	int fd;

	if (!o->has_btf)
		return 0;
	fd = ldr_sys_btf_load(o->btf_raw, (uint32_t)o->btf_raw_len, NULL, 0);
	if (fd >= 0) {
		o->btf_fd = fd;
		return 0;
	}
	if (fd == -EMFILE || fd == -ENFILE) {
		ldr_logf(&o->log, LDR_WARN, "cannot load the object's BTF: %s%s\n", strerror(-fd), ldr_fd_hint(fd));
		return fd;
	}
	/* say why, once, and go on without: maps and programs work without BTF */
	log = calloc(1, 1 << 16);
	if (log)
		ldr_sys_btf_load(o->btf_raw, (uint32_t)o->btf_raw_len, log, 1 << 16);
	ldr_logf(&o->log, LDR_WARN, "the kernel refused the object's BTF (%s); loading without it\n", strerror(-fd));
	if (log && *log) {
		char *last = log + strlen(log);
		while (last > log && last[-1] == '\n')
			*--last = '\0';
		last = strrchr(log, '\n');
		ldr_logc(&o->log, "  the kernel said: %s\n", last ? last + 1 : log);
	}
	free(log);
	return 0;
}

static int create_map(struct ldr_object *o, struct ldr_map *m, const struct ldr_load_options *opt)
{
	struct ldr_map_create_opts c = {
		.name = m->name, .type = m->type, .key_size = m->key_size, .value_size = m->value_size,
		.max_entries = m->max_entries, .flags = m->flags, .numa_node = m->numa_node, .map_extra = m->map_extra,
		.btf_fd = o->btf_fd, .btf_key_type_id = m->btf_key, .btf_value_type_id = m->btf_value,
	};
	char name[BPF_OBJ_NAME_LEN];
	int fd, err;

	/* kernel map names: 15 characters of [A-Za-z0-9_.] */
	snprintf(name, sizeof(name), "%s", m->name);
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			*p = '_';
	c.name = name;
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !c.max_entries)
		c.max_entries = (uint32_t)sysconf(_SC_NPROCESSORS_CONF);
	if (m->inner) { /* the kernel makes a map of maps after a map like its inner ones */
		struct ldr_map_create_opts ic = {.name = "inner", .type = m->inner->type, .key_size = m->inner->key_size,
						 .value_size = m->inner->value_size, .max_entries = m->inner->max_entries,
						 .flags = m->inner->flags};
		if ((c.inner_map_fd = ldr_sys_map_create(&ic)) < 0)
			return c.inner_map_fd;
	}
	fd = ldr_sys_map_create(&c);
	if (fd < 0 && !privilege_error(fd) && c.btf_fd > 0 && (c.btf_key_type_id || c.btf_value_type_id)) {
		/* some map types take no BTF; the printing still uses the object's */
		if (opt->verbose)
			ldr_logf(&o->log, LDR_INFO, "map '%s' refused its BTF types (%s); created without them\n", m->name, strerror(-fd));
		c.btf_key_type_id = c.btf_value_type_id = 0;
		fd = ldr_sys_map_create(&c);
	}
	if (c.inner_map_fd > 0)
		close(c.inner_map_fd);
	if (fd < 0)
		return fd;
	m->fd = fd;
	if (m->kind == LDR_MAP_DATA) {
		uint32_t zero = 0;
		if (m->init && (err = ldr_sys_map_update_elem(fd, &zero, m->init, BPF_ANY)) < 0)
			return err;
		if (m->readonly && (err = ldr_sys_map_freeze(fd)) < 0)
			return err;
	}
	return 0;
}

/* What the verifier says before it walks the program (its control-flow checks) names the
 * instruction in words: "unreachable insn 2", "jump into the middle of ldimm64 insn 4",
 * "jump out of range from insn 5 to 9", "last insn is not an exit or jmp". The reason is
 * the log's first line; the instruction, its number (the last one for "last insn"). */
static long prewalk_insn(const char *log, uint32_t ninsns, const char **reason, size_t *reason_len)
{
	const char *eol = strchr(log, '\n'), *at;
	size_t len = eol ? (size_t)(eol - log) : strlen(log);
	char line[256];

	snprintf(line, sizeof(line), "%.*s", (int)len, log);
	if (!len || !strncmp(line, "processed ", 10))
		return -1;
	*reason = log;
	*reason_len = len;
	if (strstr(line, "last insn"))
		return ninsns ? (long)ninsns - 1 : -1;
	if ((at = strstr(line, "from insn ")))
		return strtol(at + 10, NULL, 10);
	if ((at = strstr(line, "insn ")) && at[5] >= '0' && at[5] <= '9')
		return strtol(at + 5, NULL, 10);
	return -1;
}

/* The log's last "N: (xx) ..." line is the instruction the verifier stopped at. */
static long failing_insn(const char *log, const char **reason, size_t *reason_len)
{
	const char *p = log, *line_after = NULL;
	long insn = -1;

	*reason = NULL;
	*reason_len = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *end;
		long n = strtol(p, &end, 10);
		if (end != p && end[0] == ':' && end[1] == ' ' && end[2] == '(') {
			insn = n;
			line_after = eol ? eol + 1 : NULL;
		}
		p += len + (eol ? 1 : 0);
	}
	/* the verifier says why on the line after that instruction */
	if (line_after && *line_after) {
		const char *eol = strchr(line_after, '\n');
		*reason = line_after;
		*reason_len = eol ? (size_t)(eol - line_after) : strlen(line_after);
	}
	return insn;
}

static void print_tail(struct ldr_object *o, const char *log, int lines)
{
	const char *p = log + strlen(log);
	int n = 0;

	while (p > log && p[-1] == '\n')
		p--;
	while (p > log && n <= lines) {
		p--;
		if (*p == '\n')
			n++;
	}
	if (*p == '\n')
		p++;
	ldr_logc(&o->log, "  verifier log (last lines; -v for all of it):\n");
	for (const char *q = p; *q;) {
		const char *eol = strchr(q, '\n');
		size_t len = eol ? (size_t)(eol - q) : strlen(q);
		if (len)
			ldr_logc(&o->log, "    %.*s\n", (int)len, q);
		q += len + (eol ? 1 : 0);
	}
}

/* Text after a lead ("  why: "), broken at blanks into lines of at most 110 columns, the
 * rest indented under the text. */
static void wrapped(struct ldr_object *o, const char *lead, const char *text)
{
	size_t width = 110 - strlen(lead);

	while (*text) {
		size_t n = strlen(text), cut = n;
		if (n > width) {
			for (cut = width; cut > 0 && text[cut] != ' '; cut--)
				;
			if (!cut)
				cut = width;
		}
		ldr_logc(&o->log, "%s%.*s\n", lead, (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
		lead = "       ";
	}
}

/* --json: the refusal as one object on its own line. */
static void json_refusal(struct ldr_object *o, struct ldr_prog *p, FILE *f, long insn, const char *reason, size_t rlen,
			 const struct ldr_explanation *x)
{
	const struct bpf_line_info *li = insn >= 0 ? ldr_prog_line(p, (uint32_t)insn) : NULL;

	fputs("{\"refused\": {\"program\": ", f);
	ldr_json_string(f, p->name, strlen(p->name));
	fprintf(f, ", \"type\": \"%s\", \"section\": ", ldr_prog_type_name(p->type));
	ldr_json_string(f, p->sec_name, strlen(p->sec_name));
	fputs(", \"reason\": ", f);
	ldr_json_string(f, reason, rlen);
	fprintf(f, ", \"insn\": %ld", insn);
	if (li) {
		const char *file = ldr_btf_str(o, li->file_name_off), *text = ldr_btf_str(o, li->line_off);
		fputs(", \"file\": ", f);
		ldr_json_string(f, file, strlen(file));
		fprintf(f, ", \"line\": %u, \"column\": %u, \"source\": ", li->line_col >> 10, li->line_col & 0x3ff);
		ldr_json_string(f, text, strlen(text));
	}
	if (x) {
		fputs(", \"explanation\": ", f);
		ldr_json_string(f, x->why, strlen(x->why));
		fputs(", \"origin\": ", f);
		ldr_json_string(f, x->from, strlen(x->from));
		fputs(", \"suggestion\": ", f);
		ldr_json_string(f, x->fix, strlen(x->fix));
	}
	fputs("}}\n", f);
	fflush(f);
}

/* --cfg-out: the refused program's graph with the path the verifier walked to insn. */
static void picture_refusal(struct ldr_object *o, struct ldr_prog *p, long insn, const char *reason, size_t rlen,
			    const char *log, const char *path)
{
	bool *on = calloc(p->ninsns + 1, sizeof(*on));
	long *walk = malloc(65536 * sizeof(*walk));
	char why[300], err[600];
	struct cfg_paint paint = {NULL, on, insn, why};
	size_t n;

	if (!on || !walk) {
		free(on);
		free(walk);
		return;
	}
	n = ldr_log_path(log, walk, 65536);
	for (size_t i = 0; i < n; i++)
		if (walk[i] >= 0 && (uint64_t)walk[i] < p->ninsns)
			on[walk[i]] = true;
	snprintf(why, sizeof(why), "%.*s", (int)(rlen < 250 ? rlen : 250), reason ? reason : "");
	if (ldr_prog_picture(p, &paint, path, err, sizeof(err)))
		ldr_logf(&o->log, LDR_WARN, "%s\n", err);
	else
		ldr_logc(&o->log, "  the graph with the verifier's path: %s\n", path);
	free(on);
	free(walk);
}

static void report_refusal(struct ldr_object *o, struct ldr_prog *p, int err, const char *log,
			   const struct ldr_load_options *opt)
{
	const char *reason = NULL;
	size_t rlen = 0;
	long insn;
	const struct bpf_line_info *li;

	if (err == -EMFILE || err == -ENFILE) { /* not the verifier's doing: its log is no help */
		ldr_logf(&o->log, LDR_WARN, "cannot load program '%s' (%s): %s%s\n", p->name, ldr_prog_type_name(p->type),
			 strerror(-err), ldr_fd_hint(err));
		return;
	}
	insn = log ? failing_insn(log, &reason, &rlen) : -1;

	if (log && insn < 0)
		insn = prewalk_insn(log, p->ninsns, &reason, &rlen);
	/* some reasons lack their newline, and the statistics follow on the same line */
	for (size_t i = 0; reason && i + 10 <= rlen; i++)
		if (i && !strncmp(reason + i, "processed ", 10) && reason[i - 1] != ' ') {
			rlen = i;
			break;
		}
	if (insn < 0 && reason)
		insn = ldr_refusal_place(p, reason, rlen);

	if (err == -EACCES || err == -EINVAL)
		ldr_logf(&o->log, LDR_WARN, "the verifier rejected program '%s' (%s, section %s)", p->name,
			ldr_prog_type_name(p->type), p->sec_name);
	else
		ldr_logf(&o->log, LDR_WARN, "the kernel refused program '%s' (%s): %s", p->name,
			ldr_prog_type_name(p->type), strerror(-err));
	if (reason && rlen)
		ldr_logc(&o->log, ": %.*s", (int)rlen, reason);
	ldr_logc(&o->log, "\n");
	if (insn >= 0 && (uint64_t)insn < p->ninsns) {
		char text[200];
		ldr_prog_insn_text(p, (uint32_t)insn, text, sizeof(text));
		li = ldr_prog_line(p, (uint32_t)insn);
		if (li && li->insn_off == (uint32_t)insn)
			ldr_logc(&o->log, "  at %s:%u:%u: %s\n", ldr_btf_str(o, li->file_name_off), li->line_col >> 10,
				li->line_col & 0x3ff, ldr_btf_str(o, li->line_off));
		else if (li)
			ldr_logc(&o->log, "  in code from %s:%u: %s\n", ldr_btf_str(o, li->file_name_off), li->line_col >> 10,
				ldr_btf_str(o, li->line_off));
		ldr_logc(&o->log, "  instruction %ld of the loaded program: %s\n", insn, text);
	}
	if (reason && rlen) {
		struct ldr_explanation x;
		bool have = ldr_explain(o, p, insn, reason, rlen, log, &x);
		if (have) {
			wrapped(o, "  why: ", x.why);
			if (x.from[0])
				wrapped(o, "       ", x.from);
			wrapped(o, "  fix: ", x.fix);
		} else
			ldr_logc(&o->log, "  (bpfload has no explanation of this refusal yet; the verifier's log follows)\n");
		if (opt->json)
			json_refusal(o, p, opt->json, insn, reason, rlen, have ? &x : NULL);
	}
	if (log && *log) {
		if (opt->verbose)
			ldr_logc(&o->log, "%s\n", log);
		else
			print_tail(o, log, 12);
	}
	if (opt->cfg_out)
		picture_refusal(o, p, insn, reason, rlen, log, opt->cfg_out);
}

/* --strict: the verifier relaxes its checks for CAP_PERFMON (uninitialised stack reads,
 * pointer leaks, speculation) and CAP_SYS_ADMIN; with both out of the effective set (CAP_BPF
 * and CAP_NET_ADMIN stay, to load at all) a program is checked as a student's without root
 * would be. `drop` true takes them out, false puts back what was there. */
static int strict_caps(bool drop, struct __user_cap_data_struct saved[2])
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];

	if (!drop)
		return syscall(SYS_capset, &h, saved) ? -errno : 0;
	if (syscall(SYS_capget, &h, saved))
		return -errno;
	memcpy(d, saved, sizeof(d));
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	d[CAP_PERFMON / 32].effective &= ~(1u << (CAP_PERFMON % 32));
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* One load with a log of `size` bytes at `level` (the buffer grown into *log): the fd, or
 * a negative errno with the log and lo->log_true_size as the kernel left them. */
static int load_with_log(struct ldr_prog_load_opts *lo, char **log, uint32_t size, uint32_t level)
{
	char *nl = realloc(*log, size);

	if (!nl)
		return -ENOMEM;
	*log = nl;
	nl[0] = '\0';
	lo->log_buf = nl;
	lo->log_size = size;
	lo->log_level = level;
	lo->log_true_size = 0;
	return ldr_sys_prog_load(lo);
}

static int load_prog_checked(struct ldr_object *o, struct ldr_prog *p, const struct ldr_load_options *opt);

static int load_prog(struct ldr_object *o, struct ldr_prog *p, const struct ldr_load_options *opt)
{
	struct __user_cap_data_struct saved[2];
	int err;

	if (!opt->strict)
		return load_prog_checked(o, p, opt);
	if ((err = strict_caps(true, saved))) {
		ldr_logf(&o->log, LDR_WARN, "--strict: cannot drop CAP_PERFMON and CAP_SYS_ADMIN: %s\n", strerror(-err));
		return err;
	}
	err = load_prog_checked(o, p, opt);
	strict_caps(false, saved);
	if (err == -EPERM) {
		ldr_logf(&o->log, LDR_WARN, "--strict: without CAP_PERFMON and CAP_SYS_ADMIN the kernel does not load program '%s' "
			 "(a %s program needs them); --strict is for networking programs\n", p->name, ldr_prog_type_name(p->type));
		return -EACCES; /* a refusal, not missing privileges of ours */
	}
	return err;
}

/* The kernel function or hook a tracing program is loaded against: its BTF id, by the
 * section's target and the prefix its type gives (tp_btf/X: btf_trace_X). */
static int find_attach_btf_id(struct ldr_object *o, struct ldr_prog *p)
{
	char name[256];
	int err;

	if (!p->btf_prefix || p->attach_btf_id)
		return 0;
	if (!p->target || !*p->target) {
		ldr_logf(&o->log, LDR_WARN, "program '%s': section '%s' names no kernel function or event after the '/'\n",
			 p->name, p->sec_name);
		return -EINVAL;
	}
	if ((err = ldr_kernel_btf(o)))
		return err;
	snprintf(name, sizeof(name), "%s%s", p->btf_prefix, p->target);
	p->attach_btf_id = btf_view_find(&o->kbtf, name, p->btf_kind);
	if (!p->attach_btf_id) {
		ldr_logf(&o->log, LDR_WARN, "program '%s' (%s): this kernel's BTF has no %s '%s'\n", p->name, p->sec_name,
			 p->btf_kind == BTF_KIND_TYPEDEF ? "tracepoint typedef" : "function", name);
		return -ENOENT;
	}
	return 0;
}

/* Whether a verifier log says the refusal is of the func_info or line_info records, and
 * the line that says so (up to the statistics the kernel may run into it). */
static bool info_refused(const char *log, char *why, size_t len)
{
	static const char *const words[] = {"func_info", "func info", "line_info", "line info", "number of funcs in"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *at = strstr(log, words[i]), *b, *e, *stats;
		if (!at)
			continue;
		for (b = at; b > log && b[-1] != '\n'; b--)
			;
		e = strchr(at, '\n');
		if (!e)
			e = at + strlen(at);
		if ((stats = strstr(b, "processed ")) && stats < e)
			e = stats;
		snprintf(why, len, "%.*s", (int)(e - b), b);
		return true;
	}
	return false;
}

static int load_prog_checked(struct ldr_object *o, struct ldr_prog *p, const struct ldr_load_options *opt)
{
	struct ldr_prog_load_opts lo = {
		.type = p->type, .expected_attach_type = p->expected_attach_type, .prog_flags = p->prog_flags, .insns = p->insns,
		.insn_cnt = p->ninsns, .license = o->license ? o->license : "", .name = p->name,
		.kern_version = o->kern_version, .btf_fd = o->btf_fd, .func_info = p->func_info,
		.func_info_cnt = p->nfunc_info, .line_info = p->line_info, .line_info_cnt = p->nline_info,
	};
	char name[BPF_OBJ_NAME_LEN], why[200];
	uint32_t size = 1 << 20;
	char *log = NULL;
	int fd;

	if (opt->strict) /* portable: checked as for machines without fast unaligned loads */
		lo.prog_flags |= BPF_F_STRICT_ALIGNMENT;
	if ((fd = find_attach_btf_id(o, p)))
		return fd;
	lo.attach_btf_id = p->attach_btf_id;
	snprintf(name, sizeof(name), "%s", p->name);
	for (char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.'))
			*c = '_';
	lo.name = name;
	if (opt->keep_log) { /* --show log: the log of an accepted program, so the first load asks for it */
		for (int tries = 0; tries < 2; tries++) {
			fd = load_with_log(&lo, &log, size, opt->log_level ? opt->log_level : 1);
			if (fd >= 0) {
				p->fd = fd;
				p->verifier_log = log;
				return 0;
			}
			if (fd != -ENOSPC || !lo.log_true_size || lo.log_true_size <= size)
				break;
			size = lo.log_true_size + 1; /* the whole log, once more */
		}
		lo.log_buf = NULL;
		lo.log_size = lo.log_level = 0;
	}
	fd = ldr_sys_prog_load(&lo);
	if (fd >= 0) {
		p->fd = fd;
		free(log);
		return 0;
	}
	if (privilege_error(fd))
		return fd;
	/* Again with the log: since 6.4 the kernel keeps the log's end when it does not fit
	 * and says how much it needed (log_true_size), so one buffer gives the reason and the
	 * failing instruction, and -v gets the whole log with one more run at most. Older
	 * kernels stop at the end of the buffer instead: grown, a few times at most. */
	for (int tries = 0; tries < 4; tries++) {
		int again = load_with_log(&lo, &log, size, opt->log_level ? opt->log_level : 1);
		if (again >= 0) { /* it loaded this time (the log changes nothing, but be safe) */
			p->fd = again;
			free(log);
			return 0;
		}
		if (again != -ENOSPC)
			break;
		if (lo.log_true_size) { /* the end is there; the whole only when asked for */
			if (!opt->verbose || lo.log_true_size <= size || tries)
				break;
			size = lo.log_true_size + 1;
			continue;
		}
		if (size >= (1u << 28))
			break;
		size *= 16;
	}
	if (log && (lo.func_info_cnt || lo.line_info_cnt) && info_refused(log, why, sizeof(why))) {
		/* the kernel took the BTF but not the object's function or line records: load
		 * without them (losing source lines in messages), as it does without BTF */
		ldr_logf(&o->log, LDR_WARN, "the kernel refused the function and line records of program '%s' (\"%s\"): "
			 "loading it without them\n", p->name, why);
		lo.func_info_cnt = lo.line_info_cnt = 0;
		lo.func_info = lo.line_info = NULL;
		lo.log_buf = NULL;
		lo.log_size = lo.log_level = 0;
		if ((fd = ldr_sys_prog_load(&lo)) >= 0) {
			p->fd = fd;
			free(log);
			return 0;
		}
	}
	report_refusal(o, p, fd, log, opt);
	free(log);
	return fd;
}

/* A map of maps' initial `values`: each slot gets its map's fd, once all are created. */
static int fill_maps_of_maps(struct ldr_object *o)
{
	for (size_t i = 0; i < o->nmaps; i++) {
		const struct ldr_map *m = &o->maps[i];
		for (size_t k = 0; k < m->nslots; k++) {
			const struct ldr_map *in = NULL;
			int err;
			if (!m->slots[k].map)
				continue;
			for (size_t j = 0; j < o->nmaps && !in; j++)
				if (!strcmp(o->maps[j].name, m->slots[k].map))
					in = &o->maps[j];
			err = in ? ldr_sys_map_update_elem(m->fd, &m->slots[k].slot, &in->fd, BPF_ANY) : -ENOENT;
			if (err) {
				ldr_logf(&o->log, LDR_WARN, "the kernel refused map '%s' in slot %u of '%s': %s\n", m->slots[k].map,
					 m->slots[k].slot, m->name, strerror(-err));
				return err == -EPERM ? -EACCES : err;
			}
		}
	}
	return 0;
}

/* A program array's initial `values`: each slot gets its program's fd, once all are loaded. */
static int fill_prog_arrays(struct ldr_object *o)
{
	for (size_t i = 0; i < o->nmaps; i++) {
		const struct ldr_map *m = &o->maps[i];
		for (size_t k = 0; k < m->nslots; k++) {
			const struct ldr_prog *p = NULL;
			int err;
			if (!m->slots[k].prog)
				continue;
			for (size_t j = 0; j < o->nprogs && !p; j++)
				if (!strcmp(o->progs[j].name, m->slots[k].prog))
					p = &o->progs[j];
			if (!p || p->fd < 0) {
				ldr_logf(&o->log, LDR_WARN, "program '%s', in slot %u of '%s', is not loaded (left out by --prog?)\n",
					m->slots[k].prog, m->slots[k].slot, m->name);
				return -ENOENT;
			}
			err = ldr_sys_map_update_elem(m->fd, &m->slots[k].slot, &p->fd, BPF_ANY);
			if (err) {
				ldr_logf(&o->log, LDR_WARN, "the kernel refused program '%s' in slot %u of '%s': %s\n", p->name,
					m->slots[k].slot, m->name, strerror(-err));
				return err == -EPERM ? -EACCES : err;
			}
		}
	}
	return 0;
}

int ldr_load(struct ldr_object *o, const struct ldr_load_options *opt)
{
	int err;

	if ((err = load_btf(o)))
		return err;
	for (size_t i = 0; i < o->nmaps; i++) {
		if (o->maps[i].kind == LDR_MAP_STRUCT_OPS) /* after its programs */
			continue;
		err = create_map(o, &o->maps[i], opt);
		if (privilege_error(err))
			return no_privilege(o, "create maps");
		if (err) {
			ldr_logf(&o->log, LDR_WARN, "the kernel refused map '%s' (%s, key %u bytes, value %u bytes, %u entries): %s%s\n",
				o->maps[i].name, ldr_map_type_name(o->maps[i].type), o->maps[i].key_size, o->maps[i].value_size,
				o->maps[i].max_entries, strerror(-err), ldr_fd_hint(err));
			return err;
		}
	}
	if ((err = fill_maps_of_maps(o)))
		return err;
	for (size_t i = 0; i < o->nprogs; i++) {
		struct ldr_prog *p = &o->progs[i];
		err = ldr_prog_relocate(o, p); /* which says what is wrong */
		if (!err)
			err = ldr_struct_ops_prog(o, p);
		if (err)
			return err == -EPERM ? -EINVAL : err;
		err = load_prog(o, p, opt);
		if (privilege_error(err) && p->btf_prefix && geteuid() == 0) { /* root, and still refused */
			ldr_logf(&o->log, LDR_WARN, "the kernel refused to load %s program '%s' (%s) against %s%s: Operation not "
				 "permitted, although bpfload runs as root: this kernel does not allow programs on this attach "
				 "point (lockdown, or a kernel built without it; bpftool is refused the same way)\n",
				 ldr_prog_type_name(p->type), p->name, p->sec_name, p->btf_prefix, p->target);
			return -ENOSYS; /* missing kernel support: exit 3, as for kprobes */
		}
		if (privilege_error(err))
			return no_privilege(o, "load programs");
		if (err)
			return err;
	}
	if ((err = ldr_struct_ops_maps(o)))
		return err;
	return fill_prog_arrays(o);
}

/* What --pin did, so that a failure part-way undoes all of it. */
struct pinning {
	char **paths;
	size_t n;
	bool made_dir, mounted;
};

static bool on_bpffs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == BPF_FS_MAGIC;
}

/* The folder, on a BPF filesystem. Under /sys/fs/bpf, where nothing is mounted, bpffs is
 * mounted first (as bpftool does), then the folder made in it: made the other way round,
 * the mount would hide the folder. */
static int ensure_bpffs(struct ldr_object *o, const char *dir, struct pinning *pn)
{
	static const char top[] = "/sys/fs/bpf";
	struct stat st;

	if (!strncmp(dir, top, sizeof(top) - 1) && (dir[sizeof(top) - 1] == '/' || !dir[sizeof(top) - 1]) &&
	    !on_bpffs(top)) {
		if (stat(top, &st)) {
			ldr_logf(&o->log, LDR_WARN, "cannot pin under %s: it does not exist, so no BPF filesystem can be mounted there "
				 "(is /sys mounted?); mount one elsewhere (mount -t bpf bpf DIR) and pin under it\n", top);
			return -ENOENT;
		}
		if (mount("bpf", top, "bpf", 0, NULL)) {
			int err = -errno;
			ldr_logf(&o->log, LDR_WARN, "%s is not a BPF filesystem, and mounting one there failed: %s\n", top,
				 strerror(-err));
			return err;
		}
		pn->mounted = true;
	}
	if (mkdir(dir, 0700) == 0)
		pn->made_dir = true;
	else if (errno != EEXIST) {
		int err = -errno;
		ldr_logf(&o->log, LDR_WARN, "cannot create %s: %s%s\n", dir, strerror(-err),
			 err == -ENOENT ? " (its parent folder does not exist; --pin makes only the last one)" : "");
		return err;
	}
	if (on_bpffs(dir))
		return 0;
	ldr_logf(&o->log, LDR_WARN, "%s is not on a BPF filesystem; use a folder under /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)\n", dir);
	return -EINVAL;
}

static void undo_pins(const char *dir, struct pinning *pn)
{
	while (pn->n)
		unlink(pn->paths[--pn->n]);
	if (pn->made_dir)
		rmdir(dir);
	if (pn->mounted)
		umount2("/sys/fs/bpf", MNT_DETACH);
}

/* One object at DIR/NAME (dots and slashes in the name made underscores: bpffs refuses
 * dots); the path is remembered for undo_pins. */
static int pin_one(struct ldr_object *o, struct pinning *pn, const char *dir, const char *what, const char *name, int fd)
{
	char path[4096], **grown;
	int err;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	for (char *c = path + strlen(dir) + 1; *c; c++)
		if (*c == '.' || *c == '/')
			*c = '_';
	if (!(grown = realloc(pn->paths, (pn->n + 1) * sizeof(*grown))) || (pn->paths = grown, !(grown[pn->n] = strdup(path))))
		return -ENOMEM;
	if ((err = ldr_sys_obj_pin(fd, path))) {
		free(grown[pn->n]);
		ldr_logf(&o->log, LDR_WARN, "cannot pin %s %s at %s: %s\n", what, name, path, strerror(-err));
		return err;
	}
	pn->n++;
	return 0;
}

int ldr_pin(struct ldr_object *o, const char *dir)
{
	struct pinning pn = {NULL, 0, false, false};
	int err = ensure_bpffs(o, dir, &pn);
	size_t pinned;

	for (size_t i = 0; !err && i < o->nmaps; i++)
		err = pin_one(o, &pn, dir, "map", o->maps[i].name, o->maps[i].fd);
	for (size_t i = 0; !err && i < o->nprogs; i++)
		err = pin_one(o, &pn, dir, "program", o->progs[i].name, o->progs[i].fd);
	pinned = pn.n;
	if (err) {
		if (pinned || pn.made_dir || pn.mounted)
			ldr_logf(&o->log, LDR_WARN, "undone: %zu pin%s%s%s\n", pinned, pinned == 1 ? "" : "s",
				 pn.made_dir ? ", the folder made for them" : "", pn.mounted ? ", the BPF filesystem mounted on /sys/fs/bpf" : "");
		undo_pins(dir, &pn);
	}
	for (size_t i = 0; i < pinned; i++)
		free(pn.paths[i]);
	free(pn.paths);
	return err;
}
