#!/bin/bash
# emu.sh: the emulator's speed in instructions per second, with every memory access checked:
# an ALU loop (6 instructions a turn, 10M turns), a packet parser (xdp_count) and a
# map-heavy program (tc_count: hash, LRU hash, per-CPU array) over generated captures; the
# kernel's JIT on a loop short enough for the verifier, through --test-run --repeat (root);
# and the peak memory of a capture 10 times longer, which must stay flat (streaming).
#   bash tests/bench/emu.sh [BUILD_DIR]
set -eu
BUILD=${1:-build}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BPFAS=$BUILD/asm/bpfas
BPFLOAD=$BUILD/loader/bpfload
RUN=$BUILD/tests/bench_run
MKCAP=$BUILD/tests/mkcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# per second: instructions counted by the emulator (its --json "instructions"), over the best wall time of 3
rate() { # label, instructions, then the command
	local label=$1 n=$2; shift 2
	read -r t m < <($RUN 3 "$@")
	awk -v l="$label" -v n="$n" -v t="$t" -v m="$m" 'BEGIN { printf "%-40s %12d %8.3f s %8.1f M/s %7.1f MiB\n", l, n, t, n / t / 1e6, m }'
}
steps() { "$@" --json 2>/dev/null | grep -o '"instructions": [0-9]*' | awk '{ s += $2 } END { print s }'; }

printf '%-40s %12s %10s %10s %11s\n' job instructions time rate "peak mem"
$BPFAS -D TURNS=10000000 "$SRC/tests/bench/alu_loop.s" -o "$tmp/alu.bo"
head -c 64 /dev/zero >"$tmp/mem"
n=$(steps "$BPFLOAD" "$tmp/alu.bo" --emulate --mem "$tmp/mem" --max-steps 100000000)
rate "ALU loop (10M turns)" "$n" "$BPFLOAD" "$tmp/alu.bo" --emulate --mem "$tmp/mem" --max-steps 100000000

# captures of N UDP frames to 8 ports, 60 to 200 bytes
frames() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { p = 5000 + i % 8; len = 18 + (i * 7) % 140;
		printf "00 00 00 00 00 02 00 00 00 00 00 01 08 00 45 00 %02x %02x 00 01 00 00 40 11 00 00 7f 00 00 01 7f 00 00 01 30 39 %02x %02x 00 00 00 00",
			int((28 + len) / 256), (28 + len) % 256, int(p / 256), p % 256;
		for (k = 0; k < len; k++) printf " 61"; printf "\n" } }'
}
frames 10000 | $MKCAP pcap "$tmp/10k.pcap"
frames 100000 | $MKCAP pcap "$tmp/100k.pcap"
$BPFAS "$SRC/programs/xdp_count.s" -o "$tmp/xdp.bo"
$BPFAS "$SRC/tests/run/tc_count.s" -o "$tmp/tc.bo"
n=$(steps "$BPFLOAD" "$tmp/xdp.bo" --emulate --pcap "$tmp/100k.pcap")
rate "packet parser, xdp_count (100k packets)" "$n" "$BPFLOAD" "$tmp/xdp.bo" --emulate --pcap "$tmp/100k.pcap"
n=$(steps "$BPFLOAD" "$tmp/tc.bo" --emulate --pcap "$tmp/100k.pcap")
rate "maps, tc_count (100k packets)" "$n" "$BPFLOAD" "$tmp/tc.bo" --emulate --pcap "$tmp/100k.pcap"
n=$(steps "$BPFLOAD" "$tmp/tc.bo" --emulate --pcap "$tmp/10k.pcap")
rate "maps, tc_count (10k packets)" "$n" "$BPFLOAD" "$tmp/tc.bo" --emulate --pcap "$tmp/10k.pcap"

if [ "$(id -u)" -eq 0 ]; then
	# the verifier walks every turn of a constant-bound loop: 1,000 turns load fine
	$BPFAS -D TURNS=1000 "$SRC/tests/bench/alu_loop.s" -o "$tmp/alu1k.bo"
	pkt=$(frames 1 | head -1)
	ns=$("$BPFLOAD" "$tmp/alu1k.bo" --test-run --repeat 10000 --data-hex "$pkt" | sed -n 's/.*: \([0-9]*\) ns per run/\1/p')
	awk -v ns="$ns" 'BEGIN { printf "%-40s %12d %8.6f s %8.1f M/s   (kernel JIT, --test-run --repeat 10000)\n", "ALU loop (1,000 turns), kernel", 6002, ns / 1e9, 6002 / ns * 1e3 }'
	n=$(steps "$BPFLOAD" "$tmp/alu1k.bo" --emulate --data-hex "$pkt")
	rate "ALU loop (1,000 turns), emulator" "$n" "$BPFLOAD" "$tmp/alu1k.bo" --emulate --data-hex "$pkt"
	read -r t1 m1 < <($RUN 1 "$BPFLOAD" "$tmp/tc.bo" --test-run --pcap "$tmp/10k.pcap")
	read -r t2 m2 < <($RUN 1 "$BPFLOAD" "$tmp/tc.bo" --test-run --pcap "$tmp/100k.pcap")
	echo "--test-run peak memory: 10k packets $m1 MiB, 100k packets $m2 MiB ($t1 s, $t2 s)"
fi
