/* diag.h: diagnostics, recorded with their place and flushed in order (diag.c) */
#ifndef BPFAS_DIAG_H
#define BPFAS_DIAG_H
#include "ctx.h"

void asm_error(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void asm_warning(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void asm_note(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void asm_diag_flush(struct asm_ctx *ctx);
/* Build the line index of a file (asm_file_line builds it on first use): false when
 * there is no memory for it. */
bool asm_file_index(const struct asm_ctx *ctx, uint16_t file);
const char *asm_file_line(const struct asm_ctx *ctx, uint16_t file, uint32_t line, size_t *len);

#endif
