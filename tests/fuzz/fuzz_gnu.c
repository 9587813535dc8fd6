/* fuzz_gnu.c: libFuzzer target: any bytes as assembly source in GNU's syntax (bpfas
 * --syntax gnu, as bpf-as and GCC write it). Errors are reported, nothing crashes, and
 * an object is written when no error was. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "asm.h"

static void quiet(void *arg, const struct asm_diag *d)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct asm_ctx *ctx = asm_new(&(struct asm_options){.diag = quiet, .gnu = true});
	FILE *f;

	if (!ctx)
		return 0;
	if (asm_assemble_buffer(ctx, "fuzz.s", (const char *)data, size) == 0 && (f = fopen("/dev/null", "w"))) {
		asm_write_elf(ctx, fileno(f));
		asm_write_listing(ctx, f);
		fclose(f);
	}
	asm_free(ctx);
	return 0;
}
