/* replay.c: the main() that turns a fuzz target into an ordinary program, so the suite
 * (plain and under ASan/UBSan) runs each input of tests/fuzz/regress/TARGET through the
 * same code the fuzzer ran: replay_TARGET FILE... reads each file and passes it to
 * LLVMFuzzerTestOneInput once; a crash or a sanitizer report fails the test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		long len;

		if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
		    !(buf = malloc(len ? (size_t)len : 1)) || fread(buf, 1, (size_t)len, f) != (size_t)len) {
			perror(argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)len);
		free(buf);
		printf("ok   %s\n", argv[i]);
	}
	return 0;
}
