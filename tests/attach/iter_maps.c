/* iter_maps.c: an iterator over the kernel's maps (iter/bpf_map), printing each map's
 * name with bpf_seq_printf. bpfload makes the iterator link, reads it once and prints
 * what it printed; the test looks for this object's own map, whose name it knows. */
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
typedef unsigned int __u32;
typedef unsigned long long __u64;

struct seq_file;
struct bpf_iter_meta {
	struct seq_file *seq;
} __attribute__((preserve_access_index));
struct bpf_map {
	char name[16];
	__u32 id;
} __attribute__((preserve_access_index));
struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
} __attribute__((preserve_access_index));

static long (*bpf_seq_printf)(struct seq_file *m, const char *fmt, __u32 fmt_size, const void *data,
			      __u32 data_len) = (void *)126;

struct {
	__uint(type, 2 /* BPF_MAP_TYPE_ARRAY */);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} bpfas_iter_mark SEC(".maps");

SEC("iter/bpf_map") int dump_maps(struct bpf_iter__bpf_map *ctx)
{
	static const char fmt[] = "map %s\n";
	struct bpf_map *map = ctx->map;
	__u64 args[1];

	if (!map)
		return 0;
	args[0] = (__u64)(unsigned long)map->name;
	bpf_seq_printf(ctx->meta->seq, fmt, sizeof(fmt), args, sizeof(args));
	return 0;
}

char _license[] SEC("license") = "GPL";
