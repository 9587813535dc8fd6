/* sys.c: the raw bpf(2) calls. No libbpf: each command's attribute is built by hand.
 * With --syscalls each call is printed as it is made (ldr_sys_trace), with the attributes
 * that matter and what the kernel answered; perf_event_open(2) and the calls that attach a
 * program to a perf event or a socket come through here for that too. */
#include "sys.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "object.h"

/* --syscalls: where the calls are printed (NULL: nowhere). A process makes its system
 * calls one at a time, and so does this record of them. */
static FILE *trace_out;
/* the map reads of the printing loop: the first per map and command shown, the rest counted */
static struct repeat {
	int cmd, fd;
	unsigned long more;
} repeats[64];
static size_t nrepeats;

void ldr_sys_trace(FILE *out)
{
	trace_out = out;
}

static const char *cmd_name(int cmd)
{
	static const char *const names[] = {
		[BPF_MAP_CREATE] = "BPF_MAP_CREATE", [BPF_MAP_LOOKUP_ELEM] = "BPF_MAP_LOOKUP_ELEM",
		[BPF_MAP_UPDATE_ELEM] = "BPF_MAP_UPDATE_ELEM", [BPF_MAP_DELETE_ELEM] = "BPF_MAP_DELETE_ELEM",
		[BPF_MAP_GET_NEXT_KEY] = "BPF_MAP_GET_NEXT_KEY", [BPF_PROG_LOAD] = "BPF_PROG_LOAD",
		[BPF_OBJ_PIN] = "BPF_OBJ_PIN", [BPF_PROG_TEST_RUN] = "BPF_PROG_TEST_RUN",
		[BPF_PROG_GET_NEXT_ID] = "BPF_PROG_GET_NEXT_ID", [BPF_MAP_GET_NEXT_ID] = "BPF_MAP_GET_NEXT_ID",
		[BPF_PROG_GET_FD_BY_ID] = "BPF_PROG_GET_FD_BY_ID", [BPF_MAP_GET_FD_BY_ID] = "BPF_MAP_GET_FD_BY_ID",
		[BPF_OBJ_GET_INFO_BY_FD] = "BPF_OBJ_GET_INFO_BY_FD", [BPF_RAW_TRACEPOINT_OPEN] = "BPF_RAW_TRACEPOINT_OPEN",
		[BPF_BTF_LOAD] = "BPF_BTF_LOAD", [BPF_MAP_FREEZE] = "BPF_MAP_FREEZE", [BPF_LINK_CREATE] = "BPF_LINK_CREATE",
		[BPF_ITER_CREATE] = "BPF_ITER_CREATE",
	};

	return cmd >= 0 && (size_t)cmd < sizeof(names) / sizeof(names[0]) && names[cmd] ? names[cmd] : "BPF_(unknown)";
}

/* Whether this call is a further read of a map already shown: then it is only counted. */
static bool repeated(int cmd, int fd)
{
	if (cmd != BPF_MAP_LOOKUP_ELEM && cmd != BPF_MAP_GET_NEXT_KEY)
		return false;
	for (size_t i = 0; i < nrepeats; i++)
		if (repeats[i].cmd == cmd && repeats[i].fd == fd) {
			repeats[i].more++;
			return true;
		}
	if (nrepeats < sizeof(repeats) / sizeof(repeats[0]))
		repeats[nrepeats++] = (struct repeat){cmd, fd, 0};
	return false;
}

/* " -> fd 4", " -> 0", " -> ENOENT (No such file or directory)" and the line's end. */
static void trace_result(char *buf, size_t len, size_t n, int ret, bool gives_fd)
{
	if (n >= len)
		n = len - 1;
	if (ret >= 0)
		snprintf(buf + n, len - n, gives_fd ? " -> fd %d" : " -> %d", ret);
	else
		snprintf(buf + n, len - n, " -> %s (%s)", strerrorname_np(-ret) ? strerrorname_np(-ret) : "error",
			 strerror(-ret));
	fprintf(trace_out, "%s\n", buf);
}

