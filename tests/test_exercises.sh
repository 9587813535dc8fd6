#!/bin/bash
# test_exercises.sh: docs/exercises and bpfload --expect. Each worked solution passes its
# vectors in the emulator (as an unprivileged user) and, in the kernel, under
# BPF_PROG_TEST_RUN beside the emulator; each starting file assembles, loads, and fails
# with exit 5; a solution with one bug fails exactly the vector made to catch it. The
# frames that `packet udp|tcp|icmp` builds are checked against checksums computed here,
# byte by byte in the shell. Bad vector files end with their line and exit 1. Needs root
# for the kernel half: exits 77 (skipped) saying why without it.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
SRC=$(realpath "$4")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; the kernel half (BPF_PROG_TEST_RUN) and setpriv need root"; exit 77; fi
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all "$@"; }
EX=$SRC/docs/exercises
ALL="1-protocols 2-drop-port 3-tcp-syn 4-percpu 5-histogram 6-tail-call"
cp "$EX"/*.vec "$tmp/"

# --- the worked solutions pass, in the emulator without privileges and in the kernel -------
for n in $ALL; do
	$BPFAS "$EX/solutions/$n.s" -o "$tmp/$n.bo" || exit 1
	$BPFAS "$EX/$n.s" -o "$tmp/$n-start.bo" || exit 1
	vectors=$(grep -c '^vector ' "$EX/$n.vec")
	nobody $BPFLOAD "$tmp/$n.bo" --emulate --expect "$tmp/$n.vec" >"$tmp/$n.emu" 2>&1
	rc=$?
	expect "$n: the solution passes its $vectors vectors in the emulator, as nobody" \
		bash -c "[ $rc -eq 0 ] && [ \$(grep -c '): pass$' '$tmp/$n.emu') -eq $vectors ] && grep -qx '$vectors of $vectors vectors passed' '$tmp/$n.emu'"
	[ $rc -eq 0 ] || cat "$tmp/$n.emu"
	$BPFLOAD "$tmp/$n.bo" --test-run --emulate --expect "$tmp/$n.vec" >"$tmp/$n.both" 2>&1
	rc=$?
	expect "$n: and in the kernel beside the emulator" \
		bash -c "[ $rc -eq 0 ] && grep -q 'in the kernel and in the emulator$' '$tmp/$n.both' && grep -qx '$vectors of $vectors vectors passed' '$tmp/$n.both'"
	[ $rc -eq 0 ] || cat "$tmp/$n.both"
	$BPFLOAD "$tmp/$n-start.bo" --verify >/dev/null 2>&1
	expect "$n: the starting file is accepted by the verifier" [ $? -eq 0 ]
	nobody $BPFLOAD "$tmp/$n-start.bo" --emulate --expect "$tmp/$n.vec" >"$tmp/$n.start" 2>&1
	rc=$?
	expect "$n: the starting file fails some vectors: exit 5" \
		bash -c "[ $rc -eq 5 ] && grep -q ': FAIL$' '$tmp/$n.start' && ! grep -qx '$vectors of $vectors vectors passed' '$tmp/$n.start'"
done
expect "nothing of the exercises stays in the kernel" leftovers protocols_count drop_port tcp_syn percpu_count histogram dispatch on_tcp on_udp protocols dropped syns stats hist seen by_protocol

# --- a solution with one bug: the IP header taken to be 20 bytes -----------------------------
sed -e '/if r5 < 20 goto out/d' -e 's/^\tr2 += r5 .*/\tr2 += 20/' "$EX/solutions/3-tcp-syn.s" >"$tmp/fixed20.s"
$BPFAS "$tmp/fixed20.s" -o "$tmp/fixed20.bo" || exit 1
line=$(grep -n '^map syns\[8080\] = 1' "$EX/3-tcp-syn.vec" | cut -d: -f1)
$BPFLOAD "$tmp/fixed20.bo" --test-run --emulate --expect "$tmp/3-tcp-syn.vec" >"$tmp/fixed20.out" 2>&1
rc=$?
expect "a fixed 20-byte IP header fails vector 3 alone, in both back ends, at line $line" \
	bash -c "[ $rc -eq 5 ] && grep -qx '4 of 5 vectors passed' '$tmp/fixed20.out' && grep -A1 '^vector 3,.*FAIL$' '$tmp/fixed20.out' | grep -qx '  line $line: syns\[8080\]: expected 1, but there is no such entry'"

