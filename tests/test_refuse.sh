#!/bin/bash
# test_refuse.sh: the corpus of tests/refuse, programs the verifier refuses, one per
# explanation. Each is assembled and given to `bpfload --verify` on this kernel; the
# report (the verifier's reason, the .s line, why, where from, fix) must be the golden
# NAME.explain word for word, name the line marked "# refused here" in the source, exit
# 2 and leave nothing in the kernel. A "# run: OPTIONS" line adds options to bpfload, a
# "# bpfas: OPTIONS" line to bpfas. The same programs through `bpfas --check`: what the
# assembler sees without a kernel, the golden NAME.check (exit 1 with findings, 0 without).
# Needs root; exits 77 (skipped) saying why without it.
set -u
BPFAS=$(realpath "$1")
BPFLOAD=$(realpath "$2")
KOBJ=$(realpath "$3")
SRC=$(realpath "$4")
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: not root; loading BPF programs needs root"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
cd "$SRC/tests/refuse" || exit 1 # relative names: the reports say NAME.s

names=()
for s in *.s; do
	n=${s%.s}
	names+=("$n")
	# shellcheck disable=SC2046
	$BPFAS $(sed -n 's/^# bpfas: \(--[a-z-]*\).*/\1/p' "$s") "$s" -o "$tmp/$n.bo" 2>"$tmp/$n.as" || { bad "$n: assembles"; continue; }
	$BPFAS --check "$s" >"$tmp/$n.check" 2>&1
	rc=$?
	expect "$n: bpfas --check says $n.check (exit $rc)" bash -c "diff -u '$n.check' '$tmp/$n.check' && [ $rc -eq \$(grep -qx '$s: no findings' '$n.check' && echo 0 || echo 1) ]"
	opts=$(sed -n 's/^# run: //p' "$s")
	# shellcheck disable=SC2086
	"$BPFLOAD" "$tmp/$n.bo" --verify $opts >"$tmp/$n.out" 2>"$tmp/$n.err"
	rc=$?
	sed '/^  verifier log/,$d' "$tmp/$n.err" >"$tmp/$n.report"
	expect "$n: refused (exit 2)" test $rc -eq 2
	# a kernel function's BTF id changes with every build of the kernel: the goldens hold the
	# id of the build they were written on, the number itself is checked against bpftool below
	expect "$n: the report is $n.explain" diff -u <(sed 's/(BTF id [0-9]*)/(BTF id N)/' "$n.explain") \
		<(sed 's/(BTF id [0-9]*)/(BTF id N)/' "$tmp/$n.report")
	line=$(grep -n '# refused here' "$s" | cut -d: -f1)
	expect "$n: it names $s:${line:-?}, the line marked in the source" bash -c "[ -n '$line' ] && grep -q '^  at $s:$line:' '$tmp/$n.report'"
	expect "$n: explained" grep -q '^  why: ' "$tmp/$n.report"
done
# the kfunc's id in the report is the one this kernel's BTF gives bpf_task_acquire
kfunc_id() {
	local want got
	want=$(bpftool btf dump file /sys/kernel/btf/vmlinux | sed -n "s/^\[\([0-9]*\)\] FUNC 'bpf_task_acquire' .*/\1/p")
	got=$(sed -n 's/.*call kernel function (BTF id \([0-9]*\)).*/\1/p' "$tmp/kfunc_not_allowed.report")
	echo "  bpftool: $want, bpfload: $got"
	[ -n "$want" ] && [ "$want" = "$got" ]
}
expect "kfunc_not_allowed: the BTF id it names is bpf_task_acquire's in this kernel's BTF (bpftool)" kfunc_id
# --cfg-out: null_check's graph with the verifier's path; one block, slots 0-9, the
# refusal at slot 7 (the load through r6, line 12)
"$BPFLOAD" "$tmp/null_check.bo" --verify --cfg-out "$tmp/nc.dot" >/dev/null 2>"$tmp/nc.err"
expect "--cfg-out of a refusal: the failing line marked, its block red, the reason in the title" \
	bash -c "grep -q '   7    12  r1 = \*(u64 \*)(r6 + 0)    <- refused here' '$tmp/nc.dot' && grep -q 'color=red' '$tmp/nc.dot' && grep -q \"refused: R6 invalid mem access 'map_value_or_null'\" '$tmp/nc.dot' && grep -q 'the graph with the verifier.s path: ' '$tmp/nc.err'"
expect "the corpus leaves nothing in the kernel" leftovers "${names[@]}"
expect "every program of the corpus has its golden report, and no golden lacks its program" \
	bash -c "diff <(ls *.s | sed 's/\\.s\$//') <(ls *.explain | sed 's/\\.explain\$//') && diff <(ls *.s | sed 's/\\.s\$//') <(ls *.check | sed 's/\\.check\$//')"
# the page that lists the explanations shows each program's report as it is today
shown() {
	local doc
	doc=$(cat "$SRC/docs/verifier.md")
	for n in "${names[@]}"; do
		[[ "$doc" == *"\`tests/refuse/$n.s\`"* && "$doc" == *"$(cat "$n.explain")"* ]] &&
			{ grep -qx "$n.s: no findings" "$n.check" || [[ "$doc" == *"$(cat "$n.check")"* ]]; } ||
			{ echo "  not shown as it is: $n"; return 1; }
	done
}
expect "docs/verifier.md shows every program of the corpus with its report word for word" shown
summary refuse