/* One traced call of the simple kind: its text, then its answer. */
static void trace_call(int ret, bool gives_fd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void trace_call(int ret, bool gives_fd, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	trace_result(buf, sizeof(buf), n < 0 ? 0 : (size_t)n, ret, gives_fd);
}

#define ADD(...) (n += (size_t)snprintf(buf + (n < sizeof(buf) ? n : sizeof(buf)), n < sizeof(buf) ? sizeof(buf) - n : 0, __VA_ARGS__))

static void trace_bpf(int cmd, const union bpf_attr *a, int ret)
{
	char buf[512];
	size_t n = 0;
	bool fd = false;

	if (repeated(cmd, (int)a->map_fd))
		return;
	ADD("%s", cmd_name(cmd));
	switch (cmd) {
	case BPF_MAP_CREATE:
		ADD(" type=%s key_size=%u value_size=%u max_entries=%u", ldr_map_type_name(a->map_type), a->key_size,
		    a->value_size, a->max_entries);
		if (a->map_flags)
			ADD(" flags=0x%x", a->map_flags);
		if (a->map_name[0])
			ADD(" name=%.*s", (int)sizeof(a->map_name), a->map_name);
		if (a->inner_map_fd)
			ADD(" inner_map_fd=%u", a->inner_map_fd);
		if (a->btf_fd)
			ADD(" btf_fd=%u key_type_id=%u value_type_id=%u", a->btf_fd, a->btf_key_type_id, a->btf_value_type_id);
		if (a->btf_vmlinux_value_type_id)
			ADD(" vmlinux_value_type_id=%u", a->btf_vmlinux_value_type_id);
		if (a->map_extra)
			ADD(" map_extra=%llu", (unsigned long long)a->map_extra);
		fd = true;
		break;
	case BPF_MAP_LOOKUP_ELEM:
	case BPF_MAP_DELETE_ELEM:
	case BPF_MAP_FREEZE:
		ADD(" map_fd=%u", a->map_fd);
		break;
	case BPF_MAP_GET_NEXT_KEY:
		ADD(" map_fd=%u%s", a->map_fd, a->key ? "" : " key=NULL (the first key)");
		break;
	case BPF_MAP_UPDATE_ELEM:
		ADD(" map_fd=%u flags=%s", a->map_fd,
		    a->flags == BPF_ANY ? "BPF_ANY" : a->flags == BPF_NOEXIST ? "BPF_NOEXIST" : a->flags == BPF_EXIST ? "BPF_EXIST" : "?");
		break;
	case BPF_PROG_LOAD:
		ADD(" type=%s insns=%u license=%s", ldr_prog_type_name(a->prog_type), a->insn_cnt,
		    a->license ? (const char *)(uintptr_t)a->license : "(none)");
		if (a->expected_attach_type)
			ADD(" expected_attach_type=%u", a->expected_attach_type);
		if (a->attach_btf_id)
			ADD(" attach_btf_id=%u", a->attach_btf_id);
		if (a->prog_flags)
			ADD(" flags=0x%x", a->prog_flags);
		if (a->prog_btf_fd)
			ADD(" btf_fd=%u func_info=%u line_info=%u", a->prog_btf_fd, a->func_info_cnt, a->line_info_cnt);
		if (a->prog_name[0])
			ADD(" name=%.*s", (int)sizeof(a->prog_name), a->prog_name);
		ADD(" log_level=%u", a->log_level);
		fd = true;
		break;
	case BPF_BTF_LOAD:
		ADD(" size=%u log_level=%u", a->btf_size, a->btf_log_level);
		fd = true;
		break;
	case BPF_OBJ_PIN:
		ADD(" fd=%u path=%s", a->bpf_fd, (const char *)(uintptr_t)a->pathname);
		break;
	case BPF_LINK_CREATE:
		ADD(" prog_fd=%u target_fd=%u attach_type=%u", a->link_create.prog_fd, a->link_create.target_fd,
		    a->link_create.attach_type);
		fd = true;
		break;
	case BPF_ITER_CREATE:
		ADD(" link_fd=%u", a->iter_create.link_fd);
		fd = true;
		break;
	case BPF_RAW_TRACEPOINT_OPEN:
		ADD(" name=%s prog_fd=%u", a->raw_tracepoint.name ? (const char *)(uintptr_t)a->raw_tracepoint.name : "(from the BTF id)",
		    a->raw_tracepoint.prog_fd);
		fd = true;
		break;
	case BPF_PROG_TEST_RUN:
		ADD(" prog_fd=%u data_size_in=%u ctx_size_in=%u repeat=%u", a->test.prog_fd, a->test.data_size_in,
		    a->test.ctx_size_in, a->test.repeat);
		break;
	case BPF_PROG_GET_NEXT_ID:
	case BPF_MAP_GET_NEXT_ID:
		ADD(" start_id=%u", a->start_id);
		break;
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
		ADD(" id=%u", a->prog_id);
		fd = true;
		break;
	case BPF_OBJ_GET_INFO_BY_FD:
		ADD(" fd=%u", a->info.bpf_fd);
		break;
	}
	if (cmd == BPF_MAP_LOOKUP_ELEM || cmd == BPF_MAP_GET_NEXT_KEY)
		ADD(" (further ones on this map are counted at the end)");
	trace_result(buf, sizeof(buf), n, ret, fd);
}

void ldr_sys_trace_summary(void)
{
	if (!trace_out)
		return;
	for (size_t i = 0; i < nrepeats; i++)
		if (repeats[i].more)
			fprintf(trace_out, "%s map_fd=%d: %lu more call%s\n", cmd_name(repeats[i].cmd), repeats[i].fd,
				repeats[i].more, repeats[i].more == 1 ? "" : "s");
	nrepeats = 0;
}

static int sys_bpf(int cmd, union bpf_attr *attr, size_t size)
{
	int ret = (int)syscall(__NR_bpf, cmd, attr, size);

	ret = ret < 0 ? -errno : ret;
	if (trace_out)
		trace_bpf(cmd, attr, ret);
	return ret;
}

int ldr_sys_perf_event_open(struct perf_event_attr *attr, int pid, int cpu)
{
	static const char *const types[] = {"hardware", "software", "tracepoint", "hw_cache", "raw", "breakpoint"};
	int fd = (int)syscall(__NR_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	int ret = fd < 0 ? -errno : fd;

	if (trace_out) {
		char buf[256];
		size_t n = 0;
		if (attr->type < sizeof(types) / sizeof(types[0]))
			ADD("perf_event_open type=%s", types[attr->type]);
		else
			ADD("perf_event_open type=%u (a dynamic PMU: kprobe or uprobe)", attr->type);
		ADD(" config=%llu pid=%d cpu=%d", (unsigned long long)attr->config, pid, cpu);
		if (attr->freq)
			ADD(" sample_freq=%llu", (unsigned long long)attr->sample_freq);
		trace_result(buf, sizeof(buf), n, ret, true);
	}
	if (ret < 0)
		errno = -ret;
	return ret;
}

int ldr_sys_perf_set_bpf(int event_fd, int prog_fd)
{
	int ret = ioctl(event_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) ? -errno : 0;

	if (trace_out)
		trace_call(ret, false, "ioctl PERF_EVENT_IOC_SET_BPF event_fd=%d prog_fd=%d", event_fd, prog_fd);
	return ret;
}

int ldr_sys_perf_enable(int event_fd)
{
	int ret = ioctl(event_fd, PERF_EVENT_IOC_ENABLE, 0) ? -errno : 0;

	if (trace_out)
		trace_call(ret, false, "ioctl PERF_EVENT_IOC_ENABLE event_fd=%d", event_fd);
	return ret;
}

int ldr_sys_socket_attach(int sock, int prog_fd)
{
	int ret = setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd, sizeof(prog_fd)) ? -errno : 0;

	if (trace_out)
		trace_call(ret, false, "setsockopt SO_ATTACH_BPF socket_fd=%d prog_fd=%d", sock, prog_fd);
	return ret;
}

static uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Zero the attribute up to and including `field`, as the kernel checks the rest is 0. */
#define ATTR_SIZE(field) (offsetof(union bpf_attr, field) + sizeof(((union bpf_attr *)0)->field))

int ldr_sys_map_create(const struct ldr_map_create_opts *o)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(map_extra));
	a.map_type = o->type;
	a.key_size = o->key_size;
	a.value_size = o->value_size;
	a.max_entries = o->max_entries;
	a.map_flags = o->flags;
	a.numa_node = o->numa_node;
	a.map_extra = o->map_extra;
	if (o->inner_map_fd > 0)
		a.inner_map_fd = (uint32_t)o->inner_map_fd;
	a.btf_vmlinux_value_type_id = o->btf_vmlinux_value_type_id;
	if (o->name)
		strncpy(a.map_name, o->name, sizeof(a.map_name) - 1);
	if (o->btf_fd > 0 && (o->btf_key_type_id || o->btf_value_type_id || o->btf_vmlinux_value_type_id)) {
		/* a struct_ops map needs the object's BTF too, though its value is the kernel's type */
		a.btf_fd = (uint32_t)o->btf_fd;
		a.btf_key_type_id = o->btf_key_type_id;
		a.btf_value_type_id = o->btf_value_type_id;
	}
	return sys_bpf(BPF_MAP_CREATE, &a, ATTR_SIZE(map_extra));
}

