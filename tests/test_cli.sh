#!/bin/bash
# test_cli.sh: the bpfas command as a user runs it: outputs, formats, standard input and
# output, disassembly, errors that leave nothing behind, and that readelf/llvm-objdump
# read our objects without complaint.
set -u
BPFAS=$(realpath "$1")
SRC=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

cp "$SRC/programs/sockex1.s" "$tmp/sockex1.s"
cd "$tmp"

# default output name, ELF magic, BPF machine (247 = 0xf7 at offset 18)
expect "assembles sockex1.s to sockex1.bo" $BPFAS sockex1.s
expect "output is an ELF file" test "$(head -c4 sockex1.bo | od -An -c | tr -d ' ')" = "177ELF"
expect "e_machine is EM_BPF" test "$(od -An -tu1 -j18 -N1 sockex1.bo | tr -d ' ')" = "247"
# sockex1 has 15 instruction slots (13 instructions, one of them a two-slot lddw)
$BPFAS sockex1.s --format raw -o sockex1.bin
expect "raw format: 15 slots, 120 bytes" test "$(stat -c %s sockex1.bin)" = 120
expect "hex format: 15 lines" test "$($BPFAS sockex1.s --format hex | wc -l)" = 15
expect "c format declares the instructions" grep -q 'static struct bpf_insn socket_insns\[\] = {' <($BPFAS sockex1.s --format c)
$BPFAS sockex1.s --format c -o insns.c
printf '#include <stdio.h>\n#include "insns.c"\nint main(void) { printf("%%zu\\n", sizeof(socket_insns) / sizeof(socket_insns[0])); return 0; }\n' >use.c
expect "c format compiles as C, with 15 instructions" bash -c "cc -Wall -Werror -o use use.c && [ \"\$(./use)\" = 15 ]"
$BPFAS sockex1.s -o /dev/null -l sockex1.lst
expect "listing shows slot 0 with its source line" grep -q '^    0  bf 16 00 00 00 00 00 00  sockex1.s:[0-9]*: 	r6 = r1' sockex1.lst
expect "-o - writes the object to standard output" cmp <($BPFAS sockex1.s -o -) sockex1.bo
expect "- reads standard input" cmp <($BPFAS - --format raw -o - <sockex1.s) sockex1.bin

# a target that is not a regular file is written in place, never replaced: a FIFO here
# (the same path keeps /dev/null a device when root writes -o /dev/null)
mkfifo pipe
cat pipe >from_pipe.bo &
reader=$!
$BPFAS sockex1.s -o pipe
wait $reader
expect "-o FIFO: the FIFO is still a FIFO" test -p pipe
expect "-o FIFO: the object went through it" cmp from_pipe.bo sockex1.bo
expect "-o /dev/null leaves /dev/null a character device" bash -c "'$BPFAS' sockex1.s -o /dev/null && test -c /dev/null"
# a symbolic link is written through, never renamed over: /dev/stdout is a link into /proc,
# and with standard output a file, an earlier bpfas replaced it (as root) with a plain file
ln -s /proc/self/fd/1 fake_stdout
$BPFAS sockex1.s --format raw -o fake_stdout >via_stdout.bin
expect "-o a link to /proc/self/fd/1: the link is still a link" test -L fake_stdout
expect "-o a link to /proc/self/fd/1: the bytes reached standard output" cmp via_stdout.bin sockex1.bin
# the real /dev/stdout only once the stand-in above survived (it failed the suite if not)
if [ -L fake_stdout ]; then
	$BPFAS sockex1.s -o /dev/null -l /dev/stdout >via_stdout.lst
	expect "-l /dev/stdout with standard output a file: /dev/stdout is still a link" test -L /dev/stdout
	expect "-l /dev/stdout with standard output a file: the listing is in the file" cmp via_stdout.lst sockex1.lst
	$BPFAS -d sockex1.bo -o /dev/stdout >via_stdout.dis
	expect "-d -o /dev/stdout with standard output a file: still a link, text in the file" \
		bash -c "test -L /dev/stdout && cmp via_stdout.dis <('$BPFAS' -d sockex1.bo)"
