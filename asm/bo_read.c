/* bo_read.c: the ELF reader shared by `bpfas -d` and bpfload. */
#include "bo.h"

#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_compat.h"

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* What libelf failed at: out of memory is said as such (and -ENOMEM), anything else is
 * the file's fault (-EINVAL), with libelf's words. */
static int elf_failed(char *err, size_t errlen, const char *what)
{
	const char *m = elf_errmsg(-1);
	bool nomem = (m && strstr(m, "out of memory")) || errno == ENOMEM; /* libelf may name another cause */

	if (nomem)
		return fail(err, errlen, -ENOMEM, "out of memory (%s)", what);
	return fail(err, errlen, -EINVAL, "%s: %s", what, m ? m : "libelf gives no reason");
}

const char *bo_reloc_name(uint32_t type)
{
	switch (type) {
	case BO_R_BPF_NONE: return "R_BPF_NONE";
	case BO_R_BPF_64_64: return "R_BPF_64_64";
	case BO_R_BPF_64_ABS64: return "R_BPF_64_ABS64";
	case BO_R_BPF_64_ABS32: return "R_BPF_64_ABS32";
	case BO_R_BPF_64_NODYLD32: return "R_BPF_64_NODYLD32";
	case BO_R_BPF_64_32: return "R_BPF_64_32";
	}
	return NULL;
}

bool bo_section_is_prog(const struct bo_section *s)
{
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) && s->data;
}

const struct bo_section *bo_section_by_name(const struct bo_object *obj, const char *name)
{
	for (size_t i = 1; i < obj->nsecs; i++)
		if (obj->secs[i].name && !strcmp(obj->secs[i].name, name))
			return &obj->secs[i];
	return NULL;
}

void bo_close(struct bo_object *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; obj->secs && i < obj->nsecs; i++)
		free(obj->secs[i].rels);
	free(obj->secs);
	free(obj->syms);
	if (obj->elf)
		elf_end(obj->elf);
	if (obj->fd >= 0)
		close(obj->fd);
	free(obj);
}

static int read_symbols(struct bo_object *o, const struct bo_section *st, char *err, size_t errlen)
{
	const struct bo_section *strs;
	const Elf64_Sym *raw;

	if (st->entsize != sizeof(Elf64_Sym) || st->size % sizeof(Elf64_Sym) || !st->data)
		return fail(err, errlen, -EINVAL, "the symbol table has entries of %llu bytes, not %zu",
			    (unsigned long long)st->entsize, sizeof(Elf64_Sym));
	if (st->link == 0 || st->link >= o->nsecs || o->secs[st->link].type != SHT_STRTAB)
		return fail(err, errlen, -EINVAL, "the symbol table links to section %u, which is not a string table", st->link);
	strs = &o->secs[st->link];
	o->nsyms = st->size / sizeof(Elf64_Sym);
	o->syms = calloc(o->nsyms ? o->nsyms : 1, sizeof(*o->syms));
	if (!o->syms)
		return -ENOMEM;
	raw = (const Elf64_Sym *)st->data;
	for (size_t i = 0; i < o->nsyms; i++) {
		Elf64_Sym s;
		memcpy(&s, &raw[i], sizeof(s));
		if (s.st_name >= strs->size || !memchr(strs->data + s.st_name, 0, strs->size - s.st_name))
			return fail(err, errlen, -EINVAL, "symbol %zu has a name outside the string table", i);
		o->syms[i].name = (const char *)strs->data + s.st_name;
		o->syms[i].value = s.st_value;
		o->syms[i].size = s.st_size;
		o->syms[i].shndx = s.st_shndx;
		o->syms[i].type = ELF64_ST_TYPE(s.st_info);
		o->syms[i].bind = ELF64_ST_BIND(s.st_info);
		if (s.st_shndx != SHN_UNDEF && s.st_shndx < SHN_LORESERVE && s.st_shndx >= o->nsecs)
			return fail(err, errlen, -EINVAL, "symbol '%s' is in section %u, but there are only %zu sections",
				    o->syms[i].name, s.st_shndx, o->nsecs);
		if (o->syms[i].type == STT_SECTION && s.st_shndx < o->nsecs && !s.st_name && o->secs[s.st_shndx].name)
			o->syms[i].name = o->secs[s.st_shndx].name; /* section 0 has no name: keep "" */
	}
	return 0;
}

