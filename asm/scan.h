/* scan.h: the scanning layer: the scanner and the sources it reads */
#ifndef BPFAS_SCAN_H
#define BPFAS_SCAN_H
#include "ctx.h"

/* the scanner (lexer.l) */
int asm_scan_begin(struct asm_ctx *ctx, uint16_t file);
void asm_scan_end(struct asm_ctx *ctx);
int asm_scan_push(struct asm_ctx *ctx, uint16_t file);
/* a GNU mnemonic in pseudo-C; in GNU's syntax a word that is no mnemonic */
void asm_scan_misplaced(struct asm_ctx *ctx, const struct asm_loc *loc, const char *word, size_t len);
void asm_scan_unknown(struct asm_ctx *ctx, const struct asm_loc *loc, const char *word, size_t len);
void asm_scan_skip(struct asm_ctx *ctx);
void asm_scan_capture(struct asm_ctx *ctx);

/* the sources it reads (source.c): files and .include, the open conditionals the scanner
 * skips in (it calls asm_cond_else and asm_cond_end for an .else or .endif of the
 * conditional it skips in, which say whether to assemble again), captured .rept and .macro
 * bodies (collected from the line after the directive to the matching .endr or .endm, then
 * repeated or stored), and macro expansions, each scanned as a file of its own */
bool asm_cond_else(struct asm_ctx *ctx, const struct asm_loc *loc);
bool asm_cond_end(struct asm_ctx *ctx);
void asm_cond_unclosed(struct asm_ctx *ctx);
void asm_capture_done(struct asm_ctx *ctx);
const struct asm_macro *asm_macro_find(const struct asm_ctx *ctx, const char *name, size_t len);
void asm_macro_expand(struct asm_ctx *ctx, const struct asm_macro *m, const char *args, size_t len,
		      const struct asm_loc *loc);
int asm_add_text_file(struct asm_ctx *ctx, const char *name, const char *text, size_t len);
bool asm_name_char(char c);
bool asm_directive_is_raw(const char *name);
int asm_include_file(struct asm_ctx *ctx, const char *path, const struct asm_loc *loc);
int asm_load_file(struct asm_ctx *ctx, const char *path, const char *name);
/* asm_options.release_source: start giving back file idx's memory as it is scanned
 * (nothing for a small file, or one that cannot be read again); the scanner calls
 * asm_source_passed with a token at release_at, and its column and line. */
void asm_source_release_begin(struct asm_ctx *ctx, uint16_t idx);
void asm_source_passed(struct asm_ctx *ctx, const char *tok, uint32_t col, uint32_t line);

#endif
