/* resolve.h: the end of input: fixups resolved, symbols laid out, the static checks (resolve.c) */
#ifndef BPFAS_RESOLVE_H
#define BPFAS_RESOLVE_H
#include "ctx.h"

int asm_finish(struct asm_ctx *ctx);

#endif
