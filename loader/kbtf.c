/* kbtf.c: the running kernel's own BTF (/sys/kernel/btf/vmlinux), read once per process
 * when kfunc calls, attach targets or CO-RE relocations need it; and the BTF CO-RE
 * resolves against: the same, or the file or folder of --core-btf, and the kernel
 * modules' split BTF beside it, read only when vmlinux lacks a type. */
#include "kbtf.h"
#include "ldr_int.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asm.h"

/* One BTF file into a view (split on base when base is not NULL); 0 or a negative errno
 * with the reason in err. */
static int read_btf(const char *path, const struct btf_view *base, struct btf_view *v, char *err, size_t errlen)
{
	char why[200];
	char *data;
	size_t len;
	FILE *f;
	int ret;

	if (!(f = fopen(path, "re"))) {
		ret = -errno;
		snprintf(err, errlen, "%s cannot be read: %s", path, strerror(-ret));
		return ret;
	}
	ret = asm_read_all(f, &data, &len);
	fclose(f);
	if (ret) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = base ? btf_view_open_split(v, base, data, len, why, sizeof(why)) : btf_view_open(v, data, len, why, sizeof(why));
	free(data);
	if (ret)
		snprintf(err, errlen, "%s: %s", path, ret == -EINVAL ? why : strerror(-ret));
	return ret;
}

/* The kernel's BTF does not change while we run, so it is read and indexed once per
 * process and shared by every object (a fuzzer or --expect opens many): each object's
 * kbtf is a copy of this view and never closed. */
static struct btf_view kernel_btf;
static bool have_kernel_btf;

int ldr_kernel_btf(struct ldr_object *o)
{
	static const char path[] = "/sys/kernel/btf/vmlinux";
	char err[PATH_MAX + 300];
	int ret;

	if (o->has_kbtf)
		return 0;
	if (!have_kernel_btf) {
		ret = read_btf(path, NULL, &kernel_btf, err, sizeof(err));
		if (ret == -ENOENT || ret == -EACCES || ret == -EPERM)
			return ldr_fail(o, "kfunc calls, attach targets and CO-RE relocations need the kernel's BTF, and %s "
				    "(a kernel built with CONFIG_DEBUG_INFO_BTF has it; for CO-RE, --core-btf names a copy)", err);
		if (ret)
			return ldr_fail(o, "%s", err);
		have_kernel_btf = true;
	}
	o->kbtf = kernel_btf;
	o->has_kbtf = true;
	return 0;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return path && !stat(path, &st) && S_ISDIR(st.st_mode);
}

const struct btf_view *ldr_core_vmlinux(struct ldr_object *o)
{
	char path[PATH_MAX], err[PATH_MAX + 300];
	int ret;

	if (!o->core_btf)
		return ldr_kernel_btf(o) ? NULL : &o->kbtf;
	if (o->has_cbtf)
		return &o->cbtf;
	snprintf(path, sizeof(path), is_dir(o->core_btf) ? "%s/vmlinux" : "%s", o->core_btf);
	if ((ret = read_btf(path, NULL, &o->cbtf, err, sizeof(err)))) {
		ldr_fail(o, "--core-btf: %s", err);
		return NULL;
	}
	o->has_cbtf = true;
	return &o->cbtf;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ldr_kmod *)a)->name, ((const struct ldr_kmod *)b)->name);
}

/* Every module's BTF in the folder, in name order; a file that is not BTF split on this
 * vmlinux is left out with a note. */
int ldr_core_modules(struct ldr_object *o, const struct btf_view *vmlinux)
{
	const char *dir = o->core_btf ? o->core_btf : "/sys/kernel/btf";
	char path[PATH_MAX], err[PATH_MAX + 300];
	struct dirent *e;
	size_t cap = 0;
	DIR *d;

	if (o->kmods_read)
		return 0;
	o->kmods_read = true;
	if (!is_dir(dir) || !(d = opendir(dir)))
		return 0; /* a single file names vmlinux only, as libbpf's btf_custom_path does */
	while ((e = readdir(d))) {
		struct ldr_kmod *m;
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "vmlinux"))
			continue;
		if (o->nkmods == cap) {
			struct ldr_kmod *n = realloc(o->kmods, (cap = cap ? cap * 2 : 16) * sizeof(*n));
			if (!n) {
				closedir(d);
				return ldr_fail(o, "out of memory reading the kernel modules' BTF");
			}
			o->kmods = n;
		}
		m = &o->kmods[o->nkmods];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (read_btf(path, vmlinux, &m->btf, err, sizeof(err))) {
			ldr_logf(&o->log, LDR_WARN, "%s: a module's BTF left out of CO-RE: %s\n", o->path ? o->path : "?", err);
			continue;
		}
		if (!(m->name = strdup(e->d_name))) {
			btf_view_close(&m->btf);
			closedir(d);
			return ldr_fail(o, "out of memory reading the kernel modules' BTF");
		}
		o->nkmods++;
	}
	closedir(d);
	if (o->nkmods > 1)
		qsort(o->kmods, o->nkmods, sizeof(*o->kmods), by_name);
	return 0;
}

void ldr_kbtf_close(struct ldr_object *o)
{
	for (size_t i = 0; i < o->nkmods; i++) {
		btf_view_close(&o->kmods[i].btf);
		free(o->kmods[i].name);
	}
	free(o->kmods);
	o->kmods = NULL;
	o->nkmods = 0;
	if (o->has_cbtf)
		btf_view_close(&o->cbtf);
	o->has_cbtf = o->has_kbtf = false;
}
