/* callsys.c: makes N getpid or getppid system calls (through syscall(2), so no libc
 * caching) and writes "PID NR" (its process id, the syscall number) to FILE first:
 *   callsys getpid|getppid N FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long nr, n;
	FILE *f;

	if (argc != 4)
		return 2;
	nr = !strcmp(argv[1], "getpid") ? SYS_getpid : !strcmp(argv[1], "getppid") ? SYS_getppid : -1;
	n = atol(argv[2]);
	if (nr < 0 || !(f = fopen(argv[3], "w")))
		return 2;
	/* its own id through gettid, equal to the pid here: a getpid would count too */
	fprintf(f, "%ld %ld\n", (long)syscall(SYS_gettid), nr);
	fclose(f);
	for (long i = 0; i < n; i++)
		syscall(nr);
	return 0;
}
