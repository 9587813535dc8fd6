/* attach.h: attaching loaded programs: a raw packet socket for socket filters, a BPF link
 * for XDP, tcx and cgroups, a perf event for tracepoints and kprobes, BPF_RAW_TRACEPOINT_OPEN
 * for raw tracepoints and for the programs loaded against a kernel function (tp_btf,
 * fentry, fexit, fmod_ret, lsm). Each attachment is one fd; closing it detaches. */
#ifndef BPFLOAD_ATTACH_H
#define BPFLOAD_ATTACH_H
#include <stdio.h>

#include "log.h"
#include "object.h"

struct ldr_attachment {
	int fd;
	int *more;      /* a perf_event program's events on the other CPUs */
	int nmore;
	const struct ldr_prog *prog;
	char what[160]; /* "socket filter on lo", for messages */
};

/* 0, or a negative errno after saying what went wrong through log (-EPERM: privileges; -ENOSYS:
 * the kernel lacks what the attach point needs, such as kprobes). */
/* Where a program goes when its section does not say: a network interface (socket, XDP,
 * tc), a cgroup folder (cgroup programs, sockops). */
struct ldr_attach_target {
	const char *iface, *cgroup;
	unsigned freq;      /* perf_event programs: samples per second on each CPU */
	const char *uprobe; /* uprobes whose section names no binary: PATH, or PATH:FUNCTION */
};
int ldr_attach(const struct ldr_prog *p, const struct ldr_attach_target *t, struct ldr_attachment *out,
	       const struct ldr_log *log);
void ldr_detach(struct ldr_attachment *a);
/* A struct_ops map registered through a link (its programs are its members); closing the
 * object unregisters it. */
int ldr_struct_ops_register(struct ldr_object *o, struct ldr_map *m);
/* An iterator's attachment read to its end: what its program printed (bpf_seq_printf). */
int ldr_iter_read(const struct ldr_attachment *a, FILE *out, const struct ldr_log *log);

/* tracefs: where it is, mounting it if it is not (NULL when impossible, with a message). */
const char *ldr_tracefs(const struct ldr_log *log);

#endif
