#!/bin/bash
# test_attach.sh: the program types bpfload attaches beyond sockets, XDP and tracepoints,
# against the real kernel, with counts the test knows in advance:
#   - tc programs on both directions of lo through tcx links, in a network namespace of the
#     test's own: ping -c 4 sends 4 requests and gets 4 replies, and on lo every packet
#     leaves (egress) and arrives (ingress) once, so 8 ICMP packets each way;
#   - a cgroup_skb egress program on a cgroup made for the test, with ping inside it: its 3
#     echo requests are its egress (the replies are the kernel's);
#   - tp_btf/sys_enter (loaded against the kernel's btf_trace_sys_enter) counting the 15
#     getpid calls of a helper, as the raw tracepoint test does;
#   - fentry, which this kernel refuses to root (bpftool too): exit 3 and why;
#   - a perf_event program on a 50 Hz sampling event per CPU, both CPUs busy a second;
#   - CO-RE relocations of every kind clang writes, against bpftool's reading of the BTF,
#     and on types only a kernel module has, from a module BTF the test writes by hand;
#   - function records the kernel refuses: loaded without them, with a note;
#   - __kconfig variables against uname and the kernel's configuration;
#   - an iterator over the kernel's maps, read once, printing this object's map;
#   - a struct_ops TCP congestion control, registered while bpfload runs;
#   - sk_lookup on the test's network namespace, counting the lookups of 6 datagrams;
#   - ksyscall/getpid (a kprobe: this kernel has none, so exit 3 and why), and uprobes whose
#     section names no binary, given with --uprobe PATH (13 calls counted in and out);
#   - --load-only, an unknown section beside a known one (--list and a load), two XDP
#     programs for one interface, an object with maps only; a bpfas -d round trip that
#     loads; and after each, nothing of the test's left in the kernel.
# Needs root; exits 77 (skipped) saying why without it.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
CALLSYS=$(realpath "$4")
SRC=$(realpath "$5")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; loading BPF programs needs root"; exit 77; fi
tmp=$(mktemp -d)
NS=bpfas-attach-$$
CG=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)/bpfas-attach-$$
cleanup() { ip netns del "$NS" 2>/dev/null; rmdir "$CG" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"
A=$SRC/tests/attach
# entries HEADING FILE: the entries printed after the first line of FILE that starts with
# HEADING (a map's name, "samples (final"), as "key=value key=value"
entries() { sed -n "/^$1 /,\$p" "$2" | awk 'NF == 2 && $1 ~ /^[0-9]+$/ { printf "%s%s=%s", n++ ? " " : "", $1, $2 }'; }
for f in tcx_icmp cg_icmp mixed two_xdp maps_only perf_cpu sk_lookup; do $BPFAS "$A/$f.s" -o "$tmp/$f.bo" || exit 1; done

# tcx, both directions
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" "$BPFLOAD" "$tmp/tcx_icmp.bo" --attach lo --run ping -c 4 -i 0.2 -q 127.0.0.1 >"$tmp/tcx.out" 2>"$tmp/tcx.err"
rc=$?
expect "tcx: attached on lo ingress and egress" bash -c "grep -q \"tc program 'icmp_in' on lo ingress (tcx)\" '$tmp/tcx.err' &&
	grep -q \"tc program 'icmp_out' on lo egress (tcx)\" '$tmp/tcx.err'"
expect "tcx: 8 ICMP packets in, 8 out for ping -c 4 on lo (exit $rc)" bash -c "[ $rc -eq 0 ] && grep -qx '  0 8' '$tmp/tcx.out' && grep -qx '  1 8' '$tmp/tcx.out'"
"$BPFLOAD" "$tmp/tcx_icmp.bo" >/dev/null 2>"$tmp/noiface.err"
expect "tcx: without --attach, exit 1 and the option to give" bash -c "[ $? -eq 1 ] && grep -q 'say which network interface with --attach IFACE' '$tmp/noiface.err'"
expect "tcx leaves nothing in the kernel" leftovers icmp_in icmp_out icmp

# sk_lookup on the network namespace bpfload runs in: 6 datagrams to port 9, 6 lookups
ip netns exec "$NS" "$BPFLOAD" "$tmp/sk_lookup.bo" --run bash -c 'for i in 1 2 3 4 5 6; do echo x >/dev/udp/127.0.0.1/9; done' \
	>"$tmp/skl.out" 2>"$tmp/skl.err"
rc=$?
expect "sk_lookup: a link on the namespace, 6 lookups for 6 datagrams (exit $rc)" bash -c "[ $rc -eq 0 ] &&
	grep -q \"sk_lookup program 'sk_count' on this network namespace\" '$tmp/skl.err' && grep -qx '  0 6' '$tmp/skl.out'"
expect "sk_lookup leaves nothing in the kernel" leftovers sk_count lookups

# a cgroup
if mkdir "$CG" 2>/dev/null; then
	"$BPFLOAD" "$tmp/cg_icmp.bo" --cgroup "$CG" --run sh -c "echo \$\$ > '$CG/cgroup.procs' && exec ping -c 3 -i 0.2 -q 127.0.0.1" \
		>"$tmp/cg.out" 2>"$tmp/cg.err"
	rc=$?
	expect "cgroup_skb/egress: attached to the test's cgroup" grep -q "cgroup_skb program 'cg_icmp' on the cgroup $CG" "$tmp/cg.err"
	expect "cgroup_skb/egress: the 3 echo requests of ping -c 3 in the cgroup (exit $rc)" bash -c "[ $rc -eq 0 ] && grep -qx '  0 3' '$tmp/cg.out'"
else
	bad "no cgroup2 file system to make a cgroup in"
fi
"$BPFLOAD" "$tmp/cg_icmp.bo" >/dev/null 2>"$tmp/nocg.err"
expect "cgroup_skb: without --cgroup, exit 1 and the option to give" bash -c "[ $? -eq 1 ] && grep -q 'say which cgroup with --cgroup PATH' '$tmp/nocg.err'"
"$BPFLOAD" "$tmp/cg_icmp.bo" --cgroup /nonexistent/cg >/dev/null 2>"$tmp/badcg.err"
expect "cgroup_skb: a cgroup that is not there is exit 1, said so" bash -c "[ $? -eq 1 ] && grep -q 'cannot open the cgroup /nonexistent/cg' '$tmp/badcg.err'"
expect "the cgroup program leaves nothing in the kernel" leftovers cg_icmp sent

# tp_btf: the raw tracepoint test's program, loaded against btf_trace_sys_enter
"$CALLSYS" getpid 0 "$tmp/nr"
sed 's|raw_tracepoint/sys_enter|tp_btf/sys_enter|; s/raw_getpid/btf_getpid/g; s/raw_calls/btf_calls/g' "$SRC/tests/kernel/raw_getpid.s" >"$tmp/tpbtf.s"
$BPFAS -D NR_GETPID="$(cut -d' ' -f2 "$tmp/nr")" "$tmp/tpbtf.s" -o "$tmp/tpbtf.bo" || exit 1
"$BPFLOAD" "$tmp/tpbtf.bo" --run "$CALLSYS" getpid 15 "$tmp/pid" >"$tmp/btf.out" 2>"$tmp/btf.err"
rc=$?
pid=$(cut -d' ' -f1 "$tmp/pid")
expect "tp_btf/sys_enter: exactly 15 getpid calls for pid $pid" bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 15' '$tmp/btf.out'"
expect "tp_btf: attached as a tracing program on sys_enter" grep -q "tracing program 'btf_getpid' on sys_enter" "$tmp/btf.err"
sed 's|tp_btf/sys_enter|tp_btf/no_such_event_here|' "$tmp/tpbtf.s" >"$tmp/nobtf.s"
$BPFAS -D NR_GETPID=39 "$tmp/nobtf.s" -o "$tmp/nobtf.bo" || exit 1
"$BPFLOAD" "$tmp/nobtf.bo" >/dev/null 2>"$tmp/nobtf.err"
expect "tp_btf on an event the kernel lacks: said, with the name looked for" grep -q "this kernel's BTF has no tracepoint typedef 'btf_trace_no_such_event_here'" "$tmp/nobtf.err"
expect "tp_btf leaves nothing in the kernel" leftovers btf_getpid btf_calls

# fentry: this kernel refuses it (as it refuses bpftool)
printf '\t.license "GPL"\n\t.section fentry/vfs_read\nfe_read:\n\tr0 = 0\n\texit\n' >"$tmp/fe.s"
$BPFAS "$tmp/fe.s" -o "$tmp/fe.bo" || exit 1
"$BPFLOAD" "$tmp/fe.bo" --duration 0.2 >/dev/null 2>"$tmp/fe.err"
rc=$?
if [ $rc -eq 0 ]; then
	ok "fentry/vfs_read: this kernel allows it (loaded and attached)"
else
	expect "fentry/vfs_read refused here: exit 3, and why (exit $rc)" bash -c "[ $rc -eq 3 ] && grep -q 'although bpfload runs as root: this kernel does not allow programs on this attach point' '$tmp/fe.err'"
	echo "  (fentry is refused by this kernel to root, bpftool too: the count cannot be checked here)"
fi
expect "fentry leaves nothing in the kernel" leftovers fe_read

# perf_event: a 50 Hz cpu-clock sampling event on each CPU, both CPUs kept busy a second
ncpu=$(nproc)
"$BPFLOAD" "$tmp/perf_cpu.bo" --freq 50 --run sh -c 'for i in $(seq 2 '"$ncpu"'); do timeout 1 sh -c "while :; do :; done" & done; timeout 1 sh -c "while :; do :; done"; wait' \
	>"$tmp/perf.out" 2>"$tmp/perf.err"
rc=$?
expect "perf_event: a sampling event on each of the $ncpu CPUs" grep -q "on a 50 Hz cpu-clock sampling event on each of $ncpu CPUs" "$tmp/perf.err"
counts=$(entries 'samples (final' "$tmp/perf.out")
good=$(sed -n '/^samples (final/,$p' "$tmp/perf.out" | awk 'NF == 2 && $2 >= 25 && $2 <= 75' | wc -l)
expect "perf_event: every CPU sampled about 50 times in its busy second (25..75: $counts; exit $rc)" [ $rc -eq 0 -a "$good" -eq "$ncpu" ]
expect "perf_event leaves nothing in the kernel" leftovers perf_cpu samples

# ksyscall: a kprobe on this kernel's function for the system call
printf '\t.license "GPL"\n\t.section ksyscall/getpid\nks_getpid:\n\tr0 = 0\n\texit\n' >"$tmp/ks.s"
$BPFAS "$tmp/ks.s" -o "$tmp/ks.bo" || exit 1
"$BPFLOAD" "$tmp/ks.bo" --list >"$tmp/ks.list"
expect "ksyscall: --list says a kprobe on the system call" grep -q 'attaches to a kprobe on the system call its section names' "$tmp/ks.list"
"$BPFLOAD" "$tmp/ks.bo" --duration 0.2 >/dev/null 2>"$tmp/ks.err"
rc=$?
if [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	expect "ksyscall/getpid attaches (exit $rc)" [ $rc -eq 0 ]
else
	expect "ksyscall/getpid: this kernel has no kprobes: exit 3 and why (exit $rc)" bash -c "[ $rc -eq 3 ] && grep -q 'this kernel has no kprobe PMU' '$tmp/ks.err'"
fi
expect "ksyscall leaves nothing in the kernel" leftovers ks_getpid

# a uprobe whose section names only the function: the binary from --uprobe
sed -e "s|^\t\.section kprobe/FUNC|\t.section uprobe/bpfas_test_tick|" \
	-e "s|^\t\.section kretprobe/FUNC|\t.section uretprobe/bpfas_test_tick|" "$SRC/tests/kernel/kprobe.s" >"$tmp/up.s"
$BPFAS "$tmp/up.s" -o "$tmp/up.bo" || exit 1
if [ -e /sys/bus/event_source/devices/uprobe/type ]; then
	"$BPFLOAD" "$tmp/up.bo" --uprobe "$CALLSYS" --run "$CALLSYS" tick 13 "$tmp/pid" >"$tmp/up.out" 2>"$tmp/up.err"
	rc=$?
	pid=$(cut -d' ' -f1 "$tmp/pid")
	expect "--uprobe PATH: 13 entries and 13 returns of bpfas_test_tick for pid $pid (exit $rc)" bash -c "[ $rc -eq 0 ] &&
		sed -n '/^entries (final/,/^returns (final/p' '$tmp/up.out' | grep -qx '  $pid 13' &&
		sed -n '/^returns (final/,\$p' '$tmp/up.out' | grep -qx '  $pid 13'"
else
	bad "this kernel has no uprobe PMU: the --uprobe count could not run"
fi
"$BPFLOAD" "$tmp/up.bo" --duration 0.2 >/dev/null 2>"$tmp/up2.err"
expect "without --uprobe: the section's missing binary is said" grep -q 'write uprobe/PATH:FUNCTION' "$tmp/up2.err"
expect "uprobes leave nothing in the kernel" leftovers on_entry on_return entries returns

# CO-RE of every kind, from clang; the expected values from bpftool's reading of the BTF
if command -v clang-19 >/dev/null && command -v bpftool >/dev/null; then
	clang-19 -O2 -g -target bpf -c "$A/core_kinds.c" -o "$tmp/ck.o" || exit 1
	"$BPFLOAD" "$tmp/ck.o" --test-run >"$tmp/ck.out" 2>"$tmp/ck.err"
	rc=$?
	bpftool btf dump file /sys/kernel/btf/vmlinux >"$tmp/vmlinux.txt"
	read -r kid ksize < <(sed -n "s/^\[\([0-9]*\)\] STRUCT 'task_struct' size=\([0-9]*\) .*/\1 \2/p" "$tmp/vmlinux.txt")
	lid=$(bpftool btf dump file "$tmp/ck.o" | sed -n "s/^\[\([0-9]*\)\] STRUCT 'task_struct' .*/\1/p")
	arr=$(awk "/ENUM 'bpf_map_type'/ { on = 1; next } on && /^\[/ { on = 0 } on && /'BPF_MAP_TYPE_ARRAY' / { sub(/.*val=/, \"\"); print; exit }" "$tmp/vmlinux.txt")
	read -r btype boff bsz < <(awk "/STRUCT 'task_struct' size/ { on = 1; next } on && /^\[/ { on = 0 } on && /'sched_reset_on_fork'/ {
		for (i = 1; i <= NF; i++) { split(\$i, kv, \"=\"); v[kv[1]] = kv[2] } print v[\"type_id\"], v[\"bits_offset\"], v[\"bitfield_size\"]; exit }" "$tmp/vmlinux.txt")
	tsz=$(sed -n "s/^\[$btype\] INT '[^']*' size=\([0-9]*\) .*/\1/p" "$tmp/vmlinux.txt")
	# the load libbpf makes of a bitfield: the smallest aligned one, from the member's size up
	bs=$tsz; bo=$((boff / 8 / bs * bs))
	while [ $((boff + bsz - bo * 8)) -gt $((bs * 8)) ]; do bs=$((bs * 2)); bo=$((boff / 8 / bs * bs)); done
	want="0=1 2=$ksize 3=$kid 4=$lid 5=1 7=1 8=$arr 10=1 12=$bo 13=$bs 14=$((64 - (boff + bsz - bo * 8))) 15=$((64 - bsz))"
	got=$(entries facts "$tmp/ck.out")
	expect "CO-RE, every kind: $got (exit $rc)" [ $rc -eq 0 -a "$got" = "$want" ]
	[ "$got" = "$want" ] || echo "  wanted $want"
	echo "  (0 type exists, 1 a type no kernel has: 0, 2 type size, 3 target id, 4 local id, 5 matches, 6 a mismatch: 0,"
	echo "   7 enum value exists, 8 its value, 9 one no kernel has: 0, 10 pid is signed, 11 flags is not: 0,"
	echo "   12..15 task_struct.sched_reset_on_fork's load offset, size, left and right shifts)"
	expect "CO-RE leaves nothing in the kernel" leftovers core_kinds facts

	# CO-RE on a module's types: a folder laid out as /sys/kernel/btf, with this kernel's
	# vmlinux and the split BTF of a module bpfas_mod written here byte by byte (BTF's
	# format: ids go on from vmlinux's last, string offsets from the end of its strings)
	mkdir "$tmp/btf" && cp /sys/kernel/btf/vmlinux "$tmp/btf/vmlinux"
	n=$(($(grep -o '^\[[0-9]*\]' "$tmp/vmlinux.txt" | tail -1 | tr -d '[]') + 1))
	base=$(od -An -tu4 -j20 -N4 "$tmp/btf/vmlinux" | tr -d ' ')
	strs='bpfas_mod_u32\0bpfas_mod_u64\0bpfas_mod_stats\0flags\0hits\0drops\0bpfas_mod_state\0BPFAS_MOD_ON\0BPFAS_MOD_OFF\0task_struct\0'
	# where each name starts in strs, counted from the base's end
	o_u32=$base o_u64=$((base + 14)) o_st=$((base + 28)) o_fl=$((base + 44)) o_hi=$((base + 50)) o_dr=$((base + 55))
	o_en=$((base + 61)) o_on=$((base + 77)) o_off=$((base + 90)) o_ts=$((base + 104))
	le() { for v; do printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))"; done; }
	types() {
		le $o_u32 $((1 << 24)) 4 32                       # [n]   INT bpfas_mod_u32, 32 bits
		le $o_u64 $((1 << 24)) 8 64                       # [n+1] INT bpfas_mod_u64
		le $o_st $((4 << 24 | 3)) 24                      # [n+2] STRUCT bpfas_mod_stats, 24 bytes:
		le $o_fl $n 0 $o_hi $((n + 1)) 64 $o_dr $((n + 1)) 128 #   flags at 0, hits at 8, drops at 16
		le $o_en $((6 << 24 | 2)) 4 $o_on 7 $o_off 9      # [n+3] ENUM bpfas_mod_state: ON 7, OFF 9
		le $o_ts $((4 << 24)) 4                           # [n+4] STRUCT task_struct, 4 bytes (a decoy)
	}
	types >"$tmp/types.bin"
	printf "$strs" >"$tmp/strs.bin"
	tl=$(stat -c %s "$tmp/types.bin") sl=$(stat -c %s "$tmp/strs.bin")
	{ printf '\x9f\xeb\x01\x00'; le 24 0 "$tl" "$tl" "$sl"; cat "$tmp/types.bin" "$tmp/strs.bin"; } >"$tmp/btf/bpfas_mod"
	echo 'not BTF' >"$tmp/btf/broken_mod"
	expect "the module's hand-written BTF is what bpftool reads on vmlinux ($sl bytes of strings, $tl of types)" \
		bash -c "bpftool btf dump file '$tmp/btf/bpfas_mod' --base-btf '$tmp/btf/vmlinux' | grep -q \"^\[$((n + 2))\] STRUCT 'bpfas_mod_stats' size=24 vlen=3\" &&
			bpftool btf dump file '$tmp/btf/bpfas_mod' --base-btf '$tmp/btf/vmlinux' | grep -q \"'drops' type_id=$((n + 1)) bits_offset=128\""
	clang-19 -O2 -g -target bpf -I "$A" -c "$A/core_module.c" -o "$tmp/cm.o" || exit 1
	"$BPFLOAD" "$tmp/cm.o" --test-run --core-btf "$tmp/btf" >"$tmp/cm.out" 2>"$tmp/cm.err"
	rc=$?
	got=$(entries facts "$tmp/cm.out")
	want="0=16 1=24 2=9 3=$((n + 2)) 4=$ksize"
	expect "CO-RE from a module's BTF (--core-btf FOLDER): $got (exit $rc)" [ $rc -eq 0 -a "$got" = "$want" ]
	[ "$got" = "$want" ] || { echo "  wanted $want"; cat "$tmp/cm.err"; }
	echo "  (0 bpfas_mod_stats.drops's offset, 1 its size, 2 BPFAS_MOD_OFF's value, 3 its id, 4 task_struct's size from vmlinux)"
	expect "a module file that is not BTF is left out with a note" grep -q "a module's BTF left out of CO-RE: .*broken_mod: " "$tmp/cm.err"
	"$BPFLOAD" "$tmp/cm.o" --test-run >"$tmp/cm2.out" 2>"$tmp/cm2.err"
	rc=$?
	expect "without it, the type this kernel lacks is named (exit $rc)" \
		bash -c "[ $rc -ne 0 ] && grep -q \"bpfas_mod_stats.*this kernel's BTF has no such\" '$tmp/cm2.err'"
	expect "module CO-RE leaves nothing in the kernel" leftovers core_module facts
else
	bad "clang-19 or bpftool missing: the CO-RE kinds could not be checked"
fi

# function records the kernel refuses (its BTF it takes): loaded without them, with a note.
# clang's object for tests/llvm/calls.c through bpfas -d, the first func_info record's
# type id made 1 (an INT, no FUNC)
if command -v clang-19 >/dev/null; then
	clang-19 -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -c "$SRC/tests/llvm/calls.c" -o "$tmp/calls.o" || exit 1
	$BPFAS -d "$tmp/calls.o" -o "$tmp/calls.s"
	awk '!done && prev ~ /^\t\.long \.L/ && /^\t\.long 0x/ { sub(/0x[0-9a-f]+/, "0x1"); done = 1 } { print; prev = $0 }' \
		"$tmp/calls.s" >"$tmp/calls_bad.s"
	$BPFAS "$tmp/calls_bad.s" -o "$tmp/calls_bad.o" || exit 1
	"$BPFLOAD" "$tmp/calls_bad.o" --duration 0.2 >/dev/null 2>"$tmp/fi.err"
	rc=$?
	expect "refused func_info: loaded without it, saying why (exit $rc)" bash -c "[ $rc -eq 0 ] &&
		grep -q \"the kernel refused the function and line records of program 'on_getpid' (.*func info.*): loading it without them\" '$tmp/fi.err' &&
		grep -q \"attached tracepoint program 'on_getpid'\" '$tmp/fi.err'"
	expect "and nothing of it stays" leftovers on_getpid counts
else
	bad "clang-19 missing: the refused func_info case could not be checked"
fi

# __kconfig variables, the expected values from uname and the kernel's configuration
if command -v clang-19 >/dev/null && { [ -e /proc/config.gz ] || [ -e "/boot/config-$(uname -r)" ]; }; then
	clang-19 -O2 -g -target bpf -c "$A/kconfig.c" -o "$tmp/kc.o" || exit 1
	"$BPFLOAD" "$tmp/kc.o" --test-run >"$tmp/kc.out" 2>"$tmp/kc.err"
	rc=$?
	IFS=. read -r ka kb kc_ < <(uname -r | sed 's/[^0-9.].*//')
	cfg() { { [ -e "/boot/config-$(uname -r)" ] && cat "/boot/config-$(uname -r)" || zcat /proc/config.gz; } | sed -n "s/^$1=//p"; }
	tri() { case "$(cfg "$1")" in y) echo 1 ;; m) echo 2 ;; *) echo 0 ;; esac; }
	hz=$(cfg CONFIG_HZ)
	want="0=$(((ka << 16) | (kb << 8) | (${kc_:-0} > 255 ? 255 : ${kc_:-0}))) 1=$(tri CONFIG_BPF_SYSCALL)"
	[ "$(tri CONFIG_BPF_JIT)" != 0 ] && want="$want 2=$(tri CONFIG_BPF_JIT)"
	want="$want 3=${hz:-0} 4=7"
	got=$(entries kc "$tmp/kc.out")
	expect "__kconfig: version, bool, tristate, number, a weak option unset: $got (exit $rc)" [ $rc -eq 0 -a "$got" = "$want" ]
	[ "$got" = "$want" ] || echo "  wanted $want"
	expect "__kconfig: the kernel took the object's BTF" bash -c "! grep -q 'refused the object' '$tmp/kc.err'"
	clang-19 -O2 -g -target bpf -DSTRONG -c "$A/kconfig.c" -o "$tmp/kcs.o" || exit 1
	"$BPFLOAD" "$tmp/kcs.o" --test-run >/dev/null 2>"$tmp/kcs.err"
	expect "__kconfig: a strong option the kernel lacks is refused by name (exit $?)" \
		grep -q "__kconfig variable 'CONFIG_NO_SUCH_OPTION_BPFAS': this kernel has no value for it" "$tmp/kcs.err"
	expect "__kconfig leaves nothing in the kernel" leftovers kconfig kc .kconfig
