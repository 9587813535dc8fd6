# lib.sh: what the shell tests share: counting checks, and waiting for the kernel to
# drop programs and maps (frees happen after the last fd closes, a little later).
# The sourcing script sets KOBJ (the kobjects helper) when it uses leftovers.
pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
# expect DESCRIPTION COMMAND...: a check that passes when COMMAND succeeds
expect() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

# leftovers NAME...: succeed when no program or map of these names is in the kernel
leftovers() {
	local pattern left
	pattern=$(printf '%s|' "$@")
	for _ in $(seq 30); do
		left=$($KOBJ | grep -E "^(prog|map) (${pattern%|})\$")
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	echo "  still loaded: $left"
	return 1
}

# summary NAME: the closing line, and the exit status
summary() { echo "$1: $pass passed, $fail failed"; [ $fail -eq 0 ]; }
