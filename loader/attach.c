/* attach.c: the attach points bpfload knows. */
#include "attach.h"

/* the kernel's ENOTSUPP (524), which user space headers do not name */
#define ENOTSUPP_LDR 524

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <gelf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "log.h"
#include "names.h"
#include "sys.h"
#include "tracefs.h"

/* The interface's index, or 0 with the reason said: no such interface, or the lookup
 * itself failed (it needs a socket, which a descriptor limit can refuse; glibc's
 * if_nametoindex leaves no reliable errno then, so the ioctl is made here). */
static unsigned iface_index(const char *iface, const struct ldr_log *log)
{
	struct ifreq ifr;
	int fd, e = 0;

	memset(&ifr, 0, sizeof(ifr));
	if (strlen(iface) < sizeof(ifr.ifr_name)) {
		memcpy(ifr.ifr_name, iface, strlen(iface));
		if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
			e = errno;
		else {
			if (ioctl(fd, SIOCGIFINDEX, &ifr) == 0 && ifr.ifr_ifindex > 0) {
				close(fd);
				return (unsigned)ifr.ifr_ifindex;
			}
			e = errno;
			close(fd);
		}
	}
	if (e && e != ENODEV && e != ENXIO)
		ldr_logf(log, LDR_WARN, "cannot look up network interface '%s': %s%s\n", iface, strerror(e), ldr_fd_hint(-e));
	else
		ldr_logf(log, LDR_WARN, "there is no network interface '%s' (`ip link` lists them)\n", iface);
	return 0;
}

static int attach_socket(const struct ldr_prog *p, const char *iface, struct ldr_attachment *a, const struct ldr_log *log)
{
	struct sockaddr_ll sll;
	unsigned ifindex = iface_index(iface, log);
	int fd, err, rcvbuf = 1; /* the filter decides; nothing needs queueing for us */

	if (!ifindex)
		return -ENODEV;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (fd < 0) {
		err = -errno;
		ldr_logf(log, LDR_WARN, "cannot open a raw packet socket: %s%s\n", strerror(errno),
			err == -EPERM ? " (it needs root or CAP_NET_RAW)" : "");
		return err;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)ifindex;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if ((bind(fd, (struct sockaddr *)&sll, sizeof(sll)) && (err = -errno)) || (err = ldr_sys_socket_attach(fd, p->fd))) {
		ldr_logf(log, LDR_WARN, "cannot attach '%s' to a packet socket on %s: %s\n", p->name, iface, strerror(-err));
		close(fd);
		return err;
	}
	a->fd = fd;
	snprintf(a->what, sizeof(a->what), "socket filter '%s' on %s", p->name, iface);
	return 0;
}

static int attach_xdp(const struct ldr_prog *p, const char *iface, struct ldr_attachment *a, const struct ldr_log *log)
{
	unsigned ifindex = iface_index(iface, log);
	int fd;

	if (!ifindex)
		return -ENODEV;
	fd = ldr_sys_link_create(p->fd, (int)ifindex, BPF_XDP);
	if (fd < 0) {
		ldr_logf(log, LDR_WARN, "cannot attach XDP program '%s' to %s: %s%s\n", p->name, iface, strerror(-fd),
			fd == -EBUSY ? " (another XDP program is attached there)" : "");
		return fd;
	}
	a->fd = fd;
	snprintf(a->what, sizeof(a->what), "XDP program '%s' on %s", p->name, iface);
	return 0;
}

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif

const char *ldr_tracefs(const struct ldr_log *log)
{
	static const char *const paths[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};
	struct stat st;

	for (size_t i = 0; i < 2; i++) {
		char probe[64];
		snprintf(probe, sizeof(probe), "%s/events", paths[i]);
		if (stat(probe, &st) == 0)
			return paths[i];
	}
	if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0)
		return paths[0];
	ldr_logf(log, LDR_WARN, "tracefs is not mounted and mounting it failed (%s): mount -t tracefs tracefs /sys/kernel/tracing\n",
		strerror(errno));
	return NULL;
}