else
	bad "clang-19 or the kernel's configuration missing: __kconfig could not be checked"
fi

# --load-only: loaded and verified, attached nowhere, unloaded
"$BPFLOAD" "$tmp/tcx_icmp.bo" --load-only >/dev/null 2>"$tmp/lo.err"
expect "--load-only: both tc programs loaded, no --attach needed (exit $?)" bash -c "grep -q \"loaded sched_cls program 'icmp_in'\" '$tmp/lo.err' &&
	grep -q \"loaded sched_cls program 'icmp_out'\" '$tmp/lo.err' && ! grep -q attached '$tmp/lo.err'"
expect "--load-only leaves nothing in the kernel" leftovers icmp_in icmp_out icmp

# a section bpfload does not know beside one it does
"$BPFLOAD" "$tmp/mixed.bo" --list >"$tmp/mixed.list" 2>"$tmp/mixed.lerr"
expect "--list of an object with an unknown section: exit 0, the known program, the other left out" bash -c "[ $? -eq 0 ] &&
	grep -q '^  known  *socket_filter' '$tmp/mixed.list' && grep -q 'section future_kind/not_known_here: 2 instructions of a type bpfload does not know, left out' '$tmp/mixed.list'"
"$BPFLOAD" "$tmp/mixed.bo" --attach lo --duration 0.2 >/dev/null 2>"$tmp/mixed.err"
expect "and it loads the known program, with a note for the other (exit $?)" bash -c "grep -q \"attached socket filter 'known' on lo\" '$tmp/mixed.err' &&
	grep -q \"section 'future_kind/not_known_here' holds code, but its name says no program type bpfload knows\" '$tmp/mixed.err'"
