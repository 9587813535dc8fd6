/* bpfload.c: the bpfload command: load a BPF object with raw bpf(2) calls, attach its
 * programs, print its maps while they run, and take everything out again. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "expect.h"
#include "load.h"
#include "picture.h"
#include "print.h"
#include "probe.h"
#include "show.h"
#include "sys.h"
#include "testrun.h"
#include "tracefs.h"


enum { EXIT_USAGE = 1, EXIT_REFUSED = 2, EXIT_PRIVILEGE = 3, EXIT_DIFFERENT = 4, EXIT_EXPECT = 5 };

struct options {
	const char *file, *attach, *pin, *cgroup, *uprobe, *core_btf;
	unsigned freq;
	const char **progs, **maps;
	size_t nprogs, nmaps;
	double interval, duration;
	long count;
	char **run;
	bool json, trace, verbose, list, probe, strict, verify, load_only, syscalls;
	const char *cfg_out, *show;
	uint32_t log_level;
	/* running without attaching */
	bool test_run, emulate;
	const char *expect;        /* --expect: the vector file */
	uint32_t repeat;
	struct ldr_input_spec input;
	const char **ctx_set;
	struct ldr_emu_options emu;
};

static void usage(FILE *f)
{
	fputs("usage: bpfload FILE.bo [options] [--run CMD [ARG...]]\n"
	      "       bpfload --list FILE.bo     what the object holds (no privileges needed)\n"
	      "       bpfload --verify FILE.bo   does the verifier accept it? (load, report, unload)\n"
	      "       bpfload --probe            what this kernel supports\n"
	      "\n"
	      "  --attach IFACE       network interface for socket, XDP and tc (tcx) programs\n"
	      "  --cgroup PATH        cgroup2 folder for cgroup_skb, cgroup/... and sockops programs\n"
	      "  --load-only          load and verify every program (and --pin), attach none\n"
	      "  --freq HZ            perf_event programs: samples a second on each CPU (99)\n"
	      "  --uprobe PATH[:FN]   the binary (and function) of uprobe sections that name none\n"
	      "  --show xlated|jited|log  after loading: the instructions as the kernel rewrote\n"
	      "                       them, the JIT's machine code, or the verifier's log, each\n"
	      "                       under its .s line\n"
	      "  --syscalls           print every bpf() and perf_event_open() call as it is made,\n"
	      "                       with its attributes and the kernel's answer (standard error)\n"
	      "  --core-btf PATH      resolve CO-RE against this BTF file (another kernel's vmlinux)\n"
	      "                       or folder laid out as /sys/kernel/btf (vmlinux, modules)\n"
	      "  --prog NAME          load only this program (repeatable)\n"
	      "  --map NAME           print only this map (repeatable; global data as .data, .bss)\n"
	      "  --interval SEC       print the maps every SEC seconds (default 1)\n"
	      "  --count N            stop after N prints\n"
	      "  --duration SEC       stop after SEC seconds\n"
	      "  --run CMD [ARG...]   run CMD while attached; stop when it exits (must come last)\n"
	      "  --json               print one JSON object per line\n"
	      "  --trace              stream trace_pipe (bpf_trace_printk output)\n"
	      "  --pin DIR            pin maps and programs under DIR (bpffs): they stay loaded\n"
	      "  -v, --verbose        the whole verifier log on failure, and more notes\n"
	      "  --log-level N        verifier log level for a refused program (1 or 2)\n"
	      "  --strict             verify as for a user without CAP_PERFMON/CAP_SYS_ADMIN\n"
	      "                       (uninitialised stack reads refused, as for a student)\n"
	      "  --cfg-out FILE       the program's control-flow graph (.dot, .svg, .png): a\n"
	      "                       refused one with the verifier's path in red, --verify's\n"
	      "                       plain, --emulate's painted with how often each block ran\n"
	      "  -h, --help, -V, --version\n"
	      "\n"
	      "Running a program on an input without attaching it:\n"
	      "  --test-run           in the kernel (BPF_PROG_TEST_RUN; root)\n"
	      "  --emulate            in bpfload's own interpreter (no privileges, no BPF needed)\n"
	      "  --data FILE          the packet: raw bytes from FILE\n"
	      "  --data-hex \"HEX\"     the packet as hex bytes (\"00 11 22 ...\")\n"
	      "  --pcap FILE          every packet of a pcap or pcapng capture in turn\n"
	      "  --mem FILE           (--emulate) r1 points at FILE's bytes, r2 holds their length\n"
	      "  --ctx FILE           the context struct's bytes\n"
	      "  --ctx-set F=V        a context field by name (__sk_buff.mark=7; repeatable)\n"
	      "  --repeat N           (--test-run) N runs per input, for the time per run\n"
	      "  --step               (--emulate) print every instruction and what it changed\n"
	      "  --coverage           (--emulate) how many times each .s line ran\n"
	      "  --debug              (--emulate) a prompt: step, next, break, print, ... (help)\n"
	      "  --seed N, --clock NS, --cpu N, --max-steps N   (--emulate) random numbers, the\n"
	      "                       fixed clock's start, the CPU it runs on, the step limit\n"
	      "  --pid N, --uid N, --gid N, --comm NAME   (--emulate) what bpf_get_current_*\n"
	      "                       return (default: bpfload's own)\n"
	      "  --l2                 (--emulate) socket filters see the whole frame, as on a\n"
	      "                       packet socket (a test run starts them at the IP header)\n"
	      "  Both --test-run and --emulate: each input runs in both, differences reported.\n"
	      "  --expect FILE        (--test-run and/or --emulate) grade the program against the\n"
	      "                       test vectors of FILE: pass or fail per vector, with the\n"
	      "                       first difference (docs/exercises/README.md has the format)\n"
	      "\n"
	      "Exit status: 0 done, 1 usage or unreadable object or input, 2 the kernel refused\n"
	      "(or the emulator stopped the program), 3 missing privileges or kernel support,\n"
	      "4 the kernel and the emulator disagree, 5 a vector of --expect failed.\n",
	      f);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"attach", required_argument, NULL, 'a'}, {"prog", required_argument, NULL, 'p'},
		{"map", required_argument, NULL, 'm'},    {"interval", required_argument, NULL, 'i'},
		{"count", required_argument, NULL, 'c'},  {"duration", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},         {"trace", no_argument, NULL, 't'},
		{"pin", required_argument, NULL, 'P'},    {"verbose", no_argument, NULL, 'v'},
		{"log-level", required_argument, NULL, 'L'}, {"list", no_argument, NULL, 'l'},
		{"probe", no_argument, NULL, 'b'},        {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"test-run", no_argument, NULL, 'T'},     {"emulate", no_argument, NULL, 'E'},
		{"data", required_argument, NULL, 1},     {"data-hex", required_argument, NULL, 2},
		{"pcap", required_argument, NULL, 3},     {"mem", required_argument, NULL, 4},
		{"ctx", required_argument, NULL, 5},      {"ctx-set", required_argument, NULL, 6},
		{"repeat", required_argument, NULL, 7},   {"step", no_argument, NULL, 8},
		{"coverage", no_argument, NULL, 9},       {"seed", required_argument, NULL, 10},
		{"clock", required_argument, NULL, 11},   {"cpu", required_argument, NULL, 12},
		{"max-steps", required_argument, NULL, 13}, {"debug", no_argument, NULL, 14},
		{"pid", required_argument, NULL, 15},     {"uid", required_argument, NULL, 16},
		{"gid", required_argument, NULL, 17},     {"comm", required_argument, NULL, 18},
		{"l2", no_argument, NULL, 19},           {"strict", no_argument, NULL, 20},
		{"verify", no_argument, NULL, 21},       {"cfg-out", required_argument, NULL, 22},
		{"cgroup", required_argument, NULL, 23}, {"load-only", no_argument, NULL, 24},
		{"freq", required_argument, NULL, 25},   {"uprobe", required_argument, NULL, 26},
		{"core-btf", required_argument, NULL, 27}, {"syscalls", no_argument, NULL, 28},
		{"show", required_argument, NULL, 29},    {"expect", required_argument, NULL, 30},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	/* everything after --run is the command */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--run")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "bpfload: --run needs a command\n");
				return -1;
			}
			o->run = argv + i + 1;
			argc = i;
			break;
		}
	}
	o->progs = calloc((size_t)argc, sizeof(*o->progs));
	o->maps = calloc((size_t)argc, sizeof(*o->maps));
	o->ctx_set = calloc((size_t)argc, sizeof(*o->ctx_set));
	o->interval = 1;
	o->emu.pid = o->emu.uid = o->emu.gid = -1;
	while ((c = getopt_long(argc, argv, "vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o->attach = optarg; break;
		case 'p': o->progs[o->nprogs++] = optarg; break;
		case 'm': o->maps[o->nmaps++] = optarg; break;
		case 'i':
			o->interval = strtod(optarg, &end);
			if (*end || o->interval <= 0) {
				fprintf(stderr, "bpfload: --interval wants a positive number of seconds\n");
				return -1;
			}
			break;
		case 'c':
			o->count = strtol(optarg, &end, 10);
			if (*end || o->count <= 0) {
				fprintf(stderr, "bpfload: --count wants a positive number\n");
				return -1;
			}
			break;
		case 'd':
			o->duration = strtod(optarg, &end);
			if (*end || o->duration <= 0) {
				fprintf(stderr, "bpfload: --duration wants a positive number of seconds\n");
				return -1;
			}
			break;
		case 30: o->expect = optarg; break;
		case 'j': o->json = true; break;
		case 't': o->trace = true; break;
		case 'P': o->pin = optarg; break;
		case 'v': o->verbose = true; break;
		case 'L': o->log_level = (uint32_t)atoi(optarg); break;
		case 'l': o->list = true; break;
		case 'b': o->probe = true; break;
		case 'T': o->test_run = true; break;
		case 'E': o->emulate = true; break;
		case 1: o->input.data_file = optarg; break;
		case 2: o->input.data_hex = optarg; break;
		case 3: o->input.pcap = optarg; break;
		case 4: o->input.mem_file = optarg; break;
		case 5: o->input.ctx_file = optarg; break;
		case 6: o->ctx_set[o->input.nctx_set++] = optarg; break;
		case 18: o->emu.comm = optarg; break;
		case 19: o->emu.l2 = true; break;
		case 20: o->strict = true; break;
		case 21: o->verify = true; break;
		case 22: o->cfg_out = optarg; break;
		case 23: o->cgroup = optarg; break;
		case 24: o->load_only = true; break;
		case 25: {
			long f = strtol(optarg, &end, 10);
			if (*end || f <= 0 || f > 100000) {
				fprintf(stderr, "bpfload: --freq wants samples a second, 1 to 100000\n");
				return -1;
			}
			o->freq = (unsigned)f;
			break;
		}
		case 26: o->uprobe = optarg; break;
		case 27: o->core_btf = optarg; break;
		case 28: o->syscalls = true; break;
		case 29:
			if (strcmp(optarg, "xlated") && strcmp(optarg, "jited") && strcmp(optarg, "log")) {
				fprintf(stderr, "bpfload: --show takes xlated, jited or log, not '%s'\n", optarg);
				return -1;
			}
			o->show = optarg;
			break;
		case 15: case 16: case 17: {
			unsigned long v;
			errno = 0;
			v = strtoul(optarg, &end, 0);
			if (errno || *end || end == optarg || optarg[0] == '-' || v > UINT32_MAX) {
				fprintf(stderr, "bpfload: --%s wants a number up to 4294967295, not '%s'\n",
					c == 15 ? "pid" : c == 16 ? "uid" : "gid", optarg);
				return -1;
			}
			*(c == 15 ? &o->emu.pid : c == 16 ? &o->emu.uid : &o->emu.gid) = (int64_t)v;
			break;
		}
		case 7: case 10: case 11: case 12: case 13: {
			unsigned long long v;
			errno = 0;
			v = strtoull(optarg, &end, 0);
			if (errno || *end || end == optarg || optarg[0] == '-' || (c == 7 && v > UINT32_MAX) || (c == 12 && v > 4095)) {
				fprintf(stderr, "bpfload: --%s wants a non-negative number%s, not '%s'\n", c == 7 ? "repeat" : c == 10 ? "seed" : c == 11 ? "clock" : c == 12 ? "cpu" : "max-steps",
					c == 7 ? " of runs" : "", optarg);
				return -1;
			}
			if (c == 7) o->repeat = (uint32_t)v;
			else if (c == 10) o->emu.seed = v;
			else if (c == 11) o->emu.clock_ns = v;
			else if (c == 12) o->emu.cpu = (uint32_t)v;
			else o->emu.max_steps = v;
			break;
		}
		case 8: o->emu.step = true; break;
		case 9: o->emu.coverage = true; break;
		case 14: o->emu.debug = true; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("bpfload %s\n", BPFLOAD_VERSION); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (o->probe)
		return 0;
	if (optind != argc - 1) {
		fprintf(stderr, "bpfload: %s\n", optind >= argc ? "which object? bpfload FILE.bo" : "one object at a time");
		usage(stderr);
		return -1;
	}
	o->file = argv[optind];
	o->input.ctx_set = o->ctx_set;
	if (!o->test_run && !o->emulate &&
	    (o->input.data_file || o->input.data_hex || o->input.pcap || o->input.mem_file || o->input.ctx_file || o->input.nctx_set ||
	     o->repeat || o->emu.step || o->emu.coverage || o->emu.debug)) {
		fprintf(stderr, "bpfload: inputs and --repeat, --step, --coverage are for running a program without attaching it: add --test-run (in the kernel) or --emulate\n");
		return -1;
	}
	if (o->expect && !o->test_run && !o->emulate) {
		fprintf(stderr, "bpfload: --expect runs the program on its vectors: add --emulate (no privileges needed), --test-run "
			"(in the kernel), or both\n");
		return -1;
	}
	if (o->expect && (o->input.data_file || o->input.data_hex || o->input.pcap || o->input.mem_file || o->input.ctx_file ||
			  o->input.nctx_set || o->repeat || o->emu.step || o->emu.coverage || o->emu.debug || o->cfg_out)) {
		fprintf(stderr, "bpfload: --expect takes its inputs from the vector file: drop --data, --data-hex, --pcap, --mem, --ctx, "
			"--ctx-set, --repeat, --step, --coverage, --debug and --cfg-out\n");
		return -1;
	}
	if (o->cfg_out && o->emulate)
		o->emu.coverage = true; /* the picture is painted with the counts */
	if ((o->emu.step || o->emu.coverage || o->emu.debug) && !o->emulate) {
		fprintf(stderr, "bpfload: --step, --coverage and --debug follow the emulator's run: add --emulate\n");
		return -1;
	}
	if (o->repeat && !o->test_run) {
		fprintf(stderr, "bpfload: --repeat times the kernel's runs: add --test-run\n");
		return -1;
	}
	if (o->verify && (o->test_run || o->emulate || o->attach || o->run || o->pin || o->trace || o->list)) {
		fprintf(stderr, "bpfload: --verify loads the programs and unloads them again: drop %s\n",
			o->test_run ? "--test-run" : o->emulate ? "--emulate" : o->attach ? "--attach" : o->run ? "--run" : o->pin ? "--pin" : o->trace ? "--trace" : "--list");
		return -1;
	}
	if ((o->test_run || o->emulate) && (o->attach || o->run || o->pin || o->trace)) {
		fprintf(stderr, "bpfload: --test-run and --emulate run the program on inputs, without attaching it: drop %s\n",
			o->attach ? "--attach" : o->run ? "--run" : o->pin ? "--pin" : "--trace");
		return -1;
	}
	return 0;
}

/* --- --list ------------------------------------------------------------------------ */

static const char *type_name(const struct ldr_object *obj, uint32_t id, char *buf, size_t len)
{
	const struct btf_type *t;

	if (!obj->has_btf || !id)
		return "-";
	t = btf_view_type(&obj->btf, id);
	while (t && BTF_INFO_KIND(t->info) != BTF_KIND_TYPEDEF && !t->name_off &&
	       (BTF_INFO_KIND(t->info) == BTF_KIND_CONST || BTF_INFO_KIND(t->info) == BTF_KIND_VOLATILE))
		t = btf_view_type(&obj->btf, t->type);
	if (!t)
		return "-";
	snprintf(buf, len, "%s%s", BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT ? "struct " :
		 BTF_INFO_KIND(t->info) == BTF_KIND_ENUM ? "enum " : "",
		 t->name_off ? btf_view_name(&obj->btf, t->name_off) : "(anonymous)");
	return buf;
}

/* A tracepoint's id and record layout, when tracefs is there to say (no mounting: --list
 * needs no privileges). */
static void list_tracepoint(const char *target)
{
	const char *dirs[] = TP_DEFAULT_DIRS(NULL);
	struct tp_format f;
	char tried[1024];

	if (tp_format_read(dirs, 3, target, &f, tried, sizeof(tried))) {
		printf("      event %s: its format is not readable here (tried %s)\n", target, tried);
		return;
	}
	printf("      event %s, id %lld, record of %u bytes:\n", target, (long long)f.id, f.size);
	for (size_t i = 0; i < f.nfields; i++)
		printf("        offset %3u size %2u  %s\n", f.fields[i].offset, f.fields[i].size, f.fields[i].decl);
	tp_format_free(&f);
}

/* Per attach kind: what --list says a program attaches to, and, for the kinds whose
 * section names their target, what the error for a needless --attach calls it. */
static const struct {
	const char *how, *onto;
} attach_words[] = {
	[LDR_ATTACH_NONE] = {"(bpfload does not attach this type)", NULL},
	[LDR_ATTACH_SOCKET] = {"a packet socket on --attach IFACE", NULL},
	[LDR_ATTACH_XDP] = {"XDP on --attach IFACE", NULL},
	[LDR_ATTACH_TRACEPOINT] = {"the tracepoint its section names", "tracepoint"},
	[LDR_ATTACH_RAW_TRACEPOINT] = {"the raw tracepoint its section names", "raw tracepoint"},
	[LDR_ATTACH_KPROBE] = {"a kprobe on the kernel function its section names", "a kprobe on"},
	[LDR_ATTACH_KRETPROBE] = {"a kretprobe on the kernel function its section names", "a kretprobe on"},
	[LDR_ATTACH_UPROBE] = {"a uprobe on the program function its section names", "a uprobe on"},
	[LDR_ATTACH_URETPROBE] = {"a uretprobe on the program function its section names", "a uretprobe on"},
	[LDR_ATTACH_TCX] = {"tc (a tcx link) on --attach IFACE", NULL},
	[LDR_ATTACH_CGROUP] = {"the cgroup --cgroup PATH names", NULL},
	[LDR_ATTACH_TRACING] = {"the kernel function or hook its section names", "the kernel function or hook"},
	[LDR_ATTACH_PERF] = {"a cpu-clock sampling event on every CPU (--freq HZ)", "a sampling event"},
	[LDR_ATTACH_KSYSCALL] = {"a kprobe on the system call its section names", "a kprobe on the system call"},
	[LDR_ATTACH_KRETSYSCALL] = {"a kretprobe on the system call its section names", "a kretprobe on the system call"},
	[LDR_ATTACH_ITER] = {"an iterator link, read once: its output printed", "an iterator over"},
	[LDR_ATTACH_STRUCT_OPS] = {"a member of its struct_ops map, registered with it", NULL},
	[LDR_ATTACH_NETNS] = {"bpfload's network namespace (ip netns exec NAME bpfload ... for another)", NULL},
};

static void list_object(struct ldr_object *obj)
{
	char a[128], b[128];

	printf("%s: license %s, %zu program%s, %zu map%s, BTF %s, line info %s\n", obj->path,
	       obj->license ? obj->license : "(none)", obj->nprogs, obj->nprogs == 1 ? "" : "s", obj->nmaps,
	       obj->nmaps == 1 ? "" : "s", obj->has_btf ? "yes" : "no", obj->has_ext ? "yes" : "no");
	if (obj->has_ext && obj->ext.ncore_relos)
		printf("CO-RE relocations: %u, resolved against the kernel's BTF when loading\n", obj->ext.ncore_relos);
	printf("programs:\n");
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct ldr_prog *p = &obj->progs[i];
		const char *how = attach_words[p->attach].how;
		if (p->tail_map)
			printf("  %-20s %-16s section %s, %llu instructions, entered by tail calls from slot %u of '%s'\n", p->name,
			       ldr_prog_type_name(p->type), p->sec_name, (unsigned long long)p->size / 8, p->tail_slot, p->tail_map);
		else
			printf("  %-20s %-16s section %s, %llu instructions, attaches to %s\n", p->name, ldr_prog_type_name(p->type),
			       p->sec_name, (unsigned long long)p->size / 8, how);
		if (p->attach == LDR_ATTACH_TRACEPOINT && p->target)
			list_tracepoint(p->target);
	}
	for (size_t si = 1; si < obj->bo->nsecs; si++) {
		const struct bo_section *s = &obj->bo->secs[si];
		if (bo_section_is_prog(s) && s->size && strncmp(s->name, ".text", 5) && !names_section(s->name))
			printf("  (section %s: %llu instructions of a type bpfload does not know, left out)\n", s->name,
			       (unsigned long long)s->size / 8);
	}
	printf("maps:\n");
	for (size_t i = 0; i < obj->nmaps; i++) {
		const struct ldr_map *m = &obj->maps[i];
		printf("  %-20s %-16s key %s (%u bytes), value %s (%u bytes), %u entries%s\n", m->name, ldr_map_type_name(m->type),
		       type_name(obj, m->btf_key, a, sizeof(a)), m->key_size, type_name(obj, m->btf_value, b, sizeof(b)),
		       m->value_size, m->max_entries,
		       m->kind == LDR_MAP_DATA ? (m->readonly ? ", global data (read-only)" : ", global data")
		       : m->kind == LDR_MAP_LEGACY ? ", legacy maps section" : "");
	}
	printf("relocations:\n");
	for (size_t si = 1; si < obj->bo->nsecs; si++) {
		const struct bo_section *s = &obj->bo->secs[si];
		if (!bo_section_is_prog(s))
			continue;
		for (size_t r = 0; r < s->nrels; r++)
			printf("  %s+%llu (instruction %llu): %s %s\n", s->name, (unsigned long long)s->rels[r].offset,
			       (unsigned long long)s->rels[r].offset / 8, bo_reloc_name(s->rels[r].type),
			       obj->bo->syms[s->rels[r].sym].name);
	}
}

/* --- --probe ----------------------------------------------------------------------- */

static int probe(void)
{
	struct utsname u;
	struct ldr_map_create_opts mo = {.name = "bpfload_probe", .type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
					  .value_size = 4, .max_entries = 1};
	FILE *f;
	int fd, jit = -1, unpriv = -1, status = 0;

	uname(&u);
	printf("kernel: %s %s\n", u.sysname, u.release);
	printf("running as: %s\n", geteuid() == 0 ? "root" : "not root (loading needs root or CAP_BPF)");
	fd = ldr_sys_map_create(&mo);
	if (fd >= 0) {
		printf("bpf(2): works (created and removed an array map)\n");
		close(fd);
	} else {
		printf("bpf(2): fails: %s%s\n", strerror(-fd),
		       fd == -EPERM ? " - run as root" : fd == -ENOSYS ? " - this kernel has no BPF (CONFIG_BPF_SYSCALL)" : "");
		status = EXIT_PRIVILEGE;
	}
	if ((f = fopen("/proc/sys/net/core/bpf_jit_enable", "re"))) {
		if (fscanf(f, "%d", &jit) != 1)
			jit = -1;
		fclose(f);
	}
	printf("JIT: %s\n", jit == 1 ? "on" : jit == 0 ? "off (echo 1 > /proc/sys/net/core/bpf_jit_enable)" : "unknown");
	if ((f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "re"))) {
		if (fscanf(f, "%d", &unpriv) != 1)
			unpriv = -1;
		fclose(f);
	}
	printf("unprivileged BPF: %s\n", unpriv == 0 ? "allowed" : unpriv > 0 ? "disabled (use root)" : "unknown");
	printf("BTF for the kernel: %s\n", access("/sys/kernel/btf/vmlinux", R_OK) == 0 ? "yes (/sys/kernel/btf/vmlinux)" : "no");
	printf("tracefs: %s\n", access("/sys/kernel/tracing/events", R_OK) == 0 ? "/sys/kernel/tracing"
	       : access("/sys/kernel/debug/tracing/events", R_OK) == 0 ? "/sys/kernel/debug/tracing"
	       : "not mounted (bpfload mounts it when a tracepoint needs it)");
	printf("bpffs: %s\n", access("/sys/fs/bpf", W_OK) == 0 ? "/sys/fs/bpf" : "not writable (mount -t bpf bpf /sys/fs/bpf)");
	ldr_probe_config(stdout);
	return status;
}

