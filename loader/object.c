/* object.c: from an ELF object to maps and programs, checked as untrusted input, and the
 * relocation and linking of each program (maps, global data, BPF-to-BPF calls). */
#include "object.h"

#include "asm.h"
#include "core.h"
#include "isa.h"
#include "kbtf.h"
#include "kconfig.h"
#include "ldr_int.h"
#include "names.h"

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ldr_fail(struct ldr_object *o, const char *fmt, ...)
{
	va_list ap;

	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ldr_logf(&o->log, LDR_WARN, "%s: %s\n", o->path ? o->path : "?", msg);
	return -EINVAL;
}


/* --- names ----------------------------------------------------------------------------- */

const char *ldr_prog_type_name(uint32_t type)
{
	const char *n = names_prog_type_name(type);
	return n ? n : "unknown";
}

const char *ldr_map_type_name(uint32_t type)
{
	const char *n = names_map_type_name((int)type);
	return n ? n : "unknown";
}

const char *ldr_btf_str(const struct ldr_object *obj, uint32_t off)
{
	return obj->has_btf ? btf_view_name(&obj->btf, off) : "";
}

/* --- reading --------------------------------------------------------------------------- */

static const struct bo_symbol *sym_at(const struct ldr_object *o, uint32_t sec, uint64_t off, bool func)
{
	for (size_t i = 1; i < o->bo->nsyms; i++) {
		const struct bo_symbol *s = &o->bo->syms[i];
		if (s->shndx == sec && s->value == off && s->name[0] && s->type != STT_SECTION &&
		    (!func || s->type == STT_FUNC))
			return s;
	}
	return NULL;
}

static const struct bo_symbol *sym_named(const struct ldr_object *o, uint32_t sec, const char *name)
{
	for (size_t i = 1; i < o->bo->nsyms; i++)
		if (o->bo->syms[i].shndx == sec && !strcmp(o->bo->syms[i].name, name))
			return &o->bo->syms[i];
	return NULL;
}

struct ldr_map *ldr_add_map(struct ldr_object *o)
{
	struct ldr_map *m = realloc(o->maps, (o->nmaps + 1) * sizeof(*m));

	if (!m)
		return NULL;
	o->maps = m;
	m = &o->maps[o->nmaps++];
	memset(m, 0, sizeof(*m));
	m->fd = -1;
	return m;
}

/* A BTF-defined map's `__uint(name, N)`: a pointer to an array of N. */
static bool map_uint(const struct btf_view *v, uint32_t type, uint32_t *out)
{
	const struct btf_type *p = btf_view_type(v, type), *a;

	if (!p || BTF_INFO_KIND(p->info) != BTF_KIND_PTR)
		return false;
	a = btf_view_type(v, p->type);
	if (!a || BTF_INFO_KIND(a->info) != BTF_KIND_ARRAY)
		return false;
	*out = ((const struct btf_array *)(a + 1))->nelems;
	return true;
}

/* map_extra may be wider than 32 bits: then it is libbpf's __ulong(), an enum (or enum64)
 * with a single enumerator holding the value. */
static bool map_ulong(const struct btf_view *v, uint32_t type, uint64_t *out)
{
	const struct btf_type *t = btf_view_type(v, btf_view_skip(v, type));
	uint32_t u;

	if (map_uint(v, type, &u)) {
		*out = u;
		return true;
	}
	if (!t || BTF_INFO_VLEN(t->info) != 1)
		return false;
	if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM)
		*out = (uint32_t)((const struct btf_enum *)(t + 1))->val;
	else if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64) {
		const struct btf_enum64 *e = (const struct btf_enum64 *)(t + 1);
		*out = (uint64_t)e->val_hi32 << 32 | e->val_lo32;
	} else
		return false;
	return true;
}

static bool is_map_of_maps(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* The fields of a BTF map definition (a struct of __uint, __type, __array members) into m;
 * an inner map's definition (the struct a map of maps' __array(values, ...) points at) the
 * same way, one level down. */
static int read_map_fields(struct ldr_object *o, const char *name, const struct btf_type *st, struct ldr_map *m, int depth)
{
	const struct btf_view *v = &o->btf;
	const struct btf_member *mem = (const struct btf_member *)(st + 1);

	for (uint32_t i = 0; i < BTF_INFO_VLEN(st->info); i++) {
		const char *f = btf_view_name(v, mem[i].name_off);
		uint32_t val = 0;
		if (!strcmp(f, "key") || !strcmp(f, "value")) {
			const struct btf_type *p = btf_view_type(v, mem[i].type);
			int64_t sz;
			if (!p || BTF_INFO_KIND(p->info) != BTF_KIND_PTR)
				return ldr_fail(o, "map '%s': %s is not a pointer to its type", name, f);
			sz = btf_view_size(v, p->type);
			if (sz <= 0 || sz > UINT32_MAX)
				return ldr_fail(o, "map '%s': the %s type has no size", name, f);
			if (f[0] == 'k')
				m->btf_key = p->type, m->key_size = (uint32_t)sz;
			else
				m->btf_value = p->type, m->value_size = (uint32_t)sz;
			continue;
		}
		if (!strcmp(f, "map_extra")) {
			if (!map_ulong(v, mem[i].type, &m->map_extra))
				return ldr_fail(o, "map '%s': field 'map_extra' is neither a __uint(...) nor a __ulong(...)", name);
			continue;
		}
		if (!strcmp(f, "values")) { /* __array(values, ...): filled by relocations */
			const struct btf_type *a = btf_view_type(v, mem[i].type), *ptr, *in;
			if (depth || mem[i].offset % 64 || !mem[i].offset)
				return ldr_fail(o, "map '%s': 'values' is not at a multiple of 8 bytes of an outer map", name);
			m->values_off = mem[i].offset / 8;
			/* an array of pointers to the inner map's definition, or to a program's FUNC_PROTO */
			ptr = a && BTF_INFO_KIND(a->info) == BTF_KIND_ARRAY
				? btf_view_type(v, btf_view_skip(v, ((const struct btf_array *)(a + 1))->type)) : NULL;
			in = ptr && BTF_INFO_KIND(ptr->info) == BTF_KIND_PTR ? btf_view_type(v, btf_view_skip(v, ptr->type)) : NULL;
			if (in && BTF_INFO_KIND(in->info) == BTF_KIND_STRUCT) {
				int err;
				if (!(m->inner = calloc(1, sizeof(*m->inner))))
					return -ENOMEM;
				m->inner->fd = -1;
				if ((err = read_map_fields(o, name, in, m->inner, depth + 1)))
					return err;
				if (!m->inner->type)
					return ldr_fail(o, "map '%s': the inner map's definition has no type", name);
			}
			continue;
		}
		if (!map_uint(v, mem[i].type, &val)) {
			return ldr_fail(o, "map '%s': field '%s' is not a __uint(...)", name, f);
		}
		if (!strcmp(f, "type")) m->type = val;
		else if (!strcmp(f, "max_entries")) m->max_entries = val;
		else if (!strcmp(f, "key_size")) m->key_size = val;
		else if (!strcmp(f, "value_size")) m->value_size = val;
		else if (!strcmp(f, "map_flags")) m->flags = val;
		else if (!strcmp(f, "numa_node")) m->numa_node = val;
		else if (!strcmp(f, "pinning")) m->pinning = val;
		else
			return ldr_fail(o, "map '%s': unknown field '%s'", name, f);
	}
	return 0;
}