fi
mkdir -p real
ln -s real/target.bo link.bo
$BPFAS sockex1.s -o link.bo
expect "-o a dangling link makes the file it points at, and keeps the link" \
	bash -c "test -L link.bo && cmp real/target.bo sockex1.bo"
printf 'r0 = bogus_name_x\nexit\n' >broken_link.s
$BPFAS broken_link.s -o link.bo 2>/dev/null
expect "a failed run through a link keeps the link and the file it points at" \
	bash -c "test -L link.bo && cmp real/target.bo sockex1.bo && test -z \"\$(ls real | grep tmp)\""
$BPFAS --cfg sockex1.s -o cfg_link.dot 2>/dev/null
ln -s real/pic.dot cfg_link2.dot
$BPFAS --cfg sockex1.s -o cfg_link2.dot
expect "--cfg -o a link: the picture is where the link points, the link stays" \
	bash -c "test -L cfg_link2.dot && cmp real/pic.dot cfg_link.dot"

# errors: exit 1, message with location, no output and no temporary file left
printf 'r0 = 1\nr0 = bogus_name_x\nexit\n' >broken.s
$BPFAS broken.s -o broken.bo 2>broken.err
expect "an error exits 1" test $? -eq 1
expect "the error names file, line and column" grep -q '^broken.s:2:6: error: unknown name' broken.err
expect "no object is left after an error" test ! -e broken.bo
expect "no temporary file is left after an error" test -z "$(ls | grep tmp)"
cp sockex1.bo keep.bo
$BPFAS broken.s -o keep.bo 2>/dev/null
expect "a failed run keeps the previous output intact" cmp keep.bo sockex1.bo

# a large source assembled without BTF gives its memory back as it is scanned: its
# diagnostics then read their lines again from the file, and must say what they say when
# the whole source stays in memory (the default, BTF), each line as the file has it
awk 'BEGIN { for (i = 1; i <= 700000; i++) {
	if (i == 3) print "\tr0 = early_bogus"; else if (i == 350000) print "\tr11 = 1";
	else if (i == 500000) printf "\tr1 = crlf_bogus\r\n"; else if (i == 699990) print "\tgoto late_bogus";
	else print "\tr1 += 1" } print "\texit" }' >big_bad.s
$BPFAS --no-btf big_bad.s -o big_bad.bo 2>big_nobtf.err
$BPFAS big_bad.s -o big_bad.bo 2>big_btf.err
$BPFAS --check big_bad.s 2>big_check.err
lines_as_file() { # every quoted source line is the file's line of that number
	local n=0 file line col
	while IFS=: read -r file line col _; do
		[ "$file" = big_bad.s ] || continue
		want=$(sed -n "${line}p" big_bad.s | tr -d '\r')
		got=$(grep -A1 -F "big_bad.s:$line:$col:" big_nobtf.err | sed -n 2p)
		[ "$got" = "$want" ] || { echo "  line $line: '$got', the file has '$want'"; return 1; }
		n=$((n + 1))
	done <big_nobtf.err
	[ $n -eq 4 ]
}
expect "a 6 MB source without BTF: 4 errors at its start, middle and end, each quoting its line as the file has it (CRLF too)" lines_as_file
expect "... the same diagnostics as with the whole source kept in memory, and with --check" \
	bash -c "cmp big_nobtf.err big_btf.err && cmp big_nobtf.err big_check.err"
if command -v strace >/dev/null; then
	expect "... whose memory was given back as the scanner passed it (madvise MADV_DONTNEED)" \
		bash -c "strace -f -e trace=madvise '$BPFAS' --no-btf big_bad.s -o big_bad.bo 2>&1 | grep -c 'MADV_DONTNEED) = 0' | grep -qvx 0"
	expect "... and not with BTF, whose line records need every line" \
		bash -c "! strace -f -e trace=madvise '$BPFAS' big_bad.s -o big_bad.bo 2>&1 | grep -q 'MADV_DONTNEED'"
