/* kbtf.c: the running kernel's own BTF (/sys/kernel/btf/vmlinux), read once per object
 * when kfunc calls or CO-RE relocations need it. */
#include "kbtf.h"
#include "ldr_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"

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
		return ldr_fail(o, "kfunc calls and CO-RE relocations need the kernel's BTF, and %s cannot be read: %s "
			    "(a kernel built with CONFIG_DEBUG_INFO_BTF has it)", path, strerror(errno));
	ret = asm_read_all(f, &data, &len);
	fclose(f);
	if (ret)
		return ldr_fail(o, "%s: %s", path, strerror(-ret));
	ret = btf_view_open(&o->kbtf, data, len, err, sizeof(err));
	free(data);
	if (ret)
		return ldr_fail(o, "%s: %s", path, ret == -EINVAL ? err : strerror(-ret));
	o->has_kbtf = true;
	return 0;
}