static int read_btf_map(struct ldr_object *o, uint32_t maps_sec, const struct btf_var_secinfo *vs)
{
	const struct btf_view *v = &o->btf;
	const struct btf_type *var = btf_view_type(v, vs->type), *st;
	const char *name;
	struct ldr_map *m;
	const struct bo_symbol *sym;
	int err;

	if (!var || BTF_INFO_KIND(var->info) != BTF_KIND_VAR)
		return ldr_fail(o, "BTF DATASEC '.maps' lists type %u, which is not a variable", vs->type);
	name = btf_view_name(v, var->name_off);
	st = btf_view_type(v, btf_view_skip(v, var->type));
	if (!st || BTF_INFO_KIND(st->info) != BTF_KIND_STRUCT)
		return ldr_fail(o, "map '%s': its BTF definition is not a struct", name);
	m = ldr_add_map(o);
	if (!m || !(m->name = strdup(name)))
		return -ENOMEM;
	m->kind = LDR_MAP_BTF;
	m->sec = maps_sec;
	sym = sym_named(o, maps_sec, name);
	m->off = sym ? sym->value : vs->offset;
	if ((err = read_map_fields(o, name, st, m, 0)))
		return err;
	if (!m->type)
		return ldr_fail(o, "map '%s' has no type", name);
	if (m->values_off && m->type != BPF_MAP_TYPE_PROG_ARRAY && !is_map_of_maps(m->type))
		return ldr_fail(o, "map '%s': initial 'values' are for program arrays and maps of maps, not a %s", name,
				ldr_map_type_name(m->type));
	if (is_map_of_maps(m->type) && !m->inner)
		return ldr_fail(o, "map '%s': a map of maps needs __array(values, struct ...) to say what its inner maps are", name);
	if (m->values_off && !m->value_size)
		m->value_size = 4; /* a program's or a map's fd, as libbpf has it for __array(values, ...) */
	return 0;
}

/* A slot of a program array (prog) or a map of maps (map), by name. */
static int add_slot(struct ldr_map *m, uint32_t slot, const char *prog, const char *map)
{
	struct ldr_slot *q = realloc(m->slots, (m->nslots + 1) * sizeof(*m->slots));

	if (!q)
		return -ENOMEM;
	m->slots = q;
	q = &m->slots[m->nslots];
	q->slot = slot;
	q->prog = prog ? strdup(prog) : NULL;
	q->map = map ? strdup(map) : NULL;
	if ((prog && !q->prog) || (map && !q->map)) {
		free(q->prog);
		free(q->map);
		return -ENOMEM;
	}
	m->nslots++;
	return 0;
}

/* Relocations in .maps put programs in the slots of a program array's `values`:
 * recorded by program name, and each such program marked as entered by tail calls. */
static int read_map_slots(struct ldr_object *o)
{
	const struct bo_section *s = bo_section_by_name(o->bo, ".maps");

	for (size_t r = 0; s && r < s->nrels; r++) {
		const struct bo_reloc *rl = &s->rels[r];
		const struct bo_symbol *sym = &o->bo->syms[rl->sym];
		struct ldr_map *m = NULL;
		struct ldr_prog *p = NULL;
		uint64_t rel, at;
		int64_t addend = 0;

		for (size_t i = 0; i < o->nmaps; i++)
			if (o->maps[i].kind == LDR_MAP_BTF && o->maps[i].sec == s->index && o->maps[i].off <= rl->offset &&
			    (!m || o->maps[i].off > m->off))
				m = &o->maps[i];
		if (!m || !m->values_off || rl->offset < m->off + m->values_off)
			return ldr_fail(o, "a relocation at offset %llu of .maps is in no map's 'values'", (unsigned long long)rl->offset);
		rel = rl->offset - m->off - m->values_off;
		if (rel % 8 || rel / 8 >= m->max_entries || rl->type != BO_R_BPF_64_ABS64 || rl->offset + 8 > s->size || !s->data)
			return ldr_fail(o, "map '%s': the relocation at offset %llu of .maps is not an 8-byte slot of its %u",
				    m->name, (unsigned long long)rl->offset, m->max_entries);
		memcpy(&addend, s->data + rl->offset, 8); /* REL: the addend is in place */
		at = (sym->type == STT_SECTION ? 0 : sym->value) + (uint64_t)addend;
		if (is_map_of_maps(m->type)) { /* a map of maps' slot names a map of .maps */
			const struct ldr_map *in = NULL;
			for (size_t i = 0; i < o->nmaps && !in; i++)
				if (o->maps[i].kind == LDR_MAP_BTF && o->maps[i].sec == sym->shndx && o->maps[i].off == at && &o->maps[i] != m)
					in = &o->maps[i];
			if (!in)
				return ldr_fail(o, "map '%s': slot %llu names '%s', which is not a map", m->name,
					    (unsigned long long)(rel / 8), sym->name);
			if (add_slot(m, (uint32_t)(rel / 8), NULL, in->name))
				return -ENOMEM;
			continue;
		}
		for (size_t i = 0; i < o->nprogs && !p; i++)
			if (o->progs[i].sec == sym->shndx && o->progs[i].off == at)
				p = &o->progs[i];
		if (!p)
			return ldr_fail(o, "map '%s': slot %llu names '%s', which is not a program", m->name,
				    (unsigned long long)(rel / 8), sym->name);
		if (add_slot(m, (uint32_t)(rel / 8), p->name, NULL))
			return -ENOMEM;
		p->tail_map = m->name;
		p->tail_slot = (uint32_t)(rel / 8);
	}
	return 0;
}