/* --- running ----------------------------------------------------------------------- */

struct session {
	struct options *opt;
	struct ldr_object *obj;
	struct ldr_attachment *att;
	size_t natt;
	int sfd, trace_fd;
	bool trace_at_bol; /* the last byte of trace_pipe written was a line end */
	pid_t child;
	double start;
	bool output_closed; /* SIGPIPE: whoever read standard output is gone; nothing more is printed */
};

static void print_maps(struct session *s, bool final)
{
	struct ldr_print_options po = {s->opt->maps, s->opt->nmaps, s->opt->json, final, now() - s->start, stdout, NULL, NULL};

	if (!s->output_closed)
		ldr_print_maps(s->obj, &po);
}

/* trace_pipe's lines to standard output. A format string that ends in \n (as C's do)
 * gets the kernel's own line end after it too: the empty line that makes is dropped. */
static void drain_trace(struct session *s)
{
	char buf[4096];
	ssize_t n;

	while (s->trace_fd >= 0 && (n = read(s->trace_fd, buf, sizeof(buf))) > 0) {
		size_t k = 0;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' && s->trace_at_bol)
				continue;
			s->trace_at_bol = buf[i] == '\n';
			buf[k++] = buf[i];
		}
		fwrite(buf, 1, k, stdout);
	}
	fflush(stdout);
}

