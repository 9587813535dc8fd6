#!/bin/bash
# test_tracepoint.sh: tracepoint programs through bpfload and the real kernel: counts of
# system calls a helper makes (it writes its pid and the syscall number first), on either
# CPU; syscount and hello under --run; cpustat attaching to power events; errors for an
# unknown event and for --attach; tracefs mounted by bpfload when it is not; nothing left
# behind. Needs root; exits 77 (skipped) saying why without it.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
CALLSYS=$(realpath "$4")
SRC=$(realpath "$5")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; loading BPF programs needs root"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# bpfas reads tracepoint formats from tracefs: mount it if nobody has
if [ ! -e /sys/kernel/tracing/events ] && [ ! -e /sys/kernel/debug/tracing/events ]; then
	mount -t tracefs tracefs /sys/kernel/tracing || { echo "SKIP: no tracefs: this kernel has no tracepoints"; exit 77; }
fi
. "$(dirname "$0")/lib.sh"
for p in cpustat syscount hello; do $BPFAS "$SRC/programs/$p.s" -o "$tmp/$p.bo" || exit 1; done
$BPFAS "$SRC/tests/kernel/getpid.s" -o "$tmp/getpid.bo" || exit 1

# --- getpid per process, on each CPU ----------------------------------------------------
for cpu in $(seq 0 $(($(nproc) - 1))); do
	"$BPFLOAD" "$tmp/getpid.bo" --run taskset -c "$cpu" "$CALLSYS" getpid 25 "$tmp/pid" >"$tmp/g.txt" 2>"$tmp/g.err"
	rc=$?
	pid=$(cut -d' ' -f1 "$tmp/pid")
	expect "getpid: exactly 25 calls counted for pid $pid, run on CPU $cpu" bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 25' '$tmp/g.txt'"
done
expect "getpid leaves nothing in the kernel" leftovers count_getpid calls
# --syscalls on a tracepoint: the event opened with the id tracefs gives it, the program
# set on that event and the event enabled
"$BPFLOAD" "$tmp/getpid.bo" --syscalls --duration 0.1 >/dev/null 2>"$tmp/gs.err"
tp=$(sed -n 's/^[[:space:]]*\.tracepoint[[:space:]]*\([a-z_]*\/[a-z_]*\).*/\1/p' "$SRC/tests/kernel/getpid.s" | head -1)
id=$(cat "/sys/kernel/tracing/events/$tp/id" 2>/dev/null || cat "/sys/kernel/debug/tracing/events/$tp/id")
tp_calls() {
	local prog ev
	prog=$(sed -n 's/^BPF_PROG_LOAD type=tracepoint .* -> fd \([0-9]*\)$/\1/p' "$tmp/gs.err")
	ev=$(sed -n "s/^perf_event_open type=tracepoint config=$id pid=-1 cpu=0 -> fd \\([0-9]*\\)\$/\\1/p" "$tmp/gs.err")
	echo "  $tp (id $id): program fd ${prog:-?}, event fd ${ev:-?}"
	[ -n "$prog" ] && [ -n "$ev" ] && grep -qx "ioctl PERF_EVENT_IOC_SET_BPF event_fd=$ev prog_fd=$prog -> 0" "$tmp/gs.err" &&
		grep -qx "ioctl PERF_EVENT_IOC_ENABLE event_fd=$ev -> 0" "$tmp/gs.err"
}
expect "--syscalls: perf_event_open of the tracepoint's id, the program set on it, enabled" tp_calls
expect "and nothing stays" leftovers count_getpid calls

# --- the same through a raw tracepoint (BPF_RAW_TRACEPOINT_OPEN) -------------------------
"$CALLSYS" getpid 0 "$tmp/nr" # only to learn getpid's number on this machine
$BPFAS -D NR_GETPID="$(cut -d' ' -f2 "$tmp/nr")" "$SRC/tests/kernel/raw_getpid.s" -o "$tmp/raw.bo" || exit 1
"$BPFLOAD" "$tmp/raw.bo" --run "$CALLSYS" getpid 15 "$tmp/pid" >"$tmp/r.txt" 2>"$tmp/r.err"
rc=$?
pid=$(cut -d' ' -f1 "$tmp/pid")
expect "raw_tracepoint/sys_enter: exactly 15 getpid calls for pid $pid" bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 15' '$tmp/r.txt'"
expect "it attached as a raw tracepoint" grep -q 'raw tracepoint program .raw_getpid. on sys_enter' "$tmp/r.err"
expect "the raw tracepoint program leaves nothing in the kernel" leftovers raw_getpid raw_calls

