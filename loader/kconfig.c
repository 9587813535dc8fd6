/* kconfig.c: a program's `extern ... __kconfig` variables, as libbpf gives them: the
 * object names them (undefined symbols, VARs of its BTF's DATASEC .kconfig), bpfload lays
 * them out in one read-only array map ".kconfig" and fills it from this kernel:
 * LINUX_KERNEL_VERSION from uname, LINUX_HAS_SYSCALL_WRAPPER and LINUX_HAS_BPF_COOKIE,
 * and CONFIG_* from /proc/config.gz or /boot/config-RELEASE (y is 1, m is 2 for a
 * `enum libbpf_tristate`, a number its value, a string its bytes, n or unset 0). A
 * variable the kernel has no value for is 0 when it is __weak, an error otherwise. */
#include "kconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "btf.h"
#include "ldr_int.h"
#include "log.h"

/* The DATASEC .kconfig's VAR named `name`: its type (0: not a kconfig variable). */
static uint32_t kconfig_var(const struct ldr_object *o, const char *name)
{
	const struct btf_view *v = &o->btf;
	uint32_t ds = o->has_btf ? btf_view_find(v, ".kconfig", BTF_KIND_DATASEC) : 0;
	const struct btf_type *t = ds ? btf_view_type(v, ds) : NULL;
	const struct btf_var_secinfo *vs;

	if (!t)
		return 0;
	vs = (const struct btf_var_secinfo *)(t + 1);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		const struct btf_type *var = btf_view_type(v, vs[i].type);
		if (var && BTF_INFO_KIND(var->info) == BTF_KIND_VAR && !strcmp(btf_view_name(v, var->name_off), name))
			return var->type;
	}
	return 0;
}

/* The kernel's configuration as text ("CONFIG_X=y" lines), or NULL; `from` (when not
 * NULL, 300 bytes) gets the file it came from. */
char *ldr_kernel_config(size_t *len, char *from)
{
	struct utsname u;
	char path[300], *buf = NULL;
	size_t cap = 0;
	gzFile f = NULL;
	int n;

	*len = 0;
	if (uname(&u) == 0) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		f = gzopen(path, "rb"); /* zlib reads plain text as it is */
	}
	if (!f)
		f = gzopen(strcpy(path, "/proc/config.gz"), "rb");
	if (!f)
		return NULL;
	if (from)
		memcpy(from, path, sizeof(path));
	do {
		if (*len + 65536 + 1 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 262144);
			if (!nb) {
				free(buf);
				gzclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = gzread(f, buf + *len, 65536);
		if (n > 0)
			*len += (size_t)n;
	} while (n > 0);
	gzclose(f);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* The value of `name` in the configuration: "y", "m", "123", "\"text\""; NULL when it is
 * not set. */
const char *ldr_config_value(const char *cfg, const char *name, size_t *vlen)
{
	size_t n = strlen(name);

	for (const char *p = cfg; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, name, n) && p[n] == '=') {
			const char *v = p + n + 1, *e = strchr(v, '\n');
			*vlen = e ? (size_t)(e - v) : strlen(v);
			return v;
		}
	}
	return NULL;
}

/* Store one variable's value at dst (size bytes, of BTF type `type`). 0, or -ENOENT when
 * the kernel has no value for it. */
static int fill_one(const struct ldr_object *o, const char *name, uint32_t type, const char *cfg, uint8_t *dst,
		    uint32_t size)
{
	const struct btf_view *v = &o->btf;
	const struct btf_type *t = btf_view_type(v, btf_view_skip(v, type));
	bool tristate = t && BTF_INFO_KIND(t->info) == BTF_KIND_ENUM && !strcmp(btf_view_name(v, t->name_off), "libbpf_tristate");
	uint64_t val = 0;
	const char *s;
	size_t n;

	if (!strcmp(name, "LINUX_KERNEL_VERSION")) {
		struct utsname u;
		unsigned a = 0, b = 0, c = 0;
		if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
			return -ENOENT;
		val = (uint64_t)a << 16 | (uint64_t)b << 8 | (c > 255 ? 255 : c);
	} else if (!strcmp(name, "LINUX_HAS_BPF_COOKIE")) {
		val = 1; /* bpfload needs a kernel newer than the cookie's 5.15 anyway */
	} else if (!strcmp(name, "LINUX_HAS_SYSCALL_WRAPPER")) {
		val = 1; /* x86-64 and arm64 have wrapped their system calls since 4.17 and 4.19 */
	} else if (!cfg || !(s = ldr_config_value(cfg, name, &n))) {
		return -ENOENT;
	} else if (n == 1 && (*s == 'y' || *s == 'm' || *s == 'n')) {
		val = *s == 'y' ? 1 : *s == 'm' ? (tristate ? 2 : 1) : 0;
	} else if (n >= 2 && *s == '"') { /* a string: its bytes, NUL-terminated, cut to fit */
		size_t k = n - 2 < size - 1 ? n - 2 : size - 1;
		memset(dst, 0, size);
		memcpy(dst, s + 1, k);
		return 0;
	} else {
		char num[32];
		snprintf(num, sizeof(num), "%.*s", (int)(n < 31 ? n : 31), s);
		val = strtoull(num, NULL, 0);
	}
	for (uint32_t i = 0; i < size && i < 8; i++) /* little-endian, as the program reads it */
		dst[i] = (uint8_t)(val >> (8 * i));
	return 0;
}

