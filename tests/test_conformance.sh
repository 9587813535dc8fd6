#!/bin/bash
# test_conformance.sh: the BPF conformance suite's 313 tests (../shared/bpf_conformance,
# read in place, never copied here), each assembled from its `-- asm` text by bpfas in GNU's
# syntax (a `-- raw` program must be the same bytes), then run
#   - by the emulator (bpfload --emulate --mem): r1 points at the `-- mem` bytes, r2 holds
#     their length; r0 must be the `-- result`, all 64 bits of it;
#   - in the kernel (bpfload --test-run, root): the test is a subprogram in .text that a
#     small XDP program calls with r1 = the packet (the `-- mem` bytes, padded to the 14
#     bytes an XDP test run wants) and r2 = their length, after checking that many bytes
#     are there; it stores the 64-bit r0 in an array map, which bpfload prints. The verifier
#     refuses some tests: exactly the ones listed in REFUSED below, each for its reason.
# The summary prints both counts. Without root the kernel half is skipped and says so.
# KEEP=1 keeps the temporary folder.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
CONF=${4:-}
if [ -z "$CONF" ]; then # beside the project, as the workplace lays it out
	for d in "$(dirname "$0")/../../shared/bpf_conformance/tests" /work/shared/bpf_conformance/tests; do
		[ -d "$d" ] && CONF=$(realpath "$d") && break
	done
fi
if [ -z "$CONF" ] || [ "$(ls "$CONF"/*.data 2>/dev/null | wc -l)" -ne 313 ]; then
	echo "FAIL: the conformance suite's 313 tests are not at '${CONF:-../shared/bpf_conformance/tests}' (cmake -DBPF_CONFORMANCE_DIR=...)"
	exit 1
fi
echo "the suite: $CONF"
tmp=$(mktemp -d)
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

# What the kernel refuses, and why (the verifier's words): shifts by an immediate outside
# 0..width-1 ("invalid shift"; the ISA masks the amount, which the emulator does and the
# suite expects), and callx, which no kernel has.
declare -A REFUSED=(
	[lsh32-imm-high]="invalid shift" [lsh32-imm-neg]="invalid shift" [lsh64-imm-high]="invalid shift"
	[lsh64-imm-neg]="invalid shift" [rsh32-imm-high]="invalid shift" [rsh32-imm-neg]="invalid shift"
	[rsh64-imm-high]="invalid shift" [rsh64-imm-neg]="invalid shift" [arsh32-imm-high]="invalid shift"
	[arsh32-imm-neg]="invalid shift" [arsh64-imm-high]="invalid shift" [arsh64-imm-neg]="invalid shift"
	[callx]="unknown opcode 8d"
)

# section FILE NAME: the lines of `-- NAME`, comments (from #) and blank lines dropped
section() {
	awk -v want="$2" '{ sub(/#.*/, "") } /--/ { cur = $0; sub(/^[ \t]*--[ \t]*/, "", cur); sub(/[ \t]*$/, "", cur); next }
		cur == want && NF { print }' "$1"
}

kernel=1
if [ "$(id -u)" -ne 0 ]; then
	echo "note: not root: the kernel half (BPF_PROG_TEST_RUN) is skipped"
	kernel=0