else
	bad "strace is installed (.ci/run installs it), to see the source's memory given back"
fi
rm -f big_bad.s big_bad.bo

# -D and -I
mkdir inc
printf '.equ BASE, 10\n' >inc/base.s
printf '.include "base.s"\nr0 = BASE + EXTRA\nexit\n' >defs.s
expect "-I and -D reach the source" test "$($BPFAS -I inc -D EXTRA=5 defs.s --format hex | head -1)" = "b7 00 00 00 0f 00 00 00"

# disassembly that reassembles
$BPFAS -d sockex1.bo >dis.s
expect "disassembly names the helper" grep -q 'call bpf_map_lookup_elem' dis.s
expect "disassembly names the map" grep -q 'r1 = my_map ll' dis.s
expect "disassembly reassembles to the same instructions" cmp <($BPFAS dis.s --format raw -o -) sockex1.bin
expect "--section prints one section" test "$($BPFAS -d sockex1.bo --section socket | grep -c '\.section')" = 1
# the BTF sections come back byte for byte, their string tables written as text: every
# name the source declares is an .asciz line (the BTF format keeps names NUL-terminated)
$BPFAS dis.s -o dis.bo 2>/dev/null
same_sections() {
	for sec in .BTF .BTF.ext; do
		llvm-objcopy-19 --dump-section "$sec=a$sec" sockex1.bo /dev/null && llvm-objcopy-19 --dump-section "$sec=b$sec" dis.bo /dev/null &&
			cmp "a$sec" "b$sec" || return 1
	done
}
expect "disassembly reassembles to the same .BTF and .BTF.ext (llvm-objcopy's dump)" same_sections
expect "the BTF strings as .asciz lines (my_map, bpf_prog1, the source lines)" \
	bash -c "grep -qx '	.asciz \"my_map\"' dis.s && grep -qx '	.asciz \"bpf_prog1\"' dis.s && grep -q '^	.asciz \"r0 = ' dis.s"
$BPFAS -d sockex1.bo | cat >piped.s
expect "-d into a pipe streams the same text" cmp piped.s dis.s
$BPFAS -d sockex1.bo --section nope 2>nosec.err
expect "--section with an unknown name fails" test $? -eq 1
head -c 100 sockex1.bo >short.bo
$BPFAS -d short.bo 2>short.err
expect "a truncated object is refused with a reason" test $? -eq 1 -a -s short.err

# an ordinary user cannot read tracefs (mode 0700): said so, with --tracefs to use a saved
# copy, and the event's field names are not reported again as unknown
if [ "$(id -u)" -eq 0 ] && [ "$(stat -c %a /sys/kernel/tracing 2>/dev/null)" = 700 ]; then
	# the source and the saved copy where nobody can read them, whatever the checkout's modes
	mkdir -m 755 nobody && cp "$SRC/programs/cpustat.s" nobody/ && cp -r "$SRC/tests/tracefs" nobody/tracefs &&
		chmod -R a+rX nobody && chmod a+x .
	setpriv --reuid=65534 --regid=65534 --clear-groups $BPFAS nobody/cpustat.s -o /dev/null 2>tfs.err
	rc=$?
	expect "an unreadable tracefs: exit 1, why, --tracefs tests/tracefs, and no knock-on unknown names" \
		bash -c "[ $rc -eq 1 ] && grep -q 'cpu_idle/format (permission denied)' tfs.err && grep -q -- '--tracefs tests/tracefs' tfs.err &&
			[ \$(grep -c ': error: ' tfs.err) -eq 2 ] && ! grep -q 'unknown name' tfs.err"
	setpriv --reuid=65534 --regid=65534 --clear-groups $BPFAS --tracefs nobody/tracefs nobody/cpustat.s -o /dev/null
	expect "and with --tracefs tests/tracefs the same user assembles it" test $? -eq 0
