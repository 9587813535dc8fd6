#!/bin/bash
# test_testrun.sh: bpfload --test-run (BPF_PROG_TEST_RUN in the real kernel), alone and
# beside --emulate, which must agree with it on every input: return values, the packet's
# bytes and the maps. Expected values are worked out here from the packets (the comments
# say how), and a capture of real traffic taken by tcpdump is counted by tcpdump itself.
# Needs root; exits 77 (skipped) saying why without it. Nothing may stay in the kernel.
# KEEP=1 keeps the temporary folder, to look at what bpfload printed.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
MKCAP=$(realpath "$4")
SRC=$(realpath "$5")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; BPF_PROG_TEST_RUN needs root"; exit 77; fi
tmp=$(mktemp -d)
chmod 755 "$tmp"
NS=bpfas-run-$$
cleanup() { ip netns del "$NS" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"
cd "$SRC"
for f in programs/xdp_count.s programs/sockex1.s tests/run/tc_count.s tests/run/xdp_rewrite.s tests/run/fields.s tests/run/helpers_tc.s tests/run/helpers_xdp.s tests/run/helpers_maps.s \
	tests/kernel/tailcall.s programs/calls.s; do
	$BPFAS "$f" -o "$tmp/$(basename "$f" .s).bo" || exit 1
done
NR_GETPID=$(printf '#include <sys/syscall.h>\nSYS_getpid\n' | cpp -P | tail -1) # this machine's number
$BPFAS -D NR_GETPID="$NR_GETPID" tests/kernel/raw_getpid.s -o "$tmp/raw_getpid.bo" || exit 1

# both OBJ OUT ARGS...: OBJ through --test-run --emulate on ARGS into OUT; rc is its exit
# status, and OUT is shown when it is not 0
both() { local obj=$1 out=$2; shift 2; $BPFLOAD "$obj" --test-run --emulate "$@" >"$out" 2>&1; rc=$?; [ $rc -eq 0 ] || cat "$out"; }

# frame DST SRC DPORT PAYLOAD [TTL]: Ethernet, IPv4 (header checksum computed), UDP to DPORT
# with PAYLOAD bytes of 0x61, as hex; 42 + PAYLOAD bytes
frame() {
	local dst=$1 src=$2 dport=$3 n=$4 ttl=${5:-64} tot sum i w
	tot=$((20 + 8 + n))
	local ip=(45 00 $(printf '%02x %02x' $((tot >> 8)) $((tot & 255))) 00 01 00 00 $(printf '%02x' "$ttl") 11 00 00 7f 00 00 01 7f 00 00 01)
	sum=0
	for ((i = 0; i < 20; i += 2)); do sum=$((sum + 16#${ip[i]}${ip[i + 1]})); done
	while [ $sum -gt 65535 ]; do sum=$(((sum & 65535) + (sum >> 16))); done
	w=$((~sum & 65535))
	ip[10]=$(printf '%02x' $((w >> 8))); ip[11]=$(printf '%02x' $((w & 255)))
	printf '%s %s 08 00 %s 30 39 %02x %02x %02x %02x 00 00' "$dst" "$src" "${ip[*]}" $((dport >> 8)) $((dport & 255)) $(((8 + n) >> 8)) $(((8 + n) & 255))
	for ((i = 0; i < n; i++)); do printf ' 61'; done
	echo
}
A="00 00 00 00 00 01"; B="00 00 00 00 00 02"

# --- xdp_count in the kernel: one datagram, then a thousand runs of it -------------------------
pkt=$(frame "$B" "$A" 9 4)
$BPFLOAD "$tmp/xdp_count.bo" --test-run --data-hex "$pkt" >"$tmp/x.txt" 2>&1
rc=$?
expect "xdp_count --test-run: exit 0, XDP_PASS, counted once under 17" \
	bash -c "[ $rc -eq 0 ] && grep -qx 'input 1 (46 bytes): XDP_PASS (2)' '$tmp/x.txt' && grep -qx '  17 1' '$tmp/x.txt'"
[ $rc -eq 0 ] || cat "$tmp/x.txt"
$BPFLOAD "$tmp/xdp_count.bo" --test-run --emulate --repeat 1000 --data-hex "$pkt" >"$tmp/r.txt" 2>&1
rc=$?
expect "--repeat 1000: the kernel's time per run, 1000 counts in both back ends, and they agree" \
	bash -c "[ $rc -eq 0 ] && grep -qE '^  the kernel ran it 1000 times: [0-9]+ ns per run$' '$tmp/r.txt' && grep -qx '  17 1000' '$tmp/r.txt' && grep -qx \"(the kernel's maps and the emulator's agree)\" '$tmp/r.txt'"

# --- tc_count on a capture: hash, LRU hash and per-CPU array maps -------------------------------
# 9 frames: to ports 5000 (x3, payloads 10, 20, 30), 6000 (x2, 100 and 200), 7 (x2, 1 and
# 2: dropped), 9 (x1, 0), and one more to 9 whose ethertype says ARP: tc_count reads the IP
# header without looking at the ethertype, so it counts it under 9 too. tc sees whole
# frames: len = 42 + payload.
{
	frame "$B" "$A" 5000 10; frame "$B" "$A" 6000 100; frame "$B" "$A" 7 1; frame "$B" "$A" 5000 20
	frame "$B" "$A" 9 0; frame "$B" "$A" 6000 200; frame "$B" "$A" 5000 30; frame "$B" "$A" 7 2
	frame "$B" "$A" 9 0 | sed 's/^\(\([0-9a-f][0-9a-f] \)\{12\}\)08 00/\108 06/'
} >"$tmp/tc.hex"
$MKCAP pcapng "$tmp/tc.pcapng" <"$tmp/tc.hex"
both "$tmp/tc_count.bo" "$tmp/tc.txt" --pcap "$tmp/tc.pcapng"
expect "tc_count: the kernel and the emulator agree on all 9 packets and the maps (exit 0)" test $rc -eq 0
expect "tc_count: totals TC_ACT_OK 7, TC_ACT_SHOT 2" grep -qx '9 packets: TC_ACT_OK 7, TC_ACT_SHOT 2' "$tmp/tc.txt"
# 5000: 3 packets, 52 + 62 + 72 = 186 bytes; 6000: 142 + 242 = 384; 7: 43 + 44 = 87; 9: 42 + 42
expect "tc_count: per port {packets, bytes}: 7 {2, 87}, 9 {2, 84}, 5000 {3, 186}, 6000 {2, 384}" \
	bash -c "grep -A4 '^ports' '$tmp/tc.txt' | tr '\n' '|' | grep -qF 'ports (after 9 runs):|  7 {packets: 2, bytes: 87}|  9 {packets: 2, bytes: 84}|  5000 {packets: 3, bytes: 186}|  6000 {packets: 2, bytes: 384}|'"
# the LRU hash holds 2: the last two ports written are 7 (packet 8, 44 bytes) and 9 (42);
# 5000 and 6000 were evicted
expect "tc_count: the LRU hash kept the last two ports, 7 and 9, with their last lengths" \
	bash -c "grep -A2 '^recent' '$tmp/tc.txt' | tr '\n' '|' | grep -qF 'recent (after 9 runs):|  7 44|  9 42|'"
expect "tc_count: the per-CPU array counted all 9 packets" bash -c "grep -A1 '^all' '$tmp/tc.txt' | grep -qx '  0 9'"

# every program a test run reaches, under programs/ and tests/kernel/, on the same capture:
# the kernel and the emulator agree on each packet and on the maps
for f in programs/sockex1.s programs/udp_ports.s programs/calls.s programs/xdp_count.s \
	tests/kernel/loop.s tests/kernel/percpu.s tests/kernel/tailcall.s tests/kernel/reject.s; do
	n=$(basename "$f" .s)
	$BPFAS "$f" -o "$tmp/all_$n.bo" || exit 1
	$BPFLOAD "$tmp/all_$n.bo" --test-run --emulate --pcap "$tmp/tc.pcapng" >"$tmp/all_$n.txt" 2>&1
	rc=$?
	if [ $n = reject ]; then # refused by the verifier: nothing runs
		expect "$n: refused by the verifier before any run (exit 2)" test $rc -eq 2
	else
		expect "$n: the kernel and the emulator agree on all 9 packets and the maps" \
			bash -c "[ $rc -eq 0 ] && [ \$(grep -c 'the emulator agrees' '$tmp/all_$n.txt') -eq 9 ]"
		[ $rc -eq 0 ] || cat "$tmp/all_$n.txt"
	fi
done

# --- xdp_rewrite: bytes out compared, and worked out ------------------------------------------
# a 46-byte frame and a 142-byte one (cut to 138 by bpf_xdp_adjust_tail); both answered:
# addresses swapped, TTL 64 -> 63, checksum + 0x0100; bpf_loop adds 1 + ... + 63 = 2016 per packet
{ frame "$B" "$A" 9 4; frame "$B" "$A" 9 100; } >"$tmp/xr.hex"
$MKCAP pcap "$tmp/xr.pcap" <"$tmp/xr.hex"
both "$tmp/xdp_rewrite.bo" "$tmp/xr.txt" --pcap "$tmp/xr.pcap" --map verdicts --map .data
expect "xdp_rewrite: the kernel and the emulator agree on the bytes out (exit 0)" test $rc -eq 0
# the checksum's low byte stays; its high byte (offset 24) goes up by one (no carry: it is below 0xff here)
hi=$(awk '{print $25}' "$tmp/xr.hex" | head -1); new=$(printf '%02x' $((16#$hi + 1)))
expect "xdp_rewrite: addresses swapped, TTL 63, checksum high byte $hi + 1 = $new, both XDP_TX" \
	bash -c "grep -A6 '^packet 1 (46 bytes): XDP_TX (3)' '$tmp/xr.txt' | grep -qF '    offset 5: 02 -> 01' && grep -A6 '^packet 1' '$tmp/xr.txt' | grep -qF '    offset 11: 01 -> 02' && grep -A6 '^packet 1' '$tmp/xr.txt' | grep -qF '    offset 22: 40 -> 3f' && grep -A6 '^packet 1' '$tmp/xr.txt' | grep -qF \"    offset 24: $hi -> $new\" && grep -q '^packet 2 (142 bytes): XDP_TX (3)' '$tmp/xr.txt'"
expect "xdp_rewrite: the long frame comes back 4 bytes shorter" grep -q '  the packet is now 138 bytes (was 142)' "$tmp/xr.txt"
expect "xdp_rewrite: verdict XDP_TX counted twice, 2 x 2016 = 4032 summed by the callback" \
	bash -c "grep -A1 '^verdicts' '$tmp/xr.txt' | grep -qx '  3 2' && grep -A1 '^.data' '$tmp/xr.txt' | grep -qF '\\xc0\\x0f'"

# --- helpers one by one: helpers_tc keeps each return value in `out` -----------------------------
# csum WORD...: the one's complement of the one's complement sum of 16-bit hex words
csum() { local s=0 w; for w in "$@"; do s=$((s + 16#$w)); done; while [ $s -gt 65535 ]; do s=$(((s & 65535) + (s >> 16))); done; printf '%04x' $((~s & 65535)); }
pkt=$(frame "$B" "$A" 9 4 | sed 's/00 00 61 61 61 61$/12 34 61 61 61 61/') # a UDP checksum of 1234 to update
both "$tmp/helpers_tc.bo" "$tmp/h.txt" --data-hex "$pkt"
expect "helpers_tc: the kernel and the emulator agree on every return value, the maps and the bytes (exit 0)" test $rc -eq 0
# the IP checksum of the header with 10.0.0.2 as destination, computed whole; the UDP
# checksum 1234 updated for the pseudo header's change 7f00 0001 -> 0a00 0002
ipsum=$(csum 4500 0020 0001 0000 4011 7f00 0001 0a00 0002)
udpsum=$(csum $(printf '%04x' $((~16#1234 & 65535))) 80ff fffe 0a00 0002)
expect "helpers_tc: destination 10.0.0.2 stored, IP checksum ${ipsum} (computed whole), UDP checksum 1234 -> ${udpsum}" \
	bash -c "grep -qx '    offset 24: $(awk '{print $25, $26}' <<<"$pkt") -> ${ipsum:0:2} ${ipsum:2:2}' '$tmp/h.txt' && grep -qx '    offset 30: 7f -> 0a' '$tmp/h.txt' && grep -qx '    offset 33: 01 -> 02' '$tmp/h.txt' && grep -qx '    offset 40: 12 34 -> ${udpsum:0:2} ${udpsum:2:2}' '$tmp/h.txt'"
# out: 1 the source 127.0.0.1 read as a little-endian u32 (0x0100007f = 16777343), 2 -EFAULT
# (-14), 6/7/8 queue pop 1, stack pop 3, queue peek 2, 9 -E2BIG (-7), 11 six nonzero entries
expect "helpers_tc: load_bytes 0 and 127.0.0.1, -EFAULT past the end, queue 1, stack 3, peek 2, -E2BIG, 6 seen by for_each" \
	bash -c "grep -A8 '^out' '$tmp/h.txt' | tr '\n' '|' | grep -qF 'out (after 1 run):|  1 16777343|  2 18446744073709551602|  6 1|  7 3|  8 2|  9 18446744073709551609|  11 6|'"

# helpers_xdp: 4 bytes of metadata (cd ab 00 00: 0xabcd little-endian) and 4 new bytes in
# front (de ad be ef); a test run hands back metadata and packet: 4 + 4 + 46 = 54 bytes.
# out: 1 0xabcd (43981), 3 -EINVAL (-22), 4 XDP_REDIRECT (4), 5 the packet 46 + 4 = 50
both "$tmp/helpers_xdp.bo" "$tmp/hx.txt" --data-hex "$pkt"
expect "helpers_xdp: the kernel and the emulator agree (exit 0)" test $rc -eq 0
expect "helpers_xdp: metadata and the new head in front of the 46 bytes, 54 in all" \
	grep -q "the packet is now 54 bytes (was 46): cd ab 00 00 de ad be ef $(cut -c1-23 <<<"$pkt")" "$tmp/hx.txt"
expect "helpers_xdp: metadata 0xabcd read back, -EINVAL for too much head room, XDP_REDIRECT, length 50" \
	bash -c "grep -A4 '^out' '$tmp/hx.txt' | tr '\n' '|' | grep -qF 'out (after 1 run):|  1 43981|  3 18446744073709551594|  4 4|  5 50|'"

# helpers_maps: flags and errors, in the kernel's numbers (helpers_maps.s says which slot is
# what): -EEXIST -17, -ENOENT -2, -EINVAL -22, -E2BIG -7; slots holding 0 are not printed
both "$tmp/helpers_maps.bo" "$tmp/hm.txt" --data-hex "$pkt"
expect "helpers_maps: the kernel and the emulator agree on every flag's error (exit 0)" test $rc -eq 0
expect "helpers_maps: NOEXIST twice -EEXIST, EXIST absent -ENOENT, delete absent -ENOENT, array NOEXIST -EEXIST, array delete -EINVAL, both flags -EINVAL, a lookup past the end NULL, a full hash -E2BIG" \
	bash -c "grep -A9 '^out' '$tmp/hm.txt' | tr '\n' '|' | grep -qF 'out (after 1 run):|  1 $(printf %u -17)|  2 $(printf %u -2)|  4 $(printf %u -2)|  6 $(printf %u -17)|  7 $(printf %u -22)|  8 $(printf %u -22)|  9 1|  10 $(printf %u -7)|'"

# cgroup_skb: allowed when the length from the IP header is odd: 47 - 14 = 33 allow, 46 - 14 drop
for n in 4 5; do
	$BPFAS tests/run/cgroup_len.s -o "$tmp/cg.bo" || exit 1
	want=$([ $(((42 + n - 14) % 2)) -eq 1 ] && echo "allow (1)" || echo "drop (0)")
	$BPFLOAD "$tmp/cg.bo" --test-run --emulate --data-hex "$(frame "$B" "$A" 9 $n)" >"$tmp/cg.txt" 2>&1
	rc=$?
	expect "cgroup_skb on $((42 + n)) bytes: $want in both" bash -c "[ $rc -eq 0 ] && grep -q '): $want\$' '$tmp/cg.txt' && grep -q 'the emulator agrees' '$tmp/cg.txt'"
done
# syscall programs take a context only and load sleepable: 41 + 1 = 42
$BPFAS tests/run/syscall_inc.s -o "$tmp/sc.bo" || exit 1
printf '\1\0\0\0\x29\0\0\0' >"$tmp/sc.ctx"
$BPFLOAD "$tmp/sc.bo" --test-run --emulate --ctx "$tmp/sc.ctx" >"$tmp/sc.txt" 2>&1
rc=$?
expect "syscall: loaded sleepable, returns 41 + 1 = 42 in both" bash -c "[ $rc -eq 0 ] && grep -qx 'context 1 (8 bytes): r0 = 42 (0x2a)' '$tmp/sc.txt' && grep -q 'the emulator agrees' '$tmp/sc.txt'"

# maps of maps from clang: an array of maps and a hash of maps filled from __array(values);
# a 46-byte frame (even) adds 1 to in0[0], a 47-byte one adds 1 to in1[0] and 10 to in1[1]
if command -v clang-19 >/dev/null; then
	clang-19 -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
		-c tests/run/maps_of_maps.c -o "$tmp/mom.o" || exit 1
	{ frame "$B" "$A" 9 4; frame "$B" "$A" 9 5; } | $MKCAP pcap "$tmp/mom.pcap"
	both "$tmp/mom.o" "$tmp/mom.txt" --pcap "$tmp/mom.pcap"
	expect "maps of maps: both back ends reach in0 and in1 through them, and agree: in0 {0: 1}, in1 {0: 1, 1: 10}" \
		bash -c "[ $rc -eq 0 ] && grep -A1 '^in0' '$tmp/mom.txt' | grep -qx '  0 1' && grep -A2 '^in1' '$tmp/mom.txt' | tr '\n' '|' | grep -qF 'in1 (after 2 runs):|  0 1|  1 10|'"
else
	bad "clang-19 is not installed: the maps of maps were not built (.ci/run installs it)"
fi

# the other types a test run takes, each with a program that returns 1: lwt and tc actions
# in both back ends; flow dissector and netfilter in the kernel only (their contexts are
# kernel structures, which the emulator says); sk_lookup with a context (AF_INET, UDP)
declare -A verdict=([lwt_in]="1 (no verdict of a lwt_in program has this value)" [lwt_out]="1 (no verdict of a lwt_out program has this value)"
	[lwt_xmit]="1 (no verdict of a lwt_xmit program has this value)" [action]="TC_ACT_RECLASSIFY (1)"
	[flow_dissector]="1 (no verdict of a flow_dissector program has this value)" [netfilter]="NF_ACCEPT (1)")
for sec in lwt_in lwt_out lwt_xmit action flow_dissector netfilter sk_lookup; do
	printf '\t.license "GPL"\n\t.section %s\nret_%s:\n\tr0 = 1\n\texit\n' $sec $sec >"$tmp/t_$sec.s"
	$BPFAS "$tmp/t_$sec.s" -o "$tmp/t_$sec.bo" || exit 1
	case $sec in
	flow_dissector|netfilter)
		$BPFLOAD "$tmp/t_$sec.bo" --test-run --data-hex "$pkt" >"$tmp/t.txt" 2>&1
		rc=$?
		$BPFLOAD "$tmp/t_$sec.bo" --emulate --data-hex "$pkt" >/dev/null 2>"$tmp/t.err"
		erc=$?
		expect "$sec: the kernel's test run returns ${verdict[$sec]}; the emulator declines (exit 1), saying why" \
			bash -c "[ $rc -eq 0 ] && grep -qF 'input 1 (46 bytes): ${verdict[$sec]}' '$tmp/t.txt' && [ $erc -eq 1 ] && grep -q 'context points into kernel structures' '$tmp/t.err'"
		;;
	sk_lookup)
		# struct bpf_sk_lookup: family at 8 (AF_INET = 2), protocol at 12 (UDP = 17), 72 bytes
		{ printf '\0%.0s' $(seq 8); printf '\2\0\0\0\x11\0\0\0'; printf '\0%.0s' $(seq 56); } >"$tmp/sk.ctx"
		$BPFLOAD "$tmp/t_$sec.bo" --test-run --emulate --ctx "$tmp/sk.ctx" >"$tmp/t.txt" 2>&1
		rc=$?
		expect "sk_lookup: a 72-byte context, r0 = 1 in both" bash -c "[ $rc -eq 0 ] && grep -qx 'context 1 (72 bytes): r0 = 1 (0x1)' '$tmp/t.txt' && grep -q 'the emulator agrees' '$tmp/t.txt'"
		;;
	*)
		$BPFLOAD "$tmp/t_$sec.bo" --test-run --emulate --data-hex "$pkt" >"$tmp/t.txt" 2>&1
		rc=$?
		expect "$sec: ${verdict[$sec]} in both" bash -c "[ $rc -eq 0 ] && grep -qF 'input 1 (46 bytes): ${verdict[$sec]}' '$tmp/t.txt' && grep -q 'the emulator agrees' '$tmp/t.txt'"
		;;
	esac
	[ $rc -eq 0 ] || cat "$tmp/t.txt"
done
# the flow dissector's keys: nhoff and thoff 14 (after the Ethernet header), n_proto 08 00 at offset 10
$BPFLOAD "$tmp/t_flow_dissector.bo" --test-run --data-hex "$pkt" >"$tmp/fd.txt" 2>&1
expect "flow dissector: the keys the kernel hands back, nhoff = thoff = 14, n_proto IPv4" \
	grep -q '^  the flow keys it filled (struct bpf_flow_keys): 0e 00 0e 00 .. .. .. .. .. .. 08 00 ' "$tmp/fd.txt"

# tail calls: first counts in slot 0, falls through the empty slot 3 (slot 2 of hits), and
# jumps to second (slot 1): one each
$BPFLOAD "$tmp/tailcall.bo" --test-run --emulate --data-hex "$pkt" >"$tmp/tc2.txt" 2>&1
rc=$?
expect "tail calls: both back ends count 1 in each of first, the fall-through and second" \
	bash -c "[ $rc -eq 0 ] && grep -A3 '^hits' '$tmp/tc2.txt' | tr '\n' '|' | grep -qF 'hits (after 1 run):|  0 1|  1 1|  2 1|'"
# calls.s prints the length through a .text function: a socket filter's test run sees
# 46 - 14 = 32 bytes; the emulator prints what bpf_trace_printk would put in trace_pipe
$BPFLOAD "$tmp/calls.bo" --test-run --emulate --data-hex "$pkt" >"$tmp/calls.txt" 2>&1
rc=$?
expect "calls: the emulator's bpf_trace_printk says 'packet of 32 bytes', and the maps agree" \
	bash -c "[ $rc -eq 0 ] && grep -qx 'trace_printk: packet of 32 bytes' '$tmp/calls.txt' && grep -A1 '^seen' '$tmp/calls.txt' | grep -qx '  0 1'"
# a raw tracepoint takes a context only: args[1] is the syscall number, getpid's counted
# under the caller's tgid, which is bpfload's own in both back ends
{ printf '\0\0\0\0\0\0\0\0'; printf "\\x$(printf '%02x' "$NR_GETPID")\\0\\0\\0\\0\\0\\0\\0"; } >"$tmp/args"
both "$tmp/raw_getpid.bo" "$tmp/raw.txt" --ctx "$tmp/args"
expect "raw tracepoint: a context of 16 bytes, one getpid counted, the kernel and the emulator agree" \
	bash -c "[ $rc -eq 0 ] && grep -qx 'context 1 (16 bytes): r0 = 0 (0)' '$tmp/raw.txt' && [ \$(grep -cE '^  [0-9]+ 1$' '$tmp/raw.txt') -eq 1 ]"
$BPFLOAD "$tmp/raw_getpid.bo" --test-run --data-hex "$pkt" >/dev/null 2>"$tmp/raw.err"
rc=$?
expect "raw tracepoint given a packet: exit 1, it takes a context only" bash -c "[ $rc -eq 1 ] && grep -q 'it takes no packet, only a context' '$tmp/raw.err'"

# --- __sk_buff fields, by destination address and --ctx-set --------------------------------------
# r0 = protocol (0x0008) | pkt_type << 16 | ifindex (lo: 1) << 20 | mark << 24: to lo's own
# address 0 PACKET_HOST, a multicast address PACKET_MULTICAST (2: lo's broadcast address is
# zero too), another PACKET_OTHERHOST (3)
for case in "00 00 00 00 00 00:0:0" "01 00 5e 00 00 01:2:0" "02 00 00 00 00 09:3:5"; do
	dst=${case%%:*}; rest=${case#*:}; type=${rest%%:*}; mark=${rest#*:}
	$BPFLOAD "$tmp/fields.bo" --test-run --emulate --data-hex "$(frame "$dst" "$A" 9 4)" --ctx-set "__sk_buff.mark=$mark" >"$tmp/f.txt" 2>&1
	rc=$?
	want=$(( 0x0008 | type << 16 | 1 << 20 | mark << 24 ))
	expect "fields ($dst, mark $mark): both return $want (pkt_type $type), and agree" \
		bash -c "[ $rc -eq 0 ] && grep -q '^input 1 (46 bytes): $want: the socket filter keeps all 46 bytes' '$tmp/f.txt' && grep -q 'the emulator agrees' '$tmp/f.txt'"
	[ $rc -eq 0 ] || cat "$tmp/f.txt"
done
expect "a socket filter's test run: bpfload says it sees the packet from the IP header" grep -q '^note: a socket_filter program is run on the packet from its network header' "$tmp/f.txt"
$BPFLOAD "$tmp/fields.bo" --test-run --data-hex "$(frame "$B" "$A" 9 4)" --ctx-set __sk_buff.len=1 >/dev/null 2>"$tmp/c.err"
rc=$?
expect "--ctx-set of a field a test run cannot set: exit 1, listing those it can" \
	bash -c "[ $rc -eq 1 ] && grep -q 'cannot set __sk_buff.len; it sets mark, priority, ingress_ifindex' '$tmp/c.err'"

# --- a capture of real traffic, counted by tcpdump and by the program --------------------------
if ip netns add "$NS" && ip -n "$NS" link set lo up; then
	ip netns exec "$NS" tcpdump -i lo -w "$tmp/real.pcap" -U --immediate-mode -Z root >/dev/null 2>"$tmp/dump.err" &
	dump=$!
	for _ in $(seq 50); do grep -q '^listening on' "$tmp/dump.err" && break; sleep 0.1; done
	ip netns exec "$NS" bash -c 'for i in $(seq 5); do printf "%${i}0s" x > /dev/udp/127.0.0.1/9; done; ping -c 2 -i 0.2 127.0.0.1 >/dev/null'
	sleep 0.5
	kill -INT $dump; wait $dump
	udp=$(tcpdump -r "$tmp/real.pcap" udp 2>/dev/null | wc -l)
	icmp=$(tcpdump -r "$tmp/real.pcap" icmp 2>/dev/null | wc -l)
	all=$(tcpdump -r "$tmp/real.pcap" 2>/dev/null | wc -l)
	both "$tmp/xdp_count.bo" "$tmp/real.txt" --pcap "$tmp/real.pcap"
	expect "a tcpdump capture ($all packets: $udp UDP, $icmp ICMP): both back ends agree, counts as tcpdump's" \
		bash -c "[ $rc -eq 0 ] && [ $udp -eq 5 ] && grep -qx '  17 $udp' '$tmp/real.txt' && grep -qx '  1 $icmp' '$tmp/real.txt' && grep -qx '$all packets: XDP_PASS $all' '$tmp/real.txt'"
else
	bad "cannot create a network namespace for the capture"
fi

# --- privileges, and what is left ----------------------------------------------------------------
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
	"$BPFLOAD" "$tmp/xdp_count.bo" --test-run --data-hex "$pkt" >/dev/null 2>"$tmp/u.err"
rc=$?
expect "--test-run without privileges: exit 3, saying what is needed" bash -c "[ $rc -eq 3 ] && grep -q 'sudo' '$tmp/u.err'"
expect "test runs leave nothing in the kernel" leftovers xdp_count xdp_protos tc_count ports recent all xdp_rewrite verdicts .data fields helpers_tc q st out helpers_xdp helpers_maps h first second bpf_prog1 my_map count_udp ports udp_out per_cpu count_out reject_me counts cg sc maps_of_maps in0 in1 outer byport inner ret_lwt_in ret_lwt_out ret_lwt_xmit ret_action ret_flow_dissector ret_netfilter ret_sk_lookup hits jumps raw_getpid raw_calls print_lengths seen .rodata
summary testrun