int ldr_sys_map_update_elem(int fd, const void *key, const void *value, uint64_t flags)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(flags));
	a.map_fd = (uint32_t)fd;
	a.key = ptr(key);
	a.value = ptr(value);
	a.flags = flags;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a, ATTR_SIZE(flags));
}

int ldr_sys_map_lookup_elem(int fd, const void *key, void *value)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(flags));
	a.map_fd = (uint32_t)fd;
	a.key = ptr(key);
	a.value = ptr(value);
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &a, ATTR_SIZE(flags));
}

int ldr_sys_map_get_next_key(int fd, const void *key, void *next)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(next_key));
	a.map_fd = (uint32_t)fd;
	a.key = ptr(key);
	a.next_key = ptr(next);
	return sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, ATTR_SIZE(next_key));
}

int ldr_sys_map_freeze(int fd)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(map_fd));
	a.map_fd = (uint32_t)fd;
	return sys_bpf(BPF_MAP_FREEZE, &a, ATTR_SIZE(map_fd));
}

/* log_true_size (kernel 6.4) follows core_relo_rec_size; older headers lack the field */
#define LOG_TRUE_SIZE_OFF (offsetof(union bpf_attr, core_relo_rec_size) + 4)

int ldr_sys_prog_load(struct ldr_prog_load_opts *o)
{
	union {
		union bpf_attr a;
		uint8_t bytes[LOG_TRUE_SIZE_OFF + 4];
	} u;
	union bpf_attr *ap = &u.a;
	int ret;

	memset(&u, 0, sizeof(u));
#define a (*ap)
	a.prog_type = o->type;
	a.expected_attach_type = o->expected_attach_type;
	a.prog_flags = o->prog_flags;
	a.attach_btf_id = o->attach_btf_id;
	a.insns = ptr(o->insns);
	a.insn_cnt = o->insn_cnt;
	a.license = ptr(o->license);
	a.kern_version = o->kern_version;
	if (o->name)
		strncpy(a.prog_name, o->name, sizeof(a.prog_name) - 1);
	if (o->log_buf && o->log_size) {
		a.log_buf = ptr(o->log_buf);
		a.log_size = o->log_size;
		a.log_level = o->log_level;
	}
	if (o->btf_fd > 0) {
		a.prog_btf_fd = (uint32_t)o->btf_fd;
		if (o->func_info_cnt) {
			a.func_info_rec_size = sizeof(struct bpf_func_info);
			a.func_info = ptr(o->func_info);
			a.func_info_cnt = o->func_info_cnt;
		}
		if (o->line_info_cnt) {
			a.line_info_rec_size = sizeof(struct bpf_line_info);
			a.line_info = ptr(o->line_info);
			a.line_info_cnt = o->line_info_cnt;
		}
	}
#undef a
	/* a kernel before 6.4 checks that the bytes it does not know are zero: they are */
	ret = sys_bpf(BPF_PROG_LOAD, ap, LOG_TRUE_SIZE_OFF + 4);
	memcpy(&o->log_true_size, u.bytes + LOG_TRUE_SIZE_OFF, 4);
	return ret;
}

