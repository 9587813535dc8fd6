/* btf.h: BPF Type Format: a builder for the assembler, and a reader (untrusted input)
 * for the disassembler, `bpfas --btf` and bpfload. */
#ifndef BPFAS_BTF_H
#define BPFAS_BTF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/btf.h>

#ifndef BTF_KIND_ENUM64
#define BTF_KIND_ENUM64 19
#endif
#ifndef BTF_KIND_DECL_TAG
#define BTF_KIND_DECL_TAG 17
#endif
#ifndef BTF_KIND_TYPE_TAG
#define BTF_KIND_TYPE_TAG 18
#endif

/* --- building ------------------------------------------------------------------------ */

struct btfb_strs; /* string dedup table */

struct btfb {
	uint8_t *types;
	size_t types_len, types_cap;
	char *strs;
	size_t strs_len, strs_cap;
	uint32_t ntypes; /* ids run from 1 */
	struct btfb_strs *dedup;
	bool oom;
};

void btfb_init(struct btfb *b);
void btfb_free(struct btfb *b);
/* A string in the table (deduplicated); `raw` appends without dedup (source lines). */
uint32_t btfb_str(struct btfb *b, const char *s);
uint32_t btfb_str_raw(struct btfb *b, const char *s, size_t len);

uint32_t btfb_int(struct btfb *b, const char *name, uint32_t size, uint8_t encoding);
uint32_t btfb_ref(struct btfb *b, int kind, const char *name, uint32_t type); /* PTR, TYPEDEF, FWD... */
uint32_t btfb_array(struct btfb *b, uint32_t elem, uint32_t index, uint32_t nelems);
/* Compound kinds: open with the member count, then add exactly that many members. */
uint32_t btfb_struct(struct btfb *b, const char *name, uint32_t size, uint16_t vlen);
void btfb_member(struct btfb *b, const char *name, uint32_t type, uint32_t bit_offset);
uint32_t btfb_enum(struct btfb *b, const char *name, uint32_t size, uint16_t vlen, bool is_signed);
void btfb_enum_val(struct btfb *b, const char *name, int64_t val, bool wide);
uint32_t btfb_proto(struct btfb *b, uint32_t ret, uint16_t vlen);
void btfb_param(struct btfb *b, const char *name, uint32_t type);
uint32_t btfb_func(struct btfb *b, const char *name, uint32_t proto, int linkage);
uint32_t btfb_var(struct btfb *b, const char *name, uint32_t type, int linkage);
uint32_t btfb_datasec(struct btfb *b, const char *name, uint32_t size, uint16_t vlen);
void btfb_secinfo(struct btfb *b, uint32_t type, uint32_t offset, uint32_t size);
/* The .BTF section contents (header, types, strings), malloc'd. */
int btfb_finish(struct btfb *b, uint8_t **out, size_t *len);

/* --- reading ------------------------------------------------------------------------- */

struct btf_view {
	uint8_t *raw;                 /* the view's own aligned copy of the blob */
	size_t raw_len;
	const uint8_t *types;
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	const struct btf_type **type; /* by id; [0] is void */
	uint32_t ntypes;              /* the largest id + 1 */
	uint32_t first;               /* its own first id: 1, or its base's ntypes for split BTF */
	const char *base_strs;        /* split BTF: the base's strings, which its offsets count first */
	uint32_t base_strs_len;
};

/* Copy a .BTF blob (so alignment never depends on the file), check it and index it; on
 * failure returns -EINVAL with the reason in `err`. */
int btf_view_open(struct btf_view *v, const void *data, size_t len, char *err, size_t errlen);
/* Split BTF (a kernel module's, in /sys/kernel/btf): its ids and string offsets go on from
 * those of base, which must outlive it; ids below its `first` are the base's types. */
int btf_view_open_split(struct btf_view *v, const struct btf_view *base, const void *data, size_t len, char *err,
			size_t errlen);
void btf_view_close(struct btf_view *v);
const char *btf_view_name(const struct btf_view *v, uint32_t off);
const struct btf_type *btf_view_type(const struct btf_view *v, uint32_t id);
/* Follow typedefs and modifiers. */
uint32_t btf_view_skip(const struct btf_view *v, uint32_t id);
/* Size in bytes of a type, or -1 when it has none. */
int64_t btf_view_size(const struct btf_view *v, uint32_t id);
/* A struct or union member's offset in bits, whether or not the type has bitfield sizes
 * (kind_flag) in its members' offsets. */
static inline uint32_t btf_member_bits(const struct btf_type *t, const struct btf_member *m)
{
	return BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}
/* Find a named type of a kind (0 when absent). */
uint32_t btf_view_find(const struct btf_view *v, const char *name, int kind);
const char *btf_kind_name(int kind);
/* Every type as bpftool's raw dump prints it. */
void btf_view_dump(const struct btf_view *v, FILE *out);

/* .BTF.ext line_info, read back: per ELF section name, records sorted by insn_off. */
struct btf_line {
	uint32_t insn_off; /* bytes into the section */
	const char *file, *text;
	uint32_t line, col;
	uint32_t file_off, text_off, line_col; /* as written, for handing to the kernel */
};
/* A CO-RE relocation (struct bpf_core_relo): the instruction at insn_off (bytes into the
 * section) refers to type_id of the object's BTF through the access string ("0:1:2"). */
struct btf_core_relo {
	uint32_t insn_off, type_id, access_off, kind;
};
struct btf_ext_sec {
	const char *name;
	struct btf_line *lines;
	uint32_t nlines;
	struct { uint32_t insn_off, type_id; } *funcs;
	uint32_t nfuncs;
	struct btf_core_relo *core; /* CO-RE relocations, in the order of the file */
	uint32_t ncore;
};
struct btf_ext_view {
	struct btf_ext_sec *secs;
	uint32_t nsecs;
	uint32_t ncore_relos; /* CO-RE relocation records, all sections */
};
int btf_ext_open(struct btf_ext_view *x, const struct btf_view *v, const void *data, size_t len,
		 char *err, size_t errlen);
void btf_ext_close(struct btf_ext_view *x);
const struct btf_ext_sec *btf_ext_section(const struct btf_ext_view *x, const char *name);
/* The line_info record covering byte offset `off` of section `s` (the last at or before). */
const struct btf_line *btf_ext_line(const struct btf_ext_sec *s, uint32_t off);

#endif
