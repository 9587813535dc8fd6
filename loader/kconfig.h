/* kconfig.h: `extern ... __kconfig` variables, laid out in a read-only map ".kconfig" and
 * filled from this kernel's configuration, as libbpf does. */
#ifndef BPFLOAD_KCONFIG_H
#define BPFLOAD_KCONFIG_H
#include <stdbool.h>

#include "object.h"

/* Note an undefined name (once) as one of the object's __kconfig variables, as a
 * relocation names it; weak when its symbol is. -ENOENT when it is no VAR of the BTF's
 * DATASEC .kconfig. */
int ldr_kconfig_add(struct ldr_object *o, const char *name, bool weak);
/* Lay them out and fill the map; an error for a variable without a value that is not
 * weak. */
int ldr_kconfig_layout(struct ldr_object *o);
const struct ldr_kextern *ldr_kconfig_find(const struct ldr_object *o, const char *name);
/* The kernel's configuration (/boot/config-RELEASE, else /proc/config.gz) as text, malloc'd,
 * or NULL; `from` (300 bytes, or NULL) gets the file's path. */
char *ldr_kernel_config(size_t *len, char *from);
/* A CONFIG_ option's value in that text ("y", "m", "123"), *vlen its length; NULL: not set. */
const char *ldr_config_value(const char *cfg, const char *name, size_t *vlen);

#endif