int ldr_sys_prog_test_run(int prog_fd, struct ldr_test_run_opts *o)
{
	union bpf_attr a;
	int ret;

	memset(&a, 0, ATTR_SIZE(test.cpu));
	a.test.prog_fd = (uint32_t)prog_fd;
	a.test.data_in = ptr(o->data_in);
	a.test.data_size_in = o->data_size_in;
	a.test.data_out = ptr(o->data_out);
	a.test.data_size_out = o->data_size_out;
	a.test.ctx_in = ptr(o->ctx_in);
	a.test.ctx_size_in = o->ctx_size_in;
	a.test.ctx_out = ptr(o->ctx_out);
	a.test.ctx_size_out = o->ctx_size_out;
	a.test.repeat = o->repeat;
	a.test.flags = o->flags;
	a.test.cpu = o->cpu;
	ret = sys_bpf(BPF_PROG_TEST_RUN, &a, ATTR_SIZE(test.cpu));
	o->retval = a.test.retval;
	o->duration = a.test.duration;
	o->data_size_out = a.test.data_size_out;
	o->ctx_size_out = a.test.ctx_size_out;
	return ret;
}

int ldr_sys_btf_load(const void *btf, uint32_t size, char *log, uint32_t log_size)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(btf_log_level));
	a.btf = ptr(btf);
	a.btf_size = size;
	if (log && log_size) {
		a.btf_log_buf = ptr(log);
		a.btf_log_size = log_size;
		a.btf_log_level = 1;
	}
	return sys_bpf(BPF_BTF_LOAD, &a, ATTR_SIZE(btf_log_level));
}

