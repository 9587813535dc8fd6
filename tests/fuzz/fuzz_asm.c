/* fuzz_asm.c: libFuzzer target: any bytes as assembly source. The assembler must report
 * errors, never crash, and write an object when it reports none. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "asm.h"

static void quiet(void *arg, const struct asm_diag *d)
{
	(void)arg;
	(void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct asm_ctx *ctx = asm_new(&(struct asm_options){.diag = quiet});
	FILE *f;

	if (!ctx)
		return 0;
	if (asm_assemble_buffer(ctx, "fuzz.s", (const char *)data, size) == 0) {
		f = fopen("/dev/null", "w");
		asm_write_elf(ctx, fileno(f));
		asm_write_listing(ctx, f);
		fclose(f);
	}
	asm_free(ctx);
	return 0;
}