expect "nothing of it left in the kernel" leftovers known

# two XDP programs, one interface
"$BPFLOAD" "$tmp/two_xdp.bo" --attach lo >/dev/null 2>"$tmp/two.err"
expect "two XDP programs: exit 1, both named, --prog to choose" bash -c "[ $? -eq 1 ] && grep -q 'several XDP programs, and an interface takes one: choose with --prog NAME (first, second)' '$tmp/two.err'"
expect "before loading anything" leftovers first second
ip netns exec "$NS" "$BPFLOAD" "$tmp/two_xdp.bo" --attach lo --prog second --duration 0.2 >/dev/null 2>"$tmp/two2.err"
expect "--prog second attaches that one" grep -q "attached XDP program 'second' on lo" "$tmp/two2.err"

# maps and no program
"$BPFLOAD" "$tmp/maps_only.bo" --duration 0.2 >"$tmp/maps.out" 2>"$tmp/maps.err"
expect "an object with maps only: loaded, its map printed (exit $?)" grep -q '^lonely (final' "$tmp/maps.out"
expect "and unloaded" leftovers lonely

# an iterator: linked, read once, its output printed
if command -v clang-19 >/dev/null; then
	clang-19 -O2 -g -target bpf -c "$A/iter_maps.c" -o "$tmp/it.o" || exit 1
	"$BPFLOAD" "$tmp/it.o" --duration 0.1 >"$tmp/it.out" 2>"$tmp/it.err"
	rc=$?
	expect "iter/bpf_map: linked and read; its output names this object's map (exit $rc)" bash -c "[ $rc -eq 0 ] &&
		grep -q \"attached iterator program 'dump_maps' over bpf_map\" '$tmp/it.err' && grep -qx 'map bpfas_iter_mark' '$tmp/it.out'"
	expect "the iterator leaves nothing in the kernel" leftovers dump_maps bpfas_iter_mark
