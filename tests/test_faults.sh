#!/bin/bash
# test_faults.sh: what goes wrong around the tools rather than in the program: a --pin that
# fails half-way, /sys/fs/bpf that is some other file system or missing (each in a private
# mount namespace of the test's own), descriptor limits at each step of a load, and a full
# disk (a 64 KiB tmpfs) for every output bpfas writes. After each: the message names the
# real cause, and nothing of ours is left (no program, map, pin, mount or partial file).
# Needs root (mounts, loading) and unshare; exits 77 (skipped) saying why without them.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
SRC=$(realpath "$4")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; the cases mount file systems and load programs"; exit 77; fi
if ! command -v unshare >/dev/null || ! unshare -m true; then echo "SKIP: no unshare -m here"; exit 77; fi
tmp=$(mktemp -d)
pins=/sys/fs/bpf/bpfas-faults-$$
cleanup() { rm -rf "$pins"; rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"
cd "$tmp"
$BPFAS "$SRC/programs/sockex1.s" -o sockex1.bo || exit 1
$BPFAS "$SRC/programs/syscount.s" -o syscount.bo || exit 1
# an object whose map is named like sockex1's program: pinned first, it makes sockex1's
# second pin fail (bpffs holds only pins, so a name taken by a pin is the way to fail one)
printf '\t.license "GPL"\n\t.map bpf_prog1, array, key=u32, value=u32, entries=1\n\t.section socket\nblocker:\n\tr0 = 0\n\texit\n' >blocker.s
$BPFAS blocker.s -o blocker.bo || exit 1

# --- --pin failing half-way: what it pinned is unpinned ----------------------------------
$BPFLOAD blocker.bo --load-only --pin "$pins" >/dev/null 2>&1
expect "setup: the blocker's map and program are pinned" test -e "$pins/bpf_prog1" -a -e "$pins/blocker"
$BPFLOAD sockex1.bo --load-only --pin "$pins" >out.txt 2>err.txt
rc=$?
expect "a pin that fails half-way: exit 2, the taken name and its reason" \
	bash -c "[ $rc -eq 2 ] && grep -q \"cannot pin program bpf_prog1 at $pins/bpf_prog1: File exists\" err.txt"
expect "and the pin made before it (my_map) is undone, said so; the blocker's stay" \
	bash -c "[ ! -e $pins/my_map ] && grep -q '^bpfload: undone: 1 pin$' err.txt && [ -e $pins/bpf_prog1 ] && [ -e $pins/blocker ]"
rm -rf "$pins"
expect "nothing of either object stays once the blocker's pins are removed" leftovers bpf_prog1 my_map blocker

# --- /sys/fs/bpf some other file system, or missing (private mount namespaces) -----------
unshare -m --propagation private bash -c "
	mount -t tmpfs tmpfs /sys/fs/bpf && mkdir /sys/fs/bpf/theirs || exit 9
	$BPFLOAD sockex1.bo --load-only --pin /sys/fs/bpf/ours >ok.out 2>ok.err; echo \$? >ok.rc
	stat -f -c %T /sys/fs/bpf >ok.fs; ls /sys/fs/bpf/ours >ok.ls
	rm -r /sys/fs/bpf/ours; umount /sys/fs/bpf; ls /sys/fs/bpf >ok.after
	$BPFLOAD sockex1.bo --load-only --pin /sys/fs/bpf/no/such >bad.out 2>bad.err; echo \$? >bad.rc
	stat -f -c %T /sys/fs/bpf >bad.fs; ls /sys/fs/bpf >bad.ls
	umount /sys/fs/bpf"
expect "/sys/fs/bpf a tmpfs: bpfload mounts bpffs there first, then pins (exit 0, my_map and bpf_prog1 on bpf_fs)" \
	bash -c "[ \"\$(cat ok.rc)\" = 0 ] && [ \"\$(cat ok.fs)\" = bpf_fs ] && [ \"\$(cat ok.ls | tr '\n' ' ')\" = 'bpf_prog1 my_map ' ]"
expect "and under its mount the tmpfs still holds what it held" bash -c "[ \"\$(cat ok.after)\" = theirs ]"
expect "a pin there that fails (no parent folder): exit 2, the reason, the mount it made undone" \
	bash -c "[ \"\$(cat bad.rc)\" = 2 ] && grep -q 'cannot create /sys/fs/bpf/no/such: No such file or directory (its parent folder does not exist' bad.err && grep -q 'undone: 0 pins, the BPF filesystem mounted on /sys/fs/bpf' bad.err && [ \"\$(cat bad.fs)\" = tmpfs ] && [ \"\$(cat bad.ls)\" = theirs ]"
unshare -m --propagation private bash -c "
	mount -t tmpfs tmpfs /sys/fs || exit 9
	$BPFLOAD sockex1.bo --load-only --pin /sys/fs/bpf/ours >none.out 2>none.err; echo \$? >none.rc
	ls -A /sys/fs >none.ls"
expect "no /sys/fs/bpf at all: exit 2 and why, not a bare 'No such file or directory'; nothing made" \
	bash -c "[ \"\$(cat none.rc)\" = 2 ] && grep -q 'cannot pin under /sys/fs/bpf: it does not exist, so no BPF filesystem can be mounted there' none.err && [ ! -s none.ls ]"
expect "nothing of these loads stays in the kernel" leftovers bpf_prog1 my_map

# --- descriptor limits: the message names the limit, whichever step ran out -------------
# (bpfload itself needs 3 to start: the shared libraries are opened before main). The
# descriptors this shell inherited (ctest's) are closed first, so the counts are bpfload's.
for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
for n in 4 5 6 7; do
	prlimit --nofile=$n "$BPFLOAD" sockex1.bo --attach lo --count 1 --interval 0.1 >fd.out 2>fd.err
	rc=$?
	expect "--nofile=$n, sockex1 on lo: exit $rc, 'Too many open files' and the limit of $n, no other cause" \
		bash -c "[ $rc -ne 0 ] && grep -q \"Too many open files (bpfload has used up its $n file descriptors\" fd.err && ! grep -qE 'no network interface|verifier|the kernel said' fd.err"
done
prlimit --nofile=7 "$BPFLOAD" syscount.bo --count 1 --interval 0.1 >fd.out 2>fd.err
rc=$?
expect "--nofile=7, a tracepoint: the id file could not be read for want of descriptors, not 'no tracepoint'" \
	bash -c "[ $rc -ne 0 ] && grep -q 'cannot read .*/events/raw_syscalls/sys_enter/id: Too many open files (bpfload has used up its 7' fd.err && ! grep -q 'no tracepoint' fd.err"
expect "the descriptor-limited runs leave nothing" leftovers bpf_prog1 my_map count_syscall syscalls

# --- a full disk for every output bpfas writes (a 64 KiB tmpfs) ----------------------------
{ printf '\t.section xdp\n'; yes '	r0 = 0' | head -n 20000; printf '\texit\n'; } >mid.s
$BPFAS mid.s -o mid.bo || exit 1
mkdir small
unshare -m --propagation private bash -c "
	mount -t tmpfs -o size=64k tmpfs small || exit 9
	cd small
	try() { name=\$1; shift; \"\$@\" 2>../full_\$name.err; echo \$? >../full_\$name.rc; ls -A >../full_\$name.ls; rm -rf ./* ./.[!.]* 2>/dev/null; }
	try elf $BPFAS ../mid.s -o out.bo
	try plain $BPFAS ../mid.s --no-btf -o out.bo
	try listing $BPFAS ../mid.s -o /dev/null -l out.lst
	try c $BPFAS ../mid.s --format c -o out.c
	try hex $BPFAS ../mid.s --format hex -o out.hex
	try raw $BPFAS ../mid.s --format raw -o out.raw
	try dis $BPFAS -d ../mid.bo -o out.s
	try cfg $BPFAS ../mid.s --cfg -o out.dot"
for t in elf:out.bo plain:out.bo listing:out.lst c:out.c hex:out.hex raw:out.raw dis:out.s cfg:out.dot; do
	name=${t%%:*} file=${t#*:}
	expect "full disk, $name: exit 1, '$file' and 'No space left on device', nothing left in the folder" \
		bash -c "[ \"\$(cat full_$name.rc)\" = 1 ] && grep -q '$file.*No space left on device' full_$name.err && [ \$(wc -l <full_$name.err) = 1 ] && [ ! -s full_$name.ls ]"
done
# a read-only /tmp: what bpfas builds before copying it out (standard output, the picture
# of a source) is made in memory, not in /tmp (the test's folder stays reachable as the
# working directory under the mount)
# (bpfas is copied here first: the build folder may itself be under /tmp)
cp "$SRC/programs/sockex1.s" s1.s && $BPFAS s1.s -o s1.bo && cp "$BPFAS" ./bpfas-copy || exit 1
unshare -m --propagation private bash -c "
	mount -t tmpfs -o ro tmpfs /tmp || exit 9
	./bpfas-copy s1.s -o - >ro_elf.out 2>ro.err; echo \$? >>ro.rc
	./bpfas-copy s1.s --format c -o - >ro_c.out 2>>ro.err; echo \$? >>ro.rc
	./bpfas-copy s1.s --cfg -o - >ro_dot.out 2>>ro.err; echo \$? >>ro.rc
	./bpfas-copy -d sockex1.bo >ro_dis.out 2>>ro.err; echo \$? >>ro.rc"
expect "a read-only /tmp: the object, C, the picture and -d to standard output all made (exit 0 each)" \
	bash -c "[ \"\$(cat ro.rc | tr '\n' ' ')\" = '0 0 0 0 ' ] && [ ! -s ro.err ] && cmp -s ro_elf.out s1.bo && grep -q 'struct bpf_insn' ro_c.out && grep -q '^digraph' ro_dot.out && grep -q 'bpf_prog1:' ro_dis.out"
expect "no mount of the test's is left" bash -c "! grep -q ' $tmp/small \| /sys/fs/bpf tmpfs ' /proc/self/mounts"
summary faults