static int read_maps(struct ldr_object *o)
{
	const struct bo_object *bo = o->bo;

	for (size_t si = 1; si < bo->nsecs; si++) {
		const struct bo_section *s = &bo->secs[si];
		if (!s->name)
			continue;
		if (!strcmp(s->name, ".maps")) {
			uint32_t ds;
			const struct btf_type *t;
			if (!o->has_btf)
				return ldr_fail(o, "section .maps holds BTF-defined maps, but the object has no usable .BTF");
			ds = btf_view_find(&o->btf, ".maps", BTF_KIND_DATASEC);
			if (!ds)
				return ldr_fail(o, "section .maps has no DATASEC '.maps' in .BTF");
			t = btf_view_type(&o->btf, ds);
			for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
				int err = read_btf_map(o, (uint32_t)si, (const struct btf_var_secinfo *)(t + 1) + i);
				if (err)
					return err;
			}
		} else if (!strcmp(s->name, "maps")) {
			/* struct bpf_map_def records; their size is the section's over the symbols in it */
			size_t n = 0, rec;
			for (size_t i = 1; i < bo->nsyms; i++)
				n += bo->syms[i].shndx == si && bo->syms[i].name[0] && bo->syms[i].type != STT_SECTION;
			if (!n || !s->data)
				continue;
			rec = s->size / n;
			if (rec < 5 * 4)
				return ldr_fail(o, "legacy maps section: %zu maps in %llu bytes leaves %zu bytes each, less than a struct bpf_map_def",
					    n, (unsigned long long)s->size, rec);
			for (size_t i = 1; i < bo->nsyms; i++) {
				const struct bo_symbol *sym = &bo->syms[i];
				struct ldr_map *m;
				uint32_t f[7] = {0};
				if (sym->shndx != si || !sym->name[0] || sym->type == STT_SECTION)
					continue;
				if (sym->value % rec || sym->value > s->size || rec > s->size - sym->value)
					return ldr_fail(o, "legacy map '%s' at offset %llu is not on a %zu-byte record", sym->name,
						    (unsigned long long)sym->value, rec);
				memcpy(f, s->data + sym->value, rec < sizeof(f) ? rec : sizeof(f));
				m = ldr_add_map(o);
				if (!m || !(m->name = strdup(sym->name)))
					return -ENOMEM;
				m->kind = LDR_MAP_LEGACY;
				m->sec = (uint32_t)si;
				m->off = sym->value;
				m->type = f[0], m->key_size = f[1], m->value_size = f[2], m->max_entries = f[3];
				m->flags = f[4], m->numa_node = rec >= 28 ? f[6] : 0;
			}
		}
	}
	return 0;
}

static bool is_data_section(const struct bo_section *s)
{
	return s->name && (s->flags & SHF_ALLOC) && !(s->flags & SHF_EXECINSTR) &&
	       (!strncmp(s->name, ".rodata", 7) || !strncmp(s->name, ".data", 5) || !strncmp(s->name, ".bss", 4));
}

