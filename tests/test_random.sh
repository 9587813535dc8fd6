#!/bin/bash
# test_random.sh: the emulator against the kernel on random programs. tests/run/randprog.c
# writes N XDP programs the verifier accepts (ALU of every kind, stack loads, stores and
# atomics, conditional jumps forward) and six packets; each program goes through
# `bpfload --test-run --emulate --pcap`, and on every packet the kernel's and the emulator's
# return value and packet bytes (where each program writes back r0-r9 and its stack) must
# be the same. The kernel is the oracle; nothing here is computed by the code under test.
#   test_random.sh BPFAS BPFLOAD MKCAP RANDPROG KOBJECTS [N [SEED]]
# N defaults to 2000 and SEED to 1 (CI); for a long run: N=100000 SEED=$RANDOM, and KEEP=1
# keeps the folder. A difference prints the program's file and both results; the same SEED
# makes the same programs on any machine. Needs root; exits 77 (skipped) saying why
# without it.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
MKCAP=$(realpath "$3")
RANDPROG=$(realpath "$4")
KOBJ=$(realpath "$5")
N=${6:-2000}
SEED=${7:-1}
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; BPF_PROG_TEST_RUN needs root"; exit 77; fi
tmp=$(mktemp -d)
cleanup() { [ -n "${KEEP:-}" ] && echo "kept: $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

"$RANDPROG" programs "$SEED" "$N" "$tmp" || exit 1
"$RANDPROG" packets "$SEED" | "$MKCAP" pcap "$tmp/packets.pcap" || exit 1
expect "randprog wrote $N programs and a capture of 6 packets (tcpdump reads 6)" \
	bash -c "[ \$(ls $tmp/p*.s | wc -l) = $N ] && [ \$(tcpdump -r $tmp/packets.pcap 2>/dev/null | grep -c '^[0-9][0-9]:') = 6 ]"

# one program: assemble, then both back ends on the six packets; the exit status and the
# output are kept per program
one() {
	local s=$1 b=${1%.s}
	"$BPFAS" "$s" -o "$b.bo" 2>"$b.asm" || { echo "bpfas $?" >"$b.rc"; return; }
	"$BPFLOAD" "$b.bo" --test-run --emulate --pcap "$tmp/packets.pcap" >"$b.out" 2>&1
	echo "bpfload $?" >"$b.rc"
	rm -f "$b.bo"
}
export -f one
export BPFAS BPFLOAD tmp
ls "$tmp"/p*.s | xargs -P "$(nproc)" -n 1 bash -c 'one "$0"'

assembled=0 loaded=0 agreed=0 varied=0
bad_list=
for rc in "$tmp"/p*.rc; do
	b=${rc%.rc}
	read -r tool status <"$rc"
	[ "$tool" = bpfload ] && assembled=$((assembled + 1))
	if [ "$tool" = bpfload ] && [ "$status" = 0 ] && [ "$(grep -c '^  the emulator agrees' "$b.out")" = 6 ]; then
		loaded=$((loaded + 1)) agreed=$((agreed + 1))
		# different packets took different paths: not every run the same instruction count
		[ "$(sed -n 's/^  the emulator agrees (\([0-9]*\) instructions)$/\1/p' "$b.out" | sort -u | wc -l)" -gt 1 ] && varied=$((varied + 1))
	else
		[ -z "$bad_list" ] && { echo "  $b.s: $tool exit $status"; cat "$b.asm" 2>/dev/null | head -5; head -40 "$b.out" 2>/dev/null; }
		bad_list="$bad_list $(basename "$b")"
	fi
done
expect "all $N programs assemble ($assembled)" [ "$assembled" = "$N" ]
expect "the kernel and the emulator agree on all 6 packets of every program ($agreed of $N)${bad_list:+; not:$bad_list}" [ "$agreed" = "$N" ]
expect "the packets steer the programs: in at least a quarter, the six runs do not all take the same path ($varied of $N)" \
	[ $((varied * 4)) -ge "$N" ]
expect "no program of bpfload's left in the kernel" leftovers prog
summary random