# --- kprobe and kretprobe on the kernel's getpid function ----------------------------------
func=$(awk '$3 ~ /^__(x64|arm64|riscv|s390x)_sys_getpid$/ { print $3; exit }' /proc/kallsyms)
sed "s|/FUNC|/${func:-__x64_sys_getpid}|" "$SRC/tests/kernel/kprobe.s" >"$tmp/kprobe.s"
$BPFAS "$tmp/kprobe.s" -o "$tmp/kprobe.bo" || exit 1
"$BPFLOAD" "$tmp/kprobe.bo" --run "$CALLSYS" getpid 20 "$tmp/pid" >"$tmp/k.txt" 2>"$tmp/k.err"
rc=$?
pid=$(cut -d' ' -f1 "$tmp/pid" 2>/dev/null)
if [ -e /sys/bus/event_source/devices/kprobe/type ]; then
	expect "kprobe on $func: 20 entries for pid $pid" bash -c "[ $rc -eq 0 ] && sed -n '/^entries (final/,/^returns (final/p' '$tmp/k.txt' | grep -qx '  $pid 20'"
	expect "kretprobe on $func: 20 returns for pid $pid" bash -c "[ $rc -eq 0 ] && sed -n '/^returns (final/,\$p' '$tmp/k.txt' | grep -qx '  $pid 20'"
else
	# this kernel has no kprobes (CONFIG_KPROBES off): the loader must say so, exit 3
	echo "note: kernel $(uname -r) has no kprobe PMU; kprobe counting did not run, checking the error instead"
	expect "kprobe on a kernel without kprobes: exit 3, naming what is missing" bash -c \
		"[ $rc -eq 3 ] && grep -q 'this kernel has no kprobe PMU' '$tmp/k.err'"
fi
expect "the kprobe programs leave nothing in the kernel" leftovers on_entry on_return entries returns

# --- uprobe and uretprobe: the same programs on a function of the helper ------------------
# (the kprobe PMU's sibling: the same perf_event_open path, with a file and an offset)
sed -e "s|^\t\.section kprobe/FUNC|\t.section \"uprobe/$CALLSYS:bpfas_test_tick\"|" \
	-e "s|^\t\.section kretprobe/FUNC|\t.section \"uretprobe/$CALLSYS:bpfas_test_tick\"|" "$SRC/tests/kernel/kprobe.s" >"$tmp/uprobe.s"
$BPFAS "$tmp/uprobe.s" -o "$tmp/uprobe.bo" || exit 1
if [ -e /sys/bus/event_source/devices/uprobe/type ]; then
	"$BPFLOAD" "$tmp/uprobe.bo" --run "$CALLSYS" tick 17 "$tmp/pid" >"$tmp/u.txt" 2>"$tmp/u.err"
	rc=$?
	pid=$(cut -d' ' -f1 "$tmp/pid")
	expect "uprobe on bpfas_test_tick: 17 entries for pid $pid" bash -c "[ $rc -eq 0 ] && sed -n '/^entries (final/,/^returns (final/p' '$tmp/u.txt' | grep -qx '  $pid 17'"
	expect "uretprobe on bpfas_test_tick: 17 returns for pid $pid" bash -c "[ $rc -eq 0 ] && sed -n '/^returns (final/,\$p' '$tmp/u.txt' | grep -qx '  $pid 17'"
	[ $rc -eq 0 ] || cat "$tmp/u.err"
else
	echo "note: kernel $(uname -r) has no uprobe PMU; the uprobe counts did not run"
