#!/bin/bash
# test_oom.sh: bpfas when memory runs out. tests/run/failmalloc.c (LD_PRELOAD) lets the
# first N allocations succeed and fails the rest; for N = 0, 1, 2, ... up to the first
# run that succeeds, in several modes: no crash, a failed run says out of memory (or what
# it could not do for lack of memory), writes no output and leaves no temporary file, and
# the run that succeeds writes what a normal run writes. Not in sanitizer builds, where
# ASan owns malloc.
set -u
BPFAS=$(realpath "$1")
FAILMALLOC=$(realpath "$2")
SRC=$(realpath "$3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

$BPFAS "$SRC/programs/calls.s" -o calls.bo || exit 1
# name, output file, then the arguments
modes=(
	"assemble sockex1|out.bo|$SRC/programs/sockex1.s -o out.bo"
	"assemble calls (.text, .rodata, .data, .bss)|out.bo|$SRC/programs/calls.s -o out.bo"
	"assemble cpustat (.tracepoint)|out.bo|--tracefs $SRC/tests/tracefs $SRC/programs/cpustat.s -o out.bo"
	"--format c|out.c|--format c $SRC/programs/sockex1.s -o out.c"
	"-d calls.bo|out.s|-d calls.bo -o out.s"
	"--cfg calls.s|out.dot|--cfg $SRC/programs/calls.s -o out.dot"
	"--check a refused program|-|--check $SRC/tests/refuse/null_check.s"
)
for m in "${modes[@]}"; do
	IFS='|' read -r name out args <<<"$m"
	# shellcheck disable=SC2086
	$BPFAS $args >want.txt 2>&1
	want_rc=$?
	[ "$out" != - ] && cp "$out" want.out && rm -f "$out"
	crashes="" silent="" partial="" n=0
	while :; do
		# shellcheck disable=SC2086
		FAILMALLOC_AFTER=$n LD_PRELOAD=$FAILMALLOC $BPFAS $args >got.txt 2>&1
		rc=$?
		[ $rc -ge 128 ] && crashes="$crashes $n"
		if [ $rc -eq $want_rc ] && cmp -s got.txt want.txt; then
			break # enough memory: the normal run
		fi
		grep -qi 'out of memory\|cannot allocate memory' got.txt || silent="$silent $n"
		[ "$out" != - ] && [ -e "$out" ] && partial="$partial $n"
		rm -f "$out"
		n=$((n + 1))
		[ $n -gt 5000 ] && break
	done
	left=$(ls -a | grep -c '\.tmp')
	expect "$name: $n runs out of memory: no crash${crashes:+ (crashed at$crashes)}" test -z "$crashes" -a $n -gt 0 -a $n -le 5000
	expect "$name: each one says so${silent:+ (silent at$silent)}" test -z "$silent"
	expect "$name: none leaves output or a temporary file${partial:+ (output at$partial)}" test -z "$partial" -a "$left" -eq 0
	[ "$out" != - ] && expect "$name: with enough memory, what a normal run writes" cmp -s "$out" want.out
	rm -f "$out" want.out
done
summary oom
