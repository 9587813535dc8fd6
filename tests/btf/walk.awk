# walk.awk: reads `bpftool btf dump file X` and prints the type tree under VAR NAME
# (awk -v var=NAME) by kind, name and size, without type ids, so two objects' BTF can be
# compared whatever order their types were written in. Enumerators are compared by value.
/^\[/ {
	id = substr($1, 2, length($1) - 2)
	kind[id] = $2; nm[id] = 0
	match($0, /'[^']*'/); name[id] = substr($0, RSTART, RLENGTH)
	rest = substr($0, RSTART + RLENGTH); nf = split(rest, f, " ")
	for (i = 1; i <= nf; i++) {

		split(f[i], kv, "="); gsub(",", "", kv[2])
		if (kv[1] == "type_id") type[id] = kv[2]
		if (kv[1] == "size") size[id] = kv[2]
		if (kv[1] == "nr_elems") elems[id] = kv[2]
		if (kv[1] == "encoding") enc[id] = kv[2]
	}
	if (kind[id] == "VAR" && name[id] == "'" var "'") root = id
	cur = id
	next
}
/^\t'/ {
	n = ++nm[cur]; mname[cur, n] = $1
	for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "type_id") mtype[cur, n] = kv[2]; if (kv[1] == "bits_offset") moff[cur, n] = kv[2]; if (kv[1] == "val") mval[cur, n] = kv[2] }
}
function walk(id, pad,    k) {
	if (id == "" || id == 0) { print pad "void"; return }
	print pad kind[id] " " name[id] (size[id] != "" ? " size=" size[id] : "") (elems[id] != "" ? " nr_elems=" elems[id] : "") (enc[id] != "" ? " encoding=" enc[id] : "")
	if (kind[id] == "STRUCT" || kind[id] == "UNION")
		for (k = 1; k <= nm[id]; k++) { print pad "  member " mname[id, k] " bits_offset=" moff[id, k]; walk(mtype[id, k], pad "    ") }
	else if (kind[id] == "ENUM" || kind[id] == "ENUM64") # values, not enumerator names
		for (k = 1; k <= nm[id]; k++) print pad "  value " mval[id, k]
	else if (kind[id] == "ARRAY") { }
	else if (type[id] != "") walk(type[id], pad "  ")
}
END { if (root == "") { print "no VAR " var; exit 1 } walk(root, "") }
