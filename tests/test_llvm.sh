#!/bin/bash
# test_llvm.sh: bpfas against llvm-mc-19, the reference assembler. For the same input
# both must produce the same section contents, relocations and symbols (compared as
# llvm-readelf and llvm-objdump print them, so neither side's reader is trusted):
#   1. every form in forms.txt that llvm-mc reads,
#   2. hand-written files under llvm/*.s (relocations, data, symbols),
#   3. clang -S output of the C programs under llvm/*.c.
# Exits 77 (skipped) when llvm-mc-19 is not installed, saying so.
set -u
BPFAS=$(realpath "$1")
SRC=$(realpath "$2")
T=$SRC/tests
MC=llvm-mc-19
READELF=llvm-readelf-19
OBJDUMP=llvm-objdump-19
if ! command -v $MC >/dev/null || ! command -v $READELF >/dev/null; then
	echo "SKIP: llvm-mc-19 is not installed (Debian package llvm-19); no differential test"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

# Section contents except the string and symbol tables (their layout is free) and the
# BTF bpfas adds (llvm-mc makes none from assembly; test_btf checks ours), then
# relocations and symbols by name.
describe() {
	$OBJDUMP -s "$1" | tail -n +3 | awk -v keep_btf="${KEEP_BTF:-0}" '
		/^Contents of section / { skip = ($4 == ".strtab:" || $4 == ".symtab:" || $4 == ".llvm_addrsig:" || $4 ~ /^\.rel/ ||
						  ($4 ~ /^\.BTF/ && !keep_btf) || $4 ~ /^\.debug/) }
		!skip'
	$READELF -r "$1" | awk '/^Relocation section/ { sub(/ at offset 0x[0-9a-f]*/, ""); print; next }
		/^[0-9a-f]+ / { print $1, $3, $5 }'
	$READELF -s "$1" | awk 'NR > 3 { print $2, $3, $4, $5, $6, $7, $8 }' | sort
}

check() { # name source
	local name=$1 src=$2
	if ! $MC -triple bpfel -mcpu=v4 -filetype=obj "$src" -o "$tmp/ref.o" 2>"$tmp/mc.err"; then
		echo "FAIL $name: llvm-mc-19 refused the input:"; cat "$tmp/mc.err"; fail=$((fail + 1)); return
	fi
	if ! $BPFAS "$src" -o "$tmp/ours.bo" 2>"$tmp/as.err"; then
		echo "FAIL $name: bpfas refused the input:"; cat "$tmp/as.err"; fail=$((fail + 1)); return
	fi
	describe "$tmp/ref.o" >"$tmp/ref.txt"
	describe "$tmp/ours.bo" >"$tmp/ours.txt"
	if diff -u "$tmp/ref.txt" "$tmp/ours.txt" >"$tmp/diff.txt"; then
		echo "ok   $name"; pass=$((pass + 1))
	else
		echo "FAIL $name: differs from llvm-mc-19 (- llvm-mc, + bpfas):"; head -40 "$tmp/diff.txt"
		$OBJDUMP -d "$tmp/ref.o" | head -60 >"$tmp/ref.dis"; fail=$((fail + 1))
	fi
}

# check, for -g sources: only what bpfas must keep (program sections, .BTF, .BTF.ext and
# their relocations); DWARF sections bpfas drops on purpose
check_btf() {
	local name=$1 src=$2
	if ! $MC -triple bpfel -mcpu=v4 -filetype=obj "$src" -o "$tmp/ref.o" 2>/dev/null ||
	   ! $BPFAS "$src" -o "$tmp/ours.bo" 2>"$tmp/as.err"; then
		echo "FAIL $name: not assembled"; cat "$tmp/as.err"; fail=$((fail + 1)); return
	fi
	for o in ref.o ours.bo; do
		for s in .BTF .BTF.ext; do $READELF -x $s "$tmp/$o" | tail -n +2; done >"$tmp/$o.btf"
		$READELF -r "$tmp/$o" | awk '/^Relocation section .\.rel\.BTF/ { on = 1; next } /^Relocation section/ { on = 0 }
			on && /^[0-9a-f]+ / { print $1, $3, $5 }' >>"$tmp/$o.btf"
	done
	if diff -u "$tmp/ref.o.btf" "$tmp/ours.bo.btf" >"$tmp/diff.txt" && [ -s "$tmp/ref.o.btf" ]; then
		echo "ok   $name"; pass=$((pass + 1))
	else
		echo "FAIL $name (- llvm-mc, + bpfas):"; head -30 "$tmp/diff.txt"; fail=$((fail + 1))
	fi
}

# 1. the form table, one file; on a mismatch, name the forms that differ
grep -v '^#' "$T/forms.txt" | grep -v '!llvm' | sed 's/=>.*//; s/[[:space:]]*$//' | grep . >"$tmp/forms.s"
check "forms.txt ($(wc -l <"$tmp/forms.s") forms)" "$tmp/forms.s"
if [ $fail -gt 0 ]; then
	while IFS= read -r line; do
		printf '%s\n' "$line" >"$tmp/one.s"
		$MC -triple bpfel -mcpu=v4 -filetype=obj "$tmp/one.s" -o "$tmp/one.o" 2>/dev/null || continue
		$BPFAS "$tmp/one.s" -o "$tmp/one.bo" 2>/dev/null || { echo "  bpfas refuses: $line"; continue; }
		cmp -s <($OBJDUMP -s -j .text "$tmp/one.o" | tail -n +4) <($OBJDUMP -s -j .text "$tmp/one.bo" | tail -n +4) ||
			echo "  differs: $line"
	done <"$tmp/forms.s"