static pid_t start_child(char **cmd, const sigset_t *orig)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* the command never outlives bpfload, however bpfload ends (even by SIGKILL) */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(127); /* bpfload ended already, before the line above */
		sigprocmask(SIG_SETMASK, orig, NULL);
		execvp(cmd[0], cmd);
		fprintf(stderr, "bpfload: cannot run %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Print every --interval until a signal, --count, --duration or the --run command ends. */
static void watch(struct session *s, const sigset_t *orig)
{
	struct options *o = s->opt;
	double next = s->start + o->interval, end = o->duration > 0 ? s->start + o->duration : 0;
	long printed = 0;

	if (o->run && (s->child = start_child(o->run, orig)) < 0)
		fprintf(stderr, "bpfload: cannot start %s: %s\n", o->run[0], strerror(errno));
	for (;;) {
		struct pollfd pf[2] = {{s->sfd, POLLIN, 0}, {s->trace_fd, POLLIN, 0}};
		double t = now(), wait = next - t;
		struct signalfd_siginfo si;
		bool stop = false;
		int cstatus = 0;

		if (end > 0 && end - t < wait)
			wait = end - t;
		if (wait < 0)
			wait = 0;
		poll(pf, s->trace_fd >= 0 ? 2 : 1, (int)(wait * 1000) + 1);
		while (read(s->sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGPIPE)
				s->output_closed = true;
			if (si.ssi_signo != SIGCHLD) /* SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE: stop, clean up */
				stop = true;
		}
		if (s->child > 0 && waitpid(s->child, &cstatus, WNOHANG) == s->child) {
			s->child = 0;
			stop = true;
			if (WIFEXITED(cstatus) && WEXITSTATUS(cstatus))
				fprintf(stderr, "bpfload: %s exited with status %d\n", o->run[0], WEXITSTATUS(cstatus));
			else if (WIFSIGNALED(cstatus))
				fprintf(stderr, "bpfload: %s was killed by signal %d\n", o->run[0], WTERMSIG(cstatus));
		}
		drain_trace(s);
		if (stop)
			return;
		t = now();
		if (t >= next) {
			print_maps(s, false);
			printed++;
			next += o->interval;
			if (next < t)
				next = t + o->interval;
			if (o->count && printed >= o->count)
				return;
		}
		if (end > 0 && t >= end)
			return;
	}
}

/* SIGTERM for the --run command, then SIGKILL after two seconds, or at once when another
 * SIGINT or SIGTERM comes: a command that ignores SIGTERM does not keep the programs
 * loaded. */
static void stop_child(struct session *s)
{
	double deadline = now() + 2;

	kill(s->child, SIGTERM);
	while (waitpid(s->child, NULL, WNOHANG) == 0) {
		struct signalfd_siginfo si;
		bool again = false;
		struct pollfd pf = {s->sfd, POLLIN, 0};
		if (s->sfd >= 0 && poll(&pf, 1, 50) > 0)
			while (read(s->sfd, &si, sizeof(si)) == sizeof(si))
				again |= si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM;
		else if (s->sfd < 0)
			usleep(50000);
		if (again || now() >= deadline) {
			fprintf(stderr, "bpfload: %s did not stop on SIGTERM%s: killed\n", s->opt->run[0],
				again ? " before a second signal" : " within 2 s");
			kill(s->child, SIGKILL);
			waitpid(s->child, NULL, 0);
			return;
		}
	}
}

static void finish(struct session *s)
{
	for (size_t i = 0; i < s->natt; i++)
		ldr_detach(&s->att[i]);
	if (s->child > 0) { /* stopped by a signal or a limit before the command ended */
		stop_child(s);
		s->child = 0;
	}
	if (s->trace_fd >= 0)
		close(s->trace_fd);
	s->trace_fd = -1;
	ldr_unload(s->obj);
}

static int open_trace_pipe(void)
{
	const char *tfs = ldr_tracefs(NULL);
	char path[256];
	int fd;

	if (!tfs)
		return -1;
	snprintf(path, sizeof(path), "%s/trace_pipe", tfs);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bpfload: cannot open %s: %s\n", path, strerror(errno));
		return fd;
	}
	/* what earlier programs printed and nobody read is not this run's: skipped, and said */
	{
		char buf[4096];
		ssize_t n;
		size_t lines = 0;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			for (ssize_t i = 0; i < n; i++)
				lines += buf[i] == '\n';
		if (lines)
			fprintf(stderr, "bpfload: skipped %zu line%s that trace_pipe held from before this run\n", lines,
				lines == 1 ? "" : "s");
	}
	return fd;
}

