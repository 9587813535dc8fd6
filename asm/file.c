/* file.c: reading a whole file or stream into memory, for the assembler's sources and
 * includes and for the loader's inputs (a module of its own: nothing above it). */
#include "asm.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

int asm_read_all(FILE *f, char **out, size_t *len)
{
	struct stat st;
	size_t cap = 65536, n = 0;
	char *buf, *nb;

	/* a regular file is read in one piece; a pipe grows the buffer as it comes */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;
	buf = malloc(cap + 2);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
		if (n == cap) {
			cap *= 2;
			nb = realloc(buf, cap + 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
	}
	if (ferror(f)) {
		free(buf);
		return -EIO;
	}
	buf[n] = buf[n + 1] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int asm_write_error(FILE *f)
{
	struct statvfs vfs;

	if (!ferror(f))
		return 0;
	/* stdio keeps no errno with its error flag; a full file system is what it usually is */
	if (fstatvfs(fileno(f), &vfs) == 0 && (vfs.f_bavail == 0 || vfs.f_favail == 0))
		return -ENOSPC;
	return -EIO;
}
