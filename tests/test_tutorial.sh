#!/bin/bash
# test_tutorial.sh BUILD SRC: every command of docs/tutorial.md, run in order as the
# tutorial has the reader run them (as root, from a folder where build/, programs/, tests/
# and docs/ are the project's), and the output the text shows compared with what it prints.
#
# What the tutorial's code blocks mean here:
# - a ```sh block is commands, run one after the other in one shell (a line ending in \,
#   | or && goes on on the next). A command exits 0 unless its comment starts
#   `# exit status N`. A line `# TEXT` after a command is a line that command prints.
# - a ``` block (no language) is what the last command before it prints: each of its lines
#   is a whole line of that output, the lines one after the other; a line `...` stands for
#   any number of lines, and `...` inside a line for any text. PID stands for a number.
#   Runs of spaces count as one; a kernel address, a duration, an event's or a map's id
#   (which change from run to run) are compared as such, not by value.
# - ```c and ```text blocks are read, not run.
# docs/tutorial.zh.md must have the same command and output blocks, in the same order: its
# commands are these, and so are checked with them (its ```text may be in Chinese).
set -u
BUILD=$(realpath "$1")
SRC=$(realpath "$2")
TUT="$SRC/docs/tutorial.md"
ZH="$SRC/docs/tutorial.zh.md"
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: not root (the tutorial loads programs)"
	exit 77
fi
tmp=$(mktemp -d)
work="$tmp/w"
mkdir "$work"
ln -s "$BUILD" "$work/build"
for d in programs tests docs; do ln -s "$SRC/$d" "$work/$d"; done
trap 'rm -rf "$tmp"' EXIT

