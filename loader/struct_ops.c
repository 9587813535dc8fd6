/* struct_ops.c: struct_ops maps and their programs. A variable of section .struct_ops
 * (or .struct_ops.link) is an instance of a struct the kernel knows by name, whose
 * function members the section's relocations fill with programs (object.c reads them).
 * Each program loads against the kernel's struct (attach_btf_id) and its member's index
 * (expected_attach_type); the map is created with the kernel's wrapper type
 * bpf_struct_ops_NAME as its value, filled member by member by name (the object's bytes
 * for data members, program fds for function members), and registered through a link. */
#include "struct_ops.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "btf.h"
#include "kbtf.h"
#include "ldr_int.h"
#include "log.h"
#include "sys.h"

/* The kernel's struct of the same (essential) name as local type `lid`. */
static uint32_t kernel_struct(struct ldr_object *o, uint32_t lid, char *name, size_t len)
{
	const struct btf_type *t = btf_view_type(&o->btf, lid);
	const char *n = t ? btf_view_name(&o->btf, t->name_off) : "";

	snprintf(name, len, "%.*s", (int)ldr_essential_len(n), n);
	return btf_view_find(&o->kbtf, name, BTF_KIND_STRUCT);
}

int ldr_struct_ops_prog(struct ldr_object *o, struct ldr_prog *p)
{
	const struct ldr_map *m;
	const struct btf_type *kt;
	const struct btf_member *km;
	char name[128];
	uint32_t kid;
	int err;

	if (p->type != BPF_PROG_TYPE_STRUCT_OPS)
		return 0;
	if (p->ops_map < 0)
		return ldr_fail(o, "struct_ops program '%s' is in no struct_ops map: nothing says what it is a member of", p->name);
	if ((err = ldr_kernel_btf(o)))
		return err;
	m = &o->maps[p->ops_map];
	if (!(kid = kernel_struct(o, m->local_type, name, sizeof(name))))
		return ldr_fail(o, "struct_ops '%s': this kernel's BTF has no struct %s", m->name, name);
	kt = btf_view_type(&o->kbtf, kid);
	km = (const struct btf_member *)(kt + 1);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(kt->info); i++)
		if (!strcmp(btf_view_name(&o->kbtf, km[i].name_off), p->ops_member)) {
			p->attach_btf_id = kid;
			p->expected_attach_type = i;
			return 0;
		}
	return ldr_fail(o, "struct_ops '%s': this kernel's struct %s has no member %s (for program '%s')", m->name, name,
			p->ops_member, p->name);
}

/* The object's member `name` of local struct `lid`: its byte offset and size. */
static bool local_member(const struct btf_view *v, uint32_t lid, const char *name, uint32_t *off, int64_t *size)
{
	uint32_t type, bitsz;
	uint64_t bits;

	if (!ldr_btf_member(v, lid, name, &type, &bits, &bitsz))
		return false;
	*off = (uint32_t)(bits / 8);
	*size = btf_view_size(v, type);
	return true;
}

