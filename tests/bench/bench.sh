#!/bin/bash
# bench.sh: bpfas against the assemblers and disassemblers people use instead, side by
# side in one run on one generated file (default 1,000,000 instructions, about 17 MB).
#   bash tests/bench/bench.sh [BUILD_DIR] [INSTRUCTIONS]
# Prints best-of-3 wall time and peak memory per tool, and ratios against bpfas.
set -eu
BUILD=${1:-build}
N=${2:-1000000}
BPFAS=$BUILD/asm/bpfas
GEN=$BUILD/tests/bench_gen
RUN=$BUILD/tests/bench_run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$GEN "$N" >"$tmp/big.s"
echo "input: $N instructions, $(($(stat -c %s "$tmp/big.s") / 1024 / 1024)) MiB; best of 3 runs"
printf '%-34s %9s %10s %8s\n' tool seconds "peak MiB" "time x"

measure() { # label, then the command
	local label=$1; shift
	read -r t m < <($RUN 3 "$@")
	printf '%-34s %9.3f %10.1f' "$label" "$t" "$m"
	if [ -n "${base:-}" ]; then awk -v t="$t" -v b="$base" 'BEGIN { printf " %8.1f\n", t / b }'; else echo; fi
	last=$t
}

# with line info: bpfas writes BTF line_info for every instruction by default, llvm-mc
# writes DWARF line tables for assembly with -g
base=
measure "bpfas (BTF, line info)" $BPFAS "$tmp/big.s" -o "$tmp/big.bo"
base=$last
if command -v llvm-mc-19 >/dev/null; then
	measure "llvm-mc-19 -g (DWARF lines)" llvm-mc-19 -g -triple bpfel -mcpu=v4 -filetype=obj "$tmp/big.s" -o "$tmp/big.o"
fi

# without: instructions, relocations and symbols only
echo
base=
measure "bpfas --no-btf" $BPFAS --no-btf "$tmp/big.s" -o "$tmp/big.bo"
base=$last
# the input uses nothing newer than v3, which llvm-mc 14 knows as its newest
for mc in llvm-mc-19 llvm-mc-14; do
	if command -v $mc >/dev/null; then
		cpu=v4; [ $mc = llvm-mc-19 ] || cpu=v3
		measure "$mc" $mc -triple bpfel -mcpu=$cpu -filetype=obj "$tmp/big.s" -o "$tmp/big.o"
	fi
done
if command -v bpf-as >/dev/null; then
	measure "bpf-as (GNU)" bpf-as "$tmp/big.s" -o "$tmp/big.gnu.o"
fi

echo
base=
measure "bpfas -d (disassemble)" $BPFAS -d "$tmp/big.bo" -o "$tmp/big.dis"
base=$last
for od in llvm-objdump-19 llvm-objdump-14; do
	if command -v $od >/dev/null; then
		measure "$od -d" $od -d "$tmp/big.bo"
	fi
done