# --- the code blocks, as the steps of a script ------------------------------------------
# steps.sh runs command N with its output in out.N and its status in rc.N; want.N holds
# the lines it must print (one block per file: want.N.K), status.N the status it must end with.
blocks() { # FILE: each command and output block as "```INFO" and its lines, for comparing the two tutorials
	awk '/^```/ { if (inb) { inb = 0; if (keep) print "```"; next } inb = 1; keep = $0 == "```" || $0 == "```sh"; if (keep) print; next }
		inb && keep { print }' "$1"
}
{
	# the descriptors a reader's shell has: 0, 1 and 2 (ctest leaves one more open)
	echo 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ] && eval "exec $fd>&-"; done 2>/dev/null'
	echo 'ip link set lo up'
	echo "export _STDBUF_O=L LD_PRELOAD=$(stdbuf -oL sh -c 'echo "$LD_PRELOAD"')"
	echo 'export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"'
} >"$tmp/steps.sh"
awk -v dir="$tmp" '
function flush_cmd() {
	if (cmd == "") return
	n++
	status = 0
	if (match(cmd, /# exit status [0-9]+/)) {
		status = substr(cmd, RSTART + 14, RLENGTH - 14) + 0
		cmd = substr(cmd, 1, RSTART - 1)
	}
	printf "{ %s\n} >\"%s/out.%d\" 2>&1 </dev/null; echo $? >\"%s/rc.%d\"\n", cmd, dir, n, dir, n >> (dir "/steps.sh")
	print status > (dir "/status." n)
	one = cmd; gsub(/\\?\n */, " ", one)
	printf "%d\t%s\n", n, one > (dir "/commands")
	cmd = ""
	k[n] = 0
}
/^```sh$/ { insh = 1; wantf = ""; next }
/^```$/ && insh { flush_cmd(); insh = 0; wantf = ""; next }
/^```$/ && inout { inout = 0; next }
/^```$/ && !inb && !insh { inout = 1; k[n]++; f = dir "/want." n "." k[n]; printf "" > f; next }
/^```/ && !insh && !inout { inb = !inb; next }
inb { next }
insh {
	if (cmd == "" && /^# /) { # a line the command above prints
		if (!wantf) { k[n]++; wantf = dir "/want." n "." k[n] }
		print substr($0, 3) >> wantf
		next
	}
	wantf = ""
	cmd = cmd == "" ? $0 : cmd "\n" $0
	if ($0 !~ /(\\|\||&&)$/) flush_cmd()
	next
}
inout { print >> f }
' "$TUT"
ncmd=$(wc -l <"$tmp/commands")

(cd "$work" && unshare --net bash "$tmp/steps.sh")

# --- comparing ------------------------------------------------------------------------
normal() { # what changes from run to run, written the same way on both sides
	sed -E -e 's/[[:space:]]+/ /g; s/^ //; s/ $//' \
		-e 's/0xffff[0-9a-f]{12}/0xffffADDR/g' \
		-e 's/\(([a-z]+, )?[0-9]+\.[0-9] s\)/(\1N.N s)/g' \
		-e 's/config=[0-9]+/config=ID/g; s/map\[id:[0-9]+\]/map[id:ID]/g'
}
# shows WANT OUT: the lines of WANT appear in OUT as the header says
shows() {
	normal <"$1" | sed -E -e 's/[][\.*^$+?(){}|]/\\&/g' -e 's/\\\.\\\.\\\./.*/g' -e 's/PID/[0-9]+/g' >"$tmp/pat"
	normal <"$2" >"$tmp/got"
	awk -v patfile="$tmp/pat" '
	BEGIN { while ((getline l < patfile) > 0) pat[np++] = l }
	{ got[ng++] = $0 }
	END {
		pos = 0; i = 0
		while (i < np) {
			if (pat[i] == ".*") { i++; continue }
			j = i; while (j < np && pat[j] != ".*") j++ # the segment pat[i..j)
			found = -1
			for (s = pos; s + (j - i) <= ng && found < 0; s++) {
				ok = 1
				for (t = i; t < j && ok; t++) if (got[s + t - i] !~ ("^" pat[t] "$")) ok = 0
				if (ok) found = s
			}
			if (found < 0) { print "  not shown: " pat[i]; exit 1 }
			pos = found + (j - i); i = j
		}
	}' "$tmp/got"
}
for n in $(seq "$ncmd"); do
	cmd=$(awk -F'\t' -v n="$n" '$1 == n { print $2; exit }' "$tmp/commands")
	want=$(cat "$tmp/status.$n")
	got=$(cat "$tmp/rc.$n" 2>/dev/null || echo "not run")
	if [ "$got" != "$want" ]; then
		bad "command $n exits $want: $cmd (it exited $got)"
		sed 's/^/    /' "$tmp/out.$n" | tail -15
		continue
	fi
	shown=$(ls "$tmp"/want."$n".* 2>/dev/null | wc -l)
	if [ "$shown" -eq 0 ]; then
		ok "command $n exits $want: $cmd"
		continue
	fi
	for w in "$tmp"/want."$n".*; do
		if msg=$(shows "$w" "$tmp/out.$n"); then
			ok "command $n prints what the tutorial shows ($(wc -l <"$w") lines): $cmd"
		else
			bad "command $n prints what the tutorial shows: $cmd"
			echo "$msg"
			sed 's/^/    | /' "$tmp/out.$n" | head -40
		fi
	done
done
expect "the tutorial has commands with output to compare ($ncmd commands, $(ls "$tmp"/want.* | wc -l) outputs)" \
	test "$ncmd" -ge 30 -a "$(ls "$tmp"/want.* | wc -l)" -ge 15

# the matcher itself: a line left out, changed or out of order is caught
printf 'a 1\nb 2\nc 3\n' >"$tmp/m.out"
printf 'a 1\n...\nc 3\n' >"$tmp/m1"
printf 'a 1\nc 3\n' >"$tmp/m2"
printf 'b 2\n...\na 1\n' >"$tmp/m3"
printf 'a PID\nb ...\n' >"$tmp/m4"
printf 'a PID\nb x...\n' >"$tmp/m5"
expect "the comparison: gaps, placeholders; contiguous lines, their order and text are kept" \
	bash -c "$(declare -f normal shows); tmp='$tmp'; shows '$tmp/m1' '$tmp/m.out' && ! shows '$tmp/m2' '$tmp/m.out' >/dev/null &&
		! shows '$tmp/m3' '$tmp/m.out' >/dev/null && shows '$tmp/m4' '$tmp/m.out' && ! shows '$tmp/m5' '$tmp/m.out' >/dev/null"

# nothing of the tutorial's stays in the kernel
KOBJ="$BUILD/tests/kobjects"
expect "nothing the tutorial loaded stays in the kernel" \
	leftovers bpf_prog1 my_map count_idle count_frequency idle_events freq_events count_syscall syscalls hello \
	udp_out hits iterate steps on_entry on_return entries returns xdp_count xdp_protos protocols_count protocols

expect "the pin the tutorial makes is gone" test ! -e /sys/fs/bpf/sockex1

# the Chinese tutorial runs the same commands and shows the same output
if [ -e "$ZH" ]; then
	expect "docs/tutorial.zh.md has the same commands and outputs as docs/tutorial.md, in the same order" \
		cmp -s <(blocks "$TUT") <(blocks "$ZH")
	[ $fail -eq 0 ] || diff <(blocks "$TUT") <(blocks "$ZH") | head -20
	expect "docs/tutorial.zh.md has the same sections" \
		test "$(grep -c '^##' "$TUT")" = "$(grep -c '^##' "$ZH")"
else
	bad "docs/tutorial.zh.md exists"
fi
summary tutorial