static int read_relocs(struct bo_object *o, const struct bo_section *rs, char *err, size_t errlen)
{
	struct bo_section *target;
	const Elf64_Rel *raw;
	size_t n;

	if (rs->info == 0 || rs->info >= o->nsecs)
		return fail(err, errlen, -EINVAL, "relocation section '%s' applies to section %u, which does not exist", rs->name, rs->info);
	if (rs->entsize != sizeof(Elf64_Rel) || rs->size % sizeof(Elf64_Rel) || !rs->data)
		return fail(err, errlen, -EINVAL, "relocation section '%s' has entries of %llu bytes, not %zu",
			    rs->name, (unsigned long long)rs->entsize, sizeof(Elf64_Rel));
	if (rs->link >= o->nsecs || o->secs[rs->link].type != SHT_SYMTAB)
		return fail(err, errlen, -EINVAL, "relocation section '%s' does not link to the symbol table", rs->name);
	target = &o->secs[rs->info];
	if (target->rels)
		return fail(err, errlen, -EINVAL, "section '%s' has two relocation sections", target->name);
	n = rs->size / sizeof(Elf64_Rel);
	target->rels = calloc(n ? n : 1, sizeof(*target->rels));
	if (!target->rels)
		return -ENOMEM;
	raw = (const Elf64_Rel *)rs->data;
	for (size_t i = 0; i < n; i++) {
		Elf64_Rel r;
		uint32_t type, sym;
		uint64_t need;
		memcpy(&r, &raw[i], sizeof(r));
		type = (uint32_t)ELF64_R_TYPE(r.r_info);
		sym = (uint32_t)ELF64_R_SYM(r.r_info);
		if (!bo_reloc_name(type))
			return fail(err, errlen, -EINVAL, "relocation %zu of '%s' has unknown type %u", i, target->name, type);
		if (sym == 0 || sym >= o->nsyms)
			return fail(err, errlen, -EINVAL, "relocation %zu of '%s' names symbol %u, but there are %zu symbols",
				    i, target->name, sym, o->nsyms);
		need = type == BO_R_BPF_64_64 ? 16 : type == BO_R_BPF_64_ABS64 ? 8 : 4;
		if (type == BO_R_BPF_64_32)
			need = 8;
		if (r.r_offset > target->size || target->size - r.r_offset < need)
			return fail(err, errlen, -EINVAL, "relocation %zu of '%s' at offset %llu is outside the section (%llu bytes)",
				    i, target->name, (unsigned long long)r.r_offset, (unsigned long long)target->size);
		target->rels[i].offset = r.r_offset;
		target->rels[i].sym = sym;
		target->rels[i].type = type;
	}
	target->nrels = n;
	return 0;
}