fi
sed "s/bpfas_test_tick/bpfas_test_tock/" "$tmp/uprobe.s" >"$tmp/uprobe_typo.s"
$BPFAS "$tmp/uprobe_typo.s" -o "$tmp/uprobe_typo.bo" || exit 1
"$BPFLOAD" "$tmp/uprobe_typo.bo" >/dev/null 2>"$tmp/ut.err"
rc=$?
expect "a uprobe on a function the binary lacks: exit 1, saying so" bash -c \
	"[ $rc -eq 1 ] && grep -q 'callsys has no function .bpfas_test_tock. in its symbol tables' '$tmp/ut.err'"
expect "the uprobe programs leave nothing in the kernel" leftovers on_entry on_return entries returns

# --- kfuncs: an open-coded iterator of 5 steps per getpid, from bpfas and from clang -------
sed 's/KFUNC/bpf_iter_num_new/' "$SRC/tests/kernel/kfunc.s" >"$tmp/kfunc.s"
$BPFAS "$tmp/kfunc.s" -o "$tmp/kfunc.bo" || exit 1
"$BPFLOAD" "$tmp/kfunc.bo" --run "$CALLSYS" getpid 7 "$tmp/pid" >"$tmp/kf.txt" 2>"$tmp/kf.err"
rc=$?
pid=$(cut -d' ' -f1 "$tmp/pid")
expect "kfunc calls resolved from the kernel's BTF: 7 getpid x 5 steps = 35 for pid $pid" \
	bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 35' '$tmp/kf.txt'"
[ $rc -eq 0 ] || cat "$tmp/kf.err"
CLANG=$(command -v clang-19 || true)
if [ -n "$CLANG" ]; then
	$CLANG -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
		-c "$SRC/tests/kernel/kfunc.c" -o "$tmp/kfunc_c.o"
	"$BPFLOAD" "$tmp/kfunc_c.o" --run "$CALLSYS" getpid 3 "$tmp/pid" >"$tmp/kc.txt" 2>"$tmp/kc.err"
	rc=$?
	pid=$(cut -d' ' -f1 "$tmp/pid")
	expect "clang's kfunc calls: 3 getpid x 5 steps = 15 for pid $pid" bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 15' '$tmp/kc.txt'"
	expect "clang's BTF with extern FUNCs in .ksyms is accepted by the kernel" bash -c "! grep -q 'refused the object' '$tmp/kc.err'"
	[ $rc -eq 0 ] || cat "$tmp/kc.err"
	# CO-RE: the tgid read through the program's own struct layout, at this kernel's offset
	$CLANG -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
		-c "$SRC/tests/kernel/core.c" -o "$tmp/core.o"
	"$BPFLOAD" "$tmp/core.o" --run "$CALLSYS" getpid 6 "$tmp/pid" >"$tmp/co.txt" 2>"$tmp/co.err"
	rc=$?
	pid=$(cut -d' ' -f1 "$tmp/pid")
	expect "CO-RE: task_struct.tgid read at the kernel's offset is the caller's pid $pid, 6 times" \
		bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 6' '$tmp/co.txt'"
	[ $rc -eq 0 ] || cat "$tmp/co.err"
	size=$(bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null | sed -n "s/^\[[0-9]*\] STRUCT 'task_struct' size=\([0-9]*\) .*/\1/p")
	if [ -n "$size" ]; then
		expect "CO-RE: task_struct has pid (1), 4 bytes of it, and is $size bytes as bpftool reads the kernel's BTF" \
			bash -c "sed -n '/^facts (final/,\$p' '$tmp/co.txt' | tr '\n' ' ' | grep -q '  0 1   1 4   2 $size '"
	else
		echo "note: bpftool not installed; the CO-RE field and type facts were not checked"
	fi
	expect "--list counts the 4 CO-RE relocations" grep -q '^CO-RE relocations: 4,' <("$BPFLOAD" --list "$tmp/core.o")
	$CLANG -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
		-DMISSING -c "$SRC/tests/kernel/core.c" -o "$tmp/core_missing.o"
	"$BPFLOAD" "$tmp/core_missing.o" >/dev/null 2>"$tmp/cm.err"
	rc=$?
	expect "CO-RE: a field this kernel lacks is refused, naming the struct (exit 2)" bash -c \
		"[ $rc -eq 2 ] && grep -q \"reads task_struct.no_such_field (CO-RE access .*), and this kernel's BTF has no such field\" '$tmp/cm.err'"
	expect "the CO-RE programs leave nothing in the kernel" leftovers tgid_of_caller by_tgid facts
