# maps_only.s: maps and no program, as some objects are (bpftool loads them): bpfload
# creates the maps, prints them, and unloads them at the end.
	.license "GPL"
	.map lonely, hash, key=u32, value=u64, entries=16
