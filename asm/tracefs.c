/* tracefs.c: the `format` file of a tracepoint, parsed line by line:
 *   field:u32 state;	offset:8;	size:4;	signed:0;
 * The name is the declaration's last identifier (an array's brackets dropped). */
#include "tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tp_format_free(struct tp_format *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		free(f->fields[i].decl);
		free(f->fields[i].name);
	}
	free(f->fields);
	free(f->event);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

static char *field_name(const char *decl)
{
	const char *end = decl + strlen(decl), *start;

	while (end > decl && end[-1] == ']') { /* "args[6]" */
		while (end > decl && end[-1] != '[')
			end--;
		if (end > decl)
			end--;
	}
	start = end;
	while (start > decl && (start[-1] == '_' || (start[-1] >= 'a' && start[-1] <= 'z') ||
				(start[-1] >= 'A' && start[-1] <= 'Z') || (start[-1] >= '0' && start[-1] <= '9')))
		start--;
	return start < end ? strndup(start, (size_t)(end - start)) : NULL;
}

static int parse(FILE *f, struct tp_format *out)
{
	char line[1024];

	out->id = -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *semi;
		struct tp_field fld = {0};
		unsigned sgn = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, "ID:", 3)) {
			out->id = strtoll(p + 3, NULL, 10);
			continue;
		}
		if (!strncmp(p, "name:", 5) && !out->event) {
			p += 5;
			while (*p == ' ')
				p++;
			p[strcspn(p, "\r\n")] = '\0';
			out->event = strdup(p);
			continue;
		}
		if (strncmp(p, "field:", 6))
			continue;
		p += 6;
		semi = strchr(p, ';');
		if (!semi)
			return -EINVAL;
		*semi = '\0';
		if (sscanf(semi + 1, " offset:%u; size:%u; signed:%u;", &fld.offset, &fld.size, &sgn) != 3)
			return -EINVAL;
		fld.is_signed = sgn != 0;
		fld.decl = strdup(p);
		fld.name = field_name(p);
		if (!fld.decl || !fld.name) {
			free(fld.decl);
			free(fld.name);
			return -EINVAL;
		}
		struct tp_field *nf = realloc(out->fields, (out->nfields + 1) * sizeof(*nf));
		if (!nf) {
			free(fld.decl);
			free(fld.name);
			return -ENOMEM;
		}
		out->fields = nf;
		out->fields[out->nfields++] = fld;
		if (fld.offset + fld.size > out->size)
			out->size = fld.offset + fld.size;
	}
	return out->nfields ? 0 : -EINVAL;
}

int tp_format_read(const char *const *dirs, size_t ndirs, const char *cat_event, struct tp_format *out,
		   char *tried, size_t tried_len)
{
	size_t used = 0;
	bool refused = false;

	memset(out, 0, sizeof(*out));
	if (tried_len)
		tried[0] = '\0';
	for (size_t i = 0; i < ndirs; i++) {
		char path[1024];
		FILE *f;
		int err;
		if (!dirs[i])
			continue;
		snprintf(path, sizeof(path), "%s/events/%s/format", dirs[i], cat_event);
		f = fopen(path, "re");
		if (!f) {
			bool denied = errno == EACCES || errno == EPERM;
			refused |= denied;
			if (used < tried_len)
				used += (size_t)snprintf(tried + used, tried_len - used, "%s%s%s", used ? ", " : "", path,
							 denied ? " (permission denied)" : "");
			continue;
		}
		err = parse(f, out);
		fclose(f);
		if (err) {
			tp_format_free(out);
			if (tried_len)
				snprintf(tried, tried_len, "%s (not a tracepoint format file)", path);
			return err;
		}
		out->path = strdup(path);
		if (!out->event) {
			const char *slash = strrchr(cat_event, '/');
			out->event = strdup(slash ? slash + 1 : cat_event);
		}
		return 0;
	}
	return refused ? -EACCES : -ENOENT;
}