/* Up to three names in DIR nearest to WORD, for "did you mean". */
static void nearest_entries(const char *dir, const char *word, char *out, size_t len)
{
	struct { char name[128]; unsigned d; } best[3] = {{"", ~0u}, {"", ~0u}, {"", ~0u}};
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t used = 0;

	out[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d))) {
		unsigned dist;
		if (e->d_name[0] == '.')
			continue;
		dist = names_distance(word, e->d_name);
		for (int i = 0; i < 3; i++) {
			if (dist < best[i].d) {
				memmove(&best[i + 1], &best[i], (size_t)(2 - i) * sizeof(best[0]));
				snprintf(best[i].name, sizeof(best[i].name), "%.127s", e->d_name);
				best[i].d = dist;
				break;
			}
		}
	}
	closedir(d);
	for (int i = 0; i < 3 && best[i].name[0] && best[i].d <= strlen(word) / 2 + 2; i++)
		used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%s", used ? ", " : "", best[i].name);
}

static void unknown_event(const char *tfs, const char *target, const char *path, const struct ldr_log *log)
{
	char cat[256], dir[600], near[512];
	const char *slash = strchr(target, '/');
	struct stat st;

	snprintf(cat, sizeof(cat), "%.*s", slash ? (int)(slash - target) : (int)strlen(target), target);
	snprintf(dir, sizeof(dir), "%s/events/%s", tfs, cat);
	if (stat(dir, &st) == 0 && slash) {
		nearest_entries(dir, slash + 1, near, sizeof(near));
		ldr_logf(log, LDR_WARN, "no tracepoint %s: %s does not exist\n", target, path);
		if (*near)
			ldr_logc(log, "  nearest events in %s: %s\n", cat, near);
	} else {
		snprintf(dir, sizeof(dir), "%s/events", tfs);
		nearest_entries(dir, cat, near, sizeof(near));
		ldr_logf(log, LDR_WARN, "no tracepoint %s: there is no category %s (%s does not exist)\n", target, cat, path);
		if (*near)
			ldr_logc(log, "  nearest categories: %s\n", near);
	}
}

/* The first line of a small kernel file (a tracepoint's id, a PMU's type or format) into
 * buf; false when it cannot be read. */
