/* struct_ops.h: struct_ops maps and their programs (a TCP congestion control written in
 * BPF, say), as libbpf loads them. */
#ifndef BPFLOAD_STRUCT_OPS_H
#define BPFLOAD_STRUCT_OPS_H
#include "object.h"

/* Before a struct_ops program loads: the kernel struct it is a member of (attach_btf_id)
 * and the member's index (expected_attach_type). */
int ldr_struct_ops_prog(struct ldr_object *o, struct ldr_prog *p);
/* After the programs: each struct_ops map created in the kernel's layout
 * (bpf_struct_ops_NAME) and filled: the object's values for its data members, the
 * programs' fds for its function members. */
int ldr_struct_ops_maps(struct ldr_object *o);
/* (ldr_struct_ops_register, the registration, is declared in attach.h) */

#endif