/* The one program --test-run and --emulate run: named by --prog, or the object's only
 * program that is not entered by a tail call. */
static struct ldr_prog *program_to_run(const struct options *o, struct ldr_object *obj)
{
	struct ldr_prog *found = NULL;
	size_t n = 0;

	if (o->nprogs > 1) {
		fprintf(stderr, "bpfload: --test-run and --emulate run one program: give one --prog\n");
		return NULL;
	}
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct ldr_prog *p = &obj->progs[i];
		if (o->nprogs ? !strcmp(p->name, o->progs[0]) : !p->tail_map)
			found = p, n++;
	}
	if (n == 1)
		return found;
	fprintf(stderr, "bpfload: %s: %s; its programs are:", o->file, n ? "which program? give --prog NAME" : "no program matches --prog");
	for (size_t i = 0; i < obj->nprogs; i++)
		fprintf(stderr, " %s", obj->progs[i].name);
	fputc('\n', stderr);
	return NULL;
}

/* --expect: the program against the vectors of a file, in the kernel, the emulator or both. */
static int grade(struct options *o, struct ldr_object *obj, const struct ldr_load_options *lo)
{
	struct ldr_expect_options eo = {o->test_run, o->emulate, o->json, stdout, o->emu, lo};
	struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
	struct ldr_expect *x;
	struct ldr_prog *p;
	unsigned long failed = 0;
	char err[1024];
	int ret;

	if (ldr_expect_read(o->expect, &x, err, sizeof(err))) {
		fprintf(stderr, "bpfload: %s\n", err);
		return EXIT_USAGE;
	}
	if (!o->nprogs && ldr_expect_program(x)) { /* the file names the program; --prog overrides it */
		o->progs[0] = ldr_expect_program(x);
		o->nprogs = 1;
		p = program_to_run(o, obj);
		o->nprogs = 0;
	} else {
		p = program_to_run(o, obj);
	}
	if (!p) {
		ldr_expect_free(x);
		return EXIT_USAGE;
	}
	eo.emu.out = stdout;
	eo.emu.json = o->json;
	if (o->test_run)
		setrlimit(RLIMIT_MEMLOCK, &unlimited);
	ret = ldr_expect_run(x, obj, p, &eo, &failed, err, sizeof(err));
	ldr_expect_free(x);
	if (ret) {
		if (err[0])
			fprintf(stderr, "bpfload: %s\n", err);
		return ret == -EPERM ? EXIT_PRIVILEGE : ret == -EINVAL || ret == -EOPNOTSUPP ? EXIT_USAGE : EXIT_REFUSED;
	}
	return failed ? EXIT_EXPECT : 0;
}

