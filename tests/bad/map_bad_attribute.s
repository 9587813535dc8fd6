.map m, array, key=u32, valu=u64, entries=1
.map n, array, key=u32, value=u64, entries=1, colour=3
