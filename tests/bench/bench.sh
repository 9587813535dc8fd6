#!/bin/bash
# bench.sh: bpfas and bpfload against the tools people use instead, like for like, side by
# side in one run on one generated file (default 1,000,000 instructions, about 17 MB); then
# the growth series (10k to 4M instructions) and the emulator's figure (emu.sh).
#   bash tests/bench/bench.sh [BUILD_DIR] [INSTRUCTIONS] [--no-growth] [--no-emu]
# Prints best-of-3 wall time and peak memory per tool, and each peer's time and memory
# as a multiple of bpfas's ("x faster" is the peer's time over bpfas's).
set -eu
BUILD=${1:-build}
N=${2:-1000000}
shift $(($# < 2 ? $# : 2))
growth=1 emu=1
for a; do
	case $a in --no-growth) growth= ;; --no-emu) emu= ;; *) echo "bench.sh: unknown option $a" >&2; exit 1 ;; esac
done
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BPFAS=$BUILD/asm/bpfas
BPFLOAD=$BUILD/loader/bpfload
GEN=$BUILD/tests/bench_gen
RUN=$BUILD/tests/bench_run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$GEN "$N" >"$tmp/big.s"
echo "input: $N instructions, $(($(stat -c %s "$tmp/big.s") / 1024 / 1024)) MiB; best of 3 runs; $(date -u +%F), $(nproc) CPUs, $(uname -r)"
printf '%-44s %8s %9s %9s %9s\n' tool seconds "peak MiB" "x faster" "x memory"

measure() { # label, then the command; against $base_t/$base_m when set
	local label=$1 t m
	shift
	read -r t m < <($RUN 3 "$@")
	printf '%-44s %8.3f %9.1f' "$label" "$t" "$m"
	if [ -n "${base_t:-}" ]; then
		awk -v t="$t" -v m="$m" -v bt="$base_t" -v bm="$base_m" 'BEGIN { printf " %9.1f %9.1f\n", t / bt, m / bm }'
	else
		echo
		base_t=$t base_m=$m
	fi
}
group() { echo; echo "$1"; base_t= base_m=; }

group "assembly with line info: bpfas writes BTF and line_info for every line by default, llvm-mc -g DWARF lines"
measure "bpfas FILE.s (BTF, line info)" "$BPFAS" "$tmp/big.s" -o "$tmp/big.bo"
if command -v llvm-mc-19 >/dev/null; then
	measure "llvm-mc-19 -g" llvm-mc-19 -g -triple bpfel -mcpu=v4 -filetype=obj "$tmp/big.s" -o "$tmp/mcg.o"
fi

group "assembly without: instructions, relocations and symbols only"
measure "bpfas --no-btf" "$BPFAS" --no-btf "$tmp/big.s" -o "$tmp/plain.bo"
for mc in llvm-mc-19 llvm-mc-14; do
	if command -v $mc >/dev/null; then
		cpu=v4; [ $mc = llvm-mc-19 ] || cpu=v3 # the input uses nothing newer than v3
		measure "$mc" $mc -triple bpfel -mcpu=$cpu -filetype=obj "$tmp/big.s" -o "$tmp/mc.o"
	fi
done

# GNU's syntax: the same instructions as bpfas -d --syntax gnu writes them, in the older
# spellings that bpf-as 2.40 (Debian 12's) also reads (`[%r10+-8]`, `xadddw`), and without
# the .syntax line, which GNU as does not know; for bpfas --syntax gnu and bpf-as alike
"$BPFAS" -d --syntax gnu "$tmp/plain.bo" -o - |
	sed -E '/^[[:space:]]*\.syntax/d; s/\[(%r[0-9]+)-/[\1+-/; s/^	aadd32 /	xaddw /; s/^	aadd /	xadddw /' >"$tmp/gnu.s"
group "assembly of GNU's syntax (the same instructions), without debug information"
measure "bpfas --syntax gnu --no-btf" "$BPFAS" --syntax gnu --no-btf "$tmp/gnu.s" -o "$tmp/gnu.bo"
if command -v bpf-as >/dev/null; then
	measure "bpf-as (GNU as)" bpf-as "$tmp/gnu.s" -o "$tmp/gnu.o"
fi

# both print to standard output (the runner sends it to /dev/null)
group "disassembly of an object without line info"
measure "bpfas -d" "$BPFAS" -d "$tmp/plain.bo"
for od in llvm-objdump-19 llvm-objdump-14; do
	command -v $od >/dev/null && measure "$od -d" $od -d "$tmp/plain.bo"