else
	echo "  (the unreadable-tracefs check needs root, to run as nobody, and tracefs of mode 0700)"
fi
# --describe of a program type (the kernel's verdict on the same helpers is in test_bpfload.sh)
expect "--describe socket_filter: it reads len and writes only cb" \
	bash -c "$BPFAS --describe socket_filter | grep -qE '^    reads  len ' && $BPFAS --describe socket_filter | grep -qx '    writes cb'"
expect "--describe __sk_buff: what a socket_filter and a sched_cls program may touch" \
	bash -c "$BPFAS --describe __sk_buff | grep -qx '  a socket_filter program (Linux [0-9.]*):' && $BPFAS --describe __sk_buff | grep -qx '  a sched_cls program (Linux [0-9.]*):'"
# --describe: a uapi context, and a tracepoint from the saved tracefs copy
expect "--describe __sk_buff lists len at offset 0 with its load" grep -qE '^ +0 +4  len +__sk_buff.len +r2 = \*\(u32 \*\)\(r1 \+ __sk_buff.len\)$' <($BPFAS --describe __sk_buff)
$BPFAS --tracefs "$SRC/tests/tracefs" --describe power/cpu_frequency >desc.txt
expect "--describe power/cpu_frequency names its id" grep -q '^tracepoint power/cpu_frequency (id [0-9]*): ' desc.txt
expect "--describe power/cpu_frequency: state at offset 8, and the load to write" grep -qE '^ +8 +4  u32 state +cpu_frequency.state +r2 = \*\(u32 \*\)\(r1 \+ cpu_frequency.state\)$' desc.txt
expect "--describe power/cpu_frequency: every name starts under its heading, past the longest declaration" \
	awk 'index($0, "name in assembly") { col = index($0, "name in assembly") } / cpu_frequency\./ { n++; if (index($0, " cpu_frequency.") + 1 != col) bad = 1 } END { exit !(col && n == 6 && !bad) }' desc.txt
$BPFAS --tracefs "$SRC/tests/tracefs" --describe power/nonesuch 2>/dev/null
expect "--describe of an unknown tracepoint exits 1" test $? -eq 1
$BPFAS --describe no_such_struct 2>/dev/null
expect "--describe of an unknown name exits 1" test $? -eq 1

# mistakes of the kind learners make: an object given to the assembler
$BPFAS sockex1.bo -o again.bo 2>obj.err
expect "an ELF object as input: exit 1, pointing to -d" bash -c "[ $? -eq 1 ] && grep -q 'is an ELF object, not assembly; to read it, disassemble it: bpfas -d sockex1.bo' obj.err"
expect "and no output" test ! -e again.bo

# the conventions of a command
expect "--help exits 0" $BPFAS --help >/dev/null
expect "--version prints the version" grep -q '^bpfas [0-9]' <($BPFAS --version)
$BPFAS --no-such-option 2>/dev/null
expect "an unknown option exits 1" test $? -eq 1
$BPFAS 2>/dev/null
expect "no input exits 1" test $? -eq 1

# other tools read the object cleanly (when installed)
if command -v readelf >/dev/null; then
	readelf -a sockex1.bo >readelf.out 2>readelf.err
	expect "readelf -a reads it without warnings" test $? -eq 0 -a ! -s readelf.err
else
	echo "note: readelf (binutils) not installed; not checked"
fi
if command -v llvm-objdump-19 >/dev/null; then
	llvm-objdump-19 -dr sockex1.bo >objdump.out 2>objdump.err
	expect "llvm-objdump -dr reads it without warnings" test $? -eq 0 -a ! -s objdump.err
	expect "llvm-objdump sees the relocation against my_map" grep -q 'R_BPF_64_64.*my_map' objdump.out
else
	echo "note: llvm-objdump-19 not installed; not checked"
fi