else
	bad "clang-19 missing: the iterator could not be checked"
fi

# struct_ops: a TCP congestion control, registered while bpfload runs
if command -v clang-19 >/dev/null; then
	clang-19 -O2 -g -target bpf -c "$A/tcp_cc.c" -o "$tmp/cc.o" || exit 1
	"$BPFLOAD" "$tmp/cc.o" --run cat /proc/sys/net/ipv4/tcp_available_congestion_control >"$tmp/cc.out" 2>"$tmp/cc.err"
	rc=$?
	expect "struct_ops: bpfas_cc among the kernel's congestion controls while it runs (exit $rc)" bash -c "[ $rc -eq 0 ] &&
		grep -qw bpfas_cc '$tmp/cc.out' && grep -q \"registered struct_ops 'bpfas_cc'\" '$tmp/cc.err' &&
		grep -q \"struct_ops program 'bpfas_undo_cwnd' as undo_cwnd of 'bpfas_cc'\" '$tmp/cc.err'"
	expect "struct_ops: gone when bpfload stops" bash -c "! grep -qw bpfas_cc /proc/sys/net/ipv4/tcp_available_congestion_control"
	expect "struct_ops leaves nothing in the kernel" leftovers bpfas_ssthresh bpfas_cong_avoi bpfas_undo_cwnd bpfas_cc