else
	echo "note: clang-19 not installed; clang's kfunc and CO-RE objects did not run"
fi
sed 's/KFUNC/bpf_iter_num_neww/' "$SRC/tests/kernel/kfunc.s" >"$tmp/kfunc_typo.s"
$BPFAS "$tmp/kfunc_typo.s" -o "$tmp/kfunc_typo.bo" || exit 1
"$BPFLOAD" "$tmp/kfunc_typo.bo" >/dev/null 2>"$tmp/kt.err"
rc=$?
expect "an unknown kfunc: refused (exit 2) with the nearest kernel function" bash -c \
	"[ $rc -eq 2 ] && grep -q \"calls 'bpf_iter_num_neww', which is neither .*did you mean 'bpf_iter_num_new'\" '$tmp/kt.err'"
expect "the kfunc programs leave nothing in the kernel" leftovers iterate count steps

# --- syscount: 40 getppid calls under their syscall number ------------------------------
"$BPFLOAD" "$tmp/syscount.bo" --json --run "$CALLSYS" getppid 40 "$tmp/pid" >"$tmp/s.txt" 2>/dev/null
nr=$(cut -d' ' -f2 "$tmp/pid")
count=$(tail -1 "$tmp/s.txt" | grep -o "{\"key\": $nr, \"value\": [0-9]*}" | grep -o '[0-9]*}$' | tr -d '}')
expect "syscount: getppid (number $nr) counted at least the helper's 40 calls (${count:-none})" test "${count:-0}" -ge 40
expect "syscount leaves nothing in the kernel" leftovers count_syscall syscalls

# --- hello: bpf_trace_printk from .rodata, through --trace -------------------------------
# first a run without --trace: what it prints stays in trace_pipe, and the next run skips it
"$BPFLOAD" "$tmp/hello.bo" --run bash -c "echo \$\$ > '$tmp/h0'; exec /bin/true" >/dev/null 2>&1
"$BPFLOAD" "$tmp/hello.bo" --trace --run bash -c "echo \$\$ > '$tmp/h'; exec /bin/true" >"$tmp/h.txt" 2>"$tmp/h.err"
pid=$(cat "$tmp/h") old=$(cat "$tmp/h0")
expect "hello: trace_pipe shows bash (pid $pid) calling execve" grep -q "hello: bash (pid $pid) calls execve" "$tmp/h.txt"
expect "hello: the earlier run's lines (pid $old) skipped and said so, no empty lines" \
	bash -c "! grep -q 'pid $old)' '$tmp/h.txt' && grep -qE '^bpfload: skipped [0-9]+ lines? that trace_pipe held from before this run$' '$tmp/h.err' && ! grep -qx '' '$tmp/h.txt'"
expect "hello leaves nothing in the kernel" leftovers hello .rodata

# --- cpustat: two tracepoints, one subprogram ----------------------------------------------
"$BPFLOAD" "$tmp/cpustat.bo" --duration 0.5 >"$tmp/c.txt" 2>"$tmp/c.err"
rc=$?
expect "cpustat loads, attaches to power/cpu_idle and power/cpu_frequency, and stops" bash -c \
	"[ $rc -eq 0 ] && grep -q 'on power/cpu_idle' '$tmp/c.err' && grep -q 'on power/cpu_frequency' '$tmp/c.err' && grep -q '^freq_events (final' '$tmp/c.txt'"