fi
emu_ok=0 kern_ok=0 kern_refused=0 n=0
for f in "$CONF"/*.data; do
	t=$(basename "$f" .data)
	n=$((n + 1))
	section "$f" asm >"$tmp/$t.asm"
	section "$f" mem | tr -d ' \t\n' | xxd -r -p >"$tmp/$t.mem"
	want=$(section "$f" result | head -1 | tr -d ' \t')
	want=$(printf '0x%x' "$((want))")
	len=$(stat -c %s "$tmp/$t.mem")

	# the emulator: the test alone as an XDP program, r1 = the memory block
	{ echo "	.section xdp"; cat "$tmp/$t.asm"; } >"$tmp/$t.s"
	if ! $BPFAS --syntax gnu --no-check --no-btf "$tmp/$t.s" -o "$tmp/$t.bo" 2>"$tmp/$t.err"; then
		bad "$t: bpfas refused it: $(head -3 "$tmp/$t.err")"
		continue
	fi
	if [ -n "$(section "$f" raw)" ]; then
		section "$f" raw | while read -r w; do printf '%016x\n' "$((w))"; done |
			sed 's/\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)/\8\7\6\5\4\3\2\1/' | xxd -r -p >"$tmp/$t.raw"
		$BPFAS --syntax gnu --no-check -f raw "$tmp/$t.s" -o "$tmp/$t.bin" 2>/dev/null
		cmp -s "$tmp/$t.raw" "$tmp/$t.bin" || bad "$t: the assembled bytes are not the -- raw words"
	fi
	got=$($BPFLOAD "$tmp/$t.bo" --emulate --mem "$tmp/$t.mem" --json 2>"$tmp/$t.emu.err" |
		sed -n 's/.*"emulator": {"retval": \(-\{0,1\}[0-9]*\).*/\1/p')
	if [ -n "$got" ] && [ "$(printf '0x%x' "$got")" = "$want" ]; then
		emu_ok=$((emu_ok + 1))
	else
		bad "$t: the emulator gives '${got:-nothing}', the suite wants $want $(head -2 "$tmp/$t.emu.err")"
	fi

	[ $kernel -eq 1 ] || continue
	# the kernel: the test as a subprogram of an XDP program that stores its r0
	pkt=$(section "$f" mem | tr -d ' \t\n')
	while [ ${#pkt} -lt 28 ]; do pkt="${pkt}00"; done
	{
		printf '\t.text\nconformance_test:\n'
		cat "$tmp/$t.asm"
		cat <<-EOF
			.map result, array, key=u32, value=u64, entries=2
			# result[SLOT] = the u64 at r10 - 8
			.macro store slot
			*(u32 *)(r10 - 12) = \\slot
			r1 = result ll
			r2 = r10
			r2 += -12
			r3 = r10
			r3 += -8
			r4 = 0
			call bpf_map_update_elem
			.endm
			.section xdp
		entry:
			r6 = r1
			r1 = *(u32 *)(r6 + xdp_md.data)
			r3 = *(u32 *)(r6 + xdp_md.data_end)
			r4 = r1
			r4 += $len
			if r4 > r3 goto out
			r2 = $len
			call conformance_test
			*(u64 *)(r10 - 8) = r0
			store 0
			r0 = *(u64 *)(r10 - 8)
			r0 ^= -1
			*(u64 *)(r10 - 8) = r0
			store 1
		out:
			r0 = XDP_PASS
			exit
			.license "GPL"
		EOF
	} >"$tmp/$t.k.s"
	if ! $BPFAS --syntax gnu --no-check "$tmp/$t.k.s" -o "$tmp/$t.k.bo" 2>"$tmp/$t.k.err"; then
		bad "$t: bpfas refused the kernel's wrapper: $(head -3 "$tmp/$t.k.err")"
		continue
	fi
	$BPFLOAD "$tmp/$t.k.bo" --test-run --data-hex "$pkt" --json >"$tmp/$t.k.out" 2>"$tmp/$t.k.log"
	rc=$?
	# key 0 holds r0 and key 1 ~r0 (bpfload leaves out entries that are 0, so one of them shows)
	v0=$(grep -o '"key": 0, "value": -\{0,1\}[0-9]*' "$tmp/$t.k.out" | tail -1 | sed 's/.*: //')
	v1=$(grep -o '"key": 1, "value": -\{0,1\}[0-9]*' "$tmp/$t.k.out" | tail -1 | sed 's/.*: //')
	kgot=
	if [ -n "$v1" ]; then
		kgot=$((~v1))
		[ -z "$v0" ] && ((kgot != 0)) && kgot=   # r0 is not 0, so key 0 should have shown
		[ -n "$v0" ] && ((v0 != kgot)) && kgot=
	elif [ -n "$v0" ] && ((v0 == -1)); then
		kgot=-1
	fi
	reason=${REFUSED[$t]:-}
	if [ -n "$reason" ]; then
		if [ $rc -ne 0 ] && grep -q "$reason" "$tmp/$t.k.log"; then
			kern_refused=$((kern_refused + 1))
			echo "refused $t: $(grep -m1 -o "$reason.*" "$tmp/$t.k.log")"
		else
			bad "$t: the kernel should refuse it ($reason); exit $rc, result '${kgot}'"
		fi
	elif [ $rc -eq 0 ] && [ -n "$kgot" ] && [ "$(printf '0x%x' "$kgot")" = "$want" ]; then
		kern_ok=$((kern_ok + 1))
	else
		bad "$t: the kernel gives '${kgot:-nothing}' (exit $rc), the suite wants $want: $(grep -m2 -i 'refus\|error' "$tmp/$t.k.log")"
	fi
done
[ $n -eq 313 ] || bad "read $n tests, not 313"
[ $emu_ok -eq 313 ] && ok "the emulator: 313 of 313 give the suite's result"
if [ $kernel -eq 1 ]; then
	[ $kern_ok -eq $((313 - ${#REFUSED[@]})) ] && [ $kern_refused -eq ${#REFUSED[@]} ] &&
		ok "the kernel: $kern_ok of 313 give the suite's result, $kern_refused refused by the verifier as listed"
	leftovers entry || bad "a program or map stayed in the kernel"
fi
echo "conformance: emulator $emu_ok/313, kernel $([ $kernel -eq 1 ] && echo "$kern_ok/313 ($kern_refused refused)" || echo skipped)"
summary conformance
