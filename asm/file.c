/* file.c: reading a whole file or stream into memory, for the assembler's sources and
 * includes and for the loader's inputs (a module of its own: nothing above it). */
#include "asm.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

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

/* Where an output named PATH really goes. Outputs are written next to their target and
 * renamed over it, which must never replace a symbolic link (least of all /dev/stdout, a
 * link into /proc, which a rename as root would turn into a plain file) or a device.
 * Returns 1 when PATH must be written into where it stands (it exists and is not a regular
 * file, or it is reached through /proc or /dev/fd: a descriptor of this process), 0 with
 * *real the file to rename over (PATH itself, or the file its links end at; a new file is
 * PATH), or a negative errno. */
int asm_output_target(const char *path, char **real)
{
	char cur[PATH_MAX], link[PATH_MAX];
	struct stat st;
	int hops;

	*real = NULL;
	if (strlen(path) >= sizeof(cur))
		return -ENAMETOOLONG;
	strcpy(cur, path);
	for (hops = 0;; hops++) {
		ssize_t n;

		if (!strncmp(cur, "/proc/", 6) || !strncmp(cur, "/dev/fd/", 8))
			return 1;
		if (lstat(cur, &st) < 0) {
			if (errno != ENOENT)
				return -errno;
			break; /* a new file, or a link to one not yet made */
		}
		if (!S_ISLNK(st.st_mode)) {
			if (!S_ISREG(st.st_mode))
				return 1;
			break;
		}
		if (hops == 40)
			return -ELOOP;
		n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0)
			return -errno;
		link[n] = '\0';
		if (link[0] != '/') { /* relative to the link's own folder */
			char *slash = strrchr(cur, '/');
			size_t dir = slash ? (size_t)(slash - cur) + 1 : 0;
			if (dir + (size_t)n >= sizeof(cur))
				return -ENAMETOOLONG;
			memmove(cur + dir, link, (size_t)n + 1);
		} else {
			strcpy(cur, link);
		}
	}
	*real = strdup(cur);
	return *real ? 0 : -ENOMEM;
}
