#!/bin/bash
# test_emulate.sh: bpfload --emulate, which needs no privileges and no BPF in the kernel:
# programs run on packets, memory blocks and contexts made here, with expected values
# worked out by hand from those inputs (the comments say how); --step and --coverage
# against golden files read line by line when they were recorded; every kind of stray
# access, an unemulated helper and an endless loop stopped with their place; pcap and
# pcapng captures written by the mkcap helper (and read back by tcpdump to check them);
# a corrupt capture. As root, the unprivileged runs go through setpriv.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
MKCAP=$(realpath "$3")
SRC=$(realpath "$4")
NOBPF=$(realpath "$5")
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
cd "$SRC" # golden files name the sources by these relative paths
for f in programs/xdp_count.s programs/sockex1.s programs/cpustat.s programs/syscount.s programs/hello.s tests/run/*.s; do
	$BPFAS --tracefs tests/tracefs "$f" -o "$tmp/$(basename "$f" .s).bo" || exit 1
done
# an Ethernet frame 00:00:00:00:00:01 -> 00:00:00:00:00:02, IPv4 127.0.0.1 -> 127.0.0.1,
# UDP 12345 -> 9 with the 4 bytes "abcd": 14 + 20 + 8 + 4 = 46 bytes
UDP="00 00 00 00 00 02 00 00 00 00 00 01 08 00 45 00 00 20 00 01 00 00 40 11 7c ca 7f 00 00 01 7f 00 00 01 30 39 00 09 00 0c 00 00 61 62 63 64"

# --- xdp_count: one UDP datagram, counted under protocol 17, passed ------------------------
$BPFLOAD "$tmp/xdp_count.bo" --emulate --data-hex "$UDP" >"$tmp/x.txt" 2>&1
rc=$?
expect "xdp_count: exit 0" test $rc -eq 0
expect "xdp_count: the verdict is XDP_PASS (2), the packet unchanged" \
	bash -c "grep -qx 'input 1 (46 bytes): XDP_PASS (2)' '$tmp/x.txt' && grep -qx '  the packet is unchanged' '$tmp/x.txt'"
expect "xdp_count: the map counts protocol 17 once" bash -c "grep -A1 '^xdp_protos (after 1 run):' '$tmp/x.txt' | grep -qx '  17 1'"
printf '%s\n' "$UDP" "${UDP/08 00 45/86 dd 60}" "$UDP" | $MKCAP pcap "$tmp/three.pcap"
printf '%s\n' "$UDP" "${UDP/08 00 45/86 dd 60}" "$UDP" | $MKCAP pcapng "$tmp/three.pcapng"
expect "mkcap's pcap and pcapng hold 3 packets, as tcpdump reads them" \
	bash -c "[ \$(tcpdump -r '$tmp/three.pcap' 2>/dev/null | wc -l) -eq 3 ] && [ \$(tcpdump -r '$tmp/three.pcapng' 2>/dev/null | wc -l) -eq 3 ]"
# --cfg-out: the graph painted with the counts of the three packets: every one runs the
# first two blocks (bounds check, EtherType) and the exit; the two IPv4 ones the lookup
# block and, the map's entry there, the counting one
$BPFLOAD "$tmp/xdp_count.bo" --emulate --pcap "$tmp/three.pcap" --cfg-out "$tmp/xc.dot" >/dev/null 2>&1
expect "--emulate --cfg-out: blocks painted with 3, 3, 2, 2 and 3 runs" \
	bash -c "grep -o 'ran [0-9]* time' '$tmp/xc.dot' | awk '{print \$2}' | tr '\n' ' ' | grep -qx '3 3 2 2 3 '"
if command -v dot >/dev/null; then
	expect "--cfg-out's picture is one Graphviz reads" bash -c "dot -Tplain '$tmp/xc.dot' | grep -c '^node ' | grep -qx 5"
else
	bad "Graphviz (dot) is not installed: the picture was not checked"
fi
for fmt in pcap pcapng; do
	$BPFLOAD "$tmp/xdp_count.bo" --emulate --pcap "$tmp/three.$fmt" >"$tmp/p.txt" 2>&1
	# the second packet says IPv6 (86dd): passed, not counted
	expect "$fmt: three packets, all XDP_PASS, two counted under 17" \
		bash -c "grep -qx '3 packets: XDP_PASS 3' '$tmp/p.txt' && grep -qx '  17 2' '$tmp/p.txt' && [ \$(grep -c '^packet [123] (46 bytes): XDP_PASS (2)' '$tmp/p.txt') -eq 3 ]"
done
head -c 60 "$tmp/three.pcap" >"$tmp/cut.pcap" # the header (24), packet 1 (16 + 46 = 62) cut short
$BPFLOAD "$tmp/xdp_count.bo" --emulate --pcap "$tmp/cut.pcap" >/dev/null 2>"$tmp/c.err"
rc=$?
expect "a capture cut short: exit 1, naming packet 1" bash -c "[ $rc -eq 1 ] && grep -q 'packet 1 cannot be read: truncated dump file' '$tmp/c.err'"
printf 'not a capture at all\n' >"$tmp/junk.pcap"
$BPFLOAD "$tmp/xdp_count.bo" --emulate --pcap "$tmp/junk.pcap" >/dev/null 2>"$tmp/j.err"
rc=$?
expect "a file that is no capture: exit 1 with libpcap's reason" bash -c "[ $rc -eq 1 ] && grep -q 'junk.pcap: unknown file format' '$tmp/j.err'"

# sockex1 as when attached: --l2 hands it the frame from the Ethernet header, as a packet
# socket does, and --ctx-set makes the packet an outgoing one (the only kind it counts):
# 46 bytes under UDP, what a live run on lo counts for this frame
$BPFLOAD "$tmp/sockex1.bo" --emulate --l2 --ctx-set __sk_buff.pkt_type=PACKET_OUTGOING --data-hex "$UDP" >"$tmp/sx.txt" 2>&1
expect "sockex1 --l2, pkt_type PACKET_OUTGOING by name: UDP 46" bash -c "grep -A1 '^my_map' '$tmp/sx.txt' | grep -qx '  UDP 46'"
$BPFLOAD "$tmp/sockex1.bo" --emulate --ctx-set __sk_buff.pkt_type=PACKET_OUTGOING --data-hex "$UDP" >"$tmp/sx2.txt" 2>&1
# without --l2, as a test run: skb[ETH_HLEN + 9] is the UDP destination port's low byte (9),
# and len counts from the IP header: 46 - 14 = 32
expect "sockex1 without --l2 reads 14 bytes further: key 9, 32 bytes, and the note says why" \
	bash -c "grep -A1 '^my_map' '$tmp/sx2.txt' | grep -qx '  9 32' && grep -q '^note: a socket_filter program is run on the packet from its network header' '$tmp/sx2.txt'"
$BPFLOAD "$tmp/sockex1.bo" --test-run --l2 --data-hex "$UDP" >/dev/null 2>"$tmp/l2.err"
rc=$?
expect "--l2 with --test-run: exit 1, the kernel cannot" bash -c "[ $rc -eq 1 ] && grep -q -- '--l2 is for the emulator alone' '$tmp/l2.err'"

# --- --step, --coverage and --json ---------------------------------------------------------
$BPFLOAD "$tmp/xdp_count.bo" --emulate --step --coverage --data-hex "$UDP" >"$tmp/s.txt" 2>&1
expect "--step --coverage of xdp_count: as recorded in tests/run/xdp_count.step" diff -u tests/run/xdp_count.step "$tmp/s.txt"
# calls.s: a BPF-to-BPF call indented, bpf_trace_printk's line where it runs, r6 restored on return
$BPFAS programs/calls.s -o "$tmp/calls.bo" || exit 1
$BPFLOAD "$tmp/calls.bo" --emulate --step --data-hex "$UDP" >"$tmp/cs.txt" 2>&1
expect "--step of calls.s: as recorded in tests/run/calls.step" diff -u tests/run/calls.step "$tmp/cs.txt"
$BPFLOAD "$tmp/xdp_count.bo" --emulate --step --json --data-hex "$UDP" >"$tmp/j.txt" 2>&1
# 18 instructions run (17 in slots 0-8 and 11-18, the lddw in 9-10 counting once), then the result line and the maps
expect "--step --json: one object per instruction, 18, then the result and the maps" \
	bash -c "[ \$(grep -c '^{\"step\": ' '$tmp/j.txt') -eq 18 ] && grep -q '^{\"input\": 1, \"length\": 46, \"emulator\": {\"retval\": 2, \"verdict\": \"XDP_PASS\"' '$tmp/j.txt'"
expect "--step --json: the lock add shows its store (old 0, new 1)" \
	grep -q '"slot": 16, .*"store": {"addr": 68719476872, "size": 8, "old": 0, "new": 1}' "$tmp/j.txt"

# --- --debug, driven through a pipe ---------------------------------------------------------------
# break at the label `pass` (slot 17), continue there, read r0 (the map value's address: key
# 17 is entry 17 of 8 bytes, offset 136) and the key on the stack (17 = 0x11), step once,
# set r0, list, then the commands end: the run goes on to the end and returns what r0 holds
printf 'b pass\nc\np r0\np *(u32 *)(r10 - 4)\nn\nset r0 = 1\nl\nbogus\nb nosuch\n' |
	$BPFLOAD "$tmp/xdp_count.bo" --emulate --debug --data-hex "$UDP" >"$tmp/d.txt" 2>&1
rc=$?
expect "--debug: breakpoint 1 at the label pass, programs/xdp_count.s:32, slot 17" grep -q 'breakpoint 1 at programs/xdp_count.s:32  slot 17: r0 = XDP_PASS' "$tmp/d.txt"
expect "--debug: print r0 names the map value it points into" grep -qF 'r0 = 0x1000000088 (xdp_protos value+136)' "$tmp/d.txt"
expect "--debug: print *(u32 *)(r10 - 4) reads the key, 0x11" grep -qF '*(u32 *)0x30000ffc = 0x11' "$tmp/d.txt"
expect "--debug: list marks the current line, 33" grep -qF '=>   33  exit' "$tmp/d.txt"
expect "--debug: unknown commands and places are said so" \
	bash -c "grep -qF \"unknown command 'bogus'\" '$tmp/d.txt' && grep -qF \"no such place in 'xdp_count'\" '$tmp/d.txt'"
expect "--debug: set r0 = 1 changes the verdict to XDP_DROP; exit 0" bash -c "[ $rc -eq 0 ] && grep -qx 'input 1 (46 bytes): XDP_DROP (1)' '$tmp/d.txt'"
printf 'q\n' | $BPFLOAD "$tmp/xdp_count.bo" --emulate --debug --data-hex "$UDP" >"$tmp/q.txt" 2>&1
expect "--debug: quit stops the run at the first instruction" grep -qF "instruction 0 of 'xdp_count' (programs/xdp_count.s:15: r2 = *(u32 *)(r1 + 0)): stopped at the debugger's quit" "$tmp/q.txt"

# in a terminal (tmux), the prompt edits lines and keeps history through libedit: Up Up
# brings back `p r1`
if command -v tmux >/dev/null && ldd "$BPFLOAD" | grep -q libedit; then
	sock=$tmp/tmux.sock
	tmux -S "$sock" new-session -d -x 160 -y 40 "$BPFLOAD $tmp/xdp_count.bo --emulate --debug --data-hex '$UDP'; sleep 5"
	sleep 0.5
	tmux -S "$sock" send-keys "p r1" Enter; sleep 0.3
	tmux -S "$sock" send-keys "s" Enter; sleep 0.3
	tmux -S "$sock" send-keys Up Up Enter; sleep 0.3
	tmux -S "$sock" send-keys "c" Enter; sleep 0.5
	tmux -S "$sock" capture-pane -p -S - >"$tmp/tty.out"
	tmux -S "$sock" kill-server 2>/dev/null
	expect "--debug in a terminal: the history's p r1 after a step, then the run's end" \
		bash -c "[ \$(grep -c 'r1 = 0x10000000 (ctx+0)' '$tmp/tty.out') -eq 2 ] && grep -q 'input 1 (46 bytes): XDP_PASS (2)' '$tmp/tty.out'"
else
	bad "--debug in a terminal: needs tmux and a bpfload built with libedit (.ci/run installs both)"
fi

# --- RFC 9669 arithmetic on a memory block ---------------------------------------------------
# 48 zero bytes but 44 33 22 11 at offset 40; alu.s writes 7/0 = 0 at 0, 7%0 = 7 at 8,
# -7 s/ 2 = -3 at 16, -7 s% 2 = -1 at 24, 1 << (65 & 63) = 2 at 32; r0 = bswap32 of the
# u32 at 40 (0x11223344 read little-endian) = 0x44332211
printf '\0%.0s' $(seq 40) >"$tmp/mem.bin"; printf '\x44\x33\x22\x11\0\0\0\0' >>"$tmp/mem.bin"
$BPFLOAD "$tmp/alu.bo" --emulate --mem "$tmp/mem.bin" >"$tmp/a.txt" 2>&1
expect "alu: r0 = 0x44332211" grep -qx 'memory block 1 (48 bytes): r0 = 1144201745 (0x44332211)' "$tmp/a.txt"
expect "alu: 7 % 0 = 7, -7 s/ 2 = -3, -7 s% 2 = -1, 1 << 65 = 2; 7 / 0 = 0 leaves offset 0 as it was" \
	bash -c "grep -qx '    offset 8: 00 -> 07' '$tmp/a.txt' && grep -qx '    offset 16: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 -> fd ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff' '$tmp/a.txt' && grep -qx '    offset 32: 00 -> 02' '$tmp/a.txt' && grep -qx '  the program changed 18 bytes:' '$tmp/a.txt'"

# --- helpers whose results come from the emulator's options ----------------------------------
# xorshift64 (x ^= x << 13, x ^= x >> 7, x ^= x << 17, the result's bits 16-47) from --seed,
# worked out here; the clock is --clock plus a microsecond per read
xorshift() { local x=$1; x=$((x ^ (x << 13))); x=$((x ^ ((x >> 7) & ((1 << 57) - 1)))); x=$((x ^ (x << 17))); echo $(((x >> 16) & 0xffffffff)); }
cpu=$(($(nproc) - 1))
$BPFLOAD "$tmp/helpers_emu.bo" --emulate --clock 5000 --seed 42 --cpu $cpu --data-hex "$UDP" >"$tmp/he.txt" 2>&1
rc=$?
expect "helpers_emu: ktime 6000 then 7000, prandom $(xorshift 42) from seed 42, CPU $cpu" \
	bash -c "[ $rc -eq 0 ] && grep -A4 '^out' '$tmp/he.txt' | grep -qx '  0 6000' && grep -A4 '^out' '$tmp/he.txt' | grep -qx '  1 7000' && grep -qx '  2 $(xorshift 42)' '$tmp/he.txt' && { [ $cpu -eq 0 ] || grep -qx '  3 $cpu' '$tmp/he.txt'; }"
expect "helpers_emu: the per-CPU counter bumped once, on CPU $cpu" bash -c "grep -A1 '^per_cpu' '$tmp/he.txt' | grep -qx '  0 1'"
expect "helpers_emu: the ring buffer's two records and the perf event record printed as produced" \
	bash -c "grep -qx 'ring buffer rb: 8 bytes: 88 77 66 55 44 33 22 11' '$tmp/he.txt' && grep -qx 'ring buffer rb: 4 bytes: 61 62 63 64' '$tmp/he.txt' && grep -qx 'perf event output to events: 4 bytes: 61 62 63 64' '$tmp/he.txt'"
expect "helpers_emu: bpf_get_current_comm through bpf_trace_printk's %s" grep -qx 'trace_printk: comm bpfload' "$tmp/he.txt"
# helpers_more: a per-CPU hash (7, then + 1 = 8 on CPU $cpu, the sum printed), for_each over
# it (the one key, 5), probe_read_kernel of the record's state (1200000) and of address 0
# (-EFAULT = -14), spin lock and unlock (0, not printed), a ring buffer record discarded
$BPFLOAD "$tmp/helpers_more.bo" --emulate --cpu $cpu --ctx-set cpu_frequency.state=1200000 >"$tmp/hmo.txt" 2>&1
rc=$?
expect "helpers_more: for_each saw key 5, the per-CPU hash holds 8, probe_read 1200000 and -EFAULT, a discarded record unprinted" \
	bash -c "[ $rc -eq 0 ] && grep -A4 '^out' '$tmp/hmo.txt' | tr '\n' '|' | grep -qF 'out (after 1 run):|  0 5|  1 8|  2 1200000|  3 $(printf %u -14)|' && grep -A1 '^ph' '$tmp/hmo.txt' | grep -qx '  5 8' && ! grep -q '^ring buffer' '$tmp/hmo.txt'"
[ $rc -eq 0 ] || cat "$tmp/hmo.txt"
# the same with another seed gives another number, and the same seed the same one
$BPFLOAD "$tmp/helpers_emu.bo" --emulate --seed 7 --data-hex "$UDP" >"$tmp/he7.txt" 2>&1
expect "helpers_emu: seed 7 gives $(xorshift 7)" grep -qx "  2 $(xorshift 7)" "$tmp/he7.txt"

# --- a tracepoint record from --ctx-set, by the event's field names ---------------------------
$BPFLOAD "$tmp/tp_count.bo" --emulate --ctx-set cpu_frequency.state=1200000 --ctx-set cpu_id=3 >"$tmp/t.txt" 2>&1
expect "tracepoint: the record's cpu_id 3 and state 1200000 reach the map" bash -c "grep -A1 '^khz' '$tmp/t.txt' | grep -qx '  3 1200000'"
# the tracepoint programs under programs/, each on a record set by field name
$BPFLOAD "$tmp/cpustat.bo" --emulate --prog count_idle --ctx-set cpu_idle.state=2 --ctx-set cpu_id=1 >"$tmp/cs1.txt" 2>&1
expect "cpustat's count_idle: the record's cpu 1, state 2 counted once" grep -qx '  {cpu: 1, state: 2} 1' "$tmp/cs1.txt"
$BPFLOAD "$tmp/syscount.bo" --emulate --ctx-set sys_enter.id=39 >"$tmp/sc1.txt" 2>&1
expect "syscount: syscall 39 counted once" bash -c "grep -A1 '^syscalls' '$tmp/sc1.txt' | grep -qx '  39 1'"
$BPFLOAD "$tmp/hello.bo" --emulate >"$tmp/he1.txt" 2>&1
expect "hello: a zeroed record of sys_enter_execve's 40 bytes; bpf_trace_printk names bpfload and its pid" \
	bash -c "grep -qx 'context 1 (40 bytes): r0 = 0 (0)' '$tmp/he1.txt' && grep -qE '^trace_printk: hello: bpfload \(pid [0-9]+\) calls execve$' '$tmp/he1.txt'"
$BPFLOAD "$tmp/hello.bo" --emulate --pid 4242 --comm ping >"$tmp/he2.txt" 2>&1
expect "hello with --pid 4242 --comm ping: the line names them" grep -qx 'trace_printk: hello: ping (pid 4242) calls execve' "$tmp/he2.txt"
$BPFLOAD "$tmp/helpers_emu.bo" --emulate --uid 1000 --gid 100 --data-hex "$UDP" >"$tmp/ug.txt" 2>&1
expect "--uid 1000 --gid 100: bpf_get_current_uid_gid is 100 << 32 | 1000 = $((100 << 32 | 1000))" grep -qx "  4 $((100 << 32 | 1000))" "$tmp/ug.txt"
$BPFLOAD "$tmp/tp_count.bo" --emulate --ctx-set cpu_frequency.nosuch=1 >/dev/null 2>"$tmp/t.err"
rc=$?
expect "--ctx-set of a field the record lacks: exit 1, naming it" bash -c "[ $rc -eq 1 ] && grep -q 'cpu_frequency has no field .cpu_frequency.nosuch.' '$tmp/t.err'"
$BPFLOAD "$tmp/tp_count.bo" --test-run --ctx-set cpu_id=1 >/dev/null 2>"$tmp/tr.err"
rc=$?
expect "--test-run of a tracepoint program: exit 1, the reason and a pointer to --emulate" \
	bash -c "[ $rc -eq 1 ] && grep -q 'a tracepoint program, which the kernel cannot test-run' '$tmp/tr.err' && grep -q 'run it in the emulator instead: --emulate' '$tmp/tr.err'"

# --- stray accesses, an unemulated helper, an endless loop: exit 2, the place, the region ------
stop() { # NAME INPUT-FLAGS... -- EXPECTED
	local name=$1 want
	shift
	want=${*: -1}
	$BPFLOAD "$tmp/$name.bo" --emulate "${@:1:$#-1}" >"$tmp/$name.out" 2>&1
	local rc=$?
	expect "$name: exit 2 with: $want" bash -c "[ $rc -eq 2 ] && grep -qF \"\$1\" '$tmp/$name.out'" _ "$want"
	[ $rc -eq 2 ] || cat "$tmp/$name.out"
}
# the packet is 46 bytes at 0x20000100: byte 60 is 0x2000013c, and ends 15 bytes past it
stop stray_pkt --data-hex "$UDP" "instruction 1 of 'stray_pkt' (tests/run/stray_pkt.s:6: r0 = *(u8 *)(r2 + 60)): reads 1 byte at 0x2000013c, which ends 15 bytes past the end of the packet (46 bytes at 0x20000100)"
stop stray_stack --data-hex "$UDP" "instruction 0 of 'stray_stack' (tests/run/stray_stack.s:5: *(u64 *)(r10 - 520) = 0): writes 8 bytes at fp-520: below the frame's 512 bytes of stack (fp-512 .. fp-1) by 8"
stop null_value --data-hex "$UDP" "instruction 6 of 'null_value' (tests/run/null_value.s:11: r0 = *(u64 *)(r0 + 0)): reads 8 bytes at 0: no memory the program may touch is there (a NULL pointer?)"
stop ctx_write --data-hex "$UDP" "writes xdp_md at offset 12: an XDP program may not write its context"
stop rodata_write --data-hex "$UDP" "writes 1 byte at 0x1000000000: the value of map '.rodata' is read-only"
stop unemulated --data-hex "$UDP" "instruction 0 of 'unemulated' (tests/run/unemulated.s:5: call bpf_get_socket_cookie): calls bpf_get_socket_cookie (helper 46), which the emulator does not emulate"
stop forever --data-hex "$UDP" --max-steps 1000 "instruction 2 of 'forever' (tests/run/forever.s:7: goto -2): stopped after 1000 instructions"
# sockex1 reads __sk_buff.len only; a socket filter reading __sk_buff.data is stopped as the verifier would
printf '\t.license "GPL"\n\t.section socket\nreads_data:\n\tr0 = *(u32 *)(r1 + __sk_buff.data)\n\texit\n' >"$tmp/reads_data.s"
$BPFAS "$tmp/reads_data.s" -o "$tmp/reads_data.bo" || exit 1
stop reads_data --data-hex "$UDP" "reads __sk_buff.data: a socket_filter program may not"

# --- bad inputs: exit 1, nothing run -----------------------------------------------------------
$BPFLOAD "$tmp/xdp_count.bo" --emulate --data-hex "00 1" >/dev/null 2>"$tmp/h.err"
rc=$?
expect "--data-hex with an odd digit: exit 1, where" bash -c "[ $rc -eq 1 ] && grep -q 'an odd number of digits' '$tmp/h.err'"
$BPFLOAD "$tmp/xdp_count.bo" --emulate --data-hex "00 11" >/dev/null 2>"$tmp/s.err"
rc=$?
expect "a packet shorter than an Ethernet header: exit 1, saying so" bash -c "[ $rc -eq 1 ] && grep -q 'shorter than an Ethernet header' '$tmp/s.err'"
$BPFLOAD "$tmp/xdp_count.bo" --emulate >/dev/null 2>"$tmp/n.err"
rc=$?
expect "no input: exit 1, saying which inputs an XDP program takes" bash -c "[ $rc -eq 1 ] && grep -q 'give it a packet with --data FILE' '$tmp/n.err'"
$BPFLOAD "$tmp/xdp_count.bo" --data-hex "$UDP" >/dev/null 2>"$tmp/m.err"
rc=$?
expect "an input without --test-run or --emulate: exit 1" bash -c "[ $rc -eq 1 ] && grep -q 'add --test-run (in the kernel) or --emulate' '$tmp/m.err'"

# --- no BPF in the kernel: bpf(2) fails with ENOSYS, as where CONFIG_BPF_SYSCALL is off ------
$NOBPF "$BPFLOAD" --probe >"$tmp/nb.txt" 2>&1
expect "under nobpf, bpf(2) fails as on a kernel without BPF (bpfload --probe says so)" grep -q 'bpf(2): fails: Function not implemented - this kernel has no BPF' "$tmp/nb.txt"
$NOBPF "$BPFLOAD" "$tmp/tc_count.bo" --emulate --pcap "$tmp/three.pcap" >"$tmp/nb2.txt" 2>&1
rc=$?
# tc_count on the three frames: two UDP datagrams to port 9 of 46 bytes (the IPv6-typed one
# has an IPv4 body too, and tc_count reads it without looking at the ethertype: three)
expect "--emulate without BPF in the kernel: exit 0, tc_count counts port 9 three times, 138 bytes" \
	bash -c "[ $rc -eq 0 ] && grep -qx '  9 {packets: 3, bytes: 138}' '$tmp/nb2.txt'"
[ $rc -eq 0 ] || cat "$tmp/nb2.txt"

# --- no privileges ---------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
			"$BPFLOAD" "$tmp/xdp_count.bo" --emulate --pcap "$tmp/three.pcapng" >"$tmp/u.txt" 2>&1
		rc=$?
		expect "--emulate as nobody without capabilities: exit 0, the same counts" \
			bash -c "[ $rc -eq 0 ] && grep -qx '3 packets: XDP_PASS 3' '$tmp/u.txt' && grep -qx '  17 2' '$tmp/u.txt'"
		# bpf_get_current_uid_gid: gid << 32 | uid of the emulating process, 65534 for both
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
			"$BPFLOAD" "$tmp/helpers_emu.bo" --emulate --data-hex "$UDP" >"$tmp/uid.txt" 2>&1
		expect "bpf_get_current_uid_gid as nobody: 65534 << 32 | 65534 = $((65534 << 32 | 65534))" grep -qx "  4 $((65534 << 32 | 65534))" "$tmp/uid.txt"
	else
		bad "setpriv is not installed: the unprivileged run cannot be checked"
	fi
else
	"$BPFLOAD" "$tmp/xdp_count.bo" --emulate --pcap "$tmp/three.pcapng" >"$tmp/u.txt" 2>&1
	expect "--emulate as an ordinary user: exit 0" bash -c "[ $? -eq 0 ] && grep -qx '3 packets: XDP_PASS 3' '$tmp/u.txt'"
fi
summary emulate