"$BPFLOAD" --list "$tmp/cpustat.bo" >"$tmp/l.txt"
for ev in power/cpu_idle power/cpu_frequency; do
	id=$(cat /sys/kernel/tracing/events/$ev/id 2>/dev/null || cat /sys/kernel/debug/tracing/events/$ev/id 2>/dev/null)
	expect "--list shows $ev with its id ${id:-?} and its fields" bash -c \
		"grep -q 'event $ev, id $id, record of 16 bytes' '$tmp/l.txt' && grep -q 'offset   8 size  4  u32 state' '$tmp/l.txt'"
done
expect "cpustat leaves nothing in the kernel" leftovers count_idle count_frequency idle_events freq_events

# --- errors -----------------------------------------------------------------------------------
printf '.license "GPL"\n.section "tracepoint/syscalls/sys_enter_getpidd"\np:\n\tr0 = 0\n\texit\n' >"$tmp/typo.s"
$BPFAS "$tmp/typo.s" -o "$tmp/typo.bo"
"$BPFLOAD" "$tmp/typo.bo" >/dev/null 2>"$tmp/t.err"
rc=$?
expect "an unknown event: exit 1, the path tried and the nearest events" bash -c \
	"[ $rc -eq 1 ] && grep -q 'events/syscalls/sys_enter_getpidd/id does not exist' '$tmp/t.err' && grep -q 'nearest events in syscalls: sys_enter_getpid' '$tmp/t.err'"
"$BPFLOAD" "$tmp/getpid.bo" --attach lo >/dev/null 2>"$tmp/a.err"
rc=$?
expect "a tracepoint program given --attach: exit 1, saying so" bash -c "[ $rc -eq 1 ] && grep -q 'not to a network interface' '$tmp/a.err'"
# a read past the event's record: the verifier accepts it, attaching is refused (EACCES);
# the record's size from the format file (the furthest field's offset + size), worked out here
printf '\t.license "GPL"\n\t.tracepoint power/cpu_frequency\npast:\n\tr2 = *(u64 *)(r1 + 200)\n\tr0 = 0\n\texit\n' >"$tmp/past.s"
$BPFAS --tracefs "$SRC/tests/tracefs" "$tmp/past.s" -o "$tmp/past.bo" || exit 1
fmt=$(ls /sys/kernel/tracing/events/power/cpu_frequency/format /sys/kernel/debug/tracing/events/power/cpu_frequency/format 2>/dev/null | head -1)
size=$(awk -F'[:;]' '/offset:/ { o = $4 + 0; s = $6 + 0; if (o + s > m) m = o + s } END { print m }' "$fmt")
"$BPFLOAD" "$tmp/past.bo" --count 1 --interval 0.1 >/dev/null 2>"$tmp/past.err"
rc=$?
expect "a read past the record ($size bytes): exit 2, the reason, the record's size, the line and the byte (208)" \
	bash -c "[ $rc -eq 2 ] && grep -q 'Permission denied' '$tmp/past.err' && grep -q \"the kernel refuses a tracepoint program that reads past the event's record: power/cpu_frequency's record is $size bytes\" '$tmp/past.err' && grep -q 'instruction 0 (.*past.s:4) reads up to byte 208' '$tmp/past.err'"
expect "the errors leave nothing in the kernel" leftovers p count_getpid calls past

# --- tracefs not mounted: bpfload mounts it (in a mount namespace of the test's own) -----
if command -v unshare >/dev/null; then
	unshare -m bash -c "umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/kernel/debug 2>/dev/null
		[ -e /sys/kernel/tracing/events ] && exit 9
		'$BPFLOAD' '$tmp/getpid.bo' --run '$CALLSYS' getpid 7 '$tmp/pid'" >"$tmp/u.txt" 2>"$tmp/u.err"
	rc=$?
	pid=$(cut -d' ' -f1 "$tmp/pid")
	expect "with tracefs unmounted bpfload mounts it and counts 7 getpid calls" bash -c "[ $rc -eq 0 ] && grep -qx '  $pid 7' '$tmp/u.txt'"
	[ $rc -eq 0 ] || cat "$tmp/u.err"
else
	echo "note: unshare not installed; the unmounted-tracefs case did not run"
fi
expect "nothing left in the kernel at the end" leftovers count_getpid calls

summary tracepoint
