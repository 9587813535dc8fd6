/* object.h: a BPF object as bpfload sees it: maps to create, programs to load, how each
 * program's instructions are relocated and linked, and the BTF that describes them. One
 * struct ldr_object owns all of it, from ldr_object_open to ldr_object_close. */
#ifndef BPFLOAD_OBJECT_H
#define BPFLOAD_OBJECT_H
#include <stdbool.h>
#include <stdint.h>

#include "bo.h"
#include "bpf_compat.h"
#include "btf.h"
#include "log.h"
#include "names.h"

enum ldr_map_kind { LDR_MAP_BTF, LDR_MAP_LEGACY, LDR_MAP_DATA, LDR_MAP_STRUCT_OPS };
#define LDR_KCONFIG_SEC UINT32_MAX /* the section of the .kconfig map, which has none */

struct ldr_map {
	char *name;          /* as the object names it */
	enum ldr_map_kind kind;
	uint32_t type, key_size, value_size, max_entries, flags, numa_node, pinning;
	uint64_t map_extra;
	uint32_t btf_key, btf_value; /* type ids in the object's BTF, 0 when unknown */
	uint32_t sec;        /* defining ELF section, and the symbol's offset in it */
	uint64_t off;
	const uint8_t *init; /* initial contents of a global-data map (NULL: zeros) */
	uint8_t *own_init;   /* init when the object made it (.kconfig): freed with the object */
	bool readonly;       /* .rodata: frozen after it is filled */
	uint32_t values_off; /* a program array's or map of maps' `values` member: its byte offset, or 0 */
	struct ldr_slot {    /* what it starts with: slot, and a program or a map by name */
		uint32_t slot;
		char *prog, *map;
	} *slots;
	size_t nslots;
	struct ldr_map *inner; /* a map of maps: its inner maps' definition (created to make it, then closed) */
	uint32_t local_type;   /* a struct_ops map: its struct in the object's BTF */
	int link_fd;           /* a struct_ops map: the link that registers it (closing it unregisters) */
	int fd;
};

/* What attaching a program needs, from its section name. */
enum ldr_attach { /* the section table's kinds (names.h) */
	LDR_ATTACH_NONE = NAMES_ATTACH_NONE, LDR_ATTACH_SOCKET = NAMES_ATTACH_SOCKET, LDR_ATTACH_XDP = NAMES_ATTACH_XDP,
	LDR_ATTACH_TRACEPOINT = NAMES_ATTACH_TRACEPOINT, LDR_ATTACH_RAW_TRACEPOINT = NAMES_ATTACH_RAW_TRACEPOINT,
	LDR_ATTACH_KPROBE = NAMES_ATTACH_KPROBE, LDR_ATTACH_KRETPROBE = NAMES_ATTACH_KRETPROBE,
	LDR_ATTACH_UPROBE = NAMES_ATTACH_UPROBE, LDR_ATTACH_URETPROBE = NAMES_ATTACH_URETPROBE,
	LDR_ATTACH_TCX = NAMES_ATTACH_TCX, LDR_ATTACH_CGROUP = NAMES_ATTACH_CGROUP,
	LDR_ATTACH_TRACING = NAMES_ATTACH_TRACING, LDR_ATTACH_PERF = NAMES_ATTACH_PERF,
	LDR_ATTACH_KSYSCALL = NAMES_ATTACH_KSYSCALL, LDR_ATTACH_KRETSYSCALL = NAMES_ATTACH_KRETSYSCALL,
	LDR_ATTACH_ITER = NAMES_ATTACH_ITER, LDR_ATTACH_STRUCT_OPS = NAMES_ATTACH_STRUCT_OPS,
	LDR_ATTACH_NETNS = NAMES_ATTACH_NETNS,
	LDR_ATTACH_KINDS
};