fi

# 2. hand-written files
for s in "$T"/llvm/*.s; do
	check "llvm/$(basename "$s")" "$s"
done

# 3. clang -S output, when clang 19 is there to produce it
CLANG=$(command -v clang-19 || true)
if [ -z "$CLANG" ]; then
	echo "note: clang-19 not installed; the clang -S comparisons did not run"
else
	for c in "$T"/llvm/*.c; do
		n=$(basename "$c" .c)
		if ! $CLANG -O2 -target bpf -mcpu=v4 -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
			-S "$c" -o "$tmp/$n.s" 2>"$tmp/clang.err"; then
			echo "FAIL clang -S $n.c:"; cat "$tmp/clang.err"; fail=$((fail + 1)); continue
		fi
		check "clang -S llvm/$n.c" "$tmp/$n.s"
		# with -g the source carries .BTF and .BTF.ext (and DWARF, which bpfas drops): the
		# BTF sections and their R_BPF_64_NODYLD32 relocations must come out as llvm-mc's
		if $CLANG -O2 -g -target bpf -mcpu=v4 -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
			-S "$c" -o "$tmp/${n}_g.s" 2>/dev/null; then
			KEEP_BTF=1 check_btf "clang -S -g llvm/$n.c (.BTF, .BTF.ext)" "$tmp/${n}_g.s"
		fi
	done
fi

# names clang never declares in -S output (kfuncs): llvm-mc makes them undefined globals,
# and bpfas does the same with a warning
if [ -n "$CLANG" ]; then
	if $CLANG -O2 -target bpf -mcpu=v4 -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
		-S "$T/kernel/kfunc.c" -o "$tmp/kfunc.s" 2>"$tmp/clang.err"; then
		check "clang -S kernel/kfunc.c (kfuncs declared nowhere)" "$tmp/kfunc.s"
		$BPFAS "$tmp/kfunc.s" -o /dev/null 2>"$tmp/kf.err"
		expect "  each undeclared kfunc named once in a warning that says to write .extern" \
			bash -c "[ \$(grep -c 'is declared nowhere here: taken as an external function' '$tmp/kf.err') -eq 3 ] && grep -q 'say so with .\.extern bpf_iter_num_new.' '$tmp/kf.err'"
	else
		echo "FAIL clang -S kernel/kfunc.c:"; cat "$tmp/clang.err"; fail=$((fail + 1))
	fi
fi

# 4. clang-built objects (with and without -g: BTF and DWARF sections present) through
# bpfas -d and back: every program section's bytes as clang made them
if [ -n "$CLANG" ]; then
	for c in "$T"/llvm/*.c; do
		n=$(basename "$c" .c)
		for g in "" -g; do
			$CLANG -O2 $g -target bpf -mcpu=v4 -I/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) \
				-c "$c" -o "$tmp/$n.o" 2>/dev/null || continue
			what="bpfas -d of clang $g llvm/$n.c"
			if ! $BPFAS -d "$tmp/$n.o" -o "$tmp/$n.dis.s" 2>"$tmp/d.err" || ! $BPFAS "$tmp/$n.dis.s" -o "$tmp/$n.re.bo" 2>>"$tmp/d.err"; then
				echo "FAIL $what:"; head -20 "$tmp/d.err"; fail=$((fail + 1)); continue
			fi
			same=1 nsec=0
			for sec in $($READELF -S -W "$tmp/$n.o" | awk '$0 ~ /PROGBITS/ && $0 ~ / AX / { for (i = 1; i <= NF; i++) if ($i == "PROGBITS") print $(i - 1) }'); do
				cmp -s <($OBJDUMP -s -j "$sec" "$tmp/$n.o" | tail -n +4) <($OBJDUMP -s -j "$sec" "$tmp/$n.re.bo" | tail -n +4) ||
					{ echo "  section $sec differs"; same=0; }
				nsec=$((nsec + 1))
			done
			[ $nsec -gt 0 ] || { echo "  no program section found in $n.o"; same=0; }
			# with -g, .BTF and .BTF.ext too: their function and line offsets are section
			# offsets that clang wrote in place (a relocation against the section)
			for sec in .BTF .BTF.ext; do
				[ -n "$g" ] || continue
				cmp -s <($OBJDUMP -s -j "$sec" "$tmp/$n.o" | tail -n +4) <($OBJDUMP -s -j "$sec" "$tmp/$n.re.bo" | tail -n +4) ||
					{ echo "  section $sec differs"; same=0; }
			done
			if [ $same = 1 ]; then echo "ok   $what"; pass=$((pass + 1)); else echo "FAIL $what"; fail=$((fail + 1)); fi
		done
	done
fi

summary llvm