static int make_map(struct ldr_object *o, struct ldr_map *m)
{
	const struct btf_view *kv = &o->kbtf;
	char name[128], wrapper[160];
	uint32_t kid = kernel_struct(o, m->local_type, name, sizeof(name)), wid, data_off = 0;
	const struct btf_type *kt, *wt;
	const struct btf_member *km, *wm;
	uint8_t *value;
	int64_t wsize;
	uint32_t zero = 0;
	int fd, err;

	snprintf(wrapper, sizeof(wrapper), "bpf_struct_ops_%s", name);
	if (!kid || !(wid = btf_view_find(kv, wrapper, BTF_KIND_STRUCT)))
		return ldr_fail(o, "struct_ops '%s': this kernel has no struct_ops type %s (no %s in its BTF)", m->name, name,
				wrapper);
	kt = btf_view_type(kv, kid);
	wt = btf_view_type(kv, wid);
	wm = (const struct btf_member *)(wt + 1);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(wt->info); i++)
		if (!strcmp(btf_view_name(kv, wm[i].name_off), "data"))
			data_off = btf_member_bits(wt, &wm[i]) / 8;
	wsize = btf_view_size(kv, wid);
	if (!data_off || wsize <= 0 || !(value = calloc(1, (size_t)wsize)))
		return data_off ? -ENOMEM : ldr_fail(o, "struct_ops '%s': %s has no data member", m->name, wrapper);
	km = (const struct btf_member *)(kt + 1);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(kt->info); i++) {
		const char *mn = btf_view_name(kv, km[i].name_off);
		uint32_t koff = data_off + btf_member_bits(kt, &km[i]) / 8, loff;
		const struct btf_type *mt = btf_view_type(kv, btf_view_skip(kv, km[i].type));
		int64_t ksize = btf_view_size(kv, km[i].type), lsize;
		bool func = mt && BTF_INFO_KIND(mt->info) == BTF_KIND_PTR &&
			    BTF_INFO_KIND(btf_view_type(kv, btf_view_skip(kv, mt->type))->info) == BTF_KIND_FUNC_PROTO;
		if (func) { /* a program's fd, where the section's relocation put it */
			for (size_t pi = 0; pi < o->nprogs; pi++) {
				const struct ldr_prog *p = &o->progs[pi];
				if (p->ops_map == (int)(m - o->maps) && !strcmp(p->ops_member, mn) && p->fd >= 0) {
					uint64_t pfd = (uint64_t)p->fd;
					memcpy(value + koff, &pfd, sizeof(pfd));
				}
			}
			continue;
		}
		if (!*mn || !local_member(&o->btf, m->local_type, mn, &loff, &lsize))
			continue; /* left 0, as libbpf leaves what the object does not set */
		if (lsize != ksize || (uint64_t)koff + (uint64_t)ksize > (uint64_t)wsize || loff + (uint64_t)lsize > m->value_size) {
			free(value);
			return ldr_fail(o, "struct_ops '%s': member %s is %lld bytes here and %lld in the kernel's %s", m->name, mn,
					(long long)lsize, (long long)ksize, name);
		}
		memcpy(value + koff, m->init + m->off + loff, (size_t)lsize);
	}
	fd = ldr_sys_map_create(&(struct ldr_map_create_opts){
		.name = m->name, .type = BPF_MAP_TYPE_STRUCT_OPS, .key_size = 4, .value_size = (uint32_t)wsize,
		.max_entries = 1, .flags = m->flags, .btf_fd = o->btf_fd, .btf_vmlinux_value_type_id = wid});
	if (fd < 0) {
		free(value);
		ldr_logf(&o->log, LDR_WARN, "the kernel refused struct_ops map '%s' (%s): %s\n", m->name, name, strerror(-fd));
		return fd;
	}
	m->fd = fd;
	m->value_size = (uint32_t)wsize;
	err = ldr_sys_map_update_elem(fd, &zero, value, 0);
	free(value);
	if (err)
		ldr_logf(&o->log, LDR_WARN, "the kernel refused the members of struct_ops '%s' (%s): %s\n", m->name, name,
			 strerror(-err));
	return err;
}

int ldr_struct_ops_maps(struct ldr_object *o)
{
	for (size_t i = 0; i < o->nmaps; i++) {
		int err;
		if (o->maps[i].kind == LDR_MAP_STRUCT_OPS && (err = make_map(o, &o->maps[i])))
			return err;
	}
	return 0;
}

int ldr_struct_ops_register(struct ldr_object *o, struct ldr_map *m)
{
	int fd = ldr_sys_link_create(m->fd, 0, BO_STRUCT_OPS); /* link_create.map_fd sits where prog_fd does */

	if (fd < 0) {
		ldr_logf(&o->log, LDR_WARN, "cannot register struct_ops '%s': %s\n", m->name, strerror(-fd));
		return fd;
	}
	m->link_fd = fd;
	return 0;
}
