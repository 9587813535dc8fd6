#!/bin/bash
# test_bpfload.sh: bpfload against the real kernel. Programs are loaded and attached to
# lo inside a network namespace the test creates, driven with real packets, and the
# counts they print are checked against numbers worked out from the packet sizes
# (Ethernet 14 + IPv4 20 + UDP 8 + payload bytes) and against the kernel's own ICMP
# statistics. After every run no program or map of bpfload's may remain in the kernel.
# Needs root; exits 77 (skipped) saying why without it.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
CORRUPT=$(realpath "$4")
SRC=$(realpath "$5")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; loading BPF programs needs root"; exit 77; fi
if ! command -v ip >/dev/null; then echo "SKIP: iproute2 (ip) is not installed; the tests run in a network namespace"; exit 77; fi
NS=bpfas-test-$$
tmp=$(mktemp -d)
chmod 755 "$tmp" # the unprivileged runs read objects from here
cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
if ! ip netns add "$NS" || ! ip -n "$NS" link set lo up; then
	echo "SKIP: cannot create a network namespace here"; exit 77
fi
. "$(dirname "$0")/lib.sh"
in_ns() { ip netns exec "$NS" "$@"; }

# the kernel's count of ICMP destination-unreachable messages sent in the namespace
unreach() { in_ns awk '/^Icmp:/ { if (!h) { for (i = 2; i <= NF; i++) idx[$i] = i; h = 1 } else print $idx["OutDestUnreachs"] }' /proc/net/snmp; }


# datagrams: N copies of SIZE bytes to PORT on 127.0.0.1, then a moment for the replies
udp() { printf 'for i in $(seq %d); do printf "%%%ds" x > /dev/udp/127.0.0.1/%d; done; ' "$1" "$2" "$3"; }
SETTLE='sleep 0.3'

$BPFAS "$SRC/programs/sockex1.s" -o "$tmp/sockex1.bo" || exit 1
$BPFAS "$SRC/programs/udp_ports.s" -o "$tmp/udp_ports.bo" || exit 1
$BPFAS "$SRC/programs/calls.s" -o "$tmp/calls.bo" || exit 1
$BPFAS "$SRC/tests/kernel/reject.s" -o "$tmp/reject.bo" || exit 1

# --- sockex1: 7 datagrams of 100 bytes to a closed port --------------------------------
# UDP: 7 x (14 + 20 + 8 + 100) = 994 bytes. Each draws an ICMP port unreachable quoting
# the datagram: 14 + 20 + 8 + (20 + 8 + 100) = 170 bytes, as many as the kernel sent.
before=$(unreach)
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run bash -c "$(udp 7 100 9)$SETTLE" >"$tmp/out.txt" 2>"$tmp/err.txt"
rc=$?
sent=$(( $(unreach) - before ))
expect "sockex1 runs and exits 0 after --run" test $rc -eq 0
expect "the kernel sent 7 port-unreachable messages" test "$sent" -eq 7
expect "sockex1 counts UDP 994 bytes" grep -qx '  UDP 994' "$tmp/out.txt"
expect "sockex1 counts ICMP $((sent * 170)) bytes, what the kernel sent" grep -qx "  ICMP $((sent * 170))" "$tmp/out.txt"
expect "the final print is labelled" grep -q '^my_map (final, ' "$tmp/out.txt"
expect "sockex1 leaves nothing in the kernel" leftovers bpf_prog1 my_map