static int run_without_attaching(struct options *o, struct ldr_object *obj)
{
	struct ldr_load_options lo = {o->verbose, o->log_level, o->strict, o->json ? stdout : NULL, o->cfg_out,
				      o->show && !strcmp(o->show, "log")};
	struct ldr_run_options ro = {o->test_run, o->emulate, o->repeat, o->json, o->maps, o->nmaps, stdout, o->emu,
				     o->emulate ? o->cfg_out : NULL};
	struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
	struct ldr_run_outcome oc;
	struct ldr_prog *p;
	char err[1024];
	int ret;

	if (o->expect)
		return grade(o, obj, &lo);
	if (!(p = program_to_run(o, obj)))
		return EXIT_USAGE;
	ro.emu.out = stdout;
	ro.emu.json = o->json;
	if (o->test_run) {
		const struct ldr_run_kind *k = ldr_run_kind(p->type);
		if (!k || !k->kernel) { /* say so before loading anything */
			ldr_run_inputs(obj, p, &o->input, &ro, &oc, err, sizeof(err));
			fprintf(stderr, "bpfload: %s\n", err);
			return EXIT_USAGE;
		}
		setrlimit(RLIMIT_MEMLOCK, &unlimited);
		ret = ldr_load(obj, &lo);
		if (ret)
			return ret == -EPERM ? EXIT_PRIVILEGE : EXIT_REFUSED;
	}
	ret = ldr_run_inputs(obj, p, &o->input, &ro, &oc, err, sizeof(err));
	if (ret) {
		if (err[0]) /* otherwise the object's log said it */
			fprintf(stderr, "bpfload: %s\n", err);
		return ret == -EPERM ? EXIT_PRIVILEGE : ret == -EINVAL || ret == -EOPNOTSUPP || ret == -ENOENT ? EXIT_USAGE : EXIT_REFUSED;
	}
	if (oc.differences) {
		fprintf(stderr, "bpfload: the kernel and the emulator disagree on %lu of %lu inputs%s\n", oc.differences, oc.inputs,
			"");
		return EXIT_DIFFERENT;
	}
	return oc.stopped ? EXIT_REFUSED : 0;
}

