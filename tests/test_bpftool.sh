#!/bin/bash
# test_bpftool.sh: bpfas objects through stock bpftool (libbpf) and the kernel: they
# load with `bpftool prog loadall`, maps print with member names, `prog dump xlated
# linum` shows the .s lines, and a .map's BTF is the BTF clang makes for the same map in
# C. Needs root and bpftool; exits 77 (skipped) saying why when either is missing.
set -u
BPFAS=$(realpath "$1")
SRC=$(realpath "$2")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; loading BPF programs needs root"; exit 77; fi
if ! command -v bpftool >/dev/null; then echo "SKIP: bpftool is not installed (Debian package bpftool)"; exit 77; fi
tmp=$(mktemp -d)
pins=/sys/fs/bpf/bpfas-test-$$
cleanup() { rm -rf "$pins" "$tmp"; }
trap cleanup EXIT
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || { echo "FAIL: cannot mount bpffs"; exit 1; }
mkdir -p "$pins"
. "$(dirname "$0")/lib.sh"

load() { # name: assemble programs/NAME.s and loadall it, maps pinned too
	mkdir -p "$pins/$1" "$pins/$1_maps"
	$BPFAS "$SRC/programs/$1.s" -o "$tmp/$1.bo" &&
		bpftool prog loadall "$tmp/$1.bo" "$pins/$1" pinmaps "$pins/$1_maps" >"$tmp/$1.load" 2>&1
}

# sockex1: loads, and the verifier's view carries the assembly source lines
if load sockex1; then
	ok "bpftool prog loadall sockex1.bo"
	bpftool prog dump xlated pinned "$pins/sockex1/bpf_prog1" linum >"$tmp/x.txt"
	line=$(grep -n 'call bpf_map_lookup_elem' "$SRC/programs/sockex1.s" | head -1 | cut -d: -f1)
	expect "xlated linum names sockex1.s and the line of the lookup ($line)" \
		grep -q "^; call bpf_map_lookup_elem .*\[file:.*sockex1.s line_num:$line line_col:2\]" "$tmp/x.txt"
	expect "the program's BTF signature names the context struct" grep -q '^int bpf_prog1(struct __sk_buff \* ctx):' "$tmp/x.txt"
	expect "bpftool map dump reads the array with its BTF" grep -q '"value": 0' <(bpftool map dump pinned "$pins/sockex1_maps/my_map")
else
	bad "bpftool prog loadall sockex1.bo:"; cat "$tmp/sockex1.load"
fi

# udp_ports: a hash map whose value is a .struct prints by member name
if load udp_ports; then
	ok "bpftool prog loadall udp_ports.bo"
	bpftool map update pinned "$pins/udp_ports_maps/ports" key 0x35 0x00 value 3 0 0 0 0 0 0 0 200 1 0 0 0 0 0 0
	bpftool map dump pinned "$pins/udp_ports_maps/ports" >"$tmp/ports.txt"
	expect "map dump shows the u16 key as 53" grep -q '"key": 53' "$tmp/ports.txt"
	expect "map dump shows member packets = 3" grep -q '"packets": 3' "$tmp/ports.txt"
	expect "map dump shows member bytes = 456" grep -q '"bytes": 456' "$tmp/ports.txt"
else
	bad "bpftool prog loadall udp_ports.bo:"; cat "$tmp/udp_ports.load"
fi

# calls: a subprogram in .text and a .rodata string (a frozen global-data map)
if load calls; then
	ok "bpftool prog loadall calls.bo (BPF-to-BPF call, .rodata string)"
	bpftool prog dump xlated pinned "$pins/calls/print_lengths" linum >"$tmp/c.txt"
	expect "the subprogram has its own BTF function" grep -q '^int log_len():' "$tmp/c.txt"
	expect "the format string is a map value reference" grep -q 'r1 = map\[id:[0-9]*\]\[0\]+0' "$tmp/c.txt"
else
	bad "bpftool prog loadall calls.bo:"; cat "$tmp/calls.load"
fi

# tail calls: libbpf fills slot 2 of the program array with `second` from bpfas's slot2=
mkdir -p "$pins/tail" "$pins/tail_maps"
if $BPFAS "$SRC/tests/kernel/tailcall.s" -o "$tmp/tail.bo" &&
	bpftool prog loadall "$tmp/tail.bo" "$pins/tail" pinmaps "$pins/tail_maps" >"$tmp/tail.load" 2>&1; then
	ok "bpftool prog loadall tailcall.bo (a program array with slot2=second)"
	id=$(bpftool prog show pinned "$pins/tail/second" | sed -n 's/^\([0-9]*\): .*/\1/p')
	expect "libbpf put program 'second' (id ${id:-?}) in slot 2 and nowhere else" bash -c \
		"bpftool map dump pinned '$pins/tail_maps/jumps' | tr -d ' \n' | grep -qx '\[{\"key\":2,\"value\":${id:-x}}\]'"
else
	bad "bpftool prog loadall tailcall.bo:"; cat "$tmp/tail.load"
fi

# the BTF of .map lines against clang's for the same maps in C: `.map m, hash, key=u32,
# value=u64`, and an arena whose map_extra (1 << 32) needs libbpf's __ulong() enum form
CLANG=$(command -v clang-19 || true)
if [ -n "$CLANG" ]; then
	for pair in map_u32_u64:m map_arena:heap map_prog_array:jumps; do
		f=${pair%:*} var=${pair#*:}
		$CLANG -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
			-c "$SRC/tests/btf/$f.c" -o "$tmp/ref.o"
		$BPFAS "$SRC/tests/btf/$f.s" -o "$tmp/ours.bo"
		bpftool btf dump file "$tmp/ref.o" | awk -v var=$var -f "$SRC/tests/btf/walk.awk" >"$tmp/ref.tree"
		bpftool btf dump file "$tmp/ours.bo" | awk -v var=$var -f "$SRC/tests/btf/walk.awk" >"$tmp/ours.tree"
		if diff -u "$tmp/ref.tree" "$tmp/ours.tree" >"$tmp/tree.diff" && [ -s "$tmp/ref.tree" ]; then
			ok "$f: map BTF matches clang's (kinds, names, sizes, values; $(wc -l <"$tmp/ref.tree") lines)"
		else
			bad "$f: map BTF differs from clang's (- clang, + bpfas):"; cat "$tmp/tree.diff"
		fi
	done
else
	echo "note: clang-19 not installed; the comparison with clang's BTF did not run"
fi

# nothing stays behind once the pins are gone
rm -rf "$pins"
for i in $(seq 20); do
	bpftool prog show | grep -qE 'name (bpf_prog1|count_udp|print_lengths|first|second) ' || break
	sleep 0.1
done
expect "no program is left in the kernel after unpinning" bash -c "! bpftool prog show | grep -qE 'name (bpf_prog1|count_udp|print_lengths|first|second) '"

summary bpftool
