/* fuzz_insns.c: libFuzzer target for the emulator on random instructions and random
 * memory, past the object reader: the first byte is the memory block's length, then its
 * bytes, then up to 512 instructions, put into an XDP program as .quad words and run as
 * --emulate --mem runs one (r1 the block, r2 its length). The emulator may stop a run
 * (a stray access, an unknown opcode, a jump out of the program, too many steps) but must
 * never touch memory it did not give the program. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "asm.h"
#include "emu.h"
#include "object.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet_asm(void *arg, const struct asm_diag *d)
{
}

static void drop(void *arg, enum ldr_level level, const char *text)
{
}

static const struct ldr_log quiet = {drop, NULL};

/* The object of an XDP program made of the words in insns: 0, or -1. */
static int object_of(const uint8_t *insns, size_t n, uint8_t **obj, size_t *len)
{
	struct asm_ctx *ctx = asm_new(&(struct asm_options){.diag = quiet_asm, .no_btf = true, .no_check = true});
	size_t cap = 64 + n * 28;
	char *src = malloc(cap);
	size_t at;
	int fd = -1, ret = -1;
	off_t end;

	if (!ctx || !src)
		goto out;
	at = (size_t)snprintf(src, cap, "\t.license \"GPL\"\n\t.section xdp\nprog:\n");
	for (size_t i = 0; i < n; i++) {
		uint64_t w;
		memcpy(&w, insns + 8 * i, 8);
		at += (size_t)snprintf(src + at, cap - at, "\t.quad %#llx\n", (unsigned long long)w);
	}
	if (!n)
		at += (size_t)snprintf(src + at, cap - at, "\texit\n");
	if (asm_assemble_buffer(ctx, "fuzz.s", src, at) || (fd = memfd_create("fuzz.bo", MFD_CLOEXEC)) < 0 ||
	    asm_write_elf(ctx, fd) || (end = lseek(fd, 0, SEEK_END)) <= 0 || !(*obj = malloc((size_t)end)) ||
	    pread(fd, *obj, (size_t)end, 0) != end)
		goto out;
	*len = (size_t)end;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(src);
	asm_free(ctx);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct ldr_emu_options opt = {.max_steps = 20000, .seed = 1};
	size_t mem_len = size ? data[0] : 0, n;
	uint8_t *obj = NULL, *mem;
	size_t obj_len = 0;
	struct ldr_object *o = NULL;
	struct ldr_emu *e = NULL;
	struct ldr_run_result res;
	char err[1024];

	if (!size || 1 + mem_len > size)
		return 0;
	n = (size - 1 - mem_len) / 8;
	if (n > 512)
		n = 512;
	if (!sink)
		sink = fopen("/dev/null", "we");
	opt.out = sink;
	if (!(mem = malloc(mem_len ? mem_len : 1)))
		return 0;
	memcpy(mem, data + 1, mem_len); /* a block of its own, so ASan sees a read past it */
	if (object_of(data + 1 + mem_len, n, &obj, &obj_len) == 0 && ldr_object_open_memory("fuzz.bo", obj, obj_len, &quiet, &o) == 0 &&
	    ldr_emu_open(o, &opt, &e, err, sizeof(err)) == 0)
		for (size_t i = 0; i < o->nprogs; i++)
			ldr_emu_run(e, &o->progs[i], mem, (uint32_t)mem_len, true, NULL, NULL, 0, &res, err, sizeof(err));
	ldr_emu_close(e);
	ldr_object_close(o);
	free(obj);
	free(mem);
	return 0;
}