/* --show: each loaded program as the kernel holds it, on standard output. */
static int show_programs(const struct options *o, const struct ldr_object *obj)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (ldr_show(&obj->progs[i], o->show, stdout))
			return -1;
	fflush(stdout);
	return 0;
}

/* --verify: load every selected program (and the maps they use), say what the verifier
 * made of each, unload. */
static int verify(struct options *o, struct ldr_object *obj)
{
	struct ldr_load_options lo = {o->verbose, o->log_level, o->strict, o->json ? stdout : NULL, o->cfg_out,
				      o->show && !strcmp(o->show, "log")};
	struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
	int err;

	setrlimit(RLIMIT_MEMLOCK, &unlimited);
	err = ldr_load(obj, &lo);
	if (err)
		return err == -EPERM ? EXIT_PRIVILEGE : EXIT_REFUSED;
	if (o->show && show_programs(o, obj)) {
		ldr_unload(obj);
		return EXIT_REFUSED;
	}
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct ldr_prog *p = &obj->progs[i];
		uint32_t walked = 0;
		ldr_sys_prog_verified_insns(p->fd, &walked);
		if (o->json) {
			fputs("{\"accepted\": {\"program\": ", stdout);
			ldr_json_string(stdout, p->name, strlen(p->name));
			printf(", \"type\": \"%s\", \"insns\": %u, \"verified_insns\": %u}}\n", ldr_prog_type_name(p->type),
			       p->ninsns, walked);
		} else
			printf("%s: program '%s' (%s, section %s): accepted, %u instructions, %u walked by the verifier%s\n",
			       o->file, p->name, ldr_prog_type_name(p->type), p->sec_name, p->ninsns, walked,
			       o->strict ? " (--strict)" : "");
	}
	ldr_unload(obj);
	return 0;
}

