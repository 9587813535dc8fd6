/* disasm.h: BPF objects back to bpfas assembly that reassembles to the same bytes. */
#ifndef BPFAS_DISASM_H
#define BPFAS_DISASM_H
#include <stdio.h>

#include "bo.h"

struct disasm_options {
	const char *section; /* only this section (its instructions), or NULL for all */
	int show_offsets;    /* prefix each instruction with its slot number, as a comment */
	int btf_only;        /* print the BTF types (as bpftool's raw dump) and nothing else */
	int gnu;             /* instructions in GNU's syntax (the output starts with `.syntax gnu`) */
};

/* Returns 0, or -ENOENT when `section` names no section. */
int disasm_object(const struct bo_object *obj, const struct disasm_options *opt, FILE *out);

#endif