/* A global-data map for every .rodata/.data/.bss section a program refers to. */
static int data_map_for(struct ldr_object *o, uint32_t si)
{
	const struct bo_section *s = &o->bo->secs[si];
	struct ldr_map *m;
	char name[BPF_OBJ_NAME_LEN];

	for (size_t i = 0; i < o->nmaps; i++)
		if (o->maps[i].kind == LDR_MAP_DATA && o->maps[i].sec == si)
			return 0;
	if (!s->size || s->size > UINT32_MAX)
		return ldr_fail(o, "global data section '%s' is %llu bytes", s->name, (unsigned long long)s->size);
	m = ldr_add_map(o);
	snprintf(name, sizeof(name), "%s", s->name);
	if (!m || !(m->name = strdup(name)))
		return -ENOMEM;
	m->kind = LDR_MAP_DATA;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = (uint32_t)s->size;
	m->max_entries = 1;
	m->sec = si;
	m->init = s->type == SHT_NOBITS ? NULL : s->data;
	m->readonly = !(s->flags & SHF_WRITE);
	if (m->readonly)
		m->flags = BPF_F_RDONLY_PROG;
	if (o->has_btf)
		m->btf_value = btf_view_find(&o->btf, s->name, BTF_KIND_DATASEC);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int read_progs(struct ldr_object *o)
{
	const struct bo_object *bo = o->bo;

	for (size_t si = 1; si < bo->nsecs; si++) {
		const struct bo_section *s = &bo->secs[si];
		const struct names_section *def;
		uint64_t starts[256];
		size_t n = 0;

		if (!bo_section_is_prog(s) || !s->size || !strncmp(s->name, ".text", 5))
			continue;
		def = names_section(s->name);
		if (!def) { /* not a program of a type bpfload knows: the rest of the object still loads */
			ldr_logf(&o->log, LDR_WARN, "section '%s' holds code, but its name says no program type bpfload knows "
				 "(socket, xdp, tc/ingress, tracepoint/CAT/EVENT, tp_btf/NAME, kprobe/FN, cgroup_skb/egress, ...): "
				 "left out\n", s->name);
			o->nskipped++;
			continue;
		}
		/* programs are the global functions of the section; none: the whole section */
		for (size_t i = 1; i < bo->nsyms && n < 256; i++) {
			const struct bo_symbol *sym = &bo->syms[i];
			if (sym->shndx == si && sym->type == STT_FUNC && sym->bind != STB_LOCAL)
				starts[n++] = sym->value;
		}
		if (!n)
			starts[n++] = 0;
		qsort(starts, n, sizeof(starts[0]), cmp_u64);
		{ /* two names for one function (aliases): one program */
			size_t m = 0;
			for (size_t k = 0; k < n; k++)
				if (!m || starts[m - 1] != starts[k])
					starts[m++] = starts[k];
			n = m;
		}
		for (size_t k = 0; k < n; k++) {
			struct ldr_prog *p;
			const struct bo_symbol *sym = sym_at(o, (uint32_t)si, starts[k], true);
			uint64_t end = k + 1 < n ? starts[k + 1] : s->size;
			if (starts[k] % 8 || starts[k] >= s->size || end > s->size || end <= starts[k])
				return ldr_fail(o, "program '%s' in '%s' lies outside the section", sym ? sym->name : s->name, s->name);
			if (sym && sym->size && sym->size < end - starts[k]) /* no overflow: compared as a length */
				end = starts[k] + sym->size;
			if (end % 8)
				return ldr_fail(o, "program '%s' in '%s' lies outside the section", sym ? sym->name : s->name, s->name);
			p = realloc(o->progs, (o->nprogs + 1) * sizeof(*p));
			if (!p)
				return -ENOMEM;
			o->progs = p;
			p = &o->progs[o->nprogs++];
			memset(p, 0, sizeof(*p));
			p->obj = o;
			p->fd = -1;
			p->ops_map = -1;
			p->name = strdup(sym ? sym->name : s->name);
			if (!p->name)
				return -ENOMEM;
			p->sec_name = s->name;
			p->sec = (uint32_t)si;
			p->off = starts[k];
			p->size = end - starts[k];
			p->type = def->type;
			p->expected_attach_type = def->attach_type;
			p->prog_flags = def->prog_flags;
			p->attach = (enum ldr_attach)def->attach;
			p->btf_prefix = def->btf_prefix;
			p->btf_kind = def->btf_kind;
			if ((p->attach != LDR_ATTACH_NONE && p->attach != LDR_ATTACH_SOCKET && p->attach != LDR_ATTACH_XDP &&
			     p->attach != LDR_ATTACH_TCX && p->attach != LDR_ATTACH_CGROUP) || def->btf_prefix) {
				/* the rest of the section name is the target: event, function, path */
				const char *slash = strchr(s->name, '/');
				p->target = slash ? slash + 1 : NULL;
			}
		}
	}
	return 0;
}

/* Every relocation in a code section, checked against what it may point at. */
static int check_relocs(struct ldr_object *o)
{
	const struct bo_object *bo = o->bo;

	for (size_t si = 1; si < bo->nsecs; si++) {
		const struct bo_section *s = &bo->secs[si];
		if (!bo_section_is_prog(s))
			continue;
		for (size_t r = 0; r < s->nrels; r++) {
			const struct bo_reloc *rl = &s->rels[r];
			const struct bo_symbol *sym = &bo->syms[rl->sym];
			uint8_t code;
			if (rl->offset % 8)
				return ldr_fail(o, "relocation at offset %llu of '%s' is not on an instruction",
					    (unsigned long long)rl->offset, s->name);
			code = s->data[rl->offset];
			if (rl->type == BO_R_BPF_64_64 && code != (BPF_LD | BPF_IMM | BPF_DW))
				return ldr_fail(o, "relocation at instruction %llu of '%s' is R_BPF_64_64, but the instruction is not a 64-bit load",
					    (unsigned long long)rl->offset / 8, s->name);
			if (rl->type == BO_R_BPF_64_32 && code != (BPF_JMP | BPF_CALL))
				return ldr_fail(o, "relocation at instruction %llu of '%s' is R_BPF_64_32, but the instruction is not a call",
					    (unsigned long long)rl->offset / 8, s->name);
			if (rl->type != BO_R_BPF_64_64 && rl->type != BO_R_BPF_64_32)
				return ldr_fail(o, "relocation type %s in code section '%s' is not supported", bo_reloc_name(rl->type), s->name);
			if (sym->shndx == SHN_UNDEF && rl->type != BO_R_BPF_64_32) { /* a call is a kfunc */
				int err = ldr_kconfig_add(o, sym->name, sym->bind == STB_WEAK);
				if (err == -ENOENT)
					return ldr_fail(o, "instruction %llu of '%s' refers to '%s', which the object does not define "
						    "(of extern variables, bpfload knows the __kconfig ones)",
						    (unsigned long long)rl->offset / 8, s->name, sym->name);
				if (err)
					return err;
				continue;
			}
			if (sym->shndx >= bo->nsecs)
				return ldr_fail(o, "relocation in '%s' names symbol '%s' in a special section", s->name, sym->name);
			if (rl->type == BO_R_BPF_64_64 && is_data_section(&bo->secs[sym->shndx])) {
				int err = data_map_for(o, sym->shndx);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

/* clang leaves DATASEC sizes and variable offsets at 0 for the loader to fill in from
 * the ELF sections and symbols, as libbpf does; the kernel refuses them otherwise. */
static void fixup_btf(struct ldr_object *o)
{
	const struct btf_view *v = &o->btf;

	for (uint32_t id = 1; id < v->ntypes; id++) {
		struct btf_type *t = (struct btf_type *)v->type[id];
		const struct bo_section *sec;
		struct btf_var_secinfo *vs;
		if (BTF_INFO_KIND(t->info) != BTF_KIND_DATASEC)
			continue;
		sec = bo_section_by_name(o->bo, btf_view_name(v, t->name_off));
		if (!sec)
			continue;
		if (!t->size && sec->size <= UINT32_MAX)
			t->size = (uint32_t)sec->size;
		vs = (struct btf_var_secinfo *)(t + 1);
		for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
			const struct btf_type *var = btf_view_type(v, vs[i].type);
			const struct bo_symbol *sym;
			if (!var || BTF_INFO_KIND(var->info) != BTF_KIND_VAR)
				continue;
			sym = sym_named(o, sec->index, btf_view_name(v, var->name_off));
			if (sym && sym->value <= UINT32_MAX)
				vs[i].offset = (uint32_t)sym->value;
		}
	}
}

/* clang describes kfuncs (`extern ... __ksym`) as FUNCs of extern linkage listed in a
 * DATASEC '.ksyms'. The kernel takes neither, so its copy of the BTF gets what libbpf
 * gives it: the FUNCs made global (their nameless parameters named), and the DATASEC
 * listing an added `int dummy_ksym` VAR once per kfunc, 4 bytes apart. */
static int ksyms_for_kernel(struct ldr_object *o)
{
	static const char added_strs[] = "int\0dummy_ksym"; /* and its final NUL */
	const struct btf_view *v = &o->btf;
	struct btf_type *ks = NULL;
	struct btf_header h;
	uint32_t int_id = v->ntypes, var_id = v->ntypes + 1, n;
	struct btf_var_secinfo *vs;
	uint8_t *raw, *p;

	for (uint32_t id = 1; id < v->ntypes && !ks; id++) {
		struct btf_type *t = (struct btf_type *)v->type[id];
		if (BTF_INFO_KIND(t->info) == BTF_KIND_DATASEC && !strcmp(btf_view_name(v, t->name_off), ".ksyms"))
			ks = t;
	}
	if (!ks || !(n = BTF_INFO_VLEN(ks->info)))
		return 0;
	vs = (struct btf_var_secinfo *)(ks + 1);
	for (uint32_t i = 0; i < n; i++) { /* extern variables: not supported, left as they are */
		const struct btf_type *f = btf_view_type(v, vs[i].type);
		if (!f || BTF_INFO_KIND(f->info) != BTF_KIND_FUNC)
			return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct btf_type *f = (struct btf_type *)btf_view_type(v, vs[i].type);
		const struct btf_type *proto;
		f->info = (f->info & ~0xffffu) | BTF_FUNC_GLOBAL;
		proto = btf_view_type(v, f->type);
		if (proto && BTF_INFO_KIND(proto->info) == BTF_KIND_FUNC_PROTO) {
			struct btf_param *pa = (struct btf_param *)(proto + 1);
			for (uint32_t k = 0; k < BTF_INFO_VLEN(proto->info); k++)
				if (pa[k].type && !pa[k].name_off)
					pa[k].name_off = f->name_off; /* any name will do */
		}
	}
	/* a new blob: the types, then INT 'int' and VAR 'dummy_ksym', the strings, theirs */
	h = (struct btf_header){.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
				.type_len = v->types_len + 16 + 16, .str_len = v->strs_len + (uint32_t)sizeof(added_strs)};
	h.str_off = h.type_len;
	if (!(raw = malloc(sizeof(h) + h.type_len + h.str_len)))
		return -ENOMEM;
	p = raw;
	memcpy(p, &h, sizeof(h)), p += sizeof(h);
	memcpy(p, v->types, v->types_len), p += v->types_len;
	uint32_t added[8] = {
		v->strs_len, BTF_KIND_INT << 24, 4, 32,                                           /* int */
		v->strs_len + 4, BTF_KIND_VAR << 24, int_id, BTF_VAR_GLOBAL_ALLOCATED,           /* dummy_ksym */
	};
	memcpy(p, added, sizeof(added)), p += sizeof(added);
	memcpy(p, v->strs, v->strs_len), p += v->strs_len;
	memcpy(p, added_strs, sizeof(added_strs));
	ks = (struct btf_type *)(raw + sizeof(h) + ((const uint8_t *)ks - v->types));
	ks->size = 4 * n;
	vs = (struct btf_var_secinfo *)(ks + 1);
	for (uint32_t i = 0; i < n; i++)
		vs[i] = (struct btf_var_secinfo){var_id, 4 * i, 4};
	o->btf_raw = raw;
	o->btf_raw_len = sizeof(h) + h.type_len + h.str_len;
	return 0;
}

static int read_btf(struct ldr_object *o)
{
	const struct bo_section *b = bo_section_by_name(o->bo, ".BTF");
	const struct bo_section *x = bo_section_by_name(o->bo, ".BTF.ext");
	char err[256];

	if (!b || !b->data)
		return 0;
	/* the view's own copy is what fixup_btf changes and what the kernel gets */
	if (btf_view_open(&o->btf, b->data, b->size, err, sizeof(err)))
		return ldr_fail(o, "%s", err);
	o->btf_raw = o->btf.raw;
	o->btf_raw_len = o->btf.raw_len;
	o->has_btf = true;
	fixup_btf(o);
	if (ksyms_for_kernel(o))
		return ldr_fail(o, "out of memory");
	if (x && x->data) {
		if (btf_ext_open(&o->ext, &o->btf, x->data, x->size, err, sizeof(err)))
			return ldr_fail(o, "%s", err);
		o->has_ext = true;
	}
	return 0;
}

/* struct_ops maps (.struct_ops, .struct_ops.link): each variable of the section's DATASEC
 * is one, of a struct the kernel knows by name (tcp_congestion_ops); the section's
 * relocations put programs in its function members, which gives each program the member
 * it is loaded against. */
static int read_struct_ops(struct ldr_object *o)
{
	const struct bo_object *bo = o->bo;

	for (size_t si = 1; si < bo->nsecs; si++) {
		const struct bo_section *s = &bo->secs[si];
		const struct btf_type *ds;
		const struct btf_var_secinfo *vs;
		size_t first = o->nmaps;
		uint32_t id;
		if (!s->name || (strcmp(s->name, ".struct_ops") && strcmp(s->name, ".struct_ops.link")))
			continue;
		if (!s->data)
			return ldr_fail(o, "section '%s' holds no bytes: a struct_ops variable needs its values", s->name);
		if (!o->has_btf || !(id = btf_view_find(&o->btf, s->name, BTF_KIND_DATASEC)))
			return ldr_fail(o, "section '%s' has no BTF DATASEC: compile with -g", s->name);
		ds = btf_view_type(&o->btf, id);
		vs = (const struct btf_var_secinfo *)(ds + 1);
		for (uint32_t i = 0; i < BTF_INFO_VLEN(ds->info); i++) {
			const struct btf_type *var = btf_view_type(&o->btf, vs[i].type);
			struct ldr_map *m;
			if (!var || BTF_INFO_KIND(var->info) != BTF_KIND_VAR || (uint64_t)vs[i].offset + vs[i].size > s->size)
				return ldr_fail(o, "section '%s': its BTF does not describe its variables", s->name);
			if (!(m = ldr_add_map(o)) || !(m->name = strdup(btf_view_name(&o->btf, var->name_off))))
				return -ENOMEM;
			m->kind = LDR_MAP_STRUCT_OPS;
			m->type = BPF_MAP_TYPE_STRUCT_OPS;
			m->key_size = 4;
			m->max_entries = 1;
			m->sec = (uint32_t)si;
			m->off = vs[i].offset;
			m->value_size = vs[i].size; /* the object's; the kernel's wrapper is bigger */
			m->local_type = btf_view_skip(&o->btf, var->type);
			m->init = s->data;
			m->link_fd = -1;
			m->flags = BPF_F_LINK; /* registered through a link, which unregisters when closed */
		}
		for (size_t r = 0; r < s->nrels; r++) {
			const struct bo_reloc *rl = &s->rels[r];
			const struct bo_symbol *sym = &bo->syms[rl->sym];
			for (size_t k = first; k < o->nmaps; k++) {
				struct ldr_map *m = &o->maps[k];
				const struct btf_type *t = btf_view_type(&o->btf, m->local_type);
				const struct btf_member *mem;
				const char *member = NULL;
				if (rl->offset < m->off || rl->offset >= m->off + m->value_size || !t ||
				    BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT)
					continue;
				mem = (const struct btf_member *)(t + 1);
				for (uint32_t j = 0; j < BTF_INFO_VLEN(t->info); j++)
					if (btf_member_bits(t, &mem[j]) ==
					    (rl->offset - m->off) * 8)
						member = btf_view_name(&o->btf, mem[j].name_off);
				for (size_t pi = 0; pi < o->nprogs && member; pi++) {
					struct ldr_prog *p = &o->progs[pi];
					if (p->sec == sym->shndx && p->off == sym->value && p->type == BPF_PROG_TYPE_STRUCT_OPS) {
						p->ops_map = (int)k;
						p->ops_member = member;
						member = NULL;
					}
				}
				if (member)
					return ldr_fail(o, "struct_ops '%s': member %s points at '%s', which is no struct_ops program",
							m->name, member, sym->name);
			}
		}
	}
	for (size_t pi = 0; pi < o->nprogs; pi++)
		if (o->progs[pi].type == BPF_PROG_TYPE_STRUCT_OPS && o->progs[pi].ops_map < 0)
			ldr_logf(&o->log, LDR_WARN, "struct_ops program '%s' is in no struct_ops map: it loads only as a member "
				 "of one\n", o->progs[pi].name);
	return 0;
}

static int object_open(const char *path, const void *buf, size_t len, const struct ldr_log *log, struct ldr_object **out)
{
	struct ldr_object *o = calloc(1, sizeof(*o));
	const struct bo_section *lic, *ver;
	char why[512] = "";
	int err;

	*out = o;
	if (!o)
		return -ENOMEM;
	if (log)
		o->log = *log;
	o->btf_fd = -1;
	o->path = strdup(path);
	err = buf ? bo_open_memory(buf, len, &o->bo, why, sizeof(why)) : bo_open_file(path, &o->bo, why, sizeof(why));
	if (err) {
		ldr_fail(o, "%s", why[0] ? why : strerror(-err));
		return err;
	}
	err = read_btf(o);
	if (!err)
		err = read_maps(o);
	if (!err)
		err = read_progs(o);
	if (!err)
		err = check_relocs(o);
	if (!err)
		err = ldr_kconfig_layout(o);
	if (!err)
		err = read_struct_ops(o);
	if (!err)
		err = read_map_slots(o);
	if (err)
		return err;
	lic = bo_section_by_name(o->bo, "license");
	if (lic && lic->data) {
		if (!lic->size || !memchr(lic->data, 0, lic->size))
			return ldr_fail(o, "the license section is not a NUL-terminated string");
		o->license = (const char *)lic->data;
	}
	ver = bo_section_by_name(o->bo, "version");
	if (ver && ver->data && ver->size == 4)
		memcpy(&o->kern_version, ver->data, 4);
	if (!o->nprogs && !o->nmaps && !o->nskipped)
		return ldr_fail(o, "no programs: no code section other than .text");
	return 0;
}

int ldr_object_open(const char *path, const struct ldr_log *log, struct ldr_object **out)
{
	return object_open(path, NULL, 0, log, out);
}

int ldr_object_open_memory(const char *name, const void *buf, size_t len, const struct ldr_log *log, struct ldr_object **out)
{
	return object_open(name, buf, len, log, out);
}

void ldr_unload(struct ldr_object *o)
{
	for (size_t i = 0; i < o->nprogs; i++) {
		if (o->progs[i].fd >= 0)
			close(o->progs[i].fd);
		o->progs[i].fd = -1;
	}
	for (size_t i = 0; i < o->nmaps; i++) {
		if (o->maps[i].kind == LDR_MAP_STRUCT_OPS && o->maps[i].link_fd >= 0) /* unregistered first */
			close(o->maps[i].link_fd);
		o->maps[i].link_fd = -1;
		if (o->maps[i].fd >= 0)
			close(o->maps[i].fd);
		o->maps[i].fd = -1;
	}
	if (o->btf_fd >= 0)
		close(o->btf_fd);
	o->btf_fd = -1;
}

static void prog_free(struct ldr_prog *p)
{
	free(p->name);
	free(p->verifier_log);
	free(p->insns);
	free(p->func_info);
	free(p->line_info);
	free(p->origin_sec);
	free(p->origin_off);
}

void ldr_object_close(struct ldr_object *o)
{
	if (!o)
		return;
	ldr_unload(o); /* whatever is still in the kernel goes with it */
	for (size_t i = 0; i < o->nmaps; i++) {
		free(o->maps[i].name);
		for (size_t k = 0; k < o->maps[i].nslots; k++) {
			free(o->maps[i].slots[k].prog);
			free(o->maps[i].slots[k].map);
		}
		free(o->maps[i].inner);
		free(o->maps[i].own_init);
		free(o->maps[i].slots);
	}
	for (size_t i = 0; i < o->nprogs; i++)
		prog_free(&o->progs[i]);
	free(o->maps);
	free(o->progs);
	for (size_t i = 0; i < o->nkexterns; i++)
		free(o->kexterns[i].name);
	free(o->kexterns);
	if (o->has_ext)
		btf_ext_close(&o->ext);
	if (o->has_btf && o->btf_raw != o->btf.raw)
		free(o->btf_raw); /* the kernel's copy, when it differs from the view's */
	if (o->has_btf)
		btf_view_close(&o->btf); /* otherwise btf_raw is the view's */
	ldr_kbtf_close(o);
	bo_close(o->bo);
	free(o->path);
	free(o);
}

/* --- relocation and linking ------------------------------------------------------------ */

/* A stretch of code placed in the program: [start, end) of section sec at insn pos. */
struct region {
	uint32_t sec;
	uint64_t start, end;
	uint32_t pos;
};

struct linker {
	struct ldr_object *o;
	struct ldr_prog *p;
	struct region *regs;
	size_t nregs;
};

static const struct bo_reloc *reloc_at(const struct bo_section *s, uint64_t off)
{
	for (size_t r = 0; r < s->nrels; r++)
		if (s->rels[r].offset == off)
			return &s->rels[r];
	return NULL;
}

static int place(struct linker *l, uint32_t sec, uint64_t start, uint64_t end)
{
	struct ldr_prog *p = l->p;
	const struct bo_section *s = &l->o->bo->secs[sec];
	uint32_t n = (uint32_t)((end - start) / 8), pos = p->ninsns;
	struct region *r;
	void *q;

	if (p->ninsns + (uint64_t)n > 1000000)
		return ldr_fail(l->o, "program '%s' would be more than 1,000,000 instructions", p->name);
	if (!(r = realloc(l->regs, (l->nregs + 1) * sizeof(*r))))
		return -ENOMEM;
	l->regs = r;
	l->regs[l->nregs++] = (struct region){sec, start, end, pos};
	if (!(q = realloc(p->insns, (pos + n) * sizeof(*p->insns))))
		return -ENOMEM;
	p->insns = q;
	if (!(q = realloc(p->origin_sec, (pos + n) * sizeof(*p->origin_sec))))
		return -ENOMEM;
	p->origin_sec = q;
	if (!(q = realloc(p->origin_off, (pos + n) * sizeof(*p->origin_off))))
		return -ENOMEM;
	p->origin_off = q;
	memcpy(p->insns + pos, s->data + start, (size_t)n * 8);
	for (uint32_t i = 0; i < n; i++) {
		p->origin_sec[pos + i] = sec;
		p->origin_off[pos + i] = start + (uint64_t)i * 8;
	}
	p->ninsns += n;
	return 0;
}

/* The function of section sec that holds byte offset off: its [start, end). */
static int function_at(struct linker *l, uint32_t sec, uint64_t off, uint64_t *start, uint64_t *end)
{
	const struct bo_object *bo = l->o->bo;
	const struct bo_section *s = &bo->secs[sec];

	*start = 0;
	*end = s->size;
	for (size_t i = 1; i < bo->nsyms; i++) {
		const struct bo_symbol *sym = &bo->syms[i];
		if (sym->shndx != sec || sym->type != STT_FUNC)
			continue;
		if (sym->value <= off && sym->value >= *start)
			*start = sym->value;
		if (sym->value > off && sym->value < *end)
			*end = sym->value;
	}
	for (size_t i = 1; i < bo->nsyms; i++) { /* a declared size ends it sooner */
		const struct bo_symbol *sym = &bo->syms[i];
		if (sym->shndx == sec && sym->type == STT_FUNC && sym->value == *start && sym->size &&
		    *start + sym->size < *end && *start + sym->size > off)
			*end = *start + sym->size;
	}
	if (*start % 8 || *end % 8 || *end <= off)
		return ldr_fail(l->o, "the function at offset %llu of '%s' has no clear bounds", (unsigned long long)off, s->name);
	return 0;
}

/* The instruction index in the linked program of byte offset target of code section tsec:
 * where it was already placed, or after placing the function that holds it. */
static int code_position(struct linker *l, uint32_t tsec, uint64_t target, int64_t *pos)
{
	uint64_t fstart, fend;
	int err;

	for (size_t r = 0; r < l->nregs; r++) {
		if (l->regs[r].sec == tsec && target >= l->regs[r].start && target < l->regs[r].end) {
			*pos = l->regs[r].pos + (int64_t)((target - l->regs[r].start) / 8);
			return 0;
		}
	}
	err = function_at(l, tsec, target, &fstart, &fend);
	if (!err)
		err = place(l, tsec, fstart, fend);
	if (!err)
		*pos = l->regs[l->nregs - 1].pos + (int64_t)((target - fstart) / 8);
	return err;
}

static struct ldr_map *map_at(struct ldr_object *o, uint32_t sec, uint64_t off)
{
	for (size_t i = 0; i < o->nmaps; i++)
		if (o->maps[i].sec == sec && (o->maps[i].kind == LDR_MAP_DATA || o->maps[i].off == off))
			return &o->maps[i];
	return NULL;
}

static int relocate_lddw(struct linker *l, uint32_t i, const struct bo_reloc *rl)
{
	struct ldr_object *o = l->o;
	struct bpf_insn *in = &l->p->insns[i];
	const struct bo_symbol *sym = &o->bo->syms[rl->sym];
	const struct bo_section *ts = &o->bo->secs[sym->shndx];
	uint64_t off = (sym->type == STT_SECTION ? 0 : sym->value) + (uint64_t)(int64_t)in[0].imm;
	struct ldr_map *m;

	if (i + 1 >= l->p->ninsns)
		return ldr_fail(o, "a 64-bit load at the end of '%s' has no second half", l->p->name);
	if (sym->shndx == SHN_UNDEF) { /* a __kconfig variable (check_relocs let no other through) */
		const struct ldr_kextern *e = ldr_kconfig_find(o, sym->name);
		for (size_t k = 0; e && k < o->nmaps; k++)
			if (o->maps[k].sec == LDR_KCONFIG_SEC) {
				uint32_t addend = (uint32_t)in[0].imm;
				in[0].src_reg = BPF_PSEUDO_MAP_VALUE;
				in[0].imm = o->maps[k].fd;
				in[1].imm = (int32_t)(e->off + addend);
				return 0;
			}
		return ldr_fail(o, "instruction %u of '%s' refers to '%s', which the object does not define", i, l->p->name,
				sym->name);
	}
	if (bo_section_is_prog(ts)) {
		/* a callback (bpf_loop, bpf_for_each_map_elem, timers): the kernel takes the
		 * function as BPF_PSEUDO_FUNC with imm its distance in instructions, as a call */
		int64_t pos;
		int err;
		if (off >= ts->size || off % 8)
			return ldr_fail(o, "instruction %u of '%s' takes the address of offset %llu of '%s', which is no instruction",
				    i, l->p->name, (unsigned long long)off, ts->name);
		err = code_position(l, sym->shndx, off, &pos);
		if (err)
			return err;
		in = &l->p->insns[i]; /* place() may have moved the buffer */
		in[0].src_reg = BPF_PSEUDO_FUNC;
		in[0].imm = (int32_t)(pos - (int64_t)i - 1);
		in[1].imm = 0;
		return 0;
	}
	m = map_at(o, sym->shndx, sym->type == STT_SECTION ? (uint64_t)(int64_t)in[0].imm : sym->value);
	if (!m)
		return ldr_fail(o, "instruction %u of '%s' refers to '%s' in section '%s', which is no map and no global data",
			    i, l->p->name, sym->name, ts->name);
	if (m->kind == LDR_MAP_DATA) {
		if (off >= m->value_size)
			return ldr_fail(o, "instruction %u of '%s' points %llu bytes into '%s', past its end", i, l->p->name,
				    (unsigned long long)off, ts->name);
		in[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		in[0].imm = m->fd;
		in[1].imm = (int32_t)off;
	} else {
		in[0].src_reg = BPF_PSEUDO_MAP_FD;
		in[0].imm = m->fd;
		in[1].imm = 0;
	}
	return 0;
}

/* A call to a symbol the object does not define: a kernel function (kfunc), which the
 * kernel takes as BPF_PSEUDO_KFUNC_CALL with imm its BTF id in vmlinux (off 0). */
static int relocate_kfunc(struct linker *l, uint32_t i, const struct bo_symbol *sym)
{
	struct ldr_object *o = l->o;
	struct bpf_insn *in = &l->p->insns[i];
	uint32_t id;
	int err = ldr_kernel_btf(o);

	if (err)
		return err;
	id = btf_view_find(&o->kbtf, sym->name, BTF_KIND_FUNC);
	if (!id) {
		struct names_near near;
		const char *best;
		names_near_init(&near);
		for (uint32_t k = 1; k < o->kbtf.ntypes; k++)
			if (BTF_INFO_KIND(o->kbtf.type[k]->info) == BTF_KIND_FUNC)
				names_near_try(&near, sym->name, btf_view_name(&o->kbtf, o->kbtf.type[k]->name_off));
		best = names_near_result(&near, sym->name);
		return ldr_fail(o, "instruction %u of '%s' calls '%s', which is neither in the object nor a function in the kernel's BTF%s%s%s "
			    "(kfuncs of modules are not looked up)", i, l->p->name, sym->name,
			    best ? "; did you mean '" : "", best ? best : "", best ? "'?" : "");
	}
	in->src_reg = BPF_PSEUDO_KFUNC_CALL;
	in->imm = (int32_t)id;
	in->off = 0;
	return 0;
}

static int relocate_call(struct linker *l, uint32_t i, const struct region *from, const struct bo_reloc *rl)
{
	struct ldr_object *o = l->o;
	struct bpf_insn *in = &l->p->insns[i];
	uint32_t tsec;
	uint64_t target;
	int64_t pos;
	int err;

	/* unsigned arithmetic: a damaged symbol value wraps, and the bounds check below catches it */
	if (rl) {
		const struct bo_symbol *sym = &o->bo->syms[rl->sym];
		tsec = sym->shndx;
		target = sym->value + (uint64_t)((int64_t)in->imm + 1) * 8;
	} else {
		tsec = from->sec;
		target = from->start + (uint64_t)(i - from->pos) * 8 + 8 + (uint64_t)(int64_t)in->imm * 8;
	}
	if (!bo_section_is_prog(&o->bo->secs[tsec]) || target >= o->bo->secs[tsec].size || target % 8)
		return ldr_fail(o, "the call at instruction %u of '%s' leads outside the code", i, l->p->name);
	err = code_position(l, tsec, target, &pos);
	if (err)
		return err;
	l->p->insns[i].imm = (int32_t)(pos - (int64_t)i - 1); /* place() may have moved the buffer */
	return 0;
}

/* func_info and line_info for the linked program, from .BTF.ext of each placed region. */
static int link_ext(struct linker *l)
{
	struct ldr_prog *p = l->p;
	struct ldr_object *o = l->o;
	size_t fcap = p->nfunc_info, lcap = p->nline_info; /* what the arrays hold now */

	for (size_t r = 0; r < l->nregs; r++) {
		const struct region *rg = &l->regs[r];
		const struct btf_ext_sec *es = btf_ext_section(&o->ext, o->bo->secs[rg->sec].name);
		bool func_at_start = false, line_at_start = false;
		if (!es) {
			p->nfunc_info = p->nline_info = 0;
			return 0;
		}
		for (uint32_t k = 0; k < es->nfuncs; k++) {
			if (es->funcs[k].insn_off < rg->start || es->funcs[k].insn_off >= rg->end)
				continue;
			if (p->nfunc_info == fcap) { /* grown by doubling: one record at a time is quadratic */
				void *q = realloc(p->func_info, (fcap = fcap ? 2 * fcap : 16) * sizeof(*p->func_info));
				if (!q)
					return -ENOMEM;
				p->func_info = q;
			}
			p->func_info[p->nfunc_info].insn_off = rg->pos + (uint32_t)((es->funcs[k].insn_off - rg->start) / 8);
			p->func_info[p->nfunc_info++].type_id = es->funcs[k].type_id;
			func_at_start |= es->funcs[k].insn_off == rg->start;
		}
		for (uint32_t k = 0; k < es->nlines; k++) {
			const struct btf_line *ln = &es->lines[k];
			if (ln->insn_off < rg->start || ln->insn_off >= rg->end)
				continue;
			if (p->nline_info == lcap) {
				void *q = realloc(p->line_info, (lcap = lcap ? 2 * lcap : 64) * sizeof(*p->line_info));
				if (!q)
					return -ENOMEM;
				p->line_info = q;
			}
			p->line_info[p->nline_info++] = (struct bpf_line_info){
				rg->pos + (uint32_t)((ln->insn_off - rg->start) / 8), ln->file_off, ln->text_off, ln->line_col};
			line_at_start |= ln->insn_off == rg->start;
		}
		if (!func_at_start || !line_at_start) {
			/* the kernel wants both at every function's first instruction: without them, none */
			p->nfunc_info = p->nline_info = 0;
			return 0;
		}
	}
	return 0;
}

int ldr_prog_relocate(struct ldr_object *o, struct ldr_prog *p)
{
	struct linker l = {o, p, NULL, 0};
	int err;

	p->ninsns = 0;
	p->nfunc_info = p->nline_info = 0;
	err = place(&l, p->sec, p->off, p->off + p->size);
	for (size_t r = 0; !err && r < l.nregs; r++) {
		struct region rg = l.regs[r];
		const struct bo_section *s = &o->bo->secs[rg.sec];
		for (uint32_t i = rg.pos; !err && i < rg.pos + (rg.end - rg.start) / 8; i++) {
			const struct bo_reloc *rl = reloc_at(s, rg.start + (uint64_t)(i - rg.pos) * 8);
			struct bpf_insn *in = &p->insns[i];
			if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				if (rl)
					err = relocate_lddw(&l, i, rl);
				i++;
			} else if (in->code == (BPF_JMP | BPF_CALL) && rl && o->bo->syms[rl->sym].shndx == SHN_UNDEF) {
				err = relocate_kfunc(&l, i, &o->bo->syms[rl->sym]);
			} else if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) {
				err = relocate_call(&l, i, &rg, rl);
			} else if (rl) {
				err = ldr_fail(o, "a relocation at instruction %u of '%s' applies to neither a load nor a call", i, p->name);
			}
		}
		if (!err)
			err = ldr_core_apply(o, p, s->name, rg.start, rg.end, rg.pos);
	}
	if (!err && o->has_ext && o->btf_fd >= 0)
		err = link_ext(&l);
	free(l.regs);
	return err;
}

int ldr_object_select(struct ldr_object *o, const char *const *names, size_t n)
{
	size_t kept = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < o->nprogs; i++) {
		struct ldr_prog *p = &o->progs[i];
		bool want = false;
		for (size_t k = 0; k < n && !want; k++)
			want = !strcmp(names[k], p->name);
		if (want) {
			o->progs[kept++] = *p;
			continue;
		}
		prog_free(p);
	}
	o->nprogs = kept;
	return kept ? 0 : -ENOENT;
}

void ldr_prog_insn_text(const struct ldr_prog *p, uint32_t i, char *text, size_t len)
{
	struct isa_insn in, next;

	isa_decode((const uint8_t *)&p->insns[i], &in);
	if (i + 1 < p->ninsns)
		isa_decode((const uint8_t *)&p->insns[i + 1], &next);
	if (!isa_format(&in, i + 1 < p->ninsns ? &next : NULL, i, NULL, text, len)) {
		if (p->insns[i].code == (BPF_JMP | BPF_CALL) && p->insns[i].src_reg == BPF_PSEUDO_KFUNC_CALL)
			snprintf(text, len, "call kernel function (BTF id %d)", p->insns[i].imm);
		else if (p->insns[i].code == (BPF_JMP | BPF_CALL) && p->insns[i].src_reg == BPF_PSEUDO_CALL)
			snprintf(text, len, "call the function at instruction %lld", (long long)i + 1 + p->insns[i].imm);
		else
			snprintf(text, len, "(code 0x%02x)", in.code);
	}
}

const struct bpf_line_info *ldr_prog_line(const struct ldr_prog *p, uint32_t insn)
{
	const struct bpf_line_info *best = NULL;

	for (uint32_t i = 0; i < p->nline_info; i++)
		if (p->line_info[i].insn_off <= insn)
			best = &p->line_info[i];
	return best;
}