else
	bad "clang-19 missing: struct_ops could not be checked"
fi

# bpftool (libbpf) loads the same objects: bpfload --load-only and bpftool prog loadall
# agree on each (tc/ingress is newer than this bpftool's libbpf, which does not know it)
if command -v bpftool >/dev/null; then
	cmp=""
	for f in cg_icmp.bo perf_cpu.bo tpbtf.bo ck.o kc.o it.o; do
		[ -e "$tmp/$f" ] || continue
		d=/sys/fs/bpf/bpfas-attach-$$
		bpftool prog loadall "$tmp/$f" "$d" >/dev/null 2>&1
		bt=$?
		rm -rf "$d"
		"$BPFLOAD" "$tmp/$f" --load-only >/dev/null 2>&1
		bl=$?
		[ $bt -eq 0 ] && [ $bl -eq 0 ] && cmp="$cmp $f" || bad "$f: bpftool exit $bt, bpfload --load-only exit $bl"
	done
	expect "bpftool and bpfload both load:$cmp" [ -n "$cmp" ]
	expect "bpftool's pins removed" [ ! -e /sys/fs/bpf/bpfas-attach-$$ ]
else
	bad "bpftool missing: the comparison with libbpf could not run"
fi

# bpfas -d and back: the same programs load, ours and clang's (CO-RE, __kconfig, an
# iterator, struct_ops, several functions and a global one in calls.o)
rt=""
for f in tcx_icmp.bo ck.o kc.o it.o cc.o calls.o; do
	[ -e "$tmp/$f" ] || continue
	$BPFAS -d "$tmp/$f" -o "$tmp/rt.s" && $BPFAS "$tmp/rt.s" -o "$tmp/rt.bo" 2>/dev/null || { bad "$f: bpfas -d and back failed"; continue; }
	n1=$("$BPFLOAD" "$tmp/$f" --load-only 2>&1 | sed -n 's/.*: \([0-9]*\) programs\{0,1\} and .*loaded.*/\1/p')
	n2=$("$BPFLOAD" "$tmp/rt.bo" --load-only 2>&1 | sed -n 's/.*: \([0-9]*\) programs\{0,1\} and .*loaded.*/\1/p')
	if [ -n "$n2" ] && [ "$n1" = "$n2" ]; then rt="$rt $f($n2)"; else bad "$f through bpfas -d and back: '$n2' programs loaded, not '$n1'"; fi
done
expect "through bpfas -d and back, the same programs load:$rt" [ -n "$rt" ]
expect "nothing of the test left in the kernel" leftovers icmp_in icmp_out icmp cg_icmp sent btf_getpid btf_calls fe_read known first second lonely perf_cpu samples sk_count lookups ks_getpid on_entry on_return core_kinds facts kconfig kc dump_maps bpfas_iter_mark bpfas_ssthresh bpfas_cong_avoi bpfas_undo_cwnd bpfas_cc on_getpid counts
summary attach