static bool read_small(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* An unsigned number from such a file, or -1. */
static long file_number(const char *path)
{
	char buf[32];

	return read_small(path, buf, sizeof(buf)) ? strtol(buf, NULL, 10) : -1;
}

/* The furthest byte of its context a program reads, following the registers that hold the
 * context in slot order (r1 at the start, copies of it; a call or another write ends one):
 * the byte's offset past the end, and the instruction; -1 when no read is seen. */
static long furthest_ctx_read(const struct ldr_prog *p, uint32_t *insn)
{
	unsigned ctx = 1u << 1;
	long furthest = -1;

	for (uint32_t i = 0; i < p->ninsns; i++) {
		const struct bpf_insn *in = &p->insns[i];
		uint8_t cls = BPF_CLASS(in->code);
		if (cls == BPF_LDX && (ctx >> in->src_reg & 1)) {
			long end = (long)in->off + (BPF_SIZE(in->code) == BPF_DW ? 8 : BPF_SIZE(in->code) == BPF_W ? 4
						    : BPF_SIZE(in->code) == BPF_H ? 2 : 1);
			if (end > furthest)
				furthest = end, *insn = i;
		}
		if (in->code == (BPF_JMP | BPF_CALL))
			ctx &= ~0x3fu; /* r0-r5 */
		else if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && !in->off)
			ctx = (ctx & ~(1u << in->dst_reg)) | ((ctx >> in->src_reg & 1) << in->dst_reg);
		else if (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX || cls == BPF_LD)
			ctx &= ~(1u << in->dst_reg);
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
	return furthest;
}

/* The kernel refuses (EACCES) a tracepoint program that reads past the event's record:
 * say so with the record's size and the read that goes past it. */
static void explain_tracepoint_refusal(const struct ldr_prog *p, const struct ldr_log *log)
{
	const char *dirs[] = TP_DEFAULT_DIRS(NULL);
	struct tp_format f;
	char tried[512];
	uint32_t insn = 0;
	long end = furthest_ctx_read(p, &insn);
	const struct bpf_line_info *li;

	if (tp_format_read(dirs, 3, p->target, &f, tried, sizeof(tried)))
		return;
	if (end > (long)f.size) {
		char at[300] = "";
		if ((li = ldr_prog_line(p, insn)))
			snprintf(at, sizeof(at), " (%s:%u)", ldr_btf_str(p->obj, li->file_name_off), li->line_col >> 10);
		ldr_logc(log, "  the kernel refuses a tracepoint program that reads past the event's record: %s's record is %u bytes,\n"
			 "  and instruction %u%s reads up to byte %ld (bpfas --describe %s lists the fields)\n",
			 p->target, f.size, insn, at, end, p->target);
	} else
		ldr_logc(log, "  a tracepoint program is refused when it reads past the event's record (%u bytes for %s)\n", f.size,
			 p->target);
	tp_format_free(&f);
}

/* Open the perf event `attr` for every process (pid -1, cpu 0: one event is enough, the
 * program hangs off the tracepoint or probe itself and runs on every CPU), set the
 * program on it and enable it. `hint` follows a failure to open with ENOENT or EINVAL. */
static int perf_attach(const struct ldr_prog *p, struct perf_event_attr *attr, const char *kind, const char *hint,
		       struct ldr_attachment *a, const struct ldr_log *log)
{
	int fd, err;

	attr->size = sizeof(*attr);
	attr->sample_period = 1;
	attr->wakeup_events = 1;
	fd = ldr_sys_perf_event_open(attr, -1, 0);
	if (fd < 0) {
		err = fd;
		ldr_logf(log, LDR_WARN, "perf_event_open for %s %s failed: %s\n", kind, p->target, strerror(-err));
		if (hint && (err == -ENOENT || err == -EINVAL))
			ldr_logc(log, "  %s\n", hint);
		return err;
	}
	if ((err = ldr_sys_perf_set_bpf(fd, p->fd)) || (err = ldr_sys_perf_enable(fd))) {
		ldr_logf(log, LDR_WARN, "cannot attach '%s' to %s %s: %s\n", p->name, kind, p->target, strerror(-err));
		if (err == -EACCES && p->attach == LDR_ATTACH_TRACEPOINT)
			explain_tracepoint_refusal(p, log);
		close(fd);
		return err;
	}
	a->fd = fd;
	snprintf(a->what, sizeof(a->what), "%s program '%s' on %s", kind, p->name, p->target);
	return 0;
}

static int attach_tracepoint(const struct ldr_prog *p, struct ldr_attachment *a, const struct ldr_log *log)
{
	const char *tfs = ldr_tracefs(log);
	char path[512];
	struct perf_event_attr attr = {.type = PERF_TYPE_TRACEPOINT};
	long id;

	if (!tfs)
		return -ENOENT;
	if (!p->target || !strchr(p->target, '/')) {
		ldr_logf(log, LDR_WARN, "section '%s' names no CATEGORY/EVENT\n", p->sec_name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/events/%s/id", tfs, p->target);
	errno = 0;
	if ((id = file_number(path)) < 0) {
		int e = errno;
		if (e && e != ENOENT && e != ENOTDIR) { /* there may well be such an event */
			ldr_logf(log, LDR_WARN, "cannot read %s: %s%s\n", path, strerror(e), ldr_fd_hint(-e));
			return -e;
		}
		unknown_event(tfs, p->target, path, log);
		return -ENOENT;
	}
	attr.config = (uint64_t)id;
	return perf_attach(p, &attr, "tracepoint", NULL, a, log);
}

/* The file offset of function FUNC in ELF file PATH (its symbol's address made an offset
 * through the section that holds it), for a uprobe; 0 and a message when there is none. */
static int elf_function_offset(const char *path, const char *func, uint64_t *off, const struct ldr_log *log)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), found = 0;
	Elf *e;
	Elf_Scn *scn = NULL;

	if (fd < 0) {
		ldr_logf(log, LDR_WARN, "cannot open %s for a uprobe: %s\n", path, strerror(errno));
		return -ENOENT;
	}
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	while (e && !found && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && !found && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			GElf_Shdr ts;
			const char *name;
			if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF)
				continue;
			name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (!name || strcmp(name, func) || !gelf_getshdr(elf_getscn(e, sym.st_shndx), &ts))
				continue;
			*off = sym.st_value - ts.sh_addr + ts.sh_offset;
			found = 1;
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	if (!found) {
		ldr_logf(log, LDR_WARN, "%s has no function '%s' in its symbol tables\n", path, func);
		return -ENOENT;
	}
	return 0;
}

/* kprobe/FUNC[+OFF], kretprobe/FUNC, uprobe/PATH:FUNC[+OFF], uretprobe/PATH:FUNC: a perf
 * event of the kprobe or uprobe PMU (the probe lives as long as the event), with the
 * program set on it as on a tracepoint's. */
static int attach_probe(const struct ldr_prog *p, bool user, bool ret, struct ldr_attachment *a, const struct ldr_log *log)
{
	const char *pmu = user ? "uprobe" : "kprobe";
	const char *kind = user ? (ret ? "uretprobe" : "uprobe") : (ret ? "kretprobe" : "kprobe");
	char spec[512], path[600], *func = spec, *plus, *colon;
	unsigned long long off = 0;
	struct perf_event_attr attr;
	long type, bit = 0;
	int err;

	if (!p->target || !*p->target) {
		ldr_logf(log, LDR_WARN, "section '%s' names no function: write %s/%s\n", p->sec_name, kind,
			user ? "PATH:FUNCTION" : "FUNCTION");
		return -EINVAL;
	}
	snprintf(spec, sizeof(spec), "%s", p->target);
	if ((plus = strrchr(spec, '+'))) {
		*plus = '\0';
		off = strtoull(plus + 1, NULL, 0);
	}
	if (user) {
		uint64_t foff;
		if (!(colon = strrchr(spec, ':')) || colon == spec || !colon[1]) {
			ldr_logf(log, LDR_WARN, "section '%s': write %s/PATH:FUNCTION (an absolute path to the binary)\n",
				p->sec_name, kind);
			return -EINVAL;
		}
		*colon = '\0';
		func = colon + 1;
		err = elf_function_offset(spec, func, &foff, log);
		if (err)
			return err;
		off += foff;
	}
	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", pmu);
	type = file_number(path);
	if (type < 0) {
		ldr_logf(log, LDR_WARN, "this kernel has no %s PMU (/sys/bus/event_source/devices/%s): it needs %s\n", pmu, pmu,
			user ? "CONFIG_UPROBE_EVENTS" : "CONFIG_KPROBES and CONFIG_KPROBE_EVENTS");
		return -ENOSYS;
	}
	if (ret) { /* format/retprobe reads "config:N" */
		char buf[32];
		snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
		if (!read_small(path, buf, sizeof(buf)) || strncmp(buf, "config:", 7)) {
			ldr_logf(log, LDR_WARN, "this kernel's %s PMU has no retprobe bit\n", pmu);
			return -ENOSYS;
		}
		bit = strtol(buf + 7, NULL, 10);
	}
	memset(&attr, 0, sizeof(attr));
	attr.type = (uint32_t)type;
	attr.config = ret ? 1ull << bit : 0;
	attr.config1 = (uint64_t)(uintptr_t)(user ? spec : func); /* kprobe_func, or uprobe_path */
	attr.config2 = off;                                         /* probe_offset */
	return perf_attach(p, &attr, kind,
			   user ? NULL : "is it a kernel function that can be probed, and the offset inside it? "
					 "/sys/kernel/tracing/available_filter_functions lists them",
			   a, log);
}

/* tc programs through a tcx link (kernel 6.6): ingress unless the section says egress */
static int attach_tcx(const struct ldr_prog *p, const char *iface, struct ldr_attachment *a, const struct ldr_log *log)
{
	unsigned ifindex = iface_index(iface, log);
	bool egress = p->expected_attach_type == BO_TCX_EGRESS;
	int fd;

	if (!ifindex)
		return -ENODEV;
	fd = ldr_sys_link_create(p->fd, (int)ifindex, egress ? BO_TCX_EGRESS : BO_TCX_INGRESS);
	if (fd < 0) {
		ldr_logf(log, LDR_WARN, "cannot attach tc program '%s' to %s %s through tcx: %s%s\n", p->name, iface,
			 egress ? "egress" : "ingress", strerror(-fd),
			 fd == -EINVAL ? " (tcx links need Linux 6.6)" : "");
		return fd;
	}
	a->fd = fd;
	snprintf(a->what, sizeof(a->what), "tc program '%s' on %s %s (tcx)", p->name, iface, egress ? "egress" : "ingress");
	return 0;
}

/* cgroup programs through a cgroup link, of the attach type the section gives */
static int attach_cgroup(const struct ldr_prog *p, const char *path, struct ldr_attachment *a, const struct ldr_log *log)
{
	int cg = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd;

	if (cg < 0) {
		fd = -errno;
		ldr_logf(log, LDR_WARN, "cannot open the cgroup %s: %s (a folder of the cgroup2 file system, such as "
			 "/sys/fs/cgroup or one made in it with mkdir)\n", path, strerror(errno));
		return fd == -ENOENT ? -ENOENT : fd;
	}
	fd = ldr_sys_link_create(p->fd, cg, p->expected_attach_type);
	close(cg);
	if (fd < 0) {
		ldr_logf(log, LDR_WARN, "cannot attach %s program '%s' to the cgroup %s: %s%s\n", ldr_prog_type_name(p->type),
			 p->name, path, strerror(-fd), fd == -EBADF ? " (is it a cgroup2 folder?)" : "");
		return fd;
	}
	a->fd = fd;
	snprintf(a->what, sizeof(a->what), "%s program '%s' on the cgroup %s", ldr_prog_type_name(p->type), p->name, path);
	return 0;
}

/* the programs loaded against a kernel function or hook (its BTF id given at load): the
 * kernel knows where they go */
static int attach_tracing(const struct ldr_prog *p, struct ldr_attachment *a, const struct ldr_log *log)
{
	int fd = ldr_sys_raw_tracepoint_open(NULL, p->fd);

	if (fd < 0) {
		ldr_logf(log, LDR_WARN, "cannot attach %s program '%s' to %s%s: %s%s\n", ldr_prog_type_name(p->type), p->name,
			 p->btf_prefix ? p->btf_prefix : "", p->target ? p->target : "?", strerror(-fd),
			 fd == -EPERM || fd == -ENOTSUPP_LDR ? " (this kernel does not allow this attach point; "
			 "bpftool fails the same way)" : "");
		return fd == -ENOTSUPP_LDR ? -ENOSYS : fd;
	}
	a->fd = fd;
	snprintf(a->what, sizeof(a->what), "%s program '%s' on %s", ldr_prog_type_name(p->type), p->name,
		 p->target ? p->target : "?");
	return 0;
}

/* perf_event programs: a sampling software event (cpu-clock, freq samples a second) on
 * every CPU, each with the program set on it; one attachment holds them all. */
static int attach_perf(const struct ldr_prog *p, unsigned freq, struct ldr_attachment *a, const struct ldr_log *log)
{
	int ncpu = get_nprocs_conf(), err = 0, opened = 0;
	int *fds = calloc((size_t)ncpu, sizeof(*fds));

	if (!fds)
		return -ENOMEM;
	for (int cpu = 0; cpu < ncpu; cpu++) {
		struct perf_event_attr attr = {.type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
					       .config = PERF_COUNT_SW_CPU_CLOCK, .freq = 1,
					       .sample_freq = freq ? freq : 99};
		int fd = ldr_sys_perf_event_open(&attr, -1, cpu);
		if (fd < 0) {
			if (fd == -ENODEV || fd == -ENXIO) /* an offline CPU */
				continue;
			err = fd;
			ldr_logf(log, LDR_WARN, "perf_event_open for a cpu-clock sampling event on CPU %d failed: %s\n", cpu,
				 strerror(-err));
			break;
		}
		fds[opened++] = fd;
		if ((err = ldr_sys_perf_set_bpf(fd, p->fd)) || (err = ldr_sys_perf_enable(fd))) {
			ldr_logf(log, LDR_WARN, "cannot attach '%s' to the sampling event on CPU %d: %s\n", p->name, cpu,
				 strerror(-err));
			break;
		}
	}
	if (err || !opened) {
		for (int i = 0; i < opened; i++)
			close(fds[i]);
		free(fds);
		return err ? err : -ENODEV;
	}
	a->fd = fds[0];
	a->more = fds + 1; /* freed through fds: more - 1 */
	a->nmore = opened - 1;
	snprintf(a->what, sizeof(a->what), "perf_event program '%s' on a %u Hz cpu-clock sampling event on each of %d CPUs",
		 p->name, freq ? freq : 99, opened);
	return 0;
}

/* ksyscall/NAME: the kernel function of system call NAME on this machine (its symbol has
 * an architecture prefix, __x64_sys_NAME on x86-64), from /proc/kallsyms. */
static int syscall_function(const char *name, char *out, size_t len)
{
	static const char *const prefixes[] = {"__x64_sys_", "__arm64_sys_", "__riscv_sys_", "__s390x_sys_", "__se_sys_",
					       "sys_"};
	enum { NPREFIX = sizeof(prefixes) / sizeof(prefixes[0]) };
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], sym[256];
	size_t n = strlen(name);
	int best = NPREFIX;

	if (f) {
		while (fgets(line, sizeof(line), f) && best) {
			if (sscanf(line, "%*s %*s %255s", sym) != 1)
				continue;
			for (int i = 0; i < best; i++) {
				size_t k = strlen(prefixes[i]);
				if (!strncmp(sym, prefixes[i], k) && strlen(sym) == k + n && !strcmp(sym + k, name))
					best = i;
			}
		}
		fclose(f);
	}
	/* not found: the x86-64 name, for the message */
	snprintf(out, len, "%s%.200s", prefixes[best < NPREFIX ? best : 0], name);
	return best < NPREFIX ? 0 : -ENOENT;
}