struct ldr_prog {
	struct ldr_object *obj; /* the object it belongs to */
	char *name;
	const char *sec_name;
	uint32_t sec;
	uint64_t off, size;     /* its byte range in the section */
	uint32_t type, expected_attach_type, prog_flags;
	enum ldr_attach attach;
	const char *target;     /* "CAT/EVENT" of a tracepoint, NAME of a raw tracepoint */
	const char *btf_prefix; /* tracing types: the target's name in the kernel's BTF is this + target */
	uint8_t btf_kind;
	uint32_t attach_btf_id; /* found in the kernel's BTF at load */
	int ops_map;            /* struct_ops: the map whose member it is (an index, -1: none), the member */
	const char *ops_member;
	struct bpf_insn *insns; /* after relocation and linking */
	uint32_t ninsns;
	struct bpf_func_info *func_info;
	uint32_t nfunc_info;
	struct bpf_line_info *line_info;
	uint32_t nline_info;
	/* where each final instruction came from, for messages: section and byte offset */
	uint32_t *origin_sec;
	uint64_t *origin_off;
	char *verifier_log;     /* the accepted program's log, when ldr_load kept it (--show log) */
	const char *tail_map;   /* the program array that holds it: entered by tail calls, not attached */
	uint32_t tail_slot;
	int fd;
};

struct ldr_object {
	char *path;
	struct bo_object *bo;
	bool has_btf, has_ext;
	struct btf_view btf;
	struct btf_ext_view ext;
	uint8_t *btf_raw;      /* .BTF, fixed up for the kernel (DATASEC sizes and offsets); the view's copy */
	size_t btf_raw_len;
	int btf_fd;
	struct ldr_map *maps;
	size_t nmaps;
	struct ldr_prog *progs;
	size_t nprogs;
	size_t nskipped;        /* code sections of no type bpfload knows, left out with a note */
	struct ldr_kextern {    /* the __kconfig variables its programs use (kconfig.c) */
		char *name;
		uint32_t type, off, size; /* BTF type; place in the .kconfig map */
		bool weak;
	} *kexterns;
	size_t nkexterns;
	const char *license;
	uint32_t kern_version;
	bool has_kbtf;         /* the kernel's own BTF, read when a kfunc call needs it */
	struct btf_view kbtf;
	const char *core_btf;  /* set before loading: a BTF file, or a folder laid out as
	                        * /sys/kernel/btf, that CO-RE resolves against (NULL: the kernel's) */
	bool has_cbtf, kmods_read;
	struct btf_view cbtf;  /* core_btf's vmlinux */
	struct ldr_kmod {      /* the modules' BTF, read when vmlinux lacks a type CO-RE asks for */
		char *name;
		struct btf_view btf;
	} *kmods;
	size_t nkmods;
	struct ldr_log log;    /* where messages go */
};

/* Read and check an object: sections, maps, programs, relocations. Needs no privilege.
 * Messages, now and later, go to log (NULL: standard error). Returns 0, or a negative
 * errno after saying what is wrong; the object is still returned, to be closed. */
int ldr_object_open(const char *path, const struct ldr_log *log, struct ldr_object **out);
/* The same from memory (the buffer must outlive the object); `name` is for messages. */
int ldr_object_open_memory(const char *name, const void *buf, size_t len, const struct ldr_log *log, struct ldr_object **out);
/* Free everything, closing first whatever the object still holds in the kernel. */
void ldr_object_close(struct ldr_object *obj);
/* Keep only the programs named (none named: all): 0, or -ENOENT when none is left. */
int ldr_object_select(struct ldr_object *obj, const char *const *names, size_t n);
/* Close every fd the object holds in the kernel (maps, programs, BTF). */
void ldr_unload(struct ldr_object *obj);

/* Relocate and link one program once its maps have fds; 0, or a negative errno after
 * saying why. */
int ldr_prog_relocate(struct ldr_object *obj, struct ldr_prog *p);

const char *ldr_prog_type_name(uint32_t type);
const char *ldr_map_type_name(uint32_t type);
/* Instruction i of a linked program as assembly text (the opcode when it has none). */
void ldr_prog_insn_text(const struct ldr_prog *p, uint32_t i, char *text, size_t len);
/* The source place of a program's instruction from line_info: NULL when unknown. */
const struct bpf_line_info *ldr_prog_line(const struct ldr_prog *p, uint32_t insn);
const char *ldr_btf_str(const struct ldr_object *obj, uint32_t off);

#endif
