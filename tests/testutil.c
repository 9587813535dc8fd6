/* testutil.c: see testutil.h. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "disasm.h"

struct sink {
	FILE *f;
};

static const char *tracefs_dir; /* test setting: see tu_use_tracefs */

void tu_use_tracefs(const char *dir)
{
	tracefs_dir = dir;
}

static void capture(void *arg, const struct asm_diag *d)
{
	fputs(d->text, ((struct sink *)arg)->f);
}

static void run(struct tu_run *r, const char *name, const char *src, const char *path)
{
	struct sink s;

	memset(r, 0, sizeof(*r));
	s.f = open_memstream(&r->diags, &r->diags_len);
	r->ctx = asm_new(&(struct asm_options){.diag = capture, .diag_arg = &s, .tracefs = tracefs_dir});
	if (path)
		r->err = asm_assemble_file(r->ctx, path);
	else
		r->err = asm_assemble_buffer(r->ctx, name, src, strlen(src));
	fclose(s.f);
}

void tu_assemble(struct tu_run *r, const char *name, const char *src)
{
	run(r, name, src, NULL);
}

void tu_assemble_file(struct tu_run *r, const char *path)
{
	run(r, NULL, NULL, path);
}

void tu_done(struct tu_run *r)
{
	asm_free(r->ctx);
	free(r->diags);
	memset(r, 0, sizeof(*r));
}

int tu_object(struct tu_run *r, uint8_t **buf, size_t *len)
{
	int fd = memfd_create("tu", MFD_CLOEXEC), err;
	off_t size;

	if (fd < 0)
		return -errno;
	err = asm_write_elf(r->ctx, fd);
	if (err) {
		close(fd);
		return err;
	}
	size = lseek(fd, 0, SEEK_END);
	*buf = malloc((size_t)size + 1);
	if (!*buf || pread(fd, *buf, (size_t)size, 0) != size) {
		close(fd);
		return -EIO;
	}
	*len = (size_t)size;
	close(fd);
	return 0;
}

char *tu_disassemble(const uint8_t *obj, size_t len)
{
	struct bo_object *o;
	char err[256], *out = NULL;
	size_t outlen = 0;
	FILE *f;

	if (bo_open_memory(obj, len, &o, err, sizeof(err))) {
		fprintf(stderr, "tu_disassemble: %s\n", err);
		return NULL;
	}
	f = open_memstream(&out, &outlen);
	disasm_object(o, NULL, f);
	fclose(f);
	bo_close(o);
	return out;
}

char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = (size_t)n;
	fclose(f);
	return buf;
}

int tu_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;
	int used;

	while (sscanf(s, " %2x%n", &v, &used) == 1) {
		if (n == max)
			return -1;
		out[n++] = (uint8_t)v;
		s += used;
	}
	return (int)n;
}

void tu_check_round_trip(const char *name, const char *src)
{
	struct tu_run a, b;
	struct bo_object *o;
	uint8_t *obj;
	size_t len;
	char *text, err[256];

	tu_assemble(&a, name, src);
	ck_assert_msg(a.err == 0, "%s:\n%s", name, a.diags);
	ck_assert_int_eq(tu_object(&a, &obj, &len), 0);
	text = tu_disassemble(obj, len);
	ck_assert_ptr_nonnull(text);
	tu_assemble(&b, "disassembled", text);
	ck_assert_msg(b.err == 0, "%s: the disassembly does not assemble:\n%s\n%s", name, b.diags, text);
	ck_assert_int_eq(bo_open_memory(obj, len, &o, err, sizeof(err)), 0);
	for (size_t i = 1; i < o->nsecs; i++) {
		const uint8_t *pa, *pb;
		size_t la, lb;
		if (!bo_section_is_prog(&o->secs[i]))
			continue;
		pa = asm_section_bytes(a.ctx, o->secs[i].name, &la);
		pb = asm_section_bytes(b.ctx, o->secs[i].name, &lb);
		ck_assert_msg(la == lb, "%s: section %s is %zu bytes after the round trip, not %zu", name,
			      o->secs[i].name, lb, la);
		for (size_t k = 0; k < la; k += 8)
			ck_assert_msg(!memcmp(pa + k, pb + k, 8), "%s: section %s slot %zu differs after the round trip",
				      name, o->secs[i].name, k / 8);
	}
	bo_close(o);
	free(text);
	free(obj);
	tu_done(&a);
	tu_done(&b);
}

int tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