# --syscalls: each call in the order a loader makes them. The expected attributes come from
# the object itself: my_map's sizes from sockex1.s's `.map` line, the instruction count
# from the size of the socket section (readelf), the fds from the order of the calls
size=$(readelf -SW "$tmp/sockex1.bo" | sed -n 's/.* socket *PROGBITS *[0-9a-f]* [0-9a-f]* \([0-9a-f]*\) .*/\1/p')
insns=$((16#${size:-0} / 8))
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --syscalls --run bash -c "$(udp 2 100 9)$SETTLE" >"$tmp/sc.out" 2>"$tmp/sc.err"
rc=$?
# `.map my_map, array, key=ip_proto, value=u64, entries=256`: an enum key is 4 bytes, as in C
read -r vbits max < <(sed -n 's/^[[:space:]]*\.map my_map, array, key=ip_proto, value=u\([0-9]*\), entries=\([0-9]*\)$/\1 \2/p' "$SRC/programs/sockex1.s")
key=4 val=$((${vbits:-0} / 8))
calls() {
	local btf map prog
	btf=$(sed -n 's/^BPF_BTF_LOAD size=[0-9]* log_level=0 -> fd \([0-9]*\)$/\1/p' "$tmp/sc.err")
	map=$(sed -n "s/^BPF_MAP_CREATE type=array key_size=$key value_size=$val max_entries=$max name=my_map btf_fd=$btf .* -> fd \\([0-9]*\\)\$/\\1/p" "$tmp/sc.err")
	prog=$(sed -n "s/^BPF_PROG_LOAD type=socket_filter insns=$insns license=GPL btf_fd=$btf .* name=bpf_prog1 log_level=0 -> fd \\([0-9]*\\)\$/\\1/p" "$tmp/sc.err")
	echo "  BTF fd ${btf:-?}, map fd ${map:-?} ($key/$val/$max), program fd ${prog:-?} ($insns instructions)"
	[ -n "$btf" ] && [ -n "$map" ] && [ -n "$prog" ] && [ "$map" -gt "$btf" ] && [ "$prog" -gt "$map" ] &&
		grep -q "^setsockopt SO_ATTACH_BPF socket_fd=[0-9]* prog_fd=$prog -> 0\$" "$tmp/sc.err" &&
		grep -q "^BPF_MAP_GET_NEXT_KEY map_fd=$map key=NULL (the first key) .* -> 0\$" "$tmp/sc.err" &&
		grep -q "^BPF_MAP_LOOKUP_ELEM map_fd=$map .* -> 0\$" "$tmp/sc.err" &&
		grep -q "^BPF_MAP_LOOKUP_ELEM map_fd=$map: [0-9]* more calls\$" "$tmp/sc.err" &&
		[ "$(grep -c '^BPF_MAP_LOOKUP_ELEM map_fd' "$tmp/sc.err")" -eq 2 ]
}
expect "--syscalls: BTF, the map, the program, the attach and the map reads, in order (exit $rc)" calls
# a call the kernel refuses is shown with its error: the program loaded as a non-root user
setpriv --reuid=65534 --regid=65534 --clear-groups "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --syscalls --duration 0.1 >/dev/null 2>"$tmp/sc2.err"
expect "--syscalls: a refused call shows the kernel's error" grep -qE '^BPF_(BTF_LOAD|MAP_CREATE) .* -> EPERM \(Operation not permitted\)$' "$tmp/sc2.err"
expect "--syscalls leaves nothing in the kernel" leftovers bpf_prog1 my_map

# --show: the program as the kernel holds it, against bpftool's reading of the same program
# (pinned, so that it is still there after bpfload); every .s line over what came of it
pin=/sys/fs/bpf/bpfas-show-$$
"$BPFLOAD" "$tmp/sockex1.bo" --load-only --pin "$pin" --show xlated >"$tmp/xl.txt" 2>/dev/null
rc1=$?
"$BPFLOAD" "$tmp/sockex1.bo" --verify --show jited >"$tmp/jt.txt" 2>/dev/null
rc2=$?
"$BPFLOAD" "$tmp/sockex1.bo" --verify --show log --log-level 2 >"$tmp/lg.txt" 2>/dev/null
rc3=$?
show_vs_bpftool() {
	local xl jt ours_x ours_j map
	read -r xl jt < <(bpftool prog show pinned "$pin/bpf_prog1" | sed -n 's/.*xlated \([0-9]*\)B  jited \([0-9]*\)B.*/\1 \2/p')
	map=$(bpftool map show pinned "$pin/my_map" | sed -n 's/^\([0-9]*\): array .*/\1/p')
	ours_x=$(grep -cE '^ +[0-9]+: ' "$tmp/xl.txt")
	ours_j=$(sed -n 's/.*: \([0-9]*\) bytes of machine code in 1 function$/\1/p' "$tmp/jt.txt")
	echo "  bpftool: xlated $xl bytes, jited $jt bytes, map id $map; bpfload: $ours_x instruction lines (+1 for the lddw), jited $ours_j bytes"
	[ -n "$xl" ] && [ $(( (ours_x + 1) * 8 )) -eq "$xl" ] && [ "$ours_j" = "$jt" ] &&
		grep -qE "^ +[0-9]+: r1 = map\[id:$map\] ll$" "$tmp/xl.txt" && grep -q '^	; r1 = my_map ll .*@ sockex1.s:' "$tmp/xl.txt" &&
		[ "$(grep -c '^	; .*@ sockex1.s:' "$tmp/xl.txt")" -eq "$(grep -c '^	; .*@ sockex1.s:' "$tmp/jt.txt")" ]
}
expect "--show xlated and jited: the sizes bpftool gives, the map by its id, every .s line (exit $rc1 $rc2)" \
	bash -c "[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && $(declare -f show_vs_bpftool); tmp='$tmp' pin='$pin' show_vs_bpftool"
expect "--show log --log-level 2: the accepted program's log, its states and the count of instructions processed (exit $rc3)" \
	bash -c "[ $rc3 -eq 0 ] && grep -q \"^program 'bpf_prog1' (socket_filter): the verifier's log\" '$tmp/lg.txt' && grep -q '^0: R1=ctx() R10=fp0' '$tmp/lg.txt' && grep -q '^processed [0-9]* insns' '$tmp/lg.txt'"
rm -rf "$pin"
expect "--show leaves nothing in the kernel" leftovers bpf_prog1 my_map
# a call of the program's own function, and a function's address, after the JIT rewrote
# them (the distance moved to off, the function's number where it was): as bpftool reads them
$BPFAS "$SRC/tests/kernel/loop.s" -o "$tmp/loop_show.bo" || exit 1
"$BPFLOAD" "$tmp/loop_show.bo" --load-only --pin "$pin" --show xlated >"$tmp/xl2.txt" 2>/dev/null
rc1=$?
local_calls() {
	local theirs ours
	theirs=$(bpftool prog dump xlated pinned "$pin/udp_out" | sed -n 's/^ *\([0-9]*\): (85) call pc\([-+][0-9]*\)#bpf_prog_[0-9a-f]*_\([a-z_]*\)$/\1 \2 \3/p')
	ours=$(sed -n 's/^ *\([0-9]*\): call pc\([-+][0-9]*\)  (\([a-z_]*\), slot [0-9]*)$/\1 \2 \3/p' "$tmp/xl2.txt")
	echo "  bpftool: '$theirs'; bpfload: '$ours'"
	[ -n "$theirs" ] && [ "$theirs" = "$ours" ] &&
		grep -qE '^ +[0-9]+: r2 = pc\+[0-9]+ ll  \(the address of bump, slot [0-9]+\)$' "$tmp/xl2.txt" &&
		# both name the slot where bump's first line starts
		[ "$(sed -n 's/.*(bump, slot \([0-9]*\))$/\1/p' "$tmp/xl2.txt")" = "$(sed -n 's/.*(the address of bump, slot \([0-9]*\))$/\1/p' "$tmp/xl2.txt")" ] &&
		grep -A1 -F '; *(u32 *)(r10 - 4) = 0  @ loop.s:' "$tmp/xl2.txt" | grep -qE "^ +$(sed -n 's/.*(bump, slot \([0-9]*\))$/\1/p' "$tmp/xl2.txt"): "
}
expect "--show xlated: a call of the program's own function and a function's address, as bpftool reads them (exit $rc1)" \
	bash -c "[ $rc1 -eq 0 ] && $(declare -f local_calls); tmp='$tmp' pin='$pin' local_calls"
rm -rf "$pin"
expect "--show of loop.s leaves nothing in the kernel" leftovers udp_out hits

# bpfas --describe TYPE lists the helpers a type may call: the kernel agrees on four of
# them, two listed and two not, each called from a one-call program of that type
helper_verdict() { # TYPE SECTION HELPER ARGS: "listed" or "not" by bpfas; "accepted" or "refused" by the kernel
	local listed=not
	$BPFAS --describe "$1" | sed -n '/the helpers it may call/,/helpers)$/p' | grep -qE "(^| )bpf_$3\\*?( |$)" && listed=listed
	printf '\t.section %s,"ax",@progbits\n\t.license "GPL"\nf:\n%s\n\tcall bpf_%s\n\tr0 = 0\n\texit\n' "$2" "$4" "$3" >"$tmp/h.s"
	$BPFAS --no-check "$tmp/h.s" -o "$tmp/h.bo" 2>/dev/null
	if "$BPFLOAD" "$tmp/h.bo" --verify >/dev/null 2>&1; then echo "$listed accepted"; else echo "$listed refused"; fi
}
verdicts() {
	local v1 v2 v3 v4
	v1=$(helper_verdict socket_filter socket get_prandom_u32 "")
	v2=$(helper_verdict socket_filter socket xdp_adjust_head "	r2 = 0")
	v3=$(helper_verdict xdp xdp xdp_adjust_head "	r2 = 0")
	v4=$(helper_verdict xdp xdp get_socket_uid "")
	echo "  socket_filter get_prandom_u32: $v1; socket_filter xdp_adjust_head: $v2; xdp xdp_adjust_head: $v3; xdp get_socket_uid: $v4"
	[ "$v1" = "listed accepted" ] && [ "$v2" = "not refused" ] && [ "$v3" = "listed accepted" ] && [ "$v4" = "not refused" ]
}
expect "bpfas --describe TYPE: the helpers it lists the kernel accepts, the others it refuses" verdicts

# --probe: the kernel options, each as the configuration itself has it (read here with zcat)
"$BPFLOAD" --probe >"$tmp/probe.txt" 2>&1
options_match() {
	local cfg n=0 opt got want
	if [ -r "/boot/config-$(uname -r)" ]; then cfg=$(cat "/boot/config-$(uname -r)"); else cfg=$(zcat /proc/config.gz) || return 1; fi
	while read -r opt got _; do
		want=$(sed -n "s/^$opt=\\(.*\\)/\\1/p" <<<"$cfg")
		[ "$got" = "${want:-not}" ] || { echo "  $opt: bpfload says $got, the configuration ${want:-not set}"; return 1; }
		n=$((n + 1))
	done < <(sed -n '/^kernel options (/,$p' "$tmp/probe.txt" | sed -n 's/^  \(CONFIG_[A-Z0-9_]*\) *\([^ ]*\) .*/\1 \2/p')
	echo "  $n options, each as the configuration has it"
	[ $n -ge 15 ] && grep -q '^  CONFIG_BPF_SYSCALL  *y  *the bpf() system call' "$tmp/probe.txt" || return 1
	# the BPF options of the seed article's list are all among them
	for opt in CONFIG_BPF CONFIG_BPF_SYSCALL CONFIG_NET_CLS_BPF CONFIG_NET_ACT_BPF CONFIG_BPF_JIT CONFIG_HAVE_EBPF_JIT CONFIG_BPF_EVENTS; do
		grep -q "^  $opt " "$tmp/probe.txt" || { echo "  $opt (in the article's list) is missing"; return 1; }
	done
}
expect "--probe: the kernel options BPF needs, as the configuration has them, each with what it gives" options_match

# --- signals: each ends bpfload as Ctrl-C does; the --run command never outlives it ---------
# gone PID: the process has ended (a zombie that this container's init has not reaped yet
# has ended too)
gone() { [ -z "$1" ] && return 1; ! [ -e "/proc/$1" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
for sig in HUP QUIT TERM INT; do
	"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run sleep 30 >"$tmp/sig.out" 2>"$tmp/sig.err" &
	bp=$!
	sleep 0.5
	child=$(pgrep -x -P $bp sleep)
	kill -$sig $bp
	wait $bp
	rc=$?
	sleep 0.1
	expect "SIG$sig: the final print, exit $rc, the command (pid ${child:-?}) stopped, nothing left" \
		bash -c "[ $rc -eq 0 ] && grep -q '^my_map (final, ' '$tmp/sig.out' && $(declare -f gone); gone '$child'" &&
		leftovers bpf_prog1 my_map >/dev/null
done
# a signal while loading (a program of a million instructions keeps the verifier busy for
# about a second) ends bpfload at once, by the signal: what it loaded is held only by its
# descriptors, which the kernel closes; nothing is attached and no command started
{ printf '\t.license "GPL"\n\t.map slow_map, array, key=u32, value=u64, entries=4\n\t.section socket\nslow_prog:\n'
	yes '	r0 = 0' | head -n 999980; printf '\texit\n'; } >"$tmp/slow.s"
$BPFAS "$tmp/slow.s" -o "$tmp/slow.bo" || exit 1
"$BPFLOAD" "$tmp/slow.bo" --attach lo --run sleep 29 >"$tmp/slow.out" 2>"$tmp/slow.err" &
bp=$!
sleep 0.5
kill -TERM $bp
wait $bp
rc=$?
expect "SIGTERM while loading: bpfload ends at once (exit $rc, 128 + 15), nothing attached, no command started" \
	bash -c "[ $rc -eq 143 ] && ! grep -q attached '$tmp/slow.err' && ! pgrep -x -f 'sleep 29' >/dev/null"
expect "and nothing of it stays" leftovers slow_prog slow_map
# a signal the moment the program is attached, while the --run command is being started:
# the command, if it started, is stopped with bpfload
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run sleep 28 >"$tmp/st.out" 2>"$tmp/st.err" &
bp=$!
for _ in $(seq 2000); do grep -q '^bpfload: attached' "$tmp/st.err" && break; sleep 0.001; done
kill -TERM $bp
wait $bp
rc=$?
sleep 0.1
expect "SIGTERM as the --run command starts: exit $rc, no command left running" \
	bash -c "[ $rc -eq 0 ] && grep -q '^bpfload: attached' '$tmp/st.err' && ! pgrep -x -f 'sleep 28' >/dev/null"
expect "and nothing of it stays" leftovers bpf_prog1 my_map
# SIGPIPE: standard output into `head -1`: bpfload stops at the next print, well before
# its 5-second command would end
start=$(date +%s%N)
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --interval 0.1 --run sleep 5 2>/dev/null | head -1 >/dev/null
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect "SIGPIPE: printing into a closed pipe stops bpfload after ${took} ms, not 5 s" bash -c "[ $took -lt 3000 ]"
expect "and leaves nothing" leftovers bpf_prog1 my_map
# a command that ignores SIGTERM is killed 2 s later, not waited for forever
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run bash -c 'trap "" TERM; while :; do sleep 0.1; done' >/dev/null 2>"$tmp/ign.err" &
bp=$!
sleep 0.5
kill -INT $bp
wait $bp
rc=$?
expect "a --run command that ignores SIGTERM: killed after the grace period, said so (exit $rc)" \
	bash -c "[ $rc -eq 0 ] && grep -q 'did not stop on SIGTERM within 2 s: killed' '$tmp/ign.err'"
expect "and nothing of it stays" leftovers bpf_prog1 my_map
# a second SIGINT does not wait for the grace period: the command is killed at once
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run bash -c 'trap "" TERM; while :; do sleep 0.1; done' >/dev/null 2>"$tmp/ign2.err" &
bp=$!
sleep 0.5
kill -INT $bp
sleep 0.3
start=$(date +%s%N)
kill -INT $bp
wait $bp
rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
expect "a second SIGINT: the command killed at once (${took} ms after it, not the 2 s grace), said so, exit $rc" \
	bash -c "[ $rc -eq 0 ] && [ $took -lt 1500 ] && grep -q 'did not stop on SIGTERM before a second signal: killed' '$tmp/ign2.err'"
expect "and nothing of it stays" leftovers bpf_prog1 my_map
# a signal while printing (every 10 ms): the print in progress ends, then the final one
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --interval 0.01 --run sleep 30 >"$tmp/pr.out" 2>/dev/null &
bp=$!
sleep 0.7
kill -HUP $bp
wait $bp
rc=$?
expect "SIGHUP while printing every 10 ms: exit $rc, many prints, the last one the final one, whole" \
	bash -c "[ $rc -eq 0 ] && [ \$(grep -c '^my_map (' '$tmp/pr.out') -gt 5 ] && [ \"\$(grep '^my_map (' '$tmp/pr.out' | tail -1 | cut -c1-15)\" = 'my_map (final, ' ] && ! pgrep -x -f 'sleep 30' >/dev/null"
expect "and nothing of it stays" leftovers bpf_prog1 my_map
# bpfload killed outright (SIGKILL, nothing to catch): its --run command dies with it
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run sleep 31 >/dev/null 2>&1 &
bp=$!
sleep 0.5
child=$(pgrep -x -P $bp sleep)
kill -KILL $bp
wait $bp 2>/dev/null
sleep 0.3
expect "SIGKILL: the --run command (pid ${child:-?}) dies with bpfload (its parent-death signal)" gone "$child"
expect "and the kernel drops what it had loaded" leftovers bpf_prog1 my_map

before=$(unreach)
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --json --run bash -c "$(udp 3 40 9)$SETTLE" >"$tmp/out.json" 2>/dev/null
sent=$(( $(unreach) - before ))
last=$(tail -1 "$tmp/out.json")
expect "--json: UDP is 3 x 82 = 246" grep -q '{"key": "UDP", "value": 246}' <<<"$last"
expect "--json: ICMP is $sent x 110" grep -q "{\"key\": \"ICMP\", \"value\": $((sent * 110))}" <<<"$last"
expect "--json: one object per line with time and maps" grep -qE '^\{"time": [0-9.]+, "final": true, "maps": \{"my_map": \[' <<<"$last"

# --- the C sockex1 from clang: BTF-defined map, and the legacy maps section --------------
CLANG=$(command -v clang-19 || true)
if [ -n "$CLANG" ]; then
	inc=-I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
	$CLANG -O2 -g -target bpf $inc -c "$SRC/tests/llvm/sockex1.c" -o "$tmp/sockex1_btf.o"
	$CLANG -O2 -target bpf $inc -DLEGACY_MAPS -c "$SRC/tests/llvm/sockex1.c" -o "$tmp/sockex1_legacy.o"
	for v in btf legacy; do
		in_ns "$BPFLOAD" "$tmp/sockex1_$v.o" --attach lo --run bash -c "$(udp 5 100 9)$SETTLE" >"$tmp/c.txt" 2>"$tmp/c.err"
		rc=$?
		expect "clang's sockex1 ($v maps) loads and counts UDP 5 x 142 = 710 under protocol 17" \
			bash -c "[ $rc -eq 0 ] && grep -qx '  17 710' '$tmp/c.txt'"
		[ $rc -eq 0 ] || cat "$tmp/c.err"
	done
	# a callback: bpf_loop(5, bump, ...) per outgoing datagram, so 4 datagrams give 20
	$CLANG -O2 -g -target bpf $inc -c "$SRC/tests/llvm/loop.c" -o "$tmp/loop_c.o"
	in_ns "$BPFLOAD" "$tmp/loop_c.o" --attach lo --run bash -c "$(udp 4 10 9)$SETTLE" >"$tmp/lc.txt" 2>"$tmp/lc.err"
	rc=$?
	expect "clang's bpf_loop callback (.text + offset, R_BPF_64_64): 4 datagrams x 5 calls = 20" \
		bash -c "[ $rc -eq 0 ] && grep -qx '  0 20' '$tmp/lc.txt'"
	[ $rc -eq 0 ] || cat "$tmp/lc.err"
	# a tail call through clang's __array(values, ...): each packet counted by both programs
	$CLANG -O2 -g -target bpf $inc -c "$SRC/tests/llvm/tailcall.c" -o "$tmp/tail_c.o"
	in_ns "$BPFLOAD" "$tmp/tail_c.o" --attach lo --run bash -c "$(udp 2 10 9)$SETTLE" >"$tmp/tc.txt" 2>"$tmp/tc.err"
	rc=$?
	n0=$(awk '$1 == 0 { print $2 }' "$tmp/tc.txt"); n1=$(awk '$1 == 1 { print $2 }' "$tmp/tc.txt")
	expect "clang's program array: 'second' reached by tail call for every packet ($n0 and $n1)" \
		bash -c "[ $rc -eq 0 ] && [ -n '$n0' ] && [ '$n0' -ge 4 ] && [ '$n0' = '$n1' ]"
	[ $rc -eq 0 ] || cat "$tmp/tc.err"
	# the same object through bpfas -d and back: two programs in one section, so the second's
	# func_info offset must survive the round trip; bpftool and bpfload both load the result
	$BPFAS -d "$tmp/tail_c.o" -o "$tmp/tail_c.s" && $BPFAS "$tmp/tail_c.s" -o "$tmp/tail_re.bo" 2>/dev/null
	"$BPFLOAD" "$tmp/tail_re.bo" --verify >"$tmp/tre.txt" 2>&1
	rc=$?
	bpftool prog loadall "$tmp/tail_re.bo" "/sys/fs/bpf/bpfas-re-$$" >/dev/null 2>&1
	brc=$?
	rm -rf "/sys/fs/bpf/bpfas-re-$$"
	expect "clang's tail-call object through bpfas -d and back: bpfload accepts both programs, bpftool loads it" \
		bash -c "[ $rc -eq 0 ] && [ $brc -eq 0 ] && [ \$(grep -c ': accepted, ' '$tmp/tre.txt') -eq 2 ]"
	expect "clang's objects leave nothing in the kernel" leftovers bpf_prog1 my_map udp_out hits first second jumps
else
	echo "note: clang-19 not installed; the clang-built sockex1 did not run"
fi

# --- udp_ports: per port, packets and bytes ----------------------------------------------
# port 5000: 3 x (42 + 10) = 156 bytes; port 6000: 2 x (42 + 200) = 484 bytes
in_ns "$BPFLOAD" "$tmp/udp_ports.bo" --attach lo --run bash -c "$(udp 3 10 5000)$(udp 2 200 6000)$SETTLE" >"$tmp/p.txt" 2>&1
expect "udp_ports: port 5000 saw 3 packets, 156 bytes" grep -qx '  5000 {packets: 3, bytes: 156}' "$tmp/p.txt"
expect "udp_ports: port 6000 saw 2 packets, 484 bytes" grep -qx '  6000 {packets: 2, bytes: 484}' "$tmp/p.txt"
expect "udp_ports leaves nothing in the kernel" leftovers count_udp ports

# --- calls: a BPF-to-BPF call and a .rodata format string, through --trace ---------------
# the 50-byte datagram is 92 bytes on the wire; its ICMP reply 14 + 20 + 8 + 28 + 50 = 120
in_ns "$BPFLOAD" "$tmp/calls.bo" --attach lo --trace --run bash -c "$(udp 1 50 9)$SETTLE" >"$tmp/t.txt" 2>&1
expect "calls: the subprogram printed the datagram's length through trace_pipe" grep -q 'packet of 92 bytes' "$tmp/t.txt"
expect "calls: and the ICMP reply's" grep -q 'packet of 120 bytes' "$tmp/t.txt"
# the program sees every packet on lo twice (outgoing and incoming): 2 packets, 4 runs
expect "calls: the array map counted 4 runs" grep -qx '  0 4' "$tmp/t.txt"
expect "calls leaves nothing in the kernel" leftovers print_lengths seen .rodata

# --- XDP on lo (generic mode) through a BPF link: arrivals, each counted once -------------
$BPFAS "$SRC/programs/xdp_count.s" -o "$tmp/xdp.bo" || exit 1
in_ns "$BPFLOAD" "$tmp/xdp.bo" --attach lo --run bash -c "$(udp 3 10 9)$SETTLE" >"$tmp/x.txt" 2>"$tmp/x.err"
expect "xdp: 3 UDP datagrams and their 3 ICMP replies arrive" bash -c "grep -qx '  17 3' '$tmp/x.txt' && grep -qx '  1 3' '$tmp/x.txt'"
expect "xdp: attached through a link on lo" grep -q "attached XDP program 'xdp_count' on lo" "$tmp/x.err"
expect "xdp leaves nothing in the kernel" leftovers xdp_count xdp_protos

# --- a callback: `r2 = bump ll` becomes a BPF_PSEUDO_FUNC reference -----------------------
$BPFAS "$SRC/tests/kernel/loop.s" -o "$tmp/loop.bo" || exit 1
in_ns "$BPFLOAD" "$tmp/loop.bo" --attach lo --run bash -c "$(udp 3 10 9)$SETTLE" >"$tmp/lp.txt" 2>"$tmp/lp.err"
rc=$?
expect "bpf_loop runs the callback 5 times per outgoing datagram: 3 x 5 = 15" bash -c "[ $rc -eq 0 ] && grep -qx '  0 15' '$tmp/lp.txt'"
[ $rc -eq 0 ] || cat "$tmp/lp.err"
expect "the callback program leaves nothing in the kernel" leftovers udp_out hits

# --- tail calls: a program array filled at load time (slot2=second) ---------------------------
# 3 datagrams to a closed port: 3 UDP and as many ICMP replies as the kernel sent, each seen
# leaving and arriving on lo; first, the empty slot's fall-through and second count each.
$BPFAS "$SRC/tests/kernel/tailcall.s" -o "$tmp/tail.bo" || exit 1
before=$(unreach)
in_ns "$BPFLOAD" "$tmp/tail.bo" --attach lo --run bash -c "$(udp 3 10 9)$SETTLE" >"$tmp/t.txt" 2>"$tmp/t.err"
rc=$?
n=$(( 2 * (3 + $(unreach) - before) ))
expect "tail calls: first, the empty slot's fall-through and second each count all $n packets" \
	bash -c "[ $rc -eq 0 ] && grep -qx '  0 $n' '$tmp/t.txt' && grep -qx '  1 $n' '$tmp/t.txt' && grep -qx '  2 $n' '$tmp/t.txt'"
expect "the program in the array is not attached, and bpfload says why" \
	grep -q "'second' is in slot 2 of program array 'jumps': entered by tail calls, not attached" "$tmp/t.err"
"$BPFLOAD" --list "$tmp/tail.bo" >"$tmp/tl.txt"
expect "--list shows second entered from slot 2 of jumps" grep -q "second .*entered by tail calls from slot 2 of 'jumps'" "$tmp/tl.txt"
in_ns "$BPFLOAD" "$tmp/tail.bo" --attach lo --prog first --count 1 --interval 0.1 >/dev/null 2>"$tmp/tp.err"
rc=$?
expect "--prog leaving out the array's program: refused, naming it (exit 2)" \
	bash -c "[ $rc -eq 2 ] && grep -q \"program 'second', in slot 2 of 'jumps', is not loaded\" '$tmp/tp.err'"
expect "the tail call programs leave nothing in the kernel" leftovers first second hits jumps

# --- per-CPU values are added up: datagrams sent from each CPU in turn -------------------
# each datagram and its ICMP reply leave through lo on the sending CPU: 2 per datagram
$BPFAS "$SRC/tests/kernel/percpu.s" -o "$tmp/percpu.bo" || exit 1
ncpu=$(nproc)
cmd=""
for c in $(seq 0 $((ncpu - 1))); do cmd+="taskset -c $c bash -c '$(udp 2 10 9)'; "; done
in_ns "$BPFLOAD" "$tmp/percpu.bo" --attach lo --run bash -c "$cmd$SETTLE" >"$tmp/pc.txt" 2>&1
expect "per-CPU array: $ncpu CPUs x 2 datagrams x 2 packets = $((ncpu * 4)), summed" grep -qx "  0 $((ncpu * 4))" "$tmp/pc.txt"

# --- arena pointer casts: the verifier decodes the fields bpfas wrote -----------------------
# It accepts addr_space_cast only between spaces 1 and 0, only in a program using an arena
# whose user address is set: map_extra = 1 << 32, which needs the 8-byte enum form in BTF.
read -r kmaj kmin _ < <(uname -r | tr '.-' '  ')
if [ "$kmaj" -gt 6 ] || { [ "$kmaj" -eq 6 ] && [ "$kmin" -ge 9 ]; }; then
	$BPFAS -D ASPACE=1 "$SRC/tests/kernel/arena.s" -o "$tmp/arena1.bo" || exit 1
	$BPFAS -D ASPACE=2 "$SRC/tests/kernel/arena.s" -o "$tmp/arena2.bo" || exit 1
	in_ns "$BPFLOAD" "$tmp/arena1.bo" --attach lo --duration 0.1 >"$tmp/ar1.out" 2>"$tmp/ar1.err"
	rc=$?
	expect "arena: casts between spaces 0 and 1 load, with map_extra 1 << 32 (exit $rc)" test $rc -eq 0
	in_ns "$BPFLOAD" "$tmp/arena2.bo" --attach lo --duration 0.1 >/dev/null 2>"$tmp/ar2.err"
	rc=$?
	expect "arena: a cast from space 2 is refused (exit 2), the kernel reading (r2, 0, 2)" \
		bash -c "[ $rc -eq 2 ] && grep -qF '(bf) r2 = addr_space_cast(r2, 0, 2)' '$tmp/ar2.err'"
	expect "arena: nothing left in the kernel" leftovers casts heap
else
	echo "note: kernel $(uname -r) has no arena maps (6.9); addr_space_cast was not loaded"
fi

# --- --map chooses, --pin keeps ------------------------------------------------------------
in_ns "$BPFLOAD" "$tmp/calls.bo" --attach lo --map .rodata --count 1 --interval 0.1 >"$tmp/m.txt" 2>&1
expect "--map .rodata prints the global data, decoded by its BTF" grep -qF '  0 {fmt: "packet of %u bytes\n"}' "$tmp/m.txt"
expect "--map .rodata prints no other map" bash -c "! grep -q '^seen' '$tmp/m.txt'"
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --map nosuch >/dev/null 2>"$tmp/m.err"
rc=$?
expect "--map with an unknown name: exit 1, listing the maps" bash -c "[ $rc -eq 1 ] && grep -q \"no map 'nosuch'; its maps are: my_map\" '$tmp/m.err'"
# outside the namespace: `ip netns exec` mounts a /sys of its own, without the bpffs
pins=/sys/fs/bpf/bpfas-pin-$$
"$BPFLOAD" "$tmp/sockex1.bo" --attach lo --pin "$pins" --count 1 --interval 0.1 >/dev/null 2>&1
expect "--pin: the map and the program stay pinned after bpfload exits" test -e "$pins/my_map" -a -e "$pins/bpf_prog1"
expect "--pin: and stay in the kernel" bash -c "$KOBJ | grep -qx 'prog bpf_prog1'"
rm -rf "$pins"
expect "unpinned, nothing is left" leftovers bpf_prog1 my_map

# --- stopping: SIGINT and SIGTERM print the final maps, detach and clean up --------------
for sig in INT TERM; do
	# not through in_ns: $! must be bpfload itself (ip netns exec execs it)
	ip netns exec "$NS" "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --interval 0.2 >"$tmp/s.txt" 2>&1 &
	pid=$!
	sleep 0.6
	kill -$sig $pid
	wait $pid
	rc=$?
	expect "SIG$sig: exit 0" test $rc -eq 0
	expect "SIG$sig: periodic prints, then a final one" bash -c "grep -q '^my_map (0\\.' '$tmp/s.txt' && grep -q '^my_map (final' '$tmp/s.txt'"
	expect "SIG$sig: nothing left in the kernel" leftovers bpf_prog1 my_map
done
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --interval 0.1 --count 3 >"$tmp/n.txt" 2>&1
expect "--count 3: three prints and the final one" test "$(grep -c '^my_map (' "$tmp/n.txt")" -eq 4
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --interval 5 --duration 0.5 >"$tmp/d.txt" 2>&1
expect "--duration 0.5 stops before the first 5 s interval" test "$(grep -c '^my_map (' "$tmp/d.txt")" -eq 1
expect "--count/--duration leave nothing in the kernel" leftovers bpf_prog1 my_map

# --- refusals and errors -----------------------------------------------------------------
line=$(grep -n 'r1 = \*(u64 \*)(r0 + 0)' "$SRC/tests/kernel/reject.s" | cut -d: -f1)
in_ns "$BPFLOAD" "$tmp/reject.bo" --attach lo --count 1 >/dev/null 2>"$tmp/r.err"
rc=$?
expect "a program the verifier rejects: exit 2" test $rc -eq 2
expect "the message says the verifier rejected it and why" grep -q "the verifier rejected program 'reject_me' .*: R0 invalid mem access 'map_value_or_null'" "$tmp/r.err"
expect "the message names reject.s:$line" grep -q "at .*reject.s:$line:2: r1 = \*(u64 \*)(r0 + 0)" "$tmp/r.err"
line_call=$((line - 1))
expect "the refusal explained: r0 came from the lookup at reject.s:$line_call, and the line to add after it" \
	bash -c "grep -q '  why: r0 may be NULL here: a map lookup returns NULL when the key is absent' '$tmp/r.err' && grep -q \"r0 came from \\\`call bpf_map_lookup_elem\\\` at .*reject.s:$line_call\\.\" '$tmp/r.err' && grep -q \"  fix: after .*reject.s:$line_call add \\\`if r0 == 0 goto out\\\`\" '$tmp/r.err'"
in_ns "$BPFLOAD" "$tmp/reject.bo" --attach lo --count 1 --json >"$tmp/rj.json" 2>/dev/null
expect "--json: the refusal as one object with program, line, reason, explanation, origin, suggestion" \
	bash -c "grep -q '^{\"refused\": {\"program\": \"reject_me\", \"type\": \"socket_filter\", \"section\": \"socket\", \"reason\": \"R0 invalid mem access .map_value_or_null.\", \"insn\": 6, \"file\": \".*reject.s\", \"line\": $line, \"column\": 2, ' '$tmp/rj.json' && grep -q '\"origin\": \"r0 came from .call bpf_map_lookup_elem. at .*reject.s:$line_call.\", \"suggestion\": \"after ' '$tmp/rj.json'"
expect "a rejected program leaves nothing in the kernel" leftovers reject_me counts

# the other refusals students meet, each with its explanation: tests/refuse (test_refuse.sh)

# --verify: load, say what the verifier made of it, unload; the count of instructions
# walked is the "processed N insns" bpftool's debug output shows for the same object
"$BPFLOAD" "$tmp/sockex1.bo" --verify >"$tmp/v.txt" 2>"$tmp/v.err"
rc=$?
walked=$(bpftool -d prog load "$tmp/sockex1.bo" "/sys/fs/bpf/bpfas-verify-$$" 2>&1 | sed -n 's/^processed \([0-9]*\) insns.*/\1/p')
rm -f "/sys/fs/bpf/bpfas-verify-$$"
expect "--verify sockex1: exit 0, accepted, 15 instructions, $walked walked (as bpftool's log says)" \
	bash -c "[ $rc -eq 0 ] && [ -n '$walked' ] && grep -qx '.*sockex1.bo: program .bpf_prog1. (socket_filter, section socket): accepted, 15 instructions, $walked walked by the verifier' '$tmp/v.txt'"
"$BPFLOAD" "$tmp/sockex1.bo" --verify --json >"$tmp/v.json" 2>/dev/null
expect "--verify --json: one object per program" grep -qx "{\"accepted\": {\"program\": \"bpf_prog1\", \"type\": \"socket_filter\", \"insns\": 15, \"verified_insns\": $walked}}" "$tmp/v.json"
"$BPFLOAD" "$tmp/reject.bo" --verify >/dev/null 2>"$tmp/vr.err"
rc=$?
expect "--verify of a refused program: exit 2 and the explanation" bash -c "[ $rc -eq 2 ] && grep -q '^  why: r0 may be NULL' '$tmp/vr.err'"
"$BPFLOAD" "$tmp/sockex1.bo" --verify --attach lo >/dev/null 2>"$tmp/va.err"
rc=$?
expect "--verify with --attach: exit 1, saying to drop it" bash -c "[ $rc -eq 1 ] && grep -q 'drop --attach' '$tmp/va.err'"
expect "--verify leaves nothing in the kernel" leftovers bpf_prog1 my_map reject_me counts

# a program the verifier gives up on: its log is megabytes; the reason and the line come
# from the log's end (kernel 6.4+ keeps it), and -v gets the whole log
$BPFAS "$SRC/tests/kernel/too_large.s" -o "$tmp/too_large.bo" || exit 1
in_ns "$BPFLOAD" "$tmp/too_large.bo" --attach lo --count 1 >/dev/null 2>"$tmp/tl.err"
rc=$?
expect "a program too large to verify: exit 2, the reason and its line" \
	bash -c "[ $rc -eq 2 ] && grep -q 'BPF program is too large. Processed 1000001 insn' '$tmp/tl.err' && grep -q 'at .*too_large.s:7:4: 1:' '$tmp/tl.err'"
in_ns "$BPFLOAD" "$tmp/too_large.bo" --attach lo --count 1 -v >/dev/null 2>"$tmp/tlv.err"
expect "-v on it: the whole log, from its first line to its last" \
	bash -c "grep -qx '0: R1=ctx() R10=fp0' '$tmp/tlv.err' && [ \$(grep -c '^1: (07) r1 += 1' '$tmp/tlv.err') -gt 300000 ] && grep -q '^BPF program is too large' '$tmp/tlv.err'"
# --strict: the checks a user without CAP_PERFMON gets (an uninitialised stack key)
$BPFAS "$SRC/tests/kernel/uninit_key.s" -o "$tmp/uninit.bo" || exit 1
in_ns "$BPFLOAD" "$tmp/uninit.bo" --attach lo --count 1 --interval 0.1 >/dev/null 2>"$tmp/ui.err"
rc=$?
expect "an uninitialised stack key loads as root (exit 0)" test $rc -eq 0
in_ns "$BPFLOAD" "$tmp/uninit.bo" --attach lo --count 1 --interval 0.1 --strict >/dev/null 2>"$tmp/uis.err"
rc=$?
expect "--strict refuses it: exit 2, 'invalid read from stack R2 off=-4 size=4' at uninit_key.s:11, and the store to write" \
	bash -c "[ $rc -eq 2 ] && grep -q 'invalid read from stack R2 off=-4 size=4' '$tmp/uis.err' && grep -q 'at .*uninit_key.s:11:2: call bpf_map_lookup_elem' '$tmp/uis.err' && grep -qF 'fix: store the value first, for example \`*(u32 *)(r10 - 4) = 0\`.' '$tmp/uis.err'"
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --strict --run bash -c "$(udp 2 100 9)$SETTLE" >"$tmp/st.txt" 2>&1
expect "--strict loads sockex1, which writes its key first, and it counts 2 x 142 = 284 UDP bytes" grep -qx '  UDP 284' "$tmp/st.txt"

# refusals from the verifier's checks before its walk name the instruction in words; the
# report maps it to its line all the same
printf '\t.license "GPL"\n\t.section socket\nunreach:\n\tr0 = 0\n\texit\n\tr0 = 1\n\texit\n' >"$tmp/unreach.s"
printf '\t.license "GPL"\n\t.section socket\nnoexit:\n\tr0 = 0\n\tr0 += 1\n' >"$tmp/noexit.s"
for n in unreach noexit; do $BPFAS --no-check "$tmp/$n.s" -o "$tmp/$n.bo" 2>/dev/null || exit 1; done
in_ns "$BPFLOAD" "$tmp/unreach.bo" --attach lo --count 1 >/dev/null 2>"$tmp/un.err"
expect "unreachable code: the verifier's 'unreachable insn 2' at unreach.s:6" \
	bash -c "grep -q \"rejected program 'unreach' .*: unreachable insn 2\" '$tmp/un.err' && grep -q 'at .*unreach.s:6:2: r0 = 1' '$tmp/un.err'"
in_ns "$BPFLOAD" "$tmp/noexit.bo" --attach lo --count 1 >/dev/null 2>"$tmp/ne.err"
expect "no exit: 'last insn is not an exit or jmp' at noexit.s:5, the last instruction" \
	bash -c "grep -q ': last insn is not an exit or jmp' '$tmp/ne.err' && grep -q 'at .*noexit.s:5:2: r0 += 1' '$tmp/ne.err'"
expect "the refused programs leave nothing in the kernel" leftovers big unreach noexit uninit m

in_ns "$BPFLOAD" "$tmp/sockex1.bo" >/dev/null 2>"$tmp/a.err"
rc=$?
expect "a socket program without --attach: exit 1 and a hint" bash -c "[ $rc -eq 1 ] && grep -q -- '--attach IFACE' '$tmp/a.err'"
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach nosuch0 >/dev/null 2>"$tmp/i.err"
rc=$?
expect "an unknown interface: exit 1, named" bash -c "[ $rc -eq 1 ] && grep -q \"no network interface 'nosuch0'\" '$tmp/i.err'"
expect "a failed attach leaves nothing in the kernel" leftovers bpf_prog1 my_map

in_ns "$BPFLOAD" "$SRC/programs/sockex1.s" --attach lo >/dev/null 2>"$tmp/s.err"
rc=$?
expect "a .s file given to bpfload: exit 1, saying to assemble it" bash -c "[ $rc -eq 1 ] && grep -q 'assemble it first, .bpfas .*sockex1.s -o .*sockex1.bo.' '$tmp/s.err'"
in_ns "$BPFLOAD" "$tmp/sockex1.bo" --attach lo --run false >/dev/null 2>"$tmp/f.err"
rc=$?
expect "--run a failing command: bpfload still exits 0 and says how it ended" bash -c "[ $rc -eq 0 ] && grep -q 'false exited with status 1' '$tmp/f.err'"

declare -A want=(
	[truncate]="the file is cut short"
	[reloc-offset]="relocation 0 of 'socket' at offset 184 is outside the section (120 bytes)"
	[reloc-symbol]="relocation 0 of 'socket' names symbol 77, but there are 5 symbols"
	[section-size]="cannot read section 'socket'"
)
for m in truncate reloc-offset reloc-symbol section-size; do
	$CORRUPT "$tmp/sockex1.bo" "$tmp/bad-$m.bo" $m
	"$BPFLOAD" "$tmp/bad-$m.bo" --attach lo >/dev/null 2>"$tmp/c.err"
	rc=$?
	expect "corrupt object ($m): exit 1 with: ${want[$m]}" bash -c "[ $rc -eq 1 ] && grep -qF \"${want[$m]}\" '$tmp/c.err'"
	[ $rc -eq 1 ] || cat "$tmp/c.err"
done

# --- privileges ----------------------------------------------------------------------------
if command -v setpriv >/dev/null; then
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all "$@"; }
	nobody "$BPFLOAD" --list "$tmp/sockex1.bo" >"$tmp/l.txt" 2>&1
	expect "--list works without privileges" bash -c "[ $? -eq 0 ] && grep -q 'my_map  *array' '$tmp/l.txt'"
	nobody "$BPFLOAD" "$tmp/sockex1.bo" --attach lo >/dev/null 2>"$tmp/u.err"
	rc=$?
	expect "loading without privileges: exit 3 and what to do" bash -c "[ $rc -eq 3 ] && grep -q 'sudo' '$tmp/u.err'"
else
	echo "note: setpriv not installed; the unprivileged runs did not happen"
fi

summary bpfload
