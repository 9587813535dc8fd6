/* callsys.c: makes N getpid or getppid system calls (through syscall(2), so no libc
 * caching), or N calls of its function bpfas_test_tick (for a uprobe), and writes
 * "PID NR" (its process id, the syscall number or -1) to FILE first:
 *   callsys getpid|getppid|tick N FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* what a uprobe test probes: kept out of line, and not optimised away */
__attribute__((noinline)) void bpfas_test_tick(long i);
__attribute__((noinline)) void bpfas_test_tick(long i)
{
	__asm__ volatile("" : : "r"(i) : "memory");
}

int main(int argc, char **argv)
{
	long nr, n;
	FILE *f;

	if (argc != 4)
		return 2;
	nr = !strcmp(argv[1], "getpid") ? SYS_getpid : !strcmp(argv[1], "getppid") ? SYS_getppid : -1;
	if (!strcmp(argv[1], "tick")) {
		if (!(f = fopen(argv[3], "w")))
			return 2;
		fprintf(f, "%ld -1\n", (long)syscall(SYS_gettid));
		fclose(f);
		for (long i = 0, n = atol(argv[2]); i < n; i++)
			bpfas_test_tick(i);
		return 0;
	}
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
