#!/bin/bash
# tests/fuzz/run.sh FUZZ_BUILD TOOLS_BUILD SECONDS: every libFuzzer target, first on its
# regression corpus (tests/fuzz/regress/TARGET: inputs that once crashed or hung, each run
# once and required to pass), then for SECONDS each from seeds made here out of the tree's
# sources: assembly (LLVM and GNU syntax, the conformance suite's programs when it is
# beside the project), objects assembled from them, captures written by mkcap, raw
# instructions with a memory block. FUZZ_BUILD is configured with CC=clang-19
# -DBPFAS_FUZZ=ON (ASan and UBSan on); TOOLS_BUILD is an ordinary build (bpfas, mkcap).
# A crash leaves its input in the work folder (kept, and named) and fails the run.
# For hours: tests/fuzz/run.sh build-fuzz build 3600 (one hour per target).
set -u
FUZZ=$(realpath "$1")/tests/fuzz
TOOLS=$(realpath "$2")
SECS=${3:-60}
SRC=$(realpath "$(dirname "$0")/../..")
BPFAS=$TOOLS/asm/bpfas
MKCAP=$TOOLS/tests/mkcap
work=$(mktemp -d /tmp/bpfas-fuzz.XXXXXX)
status=0
for t in asm gnu bo ldr emu pcap insns; do
	[ -x "$FUZZ/fuzz_$t" ] || { echo "FAIL: no $FUZZ/fuzz_$t"; exit 1; }
	mkdir -p "$work/seed_$t" "$work/new_$t"
done

# --- seeds -------------------------------------------------------------------------------
cp "$SRC"/programs/*.s "$SRC"/tests/llvm/*.s "$SRC"/tests/bad/*.s "$SRC"/tests/fuzz/corpus_asm/*.s "$work/seed_asm/" 2>/dev/null
cp "$SRC"/tests/fuzz/corpus_asm/gnu_forms.s "$work/seed_gnu/"
conf=
# beside the project, as the workplace lays it out, or where it lives (as test_conformance.sh)
for d in "$SRC/../shared/bpf_conformance/tests" "$SRC/../../shared/bpf_conformance/tests" /work/shared/bpf_conformance/tests; do
	[ -d "$d" ] && conf=$d && break
done
if [ -n "$conf" ]; then # each test's `-- asm` text, in GNU's syntax
	for f in "$conf"/*.data; do
		awk '{ sub(/#.*/, "") } /^ *--/ { on = ($0 ~ /-- *asm/); next } on && NF' "$f" >"$work/seed_gnu/$(basename "$f" .data).s"
	done
fi
# fuzz_gnu lives on these: without the suite it had one seed (a CI clone away from ../shared)
[ "$(ls "$work/seed_gnu" | wc -l)" -ge 300 ] || { echo "FAIL: the conformance suite's programs, fuzz_gnu's seeds, are not found"; exit 1; }
n=0
for f in "$SRC"/programs/*.s "$SRC"/tests/run/*.s "$SRC"/docs/exercises/solutions/*.s; do
	b=$(basename "$f" .s)
	"$BPFAS" "$f" -o "$work/seed_bo/$b.bo" 2>/dev/null || continue
	n=$((n + 1))
	# insns: a 16-byte memory block, then the program's instructions
	{ printf '\x10'; head -c 16 /dev/urandom; "$BPFAS" -f raw "$f" -o - 2>/dev/null; } >"$work/seed_insns/$b"
done
[ $n -ge 20 ] || { echo "FAIL: only $n seed objects assembled"; exit 1; }
cp "$work"/seed_bo/* "$work/seed_ldr/" && cp "$work"/seed_bo/* "$work/seed_emu/"
pkts='00 00 00 00 00 02 00 00 00 00 00 01 08 00 45 00 00 20 00 01 00 00 40 11 7c ca 7f 00 00 01 7f 00 00 01 30 39 00 09 00 0c 00 00 61 62 63 64
00 00 00 00 00 02 00 00 00 00 00 01 86 dd 60 00 00 00 00 08 11 40
ff ff ff ff ff ff 00 00 00 00 00 01 08 06'
echo "$pkts" | "$MKCAP" pcap "$work/seed_pcap/three.pcap" && echo "$pkts" | "$MKCAP" pcapng "$work/seed_pcap/three.pcapng" || exit 1

# --- the regression corpus: each input once ------------------------------------------------
for t in asm gnu bo ldr emu pcap insns; do
	d=$SRC/tests/fuzz/regress/$t
	[ -d "$d" ] && [ -n "$(ls "$d")" ] || continue
	if "$FUZZ/fuzz_$t" -timeout=20 -rss_limit_mb=2048 "$d"/* >"$work/regress_$t.log" 2>&1; then
		echo "ok   fuzz_$t: the $(ls "$d" | wc -l) inputs of tests/fuzz/regress/$t"
	else
		echo "FAIL fuzz_$t on its regression corpus:"; tail -30 "$work/regress_$t.log"; status=1
	fi
done

# --- each target for SECS seconds ------------------------------------------------------------
for t in asm gnu bo ldr emu pcap insns; do
	(cd "$work" && "$FUZZ/fuzz_$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/crash_$t-" "$work/new_$t" "$work/seed_$t" >"$work/fuzz_$t.log" 2>&1)
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz_$t.log")
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		echo "ok   fuzz_$t: $runs inputs in ${SECS} s from $(ls "$work/seed_$t" | wc -l) seeds, no crash"
	else
		echo "FAIL fuzz_$t (exit $rc); what it found is in $work:"; ls "$work" | grep "^crash_$t-"; tail -40 "$work/fuzz_$t.log"
		status=1
	fi
done
if [ $status -eq 0 ]; then rm -rf "$work"; else echo "kept: $work (copy a crash_* input to tests/fuzz/regress/TARGET/ once it is fixed)"; fi
exit $status