static int open_elf(struct bo_object *o, char *err, size_t errlen)
{
	Elf *e = o->elf;
	GElf_Ehdr eh;
	size_t shstrndx, n;
	Elf_Scn *scn = NULL;
	const struct bo_section *symtab = NULL;
	int ret;

	if (elf_kind(e) != ELF_K_ELF)
		return fail(err, errlen, -EINVAL, "not an ELF file");
	if (!gelf_getehdr(e, &eh))
		return elf_failed(err, errlen, "cannot read the ELF header");
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return fail(err, errlen, -EINVAL, "a 32-bit ELF file; BPF objects are ELF64");
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, -EINVAL, "a big-endian ELF file; only little-endian BPF is supported");
	if (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE)
		return fail(err, errlen, -EINVAL, "an ELF file for machine %u, not BPF (%u)", eh.e_machine, EM_BPF);
	if (eh.e_type != ET_REL)
		return fail(err, errlen, -EINVAL, "an ELF file of type %u; a BPF object is relocatable (ET_REL)", eh.e_type);
	{
		size_t fsize = 0;
		elf_rawfile(e, &fsize);
		if (fsize && (eh.e_shoff > fsize || (uint64_t)eh.e_shnum * eh.e_shentsize > fsize - eh.e_shoff))
			return fail(err, errlen, -EINVAL, "the file is cut short: its section headers end at byte %llu, the file has %zu",
				    (unsigned long long)(eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize), fsize);
	}
	if (elf_getshdrnum(e, &n) || elf_getshdrstrndx(e, &shstrndx))
		return elf_failed(err, errlen, "cannot read the section headers");
	if (n > 65535)
		return fail(err, errlen, -EINVAL, "too many sections (%zu)", n);
	if (shstrndx >= n)
		return fail(err, errlen, -EINVAL, "the section name table index %zu is beyond the %zu sections", shstrndx, n);
	o->nsecs = n;
	o->secs = calloc(n ? n : 1, sizeof(*o->secs));
	if (!o->secs)
		return -ENOMEM;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		size_t idx = elf_ndxscn(scn);
		struct bo_section *s;
		Elf_Data *d;
		const char *name;

		if (idx >= n)
			return fail(err, errlen, -EINVAL, "section %zu is beyond the %zu the header counts", idx, n);
		if (!gelf_getshdr(scn, &sh)) {
			char what[64];
			snprintf(what, sizeof(what), "cannot read section header %zu", idx);
			return elf_failed(err, errlen, what);
		}
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name)
			return fail(err, errlen, -EINVAL, "section %zu has a name outside the name table", idx);
		s = &o->secs[idx];
		s->name = name;
		s->index = (uint32_t)idx;
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->size = sh.sh_size;
		s->align = sh.sh_addralign;
		s->entsize = sh.sh_entsize;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
		if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL) {
			d = elf_getdata(scn, NULL);
			if (!d && sh.sh_size)
				return fail(err, errlen, -EINVAL, "cannot read section '%s': %s", name, elf_errmsg(-1));
			if (d && d->d_size != sh.sh_size)
				return fail(err, errlen, -EINVAL, "section '%s' is %zu bytes, its header says %llu",
					    name, d->d_size, (unsigned long long)sh.sh_size);
			s->data = d ? d->d_buf : NULL;
			if (sh.sh_size && !s->data)
				return fail(err, errlen, -EINVAL, "section '%s' has no data", name);
		}
		if (sh.sh_type == SHT_SYMTAB) {
			if (symtab)
				return fail(err, errlen, -EINVAL, "more than one symbol table");
			symtab = s;
		}
		if ((sh.sh_flags & SHF_EXECINSTR) && sh.sh_type == SHT_PROGBITS && sh.sh_size % 8)
			return fail(err, errlen, -EINVAL, "program section '%s' is %llu bytes, not a multiple of 8",
				    name, (unsigned long long)sh.sh_size);
	}
	if (symtab && (ret = read_symbols(o, symtab, err, errlen)))
		return ret;
	for (size_t i = 1; i < n; i++) {
		if (o->secs[i].type != SHT_REL)
			continue;
		if (!symtab)
			return fail(err, errlen, -EINVAL, "relocations without a symbol table");
		if ((ret = read_relocs(o, &o->secs[i], err, errlen)))
			return ret;
	}
	return 0;
}

static int finish_open(struct bo_object *o, struct bo_object **out, char *err, size_t errlen)
{
	int ret;

	if (!o->elf) {
		ret = elf_failed(err, errlen, "cannot read ELF");
		bo_close(o);
		return ret;
	}
	ret = open_elf(o, err, errlen);
	if (ret) {
		if (ret == -ENOMEM)
			fail(err, errlen, ret, "out of memory");
		bo_close(o);
		return ret;
	}
	*out = o;
	return 0;
}

int bo_open_file(const char *path, struct bo_object **out, char *err, size_t errlen)
{
	struct bo_object *o;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(err, errlen, -EINVAL, "libelf is out of date");
	o = calloc(1, sizeof(*o));
	if (!o)
		return fail(err, errlen, -ENOMEM, "out of memory");
	o->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (o->fd < 0) {
		ret = -errno;
		free(o);
		return fail(err, errlen, ret, "%s", strerror(-ret));
	}
	o->elf = elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
	return finish_open(o, out, err, errlen);
}

int bo_open_memory(const void *buf, size_t len, struct bo_object **out, char *err, size_t errlen)
{
	struct bo_object *o;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(err, errlen, -EINVAL, "libelf is out of date");
	o = calloc(1, sizeof(*o));
	if (!o)
		return fail(err, errlen, -ENOMEM, "out of memory");
	o->fd = -1;
	o->elf = elf_memory((char *)buf, len);
	return finish_open(o, out, err, errlen);
}
