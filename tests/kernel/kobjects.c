/* kobjects.c: prints the name of every BPF program and map in the kernel, one per line
 * ("prog NAME", "map NAME"), walking BPF_PROG_GET_NEXT_ID and BPF_MAP_GET_NEXT_ID; the
 * tests use it to check that bpfload leaves nothing behind. */
#include <stdio.h>
#include <unistd.h>

#include "sys.h"

int main(void)
{
	uint32_t id = 0;
	char name[BPF_OBJ_NAME_LEN];

	while (ldr_sys_prog_get_next_id(id, &id) == 0) {
		int fd = ldr_sys_prog_get_fd_by_id(id);
		if (fd < 0)
			continue; /* gone meanwhile */
		if (ldr_sys_prog_name(fd, name) == 0)
			printf("prog %.*s\n", (int)sizeof(name), name);
		close(fd);
	}
	id = 0;
	while (ldr_sys_map_get_next_id(id, &id) == 0) {
		int fd = ldr_sys_map_get_fd_by_id(id);
		if (fd < 0)
			continue;
		if (ldr_sys_map_name(fd, name) == 0)
			printf("map %.*s\n", (int)sizeof(name), name);
		close(fd);
	}
	return 0;
}
