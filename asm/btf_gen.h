/* btf_gen.h: the object's BTF from what the assembler knows (btf_gen.c) */
#ifndef BPFAS_BTF_GEN_H
#define BPFAS_BTF_GEN_H
#include "ctx.h"

/* BTF and .BTF.ext for the object (btf_gen.c); empty when the source brought its own */
int asm_btf_generate(struct asm_ctx *ctx, uint8_t **btf, size_t *btf_len, uint8_t **ext, size_t *ext_len);

#endif
