/* kbtf.c: the running kernel's own BTF (/sys/kernel/btf/vmlinux), read once per object
 * when kfunc calls or CO-RE relocations need it. */
#include "kbtf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"

static int kbtf_fail(struct ldr_object *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int kbtf_fail(struct ldr_object *o, const char *fmt, ...)
{
	va_list ap;

	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ldr_logf(&o->log, LDR_WARN, "%s: %s\n", o->path, msg);
	return -EINVAL;
}

int ldr_kernel_btf(struct ldr_object *o)
{
	static const char path[] = "/sys/kernel/btf/vmlinux";
	char err[200], *data;
	size_t len;
	FILE *f;
	int ret;

	if (o->has_kbtf)
		return 0;
	if (!(f = fopen(path, "re")))
		return kbtf_fail(o, "kfunc calls and CO-RE relocations need the kernel's BTF, and %s cannot be read: %s "
			    "(a kernel built with CONFIG_DEBUG_INFO_BTF has it)", path, strerror(errno));
	ret = asm_read_all(f, &data, &len);
	fclose(f);
	if (ret)
		return kbtf_fail(o, "%s: %s", path, strerror(-ret));
	ret = btf_view_open(&o->kbtf, data, len, err, sizeof(err));
	free(data);
	if (ret)
		return kbtf_fail(o, "%s: %s", path, ret == -EINVAL ? err : strerror(-ret));
	o->has_kbtf = true;
	return 0;
}