int ldr_attach(const struct ldr_prog *p, const struct ldr_attach_target *t, struct ldr_attachment *a,
	       const struct ldr_log *log)
{
	const char *iface = t ? t->iface : NULL;
	struct ldr_prog q;
	char spec[600];
	int fd;

	a->fd = -1;
	a->more = NULL;
	a->nmore = 0;
	a->prog = p;
	switch (p->attach) {
	case LDR_ATTACH_PERF:
		return attach_perf(p, t ? t->freq : 0, a, log);
	case LDR_ATTACH_NETNS: { /* sk_lookup, flow_dissector: the namespace bpfload runs in */
		int ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (ns < 0) {
			fd = -errno;
			ldr_logf(log, LDR_WARN, "cannot open this network namespace (/proc/self/ns/net): %s\n", strerror(errno));
			return fd;
		}
		fd = ldr_sys_link_create(p->fd, ns, p->expected_attach_type);
		close(ns);
		if (fd < 0) {
			ldr_logf(log, LDR_WARN, "cannot attach %s program '%s' to this network namespace: %s\n",
				 ldr_prog_type_name(p->type), p->name, strerror(-fd));
			return fd;
		}
		a->fd = fd;
		snprintf(a->what, sizeof(a->what), "%s program '%s' on this network namespace", ldr_prog_type_name(p->type),
			 p->name);
		return 0;
	}
	case LDR_ATTACH_STRUCT_OPS: /* registered with its map (bpfload.c, ldr_struct_ops_register) */
		snprintf(a->what, sizeof(a->what), "struct_ops program '%s' as %s of '%s'", p->name,
			 p->ops_member ? p->ops_member : "?", p->ops_map >= 0 ? p->obj->maps[p->ops_map].name : "?");
		return 0;
	case LDR_ATTACH_ITER:
		if ((fd = ldr_sys_link_create(p->fd, 0, BPF_TRACE_ITER)) < 0) {
			ldr_logf(log, LDR_WARN, "cannot make an iterator link for '%s' (%s): %s\n", p->name, p->sec_name, strerror(-fd));
			return fd;
		}
		a->fd = fd;
		snprintf(a->what, sizeof(a->what), "iterator program '%s' over %s", p->name, p->target ? p->target : "?");
		return 0;
	case LDR_ATTACH_KSYSCALL:
	case LDR_ATTACH_KRETSYSCALL:
		q = *p;
		if (!p->target || !*p->target) {
			ldr_logf(log, LDR_WARN, "section '%s' names no system call: write ksyscall/NAME\n", p->sec_name);
			return -EINVAL;
		}
		syscall_function(p->target, spec, sizeof(spec));
		q.target = spec;
		fd = attach_probe(&q, false, p->attach == LDR_ATTACH_KRETSYSCALL, a, log);
		a->prog = p;
		return fd;
	case LDR_ATTACH_UPROBE:
	case LDR_ATTACH_URETPROBE:
		if ((!p->target || !strchr(p->target, ':')) && t && t->uprobe) { /* the binary from --uprobe */
			q = *p;
			if (strchr(t->uprobe, ':'))
				snprintf(spec, sizeof(spec), "%.500s", t->uprobe);
			else
				snprintf(spec, sizeof(spec), "%.400s:%.190s", t->uprobe, p->target ? p->target : "");
			q.target = spec;
			fd = attach_probe(&q, true, p->attach == LDR_ATTACH_URETPROBE, a, log);
			a->prog = p;
			return fd;
		}
		return attach_probe(p, true, p->attach == LDR_ATTACH_URETPROBE, a, log);
	case LDR_ATTACH_TCX:
		return attach_tcx(p, iface, a, log);
	case LDR_ATTACH_CGROUP:
		return attach_cgroup(p, t ? t->cgroup : NULL, a, log);
	case LDR_ATTACH_TRACING:
		return attach_tracing(p, a, log);
	case LDR_ATTACH_KINDS:
		break;
	case LDR_ATTACH_SOCKET:
		return attach_socket(p, iface, a, log);
	case LDR_ATTACH_XDP:
		return attach_xdp(p, iface, a, log);
	case LDR_ATTACH_TRACEPOINT:
		return attach_tracepoint(p, a, log);
	case LDR_ATTACH_KPROBE:
	case LDR_ATTACH_KRETPROBE:
		return attach_probe(p, false, p->attach == LDR_ATTACH_KRETPROBE, a, log);
	case LDR_ATTACH_RAW_TRACEPOINT:
		fd = ldr_sys_raw_tracepoint_open(p->target ? p->target : "", p->fd);
		if (fd < 0) {
			ldr_logf(log, LDR_WARN, "cannot attach '%s' to raw tracepoint %s: %s\n", p->name, p->target ? p->target : "?",
				strerror(-fd));
			return fd;
		}
		a->fd = fd;
		snprintf(a->what, sizeof(a->what), "raw tracepoint program '%s' on %s", p->name, p->target);
		return 0;
	case LDR_ATTACH_NONE:
		break;
	}
	ldr_logf(log, LDR_WARN, "program '%s' (%s) is loaded but bpfload cannot attach a %s program\n", p->name, p->sec_name,
		ldr_prog_type_name(p->type));
	return -EOPNOTSUPP;
}

int ldr_iter_read(const struct ldr_attachment *a, FILE *out, const struct ldr_log *log)
{
	int fd = ldr_sys_iter_create(a->fd);
	char buf[4096];
	ssize_t n;

	if (fd < 0) {
		ldr_logf(log, LDR_WARN, "cannot open a reader of iterator '%s': %s\n", a->prog->name, strerror(-fd));
		return fd;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, out);
	if (n < 0) {
		n = -errno;
		ldr_logf(log, LDR_WARN, "reading iterator '%s' failed: %s\n", a->prog->name, strerror(errno));
	}
	close(fd);
	return n < 0 ? (int)n : 0;
}

void ldr_detach(struct ldr_attachment *a)
{
	if (a->fd >= 0)
		close(a->fd);
	for (int i = 0; i < a->nmore; i++)
		close(a->more[i]);
	if (a->more)
		free(a->more - 1); /* the array began with a->fd */
	a->more = NULL;
	a->nmore = 0;
	a->fd = -1;
}
