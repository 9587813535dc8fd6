.map m, array, key=u32, valu=u64, entries=1
