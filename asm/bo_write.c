/* bo_write.c: the assembled sections as an ELF64 relocatable for EM_BPF, laid out as
 * llvm-mc lays it out: .strtab first (also the section-name table), each section
 * followed by its .rel section, .symtab last; written with libelf. */
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "diag.h"
#include "btf_gen.h"

struct strtab {
	struct asm_buf b;
};

static uint32_t str_add(struct strtab *t, const char *s)
{
	uint32_t off = (uint32_t)t->b.len;

	if (!*s)
		return 0;
	if (asm_buf_append(&t->b, s, strlen(s) + 1) < 0)
		return 0;
	return off;
}

struct writer {
	struct asm_ctx *ctx;
	struct strtab str;
	Elf64_Sym *syms;
	size_t nsyms, capsyms;
	uint32_t first_global;
	Elf64_Rel **rels; /* per section */
	uint32_t symtab_index, strtab_index;
	uint8_t *btf, *ext; /* generated .BTF and .BTF.ext, when there is something to say */
	size_t btf_len, ext_len;
};

static int add_sym(struct writer *w, const char *name, uint64_t value, uint64_t size, int bind,
		   int type, uint16_t shndx)
{
	Elf64_Sym *s;

	if (ASM_GROW(w->syms, w->nsyms, w->capsyms) < 0)
		return -ENOMEM;
	s = &w->syms[w->nsyms];
	memset(s, 0, sizeof(*s));
	s->st_name = name ? str_add(&w->str, name) : 0;
	s->st_value = value;
	s->st_size = size;
	s->st_info = ELF64_ST_INFO(bind, type);
	s->st_shndx = shndx;
	return (int)w->nsyms++;
}

static bool in_symtab(const struct asm_ctx *ctx, const struct asm_sym *s)
{
	if (s->kind == SYM_LABEL)
		return (s->force_symtab || (!s->local_label && !s->is_num)) && !ctx->secs[s->section].dropped;
	/* undefined: only what a relocation names */
	return (s->kind == SYM_NONE || s->kind == SYM_EXTERN) && s->reloc_target;
}

static bool is_global(const struct asm_sym *s)
{
	if (s->kind != SYM_LABEL)
		return true;
	return s->bind_set ? s->bind != STB_LOCAL : s->bind == STB_GLOBAL;
}

/* Locals first (file, sections, labels), then globals, as ELF requires. */
static int build_symtab(struct writer *w)
{
	struct asm_ctx *ctx = w->ctx;
	int err = 0;

	err = add_sym(w, NULL, 0, 0, STB_LOCAL, STT_NOTYPE, SHN_UNDEF);
	if (!err && ctx->file_sym)
		err = add_sym(w, ctx->file_sym, 0, 0, STB_LOCAL, STT_FILE, SHN_ABS) < 0;
	for (size_t i = 0; !err && i < ctx->nsecs; i++) {
		struct asm_section *s = &ctx->secs[i];
		if (!s->need_secsym || s->dropped)
			continue;
		int idx = add_sym(w, NULL, 0, 0, STB_LOCAL, STT_SECTION, (uint16_t)s->elf_index);
		if (idx < 0)
			return idx;
		s->secsym_index = (uint32_t)idx;
	}
	for (int pass = 0; pass < 2 && !err; pass++) {
		if (pass == 1)
			w->first_global = (uint32_t)w->nsyms;
		for (size_t i = 0; i < ctx->nsyms; i++) {
			struct asm_sym *s = ctx->syms[i];
			int idx;
			if (!in_symtab(ctx, s) || is_global(s) != (pass == 1))
				continue;
			if (s->kind == SYM_LABEL)
				idx = add_sym(w, s->name, s->value, s->size,
					      pass ? (s->bind == STB_WEAK ? STB_WEAK : STB_GLOBAL) : STB_LOCAL,
					      s->type, (uint16_t)ctx->secs[s->section].elf_index);
			else
				idx = add_sym(w, s->name, 0, 0, s->bind == STB_WEAK ? STB_WEAK : STB_GLOBAL,
					      s->kind == SYM_EXTERN ? STT_FUNC : STT_NOTYPE, SHN_UNDEF);
			if (idx < 0)
				return idx;
			w->syms[idx].st_other = s->visibility;
			s->elf_index = (uint32_t)idx;
		}
	}
	return err ? -ENOMEM : 0;
}

static int cmp_rel(const void *a, const void *b)
{
	const Elf64_Rel *x = a, *y = b;

	return x->r_offset < y->r_offset ? -1 : x->r_offset > y->r_offset;
}

static Elf_Scn *new_section(Elf *e, uint32_t name, uint32_t type, uint64_t flags, void *buf,
			    size_t size, uint64_t align, Elf_Type dtype)
{
	Elf_Scn *scn;
	Elf64_Shdr *sh;
	Elf_Data *d;

	(void)elf_errno(); /* clear: elf_newscn can fail to make the header and still return the section */
	scn = elf_newscn(e);
	if (!scn || elf_errno() || !(sh = elf64_getshdr(scn)) || !(d = elf_newdata(scn)))
		return NULL;
	sh->sh_name = name;
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_addralign = align;
	d->d_buf = buf;
	d->d_size = size;
	d->d_align = align;
	d->d_type = dtype;
	d->d_version = EV_CURRENT;
	return scn;
}