# --- the static checks never speak of a program the kernel accepts ---------------------
# every program of programs/ and tests/ (the templates filled in as their tests fill them),
# but those written to hold a mistake (or, undeclared.s, names declared nowhere), which must be
# found; and clang's output for the C
# programs of the tests
mistakes="tests/kernel/reject.s tests/kernel/uninit_key.s tests/run/stray_stack.s tests/run/alu.s tests/run/null_value.s tests/run/ctx_write.s tests/llvm/undeclared.s"
clean=0 found=0 silent=""
while read -r f; do
	case $f in tests/bad/* | tests/refuse/*) continue ;; esac
	src="$SRC/$f"
	case $f in
	tests/kernel/kfunc.s) sed 's/KFUNC/bpf_iter_num_new/' "$src" >"$tmp/chk.s"; src=$tmp/chk.s ;;
	tests/kernel/kprobe.s) sed 's|/FUNC|/__x64_sys_getpid|' "$src" >"$tmp/chk.s"; src=$tmp/chk.s ;;
	esac
	$BPFAS --check "$src" -I "$SRC/tests/inc" --tracefs "$SRC/tests/tracefs" -D ASPACE=1 -D NR_GETPID=39 -D TURNS=3 \
		>"$tmp/chk.out" 2>&1
	rc=$?
	if [[ " $mistakes " == *" $f "* ]]; then
		[ $rc -eq 1 ] && grep -q ': warning: ' "$tmp/chk.out" && found=$((found + 1)) || silent="$silent $f(missed)"
	elif [ $rc -eq 0 ]; then
		clean=$((clean + 1))
	else
		silent="$silent $f"; cat "$tmp/chk.out"
	fi
done < <(cd "$SRC" && find programs tests -name '*.s' | sort)
expect "bpfas --check: no findings in $clean programs, the $found written with a mistake found${silent:+; wrong:$silent}" \
	test -z "$silent" -a $found -eq 7 -a $clean -gt 30
CLANG=$(command -v clang-19 || true)
if [ -n "$CLANG" ]; then
	n=0 noisy=""
	for c in "$SRC"/tests/llvm/*.c "$SRC"/tests/kernel/core.c "$SRC"/tests/run/maps_of_maps.c "$SRC"/tests/btf/*.c; do
		for g in "" -g; do
			[ "$c" = "$SRC/tests/kernel/core.c" ] && [ -z "$g" ] && continue # CO-RE needs -g
			$CLANG -O2 $g -target bpf -mcpu=v4 -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
				-I "$SRC/tests/inc" -S "$c" -o "$tmp/cl.s" 2>/dev/null || { noisy="$noisy $(basename "$c")(clang)"; continue; }
			$BPFAS --check "$tmp/cl.s" >"$tmp/cl.out" 2>&1 && n=$((n + 1)) || { noisy="$noisy $(basename "$c")$g"; cat "$tmp/cl.out"; }
		done
	done
	expect "bpfas --check: no findings in clang's output for $n C programs${noisy:+; findings in:$noisy}" test -z "$noisy" -a $n -gt 10
else
	echo "note: clang-19 not installed; its output was not checked"
fi

# a tracepoint program reading past its event's record: sys_enter_getpid's format in
# tests/tracefs ends with __syscall_nr at offset 8, size 4: 12 bytes; a u32 read at 12 is past it
printf '\t.license "GPL"\n\t.tracepoint syscalls/sys_enter_getpid\nlong:\n\tr0 = *(u32 *)(r1 + 8)\n\tr0 = *(u32 *)(r1 + 12)\n\tr0 = 0\n\texit\n' >tp_long.s
$BPFAS --check --tracefs "$SRC/tests/tracefs" tp_long.s >tp_long.out 2>&1
rc=$?
expect "bpfas --check: a read past a tracepoint's 12-byte record, at line 5 only" \
	bash -c "[ $rc -eq 1 ] && grep -q '^tp_long.s:5:2: warning: this 4-byte read at offset 12 goes past the end of the syscalls/sys_enter_getpid record (12 bytes)' tp_long.out && [ \$(grep -c warning: tp_long.out) -eq 1 ]"

# --- the program as a picture ------------------------------------------------------------
# sockex1.s, worked out from its source: two conditional jumps (lines 49 and 56) both to
# 'out', so four blocks (slots 0-4, 5-10, 11-12, 13-14) and five edges: two taken jumps,
# three fall-throughs; one function
if command -v dot >/dev/null; then
	$BPFAS --cfg sockex1.s >s.dot 2>s.err
	dot -Tplain s.dot >s.plain 2>>s.err
	expect "--cfg sockex1.s: Graphviz reads it: 4 blocks, 5 edges (2 taken, 3 fall)" \
		bash -c "[ \$(grep -c '^node ' s.plain) -eq 4 ] && [ \$(grep -c '^edge ' s.plain) -eq 5 ] && [ \$(grep -c '^edge .* taken ' s.plain) -eq 2 ] && [ \$(grep -c '^edge .* fall ' s.plain) -eq 3 ]"
	expect "--cfg: the exit block drawn double, its lines with slots and .s lines" \
		bash -c "grep -q 'out:\\\\l  *13  *63  r0 = 0\\\\l  *14  *64  exit\\\\l\", peripheries=2' s.dot"
	$BPFAS sockex1.s -o s_pic.bo
	expect "--cfg of the object is the picture of its source" bash -c "$BPFAS --cfg s_pic.bo | sed 's/s_pic.bo/sockex1.s/' | cmp -s - s.dot"
	$BPFAS --cfg "$SRC/programs/calls.s" >c.dot
	expect "--cfg calls.s: the call into .text drawn to a note naming log_len" \
		bash -c "grep -q 'shape=note, label=\"log_len\\\\n(in section .text)\"' c.dot && grep -q -- '-> x1 \\[label=\"call\"' c.dot"
	expect "--cfg --section .text: log_len's own graph" bash -c "$BPFAS --cfg '$SRC/programs/calls.s' --section .text | grep -q 'label=\"log_len\"'"
	$BPFAS --cfg sockex1.s -o s.svg
	expect "--cfg -o FILE.svg: an SVG drawn by dot, with the program's name" bash -c "head -c 200 s.svg | grep -q '<?xml' && grep -q 'bpf_prog1' s.svg"
	$BPFAS --cfg sockex1.s -o s.txt 2>n.err
	rc=$?
	expect "--cfg -o FILE.txt: exit 1, the names it takes, no file" bash -c "[ $rc -eq 1 ] && grep -q 'FILE.dot' n.err && [ ! -e s.txt ]"
	PATH=/nonexistent $BPFAS --cfg sockex1.s -o nodot.png 2>nd.err
	rc=$?
	expect "--cfg without Graphviz: exit 1, says how to get it, leaves no file" \
		bash -c "[ $rc -eq 1 ] && grep -q 'apt-get install graphviz' nd.err && [ -z \"\$(ls nodot.png* 2>/dev/null)\" ]"
else
	bad "Graphviz (dot) is not installed: the pictures were not checked (apt-get install graphviz)"
fi

# --- every encoding assembles: what encodes but is most likely a mistake is a warning --------
# a shift by 32 in a 32-bit register is the bytes 64 1 0 0 20 0 0 0 (RFC 9669: LSH|K|ALU =
# 0x64, dst 1, imm 32); 300 into a u8 store is 72 a 0 0 ff ff 2c 1 0 0 (ST|MEM|B, r10,
# off -1, imm 300); -d prints them back and they reassemble to the same bytes
printf '\t.section socket\nmasked:\n\tw1 <<= 32\n\t*(u8 *)(r10 - 1) = 300\n\tr0 = 0\n\texit\n' >enc.s
$BPFAS --format hex enc.s -o enc.hex 2>enc.err
expect "a shift by 32 and a u8 store of 300 assemble, with two warnings saying why" \
	bash -c "head -2 enc.hex | tr -d ' ' | tr '\n' ' ' | grep -qix '6401000020000000 720affff2c010000 ' && [ \$(grep -c ': warning: ' enc.err) -eq 2 ] && grep -q 'keeps its low 8 bits, 44' enc.err"
$BPFAS enc.s -o enc.bo 2>/dev/null && $BPFAS -d enc.bo -o enc.dis.s && $BPFAS enc.dis.s --format raw -o enc2.bin 2>/dev/null && $BPFAS enc.s --format raw -o enc1.bin 2>/dev/null
expect "-d of them reassembles to the same bytes" cmp -s enc1.bin enc2.bin
$BPFAS -Werror enc.s -o enc_w.bo 2>ew.err
rc=$?
expect "-Werror: exit 1, the warnings as errors, no object" bash -c "[ $rc -eq 1 ] && grep -q 'Werror makes them errors' ew.err && [ ! -e enc_w.bo ]"

# --- conditional assembly, .rept and macros -------------------------------------------------
# RFC 9669: r0 = IMM is b7 00 .. IMM (MOV|K|ALU64), r0 += IMM 07 00 .. IMM (ADD|K|ALU64),
# exit 95; TURNS defaults to 2 through .ifndef and -D overrides it; .ifgt compares with 0
cat >cond.s <<'SRC'
	.ifndef TURNS
	.equ TURNS, 2
	.endif
	.macro add_to reg, value
	\reg += \value
	.endm
	.section socket
prog:
	r0 = 0
	.rept TURNS
	add_to r0, 5
	.endr
	.ifgt TURNS - 3
	r0 = 7
	.else
	.ifdef NOT_DEFINED
	r0 = 8
	.endif
	.endif
	exit
SRC
expect "conditionals, .rept and a macro: TURNS=2 by default, two adds of 5, no r0 = 7" \
	bash -c "$BPFAS cond.s --format hex -o - | tr -d ' ' | tr '\n' ' ' | grep -qx 'b700000000000000 0700000005000000 0700000005000000 9500000000000000 '"
expect "-D TURNS=4: four adds, then r0 = 7" \
	bash -c "$BPFAS -D TURNS=4 cond.s --format hex -o - | tr -d ' ' | tr '\n' ' ' | grep -qx 'b700000000000000 0700000005000000 0700000005000000 0700000005000000 0700000005000000 b700000007000000 9500000000000000 '"
expect "an instruction from a macro inside a .rept says where it came from in its line info" \
	bash -c "$BPFAS cond.s -o cond.bo && $BPFAS -d cond.bo | grep -q '; r0 += 5  @ cond.s:10: .rept:1: macro add_to:1'"

# any 8-byte-aligned code round-trips: 2000 pseudo-random words (an LCG, so the same every
# run; most name no instruction, a few are one) as a program section, through -d and back
awk 'BEGIN { x = 12345; print "\t.section socket\nf:"; for (i = 0; i < 2000; i++) { w = ""; for (k = 0; k < 4; k++) { x = (x * 1103515245 + 12345) % 2147483648; w = w sprintf("%04x", int(x / 32768) % 65536) } print "\t.quad 0x" w } print "\texit" }' >rnd.s
$BPFAS --no-check rnd.s --format raw -o rnd1.bin 2>/dev/null && $BPFAS --no-check rnd.s -o rnd.bo 2>/dev/null &&
	$BPFAS -d rnd.bo -o rnd.dis.s && $BPFAS --no-check rnd.dis.s --format raw -o rnd2.bin 2>/dev/null
expect "2000 random instruction words: -d prints them (named or as .quad) and they reassemble to the same bytes" \
	bash -c "cmp -s rnd1.bin rnd2.bin && [ \$(stat -c %s rnd1.bin) -eq 16008 ] && grep -q '# not an instruction' rnd.dis.s && [ \$(grep -c '^	[a-z*]' rnd.dis.s | head -1) -gt 1 ]"

# an expression nested past the parser's stack says so, with its line (not bison's "memory exhausted")
# refused WHAT NAME PATTERN: NAME.s assembles with exit 1 (not a crash), an error matching
# PATTERN, and no NAME.bo
refused() {
	$BPFAS "$2.s" -o "$2.bo" 2>"$2.err"
	local rc=$?
	expect "$1: exit $rc, the error, no object" bash -c "[ $rc -eq 1 ] && grep -q \"$3\" '$2.err' && [ ! -e '$2.bo' ]"
}
awk 'BEGIN { printf "\t.section socket\np:\n\tr0 = "; for (i = 0; i < 20000; i++) printf "("; printf "1"; for (i = 0; i < 20000; i++) printf ")"; print "\n\texit" }' >deep.s
refused "20000 nested parentheses, 'nests too deeply' at line 3" deep '^deep.s:3:[0-9]*: error: this line nests too deeply for the parser'
expect "and not bison's 'memory exhausted'" bash -c "! grep -q 'memory exhausted' deep.err"

# a full disk is named as such (/dev/full: every write fails with ENOSPC), for the object,
# the listing and a disassembly
$BPFAS sockex1.s -o /dev/full 2>full1.err
$BPFAS sockex1.s -o full_ok.bo -l /dev/full 2>full2.err
$BPFAS -d sockex1.bo -o /dev/full 2>full3.err
expect "a full disk: 'No space left on device' for -o, -l and -d" \
	bash -c "grep -q 'writing /dev/full failed: No space left on device' full1.err && grep -q 'cannot write the listing /dev/full: No space left on device' full2.err && grep -q 'cannot write /dev/full: No space left on device' full3.err"

# a program the kernel cannot load (more than 1,000,000 slots: E2BIG) is said once, at
# the first slot past the limit; exactly 1,000,000 is not
{ printf '\t.section xdp\n'; yes '	r0 = 0' | head -n 999999; printf '\texit\n'; } >max.s
{ printf '\t.section xdp\n'; yes '	r0 = 0' | head -n 1000000; printf '\texit\n'; } >over.s
$BPFAS max.s -o max.bo 2>max.err
$BPFAS over.s -o over.bo 2>over.err
expect "1,000,000 slots: no warning; 1,000,001: one warning at line 1000002 (slot 1000000), the object written" \
	bash -c "[ ! -s max.err ] && [ \$(grep -c warning over.err) = 1 ] && grep -q \"^over.s:1000002:2: warning: section 'xdp' holds 1000001 instruction slots; the kernel loads at most 1000000 in one program, so this one will be refused (this is slot 1000000)\" over.err && [ \$(stat -c %s over.bo) -gt 8000008 ]"
rm -f max.s over.s max.bo over.bo

# a line of 5,000 characters is shown as the 160 around the error, the caret still under it
awk 'BEGIN { printf "\t.section xdp\n\tr0 = "; for (i = 0; i < 2500; i++) printf "1 + "; printf "nosuch"; for (i = 0; i < 20; i++) printf " + 1"; print "\n\texit" }' >wide.s
$BPFAS wide.s -o wide.bo 2>wide.err
expect "a very long line: its error shows 166 characters, '...' on both sides, the caret under 'nosuch'" \
	bash -c "[ \"\$(sed -n 2p wide.err | wc -c)\" = 167 ] && sed -n 2p wide.err | grep -q '^\\.\\.\\..*\\.\\.\\.\$' && [ \"\$(sed -n 3p wide.err)\" = \"\$(printf '%83s^~~~~~' '')\" ] && [ \"\$(sed -n 2p wide.err | cut -c84-89)\" = nosuch ]"

# a chain of 300,000 .equ names, each defined through the next: evaluated to a bounded
# depth, an error, not a stack overflow
awk 'BEGIN { print "\t.section xdp"; for (i = 0; i < 300000; i++) printf ".equ A%d, A%d + 1\n", i, i + 1; print ".equ A300000, 1\n\tr0 = A0\n\texit" }' >chain.s
refused "300,000 chained .equ names, 'nests too deeply'" chain 'error: this value nests too deeply: more than 12000 levels'
rm -f chain.s

summary cli