int ldr_sys_obj_pin(int fd, const char *path)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(file_flags));
	a.pathname = ptr(path);
	a.bpf_fd = (uint32_t)fd;
	return sys_bpf(BPF_OBJ_PIN, &a, ATTR_SIZE(file_flags));
}

int ldr_sys_link_create(int prog_fd, int target_fd, uint32_t attach_type)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(link_create.flags));
	a.link_create.prog_fd = (uint32_t)prog_fd;
	a.link_create.target_fd = (uint32_t)target_fd;
	a.link_create.attach_type = attach_type;
	return sys_bpf(BPF_LINK_CREATE, &a, ATTR_SIZE(link_create.flags));
}

int ldr_sys_iter_create(int link_fd)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(iter_create.flags));
	a.iter_create.link_fd = (uint32_t)link_fd;
	return sys_bpf(BPF_ITER_CREATE, &a, ATTR_SIZE(iter_create.flags));
}

int ldr_sys_raw_tracepoint_open(const char *name, int prog_fd)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(raw_tracepoint.prog_fd));
	a.raw_tracepoint.name = ptr(name);
	a.raw_tracepoint.prog_fd = (uint32_t)prog_fd;
	return sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &a, ATTR_SIZE(raw_tracepoint.prog_fd));
}

static int get_next_id(int cmd, uint32_t start, uint32_t *next)
{
	union bpf_attr a;
	int ret;

	memset(&a, 0, ATTR_SIZE(open_flags));
	a.start_id = start;
	ret = sys_bpf(cmd, &a, ATTR_SIZE(open_flags));
	if (!ret)
		*next = a.next_id;
	return ret;
}

int ldr_sys_prog_get_next_id(uint32_t start, uint32_t *next)
{
	return get_next_id(BPF_PROG_GET_NEXT_ID, start, next);
}

int ldr_sys_map_get_next_id(uint32_t start, uint32_t *next)
{
	return get_next_id(BPF_MAP_GET_NEXT_ID, start, next);
}

static int fd_by_id(int cmd, uint32_t id)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(open_flags));
	a.prog_id = id; /* prog_id and map_id share the slot */
	return sys_bpf(cmd, &a, ATTR_SIZE(open_flags));
}

int ldr_sys_prog_get_fd_by_id(uint32_t id)
{
	return fd_by_id(BPF_PROG_GET_FD_BY_ID, id);
}

int ldr_sys_map_get_fd_by_id(uint32_t id)
{
	return fd_by_id(BPF_MAP_GET_FD_BY_ID, id);
}

static int obj_info(int fd, void *info, uint32_t len)
{
	union bpf_attr a;

	memset(&a, 0, ATTR_SIZE(info.info));
	a.info.bpf_fd = (uint32_t)fd;
	a.info.info_len = len;
	a.info.info = ptr(info);
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, ATTR_SIZE(info.info));
}

int ldr_sys_prog_info(int fd, struct bpf_prog_info *info)
{
	return obj_info(fd, info, sizeof(*info));
}

int ldr_sys_prog_verified_insns(int fd, uint32_t *n)
{
	struct bpf_prog_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = obj_info(fd, &info, sizeof(info));
	if (!ret)
		*n = info.verified_insns;
	return ret;
}

int ldr_sys_prog_name(int fd, char name[BPF_OBJ_NAME_LEN])
{
	struct bpf_prog_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = obj_info(fd, &info, sizeof(info));
	if (!ret)
		memcpy(name, info.name, BPF_OBJ_NAME_LEN);
	return ret;
}

int ldr_sys_map_name(int fd, char name[BPF_OBJ_NAME_LEN])
{
	struct bpf_map_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = obj_info(fd, &info, sizeof(info));
	if (!ret)
		memcpy(name, info.name, BPF_OBJ_NAME_LEN);
	return ret;
}