int asm_write_elf(struct asm_ctx *ctx, int fd)
{
	struct writer w = {.ctx = ctx};
	Elf *e = NULL;
	Elf64_Ehdr *eh;
	Elf_Scn *scn;
	Elf64_Shdr *sh;
	uint32_t next = 2, *name_off = NULL, *relname_off = NULL, btf_name = 0, ext_name = 0;
	int err = -EINVAL;

	if (!ctx->finished || ctx->nerrors)
		return -EINVAL;
	errno = 0; /* libelf says out of memory only through it */
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	w.rels = calloc(ctx->nsecs + 1, sizeof(*w.rels));
	name_off = calloc(ctx->nsecs + 1, sizeof(*name_off));
	relname_off = calloc(ctx->nsecs + 1, sizeof(*relname_off));
	if (!w.rels || !name_off || !relname_off) {
		err = -ENOMEM;
		goto out;
	}
	/* section indices: 1 .strtab, then each section and its .rel, then .symtab */
	asm_buf_append(&w.str.b, "", 1);
	w.strtab_index = 1;
	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *s = &ctx->secs[i];
		if (s->dropped)
			continue;
		s->elf_index = next++;
		if (s->nrels)
			next++;
	}
	err = asm_btf_generate(ctx, &w.btf, &w.btf_len, &w.ext, &w.ext_len);
	if (err)
		goto out;
	next += (w.btf_len ? 1 : 0) + (w.ext_len ? 1 : 0);
	w.symtab_index = next;
	err = build_symtab(&w);
	if (err)
		goto out;
	/* names into the string table, which serves symbols and sections alike */
	uint32_t strtab_name = str_add(&w.str, ".strtab"), symtab_name = str_add(&w.str, ".symtab");
	if (w.btf_len)
		btf_name = str_add(&w.str, ".BTF");
	if (w.ext_len)
		ext_name = str_add(&w.str, ".BTF.ext");
	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *s = &ctx->secs[i];
		char rn[512];
		if (s->dropped)
			continue;
		name_off[i] = str_add(&w.str, s->name);
		if (s->nrels) {
			snprintf(rn, sizeof(rn), ".rel%s", s->name);
			relname_off[i] = str_add(&w.str, rn);
		}
	}
	if (!w.str.b.p) {
		err = -ENOMEM;
		goto out;
	}

	e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e || !(eh = elf64_newehdr(e)))
		goto libelf_fail;
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	eh->e_shstrndx = (uint16_t)w.strtab_index;

	if (!new_section(e, strtab_name, SHT_STRTAB, 0, w.str.b.p, w.str.b.len, 1, ELF_T_BYTE))
		goto libelf_fail;
	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *s = &ctx->secs[i];
		if (s->dropped)
			continue;
		scn = new_section(e, name_off[i], s->type, s->flags, s->type == SHT_NOBITS ? NULL : s->data.p,
				  s->type == SHT_NOBITS ? s->nobits_size : s->data.len, s->align, ELF_T_BYTE);
		if (!scn)
			goto libelf_fail;
		if (!s->nrels)
			continue;
		w.rels[i] = calloc(s->nrels, sizeof(Elf64_Rel));
		if (!w.rels[i]) {
			err = -ENOMEM;
			goto out;
		}
		for (size_t r = 0; r < s->nrels; r++) {
			const struct asm_reloc *rl = &s->rels[r];
			uint32_t symi = rl->sym ? rl->sym->elf_index : ctx->secs[rl->section].secsym_index;
			w.rels[i][r].r_offset = rl->offset;
			w.rels[i][r].r_info = ELF64_R_INFO(symi, rl->type);
		}
		qsort(w.rels[i], s->nrels, sizeof(Elf64_Rel), cmp_rel);
		scn = new_section(e, relname_off[i], SHT_REL, SHF_INFO_LINK, w.rels[i],
				  s->nrels * sizeof(Elf64_Rel), 8, ELF_T_REL);
		if (!scn || !(sh = elf64_getshdr(scn)))
			goto libelf_fail;
		sh->sh_link = w.symtab_index;
		sh->sh_info = s->elf_index;
		sh->sh_entsize = sizeof(Elf64_Rel);
	}
	if (w.btf_len && !new_section(e, btf_name, SHT_PROGBITS, 0, w.btf, w.btf_len, 4, ELF_T_BYTE))
		goto libelf_fail;
	if (w.ext_len && !new_section(e, ext_name, SHT_PROGBITS, 0, w.ext, w.ext_len, 4, ELF_T_BYTE))
		goto libelf_fail;
	scn = new_section(e, symtab_name, SHT_SYMTAB, 0, w.syms, w.nsyms * sizeof(Elf64_Sym), 8, ELF_T_SYM);
	if (!scn || !(sh = elf64_getshdr(scn)))
		goto libelf_fail;
	sh->sh_link = w.strtab_index;
	sh->sh_info = w.first_global;
	sh->sh_entsize = sizeof(Elf64_Sym);

	if (elf_update(e, ELF_C_NULL) < 0)
		goto libelf_fail;
	errno = 0;
	if (elf_update(e, ELF_C_WRITE) < 0) {
		if (errno && errno != ENOMEM) { /* the write itself: a full disk, say; the caller says so */
			err = -errno;
			goto out;
		}
		goto libelf_fail;
	}
	err = 0;
	goto out;

libelf_fail:
	if (errno == ENOMEM) { /* libelf's allocations: it may name another cause */
		ctx->oom = true;
		err = -ENOMEM;
	} else {
		asm_error(ctx, NULL, "writing the object failed: %s", elf_errmsg(-1));
		err = -EIO;
	}
	asm_diag_flush(ctx);
out:
	if (e)
		elf_end(e);
	for (size_t i = 0; w.rels && i < ctx->nsecs; i++)
		free(w.rels[i]);
	free(w.rels);
	free(name_off);
	free(relname_off);
	free(w.syms);
	free(w.str.b.p);
	free(w.btf);
	free(w.ext);
	return err;
}
