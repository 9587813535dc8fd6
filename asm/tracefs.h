/* tracefs.h: reading a tracepoint's `format` file: the layout of the record a
 * tracepoint program receives as its context. */
#ifndef BPFAS_TRACEFS_H
#define BPFAS_TRACEFS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tp_field {
	char *decl;  /* the C declaration as the kernel prints it: "u32 state" */
	char *name;  /* "state" */
	uint32_t offset, size;
	bool is_signed;
};

struct tp_format {
	char *event;    /* "cpu_frequency" */
	char *path;     /* the file read */
	int64_t id;     /* -1 when the format gave none */
	struct tp_field *fields;
	size_t nfields;
	uint32_t size;  /* the end of the last field */
};

/* Read CAT/EVENT's format from the first of `dirs` that has it (NULL entries are
 * skipped). On failure returns -ENOENT and writes the paths tried to `tried`. */
int tp_format_read(const char *const *dirs, size_t ndirs, const char *cat_event, struct tp_format *out,
		   char *tried, size_t tried_len);
void tp_format_free(struct tp_format *f);
/* The default places: DIR from --tracefs (may be NULL), then the two usual mounts. */
#define TP_DEFAULT_DIRS(user) {(user), "/sys/kernel/tracing", "/sys/kernel/debug/tracing"}

#endif