/* The DATASEC .kconfig, clang's with size and offsets 0, gets the layout: in the view
 * and in the kernel's copy of the BTF, where the same bytes sit at the same place. */
static void fix_datasec(struct ldr_object *o, uint32_t total)
{
	const struct btf_view *v = &o->btf;
	uint32_t ds = btf_view_find(v, ".kconfig", BTF_KIND_DATASEC);
	struct btf_type *t = ds ? (struct btf_type *)btf_view_type(v, ds) : NULL;
	size_t at;

	if (!t)
		return;
	at = (size_t)((const uint8_t *)t - v->raw);
	for (int copy = 0; copy < 2; copy++) {
		struct btf_type *d = copy ? (struct btf_type *)(o->btf_raw + at) : t;
		struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(d + 1);
		if (copy && (o->btf_raw == v->raw || at + sizeof(*d) > o->btf_raw_len))
			break;
		d->size = total;
		for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
			const struct btf_type *var = btf_view_type(v, vs[i].type);
			const struct ldr_kextern *e = var ? ldr_kconfig_find(o, btf_view_name(v, var->name_off)) : NULL;
			if (e) {
				vs[i].offset = e->off;
				vs[i].size = e->size;
			}
			if (var && BTF_INFO_KIND(var->info) == BTF_KIND_VAR) { /* the kernel takes no extern VAR */
				size_t vat = (size_t)((const uint8_t *)var - v->raw) + sizeof(struct btf_type);
				uint8_t *base = copy ? o->btf_raw : v->raw;
				struct btf_var bv = {BTF_VAR_GLOBAL_ALLOCATED};
				memcpy(base + vat, &bv, sizeof(bv));
			}
		}
	}
}

int ldr_kconfig_layout(struct ldr_object *o)
{
	char *cfg = NULL;
	size_t cfglen = 0, total = 0;
	struct ldr_map *m;
	uint8_t *vals;
	int err = 0;
	uint32_t ds = o->has_btf ? btf_view_find(&o->btf, ".kconfig", BTF_KIND_DATASEC) : 0;

	if (!o->nkexterns)
		return 0;
	if (ds) { /* every variable of the DATASEC gets a place, used or not, as libbpf gives them */
		const struct btf_type *t = btf_view_type(&o->btf, ds);
		const struct btf_var_secinfo *vs = (const struct btf_var_secinfo *)(t + 1);
		for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
			const struct btf_type *var = btf_view_type(&o->btf, vs[i].type);
			if (var && BTF_INFO_KIND(var->info) == BTF_KIND_VAR &&
			    (err = ldr_kconfig_add(o, btf_view_name(&o->btf, var->name_off), true)))
				return err;
		}
	}
	for (size_t i = 0; i < o->nkexterns; i++) { /* in order, each aligned to its size (8 at most) */
		struct ldr_kextern *e = &o->kexterns[i];
		int64_t sz = btf_view_size(&o->btf, e->type);
		uint32_t align = sz >= 8 ? 8 : sz >= 4 ? 4 : sz >= 2 ? 2 : 1;
		if (sz <= 0 || sz > 4096)
			return ldr_fail(o, "__kconfig variable '%s' has no size bpfload can give it", e->name);
		total = (total + align - 1) / align * align;
		e->off = (uint32_t)total;
		e->size = (uint32_t)sz;
		total += (size_t)sz;
	}
	if (!(vals = calloc(1, total)))
		return -ENOMEM;
	cfg = ldr_kernel_config(&cfglen, NULL);
	for (size_t i = 0; i < o->nkexterns && !err; i++) {
		struct ldr_kextern *e = &o->kexterns[i];
		if (fill_one(o, e->name, e->type, cfg, vals + e->off, e->size) && !e->weak)
			err = ldr_fail(o, "__kconfig variable '%s': this kernel has no value for it%s (declare it __weak to take 0)",
				       e->name, cfg ? "" : " (no /proc/config.gz, no /boot/config-RELEASE)");
	}
	free(cfg);
	m = err ? NULL : ldr_add_map(o);
	if (!m || !(m->name = strdup(".kconfig"))) {
		free(vals);
		return err ? err : -ENOMEM;
	}
	m->kind = LDR_MAP_DATA;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = (uint32_t)total;
	m->max_entries = 1;
	m->sec = LDR_KCONFIG_SEC;
	m->init = m->own_init = vals;
	m->readonly = true;
	m->flags = BPF_F_RDONLY_PROG;
	m->btf_value = ds;
	fix_datasec(o, (uint32_t)total);
	return 0;
}

const struct ldr_kextern *ldr_kconfig_find(const struct ldr_object *o, const char *name)
{
	for (size_t i = 0; i < o->nkexterns; i++)
		if (!strcmp(o->kexterns[i].name, name))
			return &o->kexterns[i];
	return NULL;
}

int ldr_kconfig_add(struct ldr_object *o, const char *name, bool weak)
{
	struct ldr_kextern *e;
	uint32_t type;

	if (ldr_kconfig_find(o, name))
		return 0;
	if (!(type = kconfig_var(o, name)))
		return -ENOENT;
	e = realloc(o->kexterns, (o->nkexterns + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	o->kexterns = e;
	e = &o->kexterns[o->nkexterns];
	memset(e, 0, sizeof(*e));
	if (!(e->name = strdup(name)))
		return -ENOMEM;
	e->type = type;
	e->weak = weak;
	o->nkexterns++;
	return 0;
}
