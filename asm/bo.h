/* bo.h: reading BPF ELF objects (.bo from bpfas, .o from clang). Everything in the file
 * is untrusted: every index, offset and size is checked before use. */
#ifndef BPFAS_BO_H
#define BPFAS_BO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bo_reloc {
	uint64_t offset;
	uint32_t sym;
	uint32_t type;
};

struct bo_section {
	const char *name;
	uint32_t index, type, link, info;
	uint64_t flags, size, align, entsize;
	const uint8_t *data; /* NULL for SHT_NOBITS */
	struct bo_reloc *rels; /* the relocations that apply to this section */
	size_t nrels;
};

struct bo_symbol {
	const char *name;
	uint64_t value, size;
	uint32_t shndx;
	uint8_t type, bind;
};

struct bo_object {
	void *elf;  /* Elf * */
	int fd;
	struct bo_section *secs; /* indexed by ELF section index */
	size_t nsecs;
	struct bo_symbol *syms;
	size_t nsyms;
	char err[256];
};

/* Open from a file or from memory (the buffer must outlive the object). On failure
 * returns a negative errno and, when `err` is given, a sentence saying what is wrong. */
int bo_open_file(const char *path, struct bo_object **out, char *err, size_t errlen);
int bo_open_memory(const void *buf, size_t len, struct bo_object **out, char *err, size_t errlen);
void bo_close(struct bo_object *obj);

const struct bo_section *bo_section_by_name(const struct bo_object *obj, const char *name);
bool bo_section_is_prog(const struct bo_section *s);
const char *bo_reloc_name(uint32_t type);

#endif
