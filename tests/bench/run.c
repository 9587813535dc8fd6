/* run.c: runs a command REPEAT times and prints its best wall time (seconds) and the
 * peak resident memory (MiB) of that run, measured with wait4(2)'s rusage. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

int main(int argc, char **argv)
{
	int repeat = argc > 2 ? atoi(argv[1]) : 0;
	double best = 1e9, rss = 0;

	if (repeat < 1) {
		fprintf(stderr, "usage: run REPEAT CMD [ARG...]\n");
		return 2;
	}
	for (int i = 0; i < repeat; i++) {
		struct timespec a, b;
		struct rusage ru;
		int status;
		pid_t pid;

		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "run: %s failed\n", argv[2]);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		if (t < best) {
			best = t;
			rss = (double)ru.ru_maxrss / 1024.0;
		}
	}
	printf("%.3f %.1f\n", best, rss);
	return 0;
}
