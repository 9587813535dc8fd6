/* fuzz_pcap.c: libFuzzer target: any bytes as a capture for --pcap (pcap or pcapng,
 * through libpcap). Every packet it gives is read; a bad capture ends with an error
 * naming the packet, never a crash or a read past what libpcap handed over. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ldr_input_spec spec = {0};
	struct ldr_input *in;
	const uint8_t *pkt;
	uint32_t len, sum = 0;
	char path[64], err[512];
	int fd = memfd_create("fuzz.pcap", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	spec.pcap = path;
	if (ldr_input_open(&spec, &in, err, sizeof(err)) == 0) {
		for (int n = 0; n < 100000 && ldr_input_next(in, &pkt, &len, err, sizeof(err)) > 0; n++)
			for (uint32_t i = 0; i < len; i++) /* every byte must be readable */
				sum += pkt[i];
		ldr_input_close(in);
	}
	close(fd);
	return (int)(sum & 0); /* keep the reads */
}
