#!/bin/bash
# test_layers.sh: libbpfas is layered, and no module calls one above it. The calls are read
# from the library itself (nm: what each object defines and what it needs), so a new call
# that goes up fails here. The layers, bottom first, as docs/ARCHITECTURE.md draws them:
#   0 tables and leaves: isa names rules cfg checks btf bo_read disasm cfgdot tracefs file buf
#   1 the context, beside diagnostics: ctx diag
#   2 expressions: expr
#   3 scanning: lexer source (one layer: flex's buffer stack lives in the scanner, and the
#     sources it reads push onto it)
#   4 statements: insn, then gnu and directives above it
#   5 the grammar: parser
#   6 resolution: resolve
#   7 writers: btf_gen bo_write output
#   8 the driver: driver
set -u
LIB=$(realpath "$1")
declare -A layer=(
	[isa]=0 [names]=0 [rules]=0 [cfg]=0 [checks]=0 [btf]=0 [bo_read]=0 [disasm]=0 [cfgdot]=0
	[tracefs]=0 [file]=0 [buf]=0
	[ctx]=1 [diag]=1 [expr]=2 [lexer]=3 [source]=3
	[insn]=4 [gnu]=4.5 [directives]=4.5 [parser]=5 [resolve]=6
	[btf_gen]=7 [bo_write]=7 [output]=7 [driver]=8
)
# calls within one layer that are allowed both ways (everything else within a layer must
# go one way only, so that no cycle hides there)
allowed="ctx>diag lexer>source source>lexer"
. "$(dirname "$0")/lib.sh"

edges=$(nm -A "$LIB" 2>/dev/null | awk '
	{ split($1, p, ":"); m = p[2]; sub(/\.c\.o$/, "", m); sub(/\.o$/, "", m) }
	NF == 3 && $2 ~ /^[TDBR]$/ { def[$3] = m }
	NF == 3 && $2 == "U" { need[m, $3] = 1 }
	END { for (k in need) { split(k, q, SUBSEP); if (q[2] in def && def[q[2]] != q[1]) print q[1] ">" def[q[2]] } }' | sort -u)
n=$(echo "$edges" | grep -c .)
[ "$n" -gt 40 ] || bad "only $n calls between modules read from $LIB"
mods=$(nm -A "$LIB" 2>/dev/null | awk '{ split($1, p, ":"); m = p[2]; sub(/\.c\.o$/, "", m); print m }' | sort -u)
for m in $mods; do
	[ -n "${layer[$m]:-}" ] || bad "module $m has no layer here (add it, in its place)"
done
up=""
for e in $edges; do
	a=${e%>*} b=${e#*>}
	la=${layer[$a]:-} lb=${layer[$b]:-}
	[ -n "$la" ] && [ -n "$lb" ] || continue
	if awk -v a="$la" -v b="$lb" 'BEGIN { exit !(b > a) }'; then
		up="$up $e"
	elif [ "$la" = "$lb" ] && ! [[ " $allowed " == *" $e "* ]] && [[ " $edges " == *" $b>$a "* ]]; then
		up="$up $e(both ways)"
	fi
done
expect "$n calls between the library's $(echo "$mods" | wc -w) modules, none to a layer above${up:+: not$up}" [ -z "$up" ]
summary layers