# --- --json: one object per vector, then the totals --------------------------------------------
# the starting dispatcher passes everything: vector 2's UDP datagram is passed where
# on_udp drops it, at the first `return XDP_DROP` of the file
line=$(grep -n '^return XDP_DROP' "$EX/6-tail-call.vec" | head -1 | cut -d: -f1)
nobody $BPFLOAD "$tmp/6-tail-call-start.bo" --emulate --json --expect "$tmp/6-tail-call.vec" >"$tmp/json" 2>&1
rc=$?
expect "--json: exit 5, one line per vector, vector 2 fails at line $line, vector 5 passes, 1 of 5" \
	bash -c "[ $rc -eq 5 ] && [ \$(grep -c '^{\"vector\": ' '$tmp/json') -eq 5 ] && grep -q '^{\"vector\": 5, .*\"emulator\": \"pass\"}\$' '$tmp/json' && grep -q '^{\"vector\": 2, .*\"emulator\": {\"fail\": \"line $line: return: expected XDP_DROP, got 2 (XDP_PASS)\"}}\$' '$tmp/json' && grep -qx '{\"passed\": 1, \"vectors\": 5}' '$tmp/json'"

# --- the frames built by field, against checksums computed here -----------------------------
# sum16 HEX: the one's complement of the one's complement sum of the 16-bit words of HEX
sum16() {
	local h=$1 s=0 i
	[ $((${#h} % 4)) -eq 0 ] || h=${h}00
	for ((i = 0; i < ${#h}; i += 4)); do s=$((s + 16#${h:i:4})); done
	while [ $((s >> 16)) -ne 0 ]; do s=$(((s & 0xffff) + (s >> 16))); done
	printf '%04x' $((~s & 0xffff))
}
# ip4 SRC DST TTL PROTO L4LEN: an IPv4 header (id 1, no options) in hex, its checksum in place
ip4() {
	local h
	h=$(printf '4500%04x00010000%02x%02x0000%s%s' $((20 + $5)) "$3" "$4" "$1" "$2")
	echo "${h:0:20}$(sum16 "$h")${h:24}"
}
zeros() { printf "%0$(($1 * 2))d" 0; }
A=0a000001 B=0a000002
# UDP 1000 -> 53 with 4 bytes; TCP 12345 -> 80, SYN-ACK, seq 1, window 65535, 10 bytes; a
# ping with 56 bytes; IP from 192.168.1.7 (c0a80107) to 8.8.8.8 (08080808), ttl 5, GRE
udp="03e80035000c0000$(zeros 4)"
tcp="303900500000000100000000$(printf '%02x' $((5 << 4)))12ffff00000000$(zeros 10)"
icmp="0800000000010001$(zeros 56)"
udp_sum=$(sum16 "${A}${B}0011000c$udp"); [ "$udp_sum" = 0000 ] && udp_sum=ffff
tcp_sum=$(sum16 "${A}${B}0006001e$tcp")
icmp_sum=$(sum16 "$icmp")
ip_udp=$(ip4 $A $B 64 17 12) ip_tcp=$(ip4 $A $B 64 6 30) ip_icmp=$(ip4 $A $B 64 1 64) ip_gre=$(ip4 c0a80107 08080808 5 47 0)
# word OFF: a program that returns the big-endian 16-bit word at byte OFF of the frame
word() {
	printf '\t.license "GPL"\n\t.section xdp\nword:\n\tr2 = *(u32 *)(r1 + xdp_md.data)\n\tr3 = *(u32 *)(r1 + xdp_md.data_end)\n'
	printf '\tr4 = r2\n\tr4 += %d\n\tr0 = 0x10000\n\tif r4 > r3 goto 1f\n\tr0 = *(u16 *)(r2 + %d)\n\tr0 = be16 r0\n1:\texit\n' $(($1 + 2)) "$1"
}
check_word() { # NAME OFF PACKET-LINE EXPECTED-HEX
	word "$2" >"$tmp/w.s" && $BPFAS "$tmp/w.s" -o "$tmp/w.bo" || return 1
	printf 'vector "%s"\n%s\nreturn 0x%s\n' "$1" "$3" "$4" >"$tmp/w.vec"
	nobody $BPFLOAD "$tmp/w.bo" --emulate --expect "$tmp/w.vec" >"$tmp/w.out" 2>&1 || { cat "$tmp/w.out"; return 1; }
}
expect "packet udp: the IPv4 checksum ($(echo "$ip_udp" | cut -c21-24)) and length" \
	bash -c "$(declare -f word check_word nobody); BPFAS=$BPFAS BPFLOAD=$BPFLOAD tmp=$tmp; check_word ip 24 'packet udp sport=1000 dport=53 payload=4' ${ip_udp:20:4} && check_word len 16 'packet udp payload=4' 0020"
expect "packet udp: the UDP checksum over the pseudo header ($udp_sum)" \
	bash -c "$(declare -f word check_word nobody); BPFAS=$BPFAS BPFLOAD=$BPFLOAD tmp=$tmp; check_word udp 40 'packet udp sport=1000 dport=53 payload=4' $udp_sum && check_word ulen 38 'packet udp sport=1000 dport=53 payload=4' 000c"
expect "packet tcp: the checksums ($tcp_sum, ${ip_tcp:20:4}) and the flags" \
	bash -c "$(declare -f word check_word nobody); BPFAS=$BPFAS BPFLOAD=$BPFLOAD tmp=$tmp; check_word tcp 50 'packet tcp dport=80 flags=SA payload=10' $tcp_sum && check_word ip 24 'packet tcp dport=80 flags=SA payload=10' ${ip_tcp:20:4} && check_word flags 46 'packet tcp flags=SA' 5012"
expect "packet icmp: an echo request and its checksum ($icmp_sum)" \
	bash -c "$(declare -f word check_word nobody); BPFAS=$BPFAS BPFLOAD=$BPFLOAD tmp=$tmp; check_word icmp 36 'packet icmp payload=56' $icmp_sum && check_word ip 24 'packet icmp payload=56' ${ip_icmp:20:4} && check_word type 34 'packet icmp' 0800"
expect "packet ip: addresses, ttl and protocol given, the checksum follows (${ip_gre:20:4})" \
	bash -c "$(declare -f word check_word nobody); BPFAS=$BPFAS BPFLOAD=$BPFLOAD tmp=$tmp; check_word ip 24 'packet ip src=192.168.1.7 dst=8.8.8.8 ttl=5 proto=47' ${ip_gre:20:4} && check_word ttl 22 'packet ip ttl=5 proto=47' 052f && check_word ethertype 12 'packet ip ethertype=0x86dd' 86dd && check_word short 40 'packet ip' 10000"

# --- bad vector files: the line and what is wrong, exit 1, nothing run ------------------------
bad_vec() { # DESCRIPTION MESSAGE CONTENT
	printf '%b' "$3" >"$tmp/bad.vec"
	nobody $BPFLOAD "$tmp/1-protocols.bo" --emulate --expect "$tmp/bad.vec" >"$tmp/bad.out" 2>&1
	local rc=$?
	expect "$1" bash -c "[ $rc -eq 1 ] && grep -qF -- \"$2\" '$tmp/bad.out' && ! grep -q '^vector 1' '$tmp/bad.out'" || cat "$tmp/bad.out"
}
bad_vec "a line that is no kind of line" "bad.vec:2: 'packets' is not a line of a vector file" 'vector "a"\npackets udp\n'
bad_vec "a field the builder does not have" "bad.vec:2: packet udp: no field 'port'" 'vector "a"\npacket udp port=53\n'
bad_vec "a port out of range" "bad.vec:3: packet tcp: dport=65536 is not a number from 0 to 65535" '# c\nvector "a"\npacket tcp dport=65536\n'
bad_vec "an odd number of hex digits" "bad.vec:2: packet hex: '0' is an odd number of hex digits" 'vector "a"\npacket hex 00 0\n'
bad_vec "a map the object does not have" "bad.vec:3: the object has no map 'counts'" 'vector "a"\npacket udp\nmap counts[17] = 1\n'
bad_vec "three numbers for a 16-byte value" "bad.vec:3: map protocols has 16-byte values: 3 numbers cannot make one" 'vector "a"\npacket udp\nmap protocols[17] = 1 2 3\n'
bad_vec "absent in an array" "bad.vec:3: map protocols is an array: every entry exists" 'vector "a"\npacket udp\nmap protocols[17] absent\n'
bad_vec "return before anything ran" "bad.vec:2: return before any packet or context was run" 'vector "a"\nreturn XDP_PASS\npacket udp\n'
bad_vec "a line before the first vector" "bad.vec:1: 'packet' before the first vector" 'packet udp\n'
bad_vec "a context for a program that takes packets" "bad.vec:2: program 'protocols_count' is a xdp program: it takes packets" 'vector "a"\ncontext u64 0 1\n'
bad_vec "no vectors" "bad.vec: no vectors" '# nothing\n'
nobody $BPFLOAD "$tmp/1-protocols.bo" --emulate --expect "$tmp/none.vec" >"$tmp/bad.out" 2>&1
rc=$?
expect "a vector file that is not there: exit 1, its name and the reason" \
	bash -c "[ $rc -eq 1 ] && grep -qx 'bpfload: --expect $tmp/none.vec: No such file or directory' '$tmp/bad.out'"
$BPFLOAD "$tmp/1-protocols.bo" --expect "$tmp/1-protocols.vec" >"$tmp/bad.out" 2>&1
rc=$?
expect "--expect without a back end: exit 1, add --emulate or --test-run" bash -c "[ $rc -eq 1 ] && grep -q 'add --emulate' '$tmp/bad.out'"
$BPFLOAD "$tmp/1-protocols.bo" --emulate --expect "$tmp/1-protocols.vec" --data-hex 00 >"$tmp/bad.out" 2>&1
rc=$?
expect "--expect with --data-hex: exit 1, the inputs come from the file" bash -c "[ $rc -eq 1 ] && grep -q 'takes its inputs from the vector file' '$tmp/bad.out'"
nobody $BPFLOAD "$tmp/1-protocols.bo" --test-run --expect "$tmp/1-protocols.vec" >"$tmp/bad.out" 2>&1
rc=$?
expect "--test-run --expect as nobody: exit 3, the privilege named" bash -c "[ $rc -eq 3 ] && grep -qi 'permi' '$tmp/bad.out'"
summary exercises