/* A stopping signal that came while bpfload was `doing` (attaching, pinning),
 * blocked until that step was done: said, and true; bpfload then ends as after Ctrl-C
 * (what is attached detached, the object unloaded), before any --run command starts. */
static bool stopped_while(const char *doing)
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	sigset_t pending;

	if (sigpending(&pending))
		return false;
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		if (sigismember(&pending, stops[i])) {
			fprintf(stderr, "bpfload: SIG%s came while %s: stopping%s\n", sigabbrev_np(stops[i]), doing,
				!strcmp(doing, "pinning") ? " (the pins stay: remove them to unload)" : "");
			return true;
		}
	return false;
}

static int run(struct options *o)
{
	struct session s = {.opt = o, .sfd = -1, .trace_fd = -1, .trace_at_bol = true};
	struct ldr_load_options lo = {o->verbose, o->log_level, o->strict, o->json ? stdout : NULL, o->cfg_out,
				      o->show && !strcmp(o->show, "log")};
	struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
	sigset_t mask, orig;
	int status = 0, err;

	err = ldr_object_open(o->file, NULL, &s.obj); /* messages to standard error */
	if (err) {
		size_t n = strlen(o->file);
		if (!s.obj)
			fprintf(stderr, "bpfload: %s: %s\n", o->file, strerror(-err));
		if (n > 2 && !strcmp(o->file + n - 2, ".s")) /* the source, not the object */
			fprintf(stderr, "  this looks like assembly source: assemble it first, `bpfas %s -o %.*s.bo`\n",
				o->file, (int)(n - 2), o->file);
		ldr_object_close(s.obj);
		return EXIT_USAGE;
	}
	s.obj->core_btf = o->core_btf;
	if (o->list) {
		list_object(s.obj);
		ldr_object_close(s.obj);
		return 0;
	}
	if (!s.obj->nprogs && (!s.obj->nmaps || o->test_run || o->emulate || o->verify)) {
		fprintf(stderr, "bpfload: %s: no program bpfload can load%s\n", o->file,
			s.obj->nskipped ? " (the code sections above are of types it does not know)" : "");
		ldr_object_close(s.obj);
		return EXIT_USAGE;
	}
	if (o->test_run || o->emulate) {
		status = run_without_attaching(o, s.obj);
		ldr_object_close(s.obj);
		return status;
	}
	/* leave out unselected programs; check what attaching will need before loading */
	if (ldr_object_select(s.obj, o->progs, o->nprogs)) {
		fprintf(stderr, "bpfload: %s: no program matches --prog\n", o->file);
		ldr_object_close(s.obj);
		return EXIT_USAGE;
	}
	if (o->verify) {
		status = verify(o, s.obj);
		ldr_object_close(s.obj);
		return status;
	}
	for (size_t i = 0, nxdp = 0; i < s.obj->nprogs && !o->load_only; i++) {
		struct ldr_prog *p = &s.obj->progs[i];
		if ((p->attach == LDR_ATTACH_SOCKET || p->attach == LDR_ATTACH_XDP || p->attach == LDR_ATTACH_TCX) &&
		    !o->attach && !p->tail_map) {
			fprintf(stderr, "bpfload: program '%s' is a %s program: say which network interface with --attach IFACE (for example --attach lo)\n",
				p->name, ldr_prog_type_name(p->type));
			ldr_object_close(s.obj);
			return EXIT_USAGE;
		}
		if (p->attach == LDR_ATTACH_CGROUP && !o->cgroup && !p->tail_map) {
			fprintf(stderr, "bpfload: program '%s' is a %s program: say which cgroup with --cgroup PATH (for example --cgroup /sys/fs/cgroup)\n",
				p->name, ldr_prog_type_name(p->type));
			ldr_object_close(s.obj);
			return EXIT_USAGE;
		}
		if (p->attach == LDR_ATTACH_XDP && !p->tail_map && ++nxdp == 2) { /* one XDP program per interface */
			fprintf(stderr, "bpfload: %s has several XDP programs, and an interface takes one: choose with --prog NAME (", o->file);
			for (size_t k = 0, n = 0; k < s.obj->nprogs; k++)
				if (s.obj->progs[k].attach == LDR_ATTACH_XDP && !s.obj->progs[k].tail_map)
					fprintf(stderr, "%s%s", n++ ? ", " : "", s.obj->progs[k].name);
			fprintf(stderr, ")\n");
			ldr_object_close(s.obj);
			return EXIT_USAGE;
		}
		if (attach_words[p->attach].onto && o->attach) {
			fprintf(stderr, "bpfload: program '%s' attaches to %s%s%s, not to a network interface: drop --attach %s\n",
				p->name, attach_words[p->attach].onto, p->target ? " " : "", p->target ? p->target : "", o->attach);
			ldr_object_close(s.obj);
			return EXIT_USAGE;
		}
	}
	for (size_t k = 0; k < o->nmaps; k++) {
		bool found = false;
		for (size_t i = 0; i < s.obj->nmaps && !found; i++)
			found = !strcmp(s.obj->maps[i].name, o->maps[k]);
		if (!found) {
			fprintf(stderr, "bpfload: %s has no map '%s'; its maps are:", o->file, o->maps[k]);
			for (size_t i = 0; i < s.obj->nmaps; i++)
				fprintf(stderr, " %s", s.obj->maps[i].name);
			fputc('\n', stderr);
			ldr_object_close(s.obj);
			return EXIT_USAGE;
		}
	}
	/* While loading, a signal ends bpfload at once: what it loaded is held by descriptors
	 * only, which the kernel closes (and a long load stays interruptible). */
	setrlimit(RLIMIT_MEMLOCK, &unlimited); /* kernels before 5.11 charge BPF memory to it */
	err = ldr_load(s.obj, &lo);
	if (err) {
		ldr_object_close(s.obj); /* which unloads what did load */
		return err == -EPERM || err == -ENOSYS ? EXIT_PRIVILEGE : EXIT_REFUSED;
	}
	/* From here every signal that would end bpfload ends it as Ctrl-C does: detached,
	 * unloaded; SIGPIPE (standard output piped into `head`) also stops the printing.
	 * Blocked, so that one arriving while attaching or pinning stops bpfload after that
	 * step and not in the middle of it (with half the pins made, say). */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGPIPE);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &orig);
	if (o->show && show_programs(o, s.obj)) {
		ldr_object_close(s.obj);
		return EXIT_REFUSED;
	}
	s.att = calloc(s.obj->nprogs, sizeof(*s.att));
	for (size_t i = 0; s.att && i < s.obj->nprogs && !o->load_only; i++) {
		const struct ldr_prog *p = &s.obj->progs[i];
		if (p->tail_map) {
			if (o->verbose || !o->json)
				fprintf(stderr, "bpfload: '%s' is in slot %u of program array '%s': entered by tail calls, not attached\n",
					p->name, p->tail_slot, p->tail_map);
			continue;
		}
		if (p->attach == LDR_ATTACH_NONE) { /* loaded; nothing asked for more */
			fprintf(stderr, "bpfload: program '%s' (%s) is loaded; bpfload does not attach a %s program\n", p->name,
				p->sec_name, ldr_prog_type_name(p->type));
			continue;
		}
		err = ldr_attach(&s.obj->progs[i], &(struct ldr_attach_target){o->attach, o->cgroup, o->freq, o->uprobe}, &s.att[s.natt], &s.obj->log);
		if (err) {
			finish(&s);
			free(s.att);
			ldr_object_close(s.obj);
			return err == -EPERM || err == -ENOSYS ? EXIT_PRIVILEGE : err == -ENODEV || err == -ENOENT ? EXIT_USAGE : EXIT_REFUSED;
		}
		if (o->verbose || !o->json)
			fprintf(stderr, "bpfload: attached %s\n", s.att[s.natt].what);
		if (stopped_while("attaching")) {
			s.natt++;
			finish(&s);
			free(s.att);
			ldr_object_close(s.obj);
			return 0;
		}
		if (p->attach == LDR_ATTACH_ITER) { /* its output now, before the maps' */
			if (ldr_iter_read(&s.att[s.natt], stdout, &s.obj->log))
				status = EXIT_REFUSED;
			fflush(stdout);
		}
		s.natt++;
	}
	for (size_t i = 0; s.att && i < s.obj->nmaps && !o->load_only && !status; i++) {
		struct ldr_map *m = &s.obj->maps[i];
		if (m->kind != LDR_MAP_STRUCT_OPS)
			continue;
		if (ldr_struct_ops_register(s.obj, m))
			status = EXIT_REFUSED;
		else if (o->verbose || !o->json)
			fprintf(stderr, "bpfload: registered struct_ops '%s'\n", m->name);
	}
	if (o->pin && ldr_pin(s.obj, o->pin))
		status = EXIT_REFUSED;
	if (!status && !o->load_only && stopped_while(o->pin ? "pinning" : "attaching")) {
		finish(&s);
		free(s.att);
		ldr_object_close(s.obj);
		return 0;
	}
	if (o->load_only) { /* loaded and verified (and pinned): that was all */
		for (size_t i = 0; i < s.obj->nprogs; i++)
			if (o->verbose || !o->json)
				fprintf(stderr, "bpfload: loaded %s program '%s' (%s)\n", ldr_prog_type_name(s.obj->progs[i].type),
					s.obj->progs[i].name, s.obj->progs[i].sec_name);
		if ((o->verbose || !o->json) && o->pin && !status)
			fprintf(stderr, "bpfload: %zu program%s and %zu map%s loaded and pinned under %s: they stay in the kernel "
				"until the pins are removed (rm -r %s)\n", s.obj->nprogs, s.obj->nprogs == 1 ? "" : "s", s.obj->nmaps,
				s.obj->nmaps == 1 ? "" : "s", o->pin, o->pin);
		else if (o->verbose || !o->json)
			fprintf(stderr, "bpfload: %zu program%s and %zu map%s loaded; --load-only: unloaded again\n", s.obj->nprogs,
				s.obj->nprogs == 1 ? "" : "s", s.obj->nmaps, s.obj->nmaps == 1 ? "" : "s");
		finish(&s);
		free(s.att);
		ldr_object_close(s.obj);
		return status;
	}
	if (o->trace && (s.trace_fd = open_trace_pipe()) < 0)
		status = EXIT_PRIVILEGE;
	if (!status) {
		s.sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
		s.start = now();
		watch(&s, &orig);
		print_maps(&s, true);
	}
	finish(&s);
	if (s.sfd >= 0)
		close(s.sfd);
	free(s.att);
	ldr_object_close(s.obj);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	int status;

	if (parse_args(argc, argv, &o)) {
		free(o.progs);
		free(o.maps);
		free(o.ctx_set);
		return EXIT_USAGE;
	}
	if (o.syscalls)
		ldr_sys_trace(stderr);
	status = o.probe ? probe() : run(&o);
	ldr_sys_trace_summary();
	free(o.progs);
	free(o.maps);
	free(o.ctx_set);
	return status;
}
