/* mkcap.c: writes the packets given on standard input, one per line as hex bytes, into a
 * capture file in the classic pcap format or in pcapng (Ethernet link type), for the
 * tests of bpfload --pcap. tcpdump reads what it writes back in the tests, so the files
 * are checked by a reader other than bpfload's. Usage: mkcap pcap|pcapng OUT < packets */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void u32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }
static void u16(FILE *f, uint16_t v) { fwrite(&v, 2, 1, f); }

int main(int argc, char **argv)
{
	char line[70000];
	uint8_t pkt[30000];
	FILE *f;
	int ng, n = 0;

	if (argc != 3 || (strcmp(argv[1], "pcap") && strcmp(argv[1], "pcapng"))) {
		fprintf(stderr, "usage: mkcap pcap|pcapng OUT < packets\n");
		return 1;
	}
	ng = !strcmp(argv[1], "pcapng");
	if (!(f = fopen(argv[2], "wb")))
		return perror(argv[2]), 1;
	if (ng) { /* section header block, then one interface description block */
		u32(f, 0x0a0d0d0a), u32(f, 28), u32(f, 0x1a2b3c4d), u16(f, 1), u16(f, 0);
		u32(f, 0xffffffff), u32(f, 0xffffffff), u32(f, 28);
		u32(f, 1), u32(f, 20), u16(f, 1 /* LINKTYPE_ETHERNET */), u16(f, 0), u32(f, 65535), u32(f, 20);
	} else {
		u32(f, 0xa1b2c3d4), u16(f, 2), u16(f, 4), u32(f, 0), u32(f, 0), u32(f, 65535), u32(f, 1);
	}
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = 0;
		for (char *p = line; *p;) {
			unsigned b;
			int used;
			if (sscanf(p, " %2x%n", &b, &used) != 1)
				break;
			pkt[len++] = (uint8_t)b;
			p += used;
		}
		if (!len)
			continue;
		n++;
		if (ng) { /* enhanced packet block, padded to 4 bytes */
			uint32_t pad = (uint32_t)((4 - len % 4) % 4), total = 32 + (uint32_t)len + pad;
			u32(f, 6), u32(f, total), u32(f, 0), u32(f, 0), u32(f, (uint32_t)n), u32(f, (uint32_t)len), u32(f, (uint32_t)len);
			fwrite(pkt, 1, len, f);
			fwrite("\0\0\0", 1, pad, f);
			u32(f, total);
		} else {
			u32(f, (uint32_t)n), u32(f, 0), u32(f, (uint32_t)len), u32(f, (uint32_t)len);
			fwrite(pkt, 1, len, f);
		}
	}
	return fclose(f) ? 1 : 0;
}