done
group "disassembly with line info (bpfas's object: each line's source as a comment)"
measure "bpfas -d" "$BPFAS" -d "$tmp/big.bo"
command -v llvm-objdump-19 >/dev/null && measure "llvm-objdump-19 -d (same object)" llvm-objdump-19 -d "$tmp/big.bo"
# (llvm-objdump -d -l of llvm-mc -g's object, its own line info, grows faster than the
# input: 6.6 s at 100,000 instructions; it is left out)

# the loader: reading and checking an object (--list), and reading, relocating and linking
# a program (--emulate of one instruction) of just under the kernel's 1M-instruction limit;
# stopped after that instruction, --emulate exits 2, which is what is waited for
pkt=$(printf '00%.0s' $(seq 64))
stopped() { "$@"; [ $? -eq 2 ]; }
export -f stopped
lo=$((N < 999990 ? N : 999990))
$GEN "$lo" socket >"$tmp/prog.s"
"$BPFAS" "$tmp/prog.s" -o "$tmp/prog.bo" 2>/dev/null
group "the loader, on a $lo-instruction socket program with line info (no peer does the same)"
measure "bpfload --list" "$BPFLOAD" "$tmp/prog.bo" --list
base_t= base_m=
measure "bpfload --emulate --max-steps 1 (read, link)" bash -c 'stopped "$@"' - "$BPFLOAD" "$tmp/prog.bo" --emulate --data-hex "$pkt" --max-steps 1

# an error path that untrusted input (or a fuzzer) reaches: names nothing defines among
# 3,000 labels, each searched for a near name to suggest (bpfas stops at 100 errors); its
# exit status 1 is what is waited for
refused() { "$@" 2>/dev/null; [ $? -eq 1 ]; }
export -f refused
awk 'BEGIN { print "\t.section xdp"; for (i = 0; i < 3000; i++) printf "label_number_%d:\n\tr0 = 0\n", i
	for (i = 0; i < 300; i++) printf "\tr1 = lable_numbr_%dx\n", i; print "\texit" }' >"$tmp/unknown.s"
group "error paths: 100 unknown names among 3,000 labels, a near name searched for each (no peer)"
measure "bpfas (exit 1, did you mean ...)" bash -c 'refused "$@"' - "$BPFAS" "$tmp/unknown.s" -o "$tmp/unknown.bo"

if [ -n "$growth" ]; then
	echo
	echo "growth: per instruction, at each size (flat means linear)"
	printf '%-12s %12s %12s %12s %12s %12s %12s\n' instructions "asm ns" "asm bytes" "no-btf ns" "no-btf bytes" "-d ns" "-d bytes"
	for g in 10000 100000 1000000 4000000; do
		$GEN "$g" >"$tmp/g.s"
		# past 1M slots bpfas warns that the kernel would refuse the program: not timed
		read -r t1 m1 < <($RUN 3 "$BPFAS" "$tmp/g.s" -o "$tmp/g.bo" 2>/dev/null)
		read -r t2 m2 < <($RUN 3 "$BPFAS" --no-btf "$tmp/g.s" -o "$tmp/gp.bo" 2>/dev/null)
		read -r t3 m3 < <($RUN 3 "$BPFAS" -d "$tmp/g.bo")
		awk -v n="$g" -v t1="$t1" -v m1="$m1" -v t2="$t2" -v m2="$m2" -v t3="$t3" -v m3="$m3" 'BEGIN {
			printf "%-12d %12.0f %12.0f %12.0f %12.0f %12.0f %12.0f\n", n, t1 / n * 1e9, m1 * 1048576 / n, t2 / n * 1e9, m2 * 1048576 / n, t3 / n * 1e9, m3 * 1048576 / n }'
	done
	echo "(bytes: peak resident memory over instructions; at 10k the program's own fixed size dominates)"
	printf '%-12s %14s %14s\n' instructions "--list ns" "--emulate ns"
	for g in 10000 100000 999990; do
		$GEN "$g" socket >"$tmp/gs.s"
		"$BPFAS" "$tmp/gs.s" -o "$tmp/gs.bo" 2>/dev/null
		read -r t1 m1 < <($RUN 3 "$BPFLOAD" "$tmp/gs.bo" --list)
		read -r t2 m2 < <($RUN 3 bash -c 'stopped "$@"' - "$BPFLOAD" "$tmp/gs.bo" --emulate --data-hex "$pkt" --max-steps 1)
		awk -v n="$g" -v t1="$t1" -v t2="$t2" 'BEGIN { printf "%-12d %14.0f %14.0f\n", n, t1 / n * 1e9, t2 / n * 1e9 }'
	done
fi

if [ -n "$emu" ]; then
	echo
	bash "$SRC/tests/bench/emu.sh" "$BUILD"
fi
