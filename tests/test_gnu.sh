#!/bin/bash
# test_gnu.sh: GNU's syntax, against GNU's own tools (Debian's binutils-bpf and gcc-bpf).
#   1. Every form of forms.txt, printed by `bpfas -d --syntax gnu`, assembles back to the
#      same bytes (forms.txt's bytes are written by hand; test_isa checks them).
#   2. That GNU text, in bpf-as (GNU as 2.40) too: the same bytes. bpf-as 2.40 predates
#      the v4 instructions and binutils' names of the atomics, wants `[%r10+-8]`, and has
#      no kfunc calls (a call to an .extern is a plain call there); those lines are left out
#      or respelled, by the rules written below, not by what it refuses.
#   3. Every spelling of gnu/aliases.txt gives the bytes of its pseudo-C form.
#   4. C programs through `bpf-gcc -S`: bpfas --syntax gnu and bpf-as make the same bytes
#      in every section and the same relocations.
#   5. `.syntax` switches; what each syntax does not read it refuses at its place.
# Exits 77 (skipped, saying why) when bpf-as or bpf-gcc is missing.
set -u
BPFAS=$(realpath "$1")
SRC=$(realpath "$2")
T=$SRC/tests
for tool in bpf-as bpf-gcc bpf-objcopy bpf-readelf; do
	command -v $tool >/dev/null || { echo "SKIP: $tool not installed (Debian: binutils-bpf, gcc-bpf)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$T/lib.sh"

# section_bytes OBJ SECTION OUT: a section's bytes (empty when it has none)
section_bytes() { bpf-objcopy -O binary -j "$2" "$1" "$3" 2>/dev/null || : >"$3"; }
# relocs OBJ: offset, type and symbol of every relocation, section by section
relocs() { bpf-readelf -rW "$1" | awk '/^Relocation section/ { s = $3 } /R_BPF/ { print s, $1, $3, $5 }'; }

# 1. forms.txt through the GNU printer and back
grep -v '^#' "$T/forms.txt" | sed 's/=>.*//; s/!llvm//; s/[[:space:]]*$//' | grep . >"$tmp/forms.s"
$BPFAS --no-btf "$tmp/forms.s" -o "$tmp/forms.bo" 2>/dev/null
$BPFAS -d --syntax gnu "$tmp/forms.bo" -o "$tmp/forms.gnu.s"
expect "-d --syntax gnu starts with .syntax gnu" grep -q '^	\.syntax gnu$' "$tmp/forms.gnu.s"
expect "-d --syntax gnu prints mnemonics (mov %r1, 2; ldxdw %r0, [%r10-8]; aadd; jeq %r1, 5, ...)" \
	bash -c "grep -q '^	mov %r1, 2$' '$tmp/forms.gnu.s' && grep -q '^	ldxdw %r0, \[%r10-8\]$' '$tmp/forms.gnu.s' &&
		 grep -q '^	aadd \[%r1+8\], %r2$' '$tmp/forms.gnu.s' && grep -q '^	jeq %r1, 5, ' '$tmp/forms.gnu.s'"
$BPFAS --syntax gnu --no-btf "$tmp/forms.gnu.s" -o "$tmp/forms.gnu.bo" 2>/dev/null
section_bytes "$tmp/forms.bo" .text "$tmp/a.bin"
section_bytes "$tmp/forms.gnu.bo" .text "$tmp/b.bin"
expect "forms.txt ($(wc -l <"$tmp/forms.s") forms) in GNU's syntax: the same $(stat -c %s "$tmp/a.bin") bytes" cmp -s "$tmp/a.bin" "$tmp/b.bin"

# 2. the same text in bpf-as 2.40: its older spellings, and without what it lacks
sed -E '/^	\.syntax/d
	/^	(sdiv|smod|movs|bswap|ldxs|aor|aand|axor|af|axchg|acmp|jal|call %r)/d
	/addr_space_cast|load_acquire|store_release|may_goto|ld_pseudo/d
	/^	call bpf_/d
	s/\[(%r[0-9]+)-/[\1+-/; s/^	aadd32 /	xaddw /; s/^	aadd /	xadddw /' "$tmp/forms.gnu.s" >"$tmp/forms.old.s"
$BPFAS --syntax gnu --no-btf "$tmp/forms.old.s" -o "$tmp/old.bo" 2>/dev/null
if bpf-as "$tmp/forms.old.s" -o "$tmp/old.o" 2>"$tmp/as.err"; then
	section_bytes "$tmp/old.o" .text "$tmp/a.bin"
	section_bytes "$tmp/old.bo" .text "$tmp/b.bin"
	expect "bpf-as reads $(grep -c '^	[a-z]' "$tmp/forms.old.s") of the forms to the same $(stat -c %s "$tmp/a.bin") bytes" \
		cmp -s "$tmp/a.bin" "$tmp/b.bin"
else
	bad "bpf-as refused the GNU text of forms.txt: $(head -3 "$tmp/as.err")"
fi

# 3. aliases
n=0
while IFS= read -r line; do
	case "$line" in '#'* | '') continue ;; esac
	gnu=${line%%=>*}
	pc=${line#*=> }
	printf '\t%s\n' "$gnu" >"$tmp/g.s"
	printf '\t%s\n' "$pc" >"$tmp/p.s"
	n=$((n + 1))
	if ! $BPFAS --syntax gnu --no-check -f raw "$tmp/g.s" -o "$tmp/g.bin" 2>"$tmp/g.err"; then
		bad "'$gnu' does not assemble: $(head -1 "$tmp/g.err")"
	elif ! $BPFAS --no-check -f raw "$tmp/p.s" -o "$tmp/p.bin" 2>/dev/null || ! cmp -s "$tmp/g.bin" "$tmp/p.bin"; then
		bad "'$gnu' is not '$pc': $(xxd -p "$tmp/g.bin") against $(xxd -p "$tmp/p.bin")"
	else
		pass=$((pass + 1))
	fi
done <"$T/gnu/aliases.txt"
echo "ok   $n GNU spellings give the bytes of their pseudo-C forms"

# 4. C through bpf-gcc: bpfas and bpf-as, section by section
gcc_case() {
	local name=$1 src=$2; shift 2
	if ! bpf-gcc "$@" -S "$T/gnu/$src" -o "$tmp/$name.s" || ! bpf-as $(printf '%s\n' "$@" | grep -x -- -mxbpf) "$tmp/$name.s" -o "$tmp/$name.o"; then
		bad "$name: bpf-gcc or bpf-as failed"
		return
	fi
	if ! $BPFAS --syntax gnu --no-btf --no-check "$tmp/$name.s" -o "$tmp/$name.bo" 2>"$tmp/$name.err"; then
		bad "$name: bpfas refused bpf-gcc's output: $(head -3 "$tmp/$name.err")"
		return
	fi
	local secs s same=0 differ=""
	secs=$(bpf-readelf -SW "$tmp/$name.o" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p' |
		grep -v -E '^(\.rel|\.symtab|\.strtab|\.shstrtab|\.comment|\.note)')
	for s in $secs; do
		section_bytes "$tmp/$name.o" "$s" "$tmp/a.bin"
		section_bytes "$tmp/$name.bo" "$s" "$tmp/b.bin"
		# bpf-as 2.40 also writes a defined symbol's value into the immediate of an lddw it
		# relocates (R_BPF_INSN_64), which loaders add again; bpfas writes 0 there, as
		# llvm-mc does. The relocations themselves are compared below.
		for off in $(bpf-readelf -rW "$tmp/$name.o" | awk -v want=".rel$s" '/^Relocation section/ { on = ($3 == "'"'"'" want "'"'"'") }
				on && /R_BPF_INSN_64/ { print $1 }'); do
			printf '\0\0\0\0' | dd of="$tmp/a.bin" bs=1 seek=$((16#$off + 4)) conv=notrunc status=none
		done
		if cmp -s "$tmp/a.bin" "$tmp/b.bin"; then same=$((same + 1)); else differ="$differ $s"; fi
	done
	expect "$name ($*): bpfas and bpf-as agree on all $same sections${differ:+, not on$differ}" [ -z "$differ" ]
	expect "$name: the same relocations ($(relocs "$tmp/$name.o" | wc -l))" diff <(relocs "$tmp/$name.o") <(relocs "$tmp/$name.bo")
	expect "$name: the same symbols" diff <(bpf-readelf -sW "$tmp/$name.o" | awk '$8 !~ /^\./ && $4 != "SECTION" && NR > 3 {print $2, $3, $4, $5, $8}' | sort) \
		<(bpf-readelf -sW "$tmp/$name.bo" | awk '$8 !~ /^\./ && $4 != "SECTION" && NR > 3 {print $2, $3, $4, $5, $8}' | sort)
}
gcc_case prog prog.c -O2
gcc_case arith arith.c -O2 -mcpu=v3
gcc_case arith-O0 arith.c -O0
gcc_case indirect indirect.c -O0 -mxbpf

# 4b. objects through -d in each syntax and back: the same object, byte for byte (ours,
# and clang's for the C programs of tests/llvm when clang-19 is there)
objs=()
for f in "$SRC"/programs/*.s; do
	b=$(basename "$f" .s)
	$BPFAS "$f" -o "$tmp/rt-$b.bo" 2>/dev/null && objs+=("$tmp/rt-$b.bo")
done
if command -v clang-19 >/dev/null; then
	for f in "$T"/llvm/*.c; do
		b=$(basename "$f" .c)
		clang-19 -O2 -g -target bpf -I/usr/include/$(gcc -print-multiarch) -c "$f" -o "$tmp/rtc-$b.bo" 2>/dev/null &&
			objs+=("$tmp/rtc-$b.bo")
	done
fi
same=0
for o in "${objs[@]}"; do
	$BPFAS -d "$o" -o "$o.p.s" && $BPFAS "$o.p.s" -o "$o.p.bo" 2>/dev/null
	$BPFAS -d --syntax gnu "$o" -o "$o.g.s" && $BPFAS "$o.g.s" -o "$o.g.bo" 2>/dev/null
	if cmp -s "$o.p.bo" "$o.g.bo"; then same=$((same + 1)); else bad "$(basename "$o"): -d --syntax gnu and back is not the object -d and back makes"; fi
done
expect "${#objs[@]} objects (programs/, clang's): -d in GNU's syntax and back makes the object pseudo-C makes" [ $same -eq ${#objs[@]} -a $same -gt 8 ]

# 4c. GNU's end of section padding, up to a 4096-byte alignment, as bpf-as pads
printf '\t.data\n\t.byte 1\n\t.p2align 12\n\t.byte 2\n\t.section .rodata\n\t.align 3\n\t.word 7\n\t.byte 8\n' >"$tmp/pad.s"
bpf-as "$tmp/pad.s" -o "$tmp/pad.o" && $BPFAS --syntax gnu --no-btf "$tmp/pad.s" -o "$tmp/pad.bo"
for sec in .data .rodata; do
	section_bytes "$tmp/pad.o" $sec "$tmp/a.bin"
	section_bytes "$tmp/pad.bo" $sec "$tmp/b.bin"
	expect "$sec padded to its alignment as bpf-as pads it ($(stat -c %s "$tmp/a.bin") bytes)" cmp -s "$tmp/a.bin" "$tmp/b.bin"
done

# 5. switching, and what each syntax refuses
printf '\tr1 = 2\n\t.syntax gnu\n\tmov %%r1, 2 ; a comment\n\t.syntax pseudoc\n\tr1 = 2\n\texit\n' >"$tmp/sw.s"
expect ".syntax switches both ways" bash -c "$BPFAS -f hex '$tmp/sw.s' -o - | sort -u | wc -l | grep -qx 2"
printf '\tmov %%r1, 2\n' >"$tmp/nognu.s"
expect "pseudo-C refuses a mnemonic at its place" bash -c "! $BPFAS '$tmp/nognu.s' -o '$tmp/x.bo' 2>'$tmp/nognu.err' && grep -q 'nognu.s:1:' '$tmp/nognu.err'"
expect "and leaves no object" [ ! -e "$tmp/x.bo" ]
printf '\t.syntax gnu\n\tadd %%r1\n\tldxw %%r0, %%r1\n\tjeq %%r1, 5\n\t.syntax intel\n' >"$tmp/bad.s"
$BPFAS "$tmp/bad.s" -o "$tmp/x.bo" 2>"$tmp/bad.err"
expect "a wrong operand list says what the mnemonic takes, at its line" \
	grep -q "bad.s:2:2: error: \`add\` takes a register and a register or a number: \`add %r1, 2\`" "$tmp/bad.err"
expect "... for loads" grep -q "bad.s:3:2: error: \`ldxw\` takes a register and an address: \`ldxw %r0, \[%r1+8\]\`" "$tmp/bad.err"
expect "... for jumps" grep -q "bad.s:4:2: error: \`jeq\` takes a register, a register or a number, and the target" "$tmp/bad.err"
expect ".syntax names the two it knows" grep -q "bad.s:5:2: error: .syntax takes gnu or pseudoc, not 'intel'" "$tmp/bad.err"
# conditional assembly and macros in GNU's syntax; the bytes worked out from RFC 9669:
# mov r0, 0 = b7 00 ..; jgt r1, 100 by 3 = 25 01 03 00 64 00 00 00; add r0, 1 = 07 00 .. 01;
# exit = 95
printf '\t.syntax gnu\n\t.macro bound reg, n\n\tjgt \\reg, \\n, out\n\t.endm\n\t.ifndef TURNS\n\t.equ TURNS, 3\n\t.endif\n\tmov %%r0, 0\n\tbound %%r1, 100\n\t.rept TURNS\n\tadd %%r0, 1\n\t.endr\nout:\n\texit\n' >"$tmp/macro.s"
want="b7 00 00 00 00 00 00 00
25 01 03 00 64 00 00 00
07 00 00 00 01 00 00 00
07 00 00 00 01 00 00 00
07 00 00 00 01 00 00 00
95 00 00 00 00 00 00 00"
expect ".macro, .ifndef and .rept in GNU's syntax" [ "$($BPFAS -f hex "$tmp/macro.s" -o - 2>&1)" = "$want" ]
summary gnu
