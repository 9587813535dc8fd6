.map m, array, key=u32, value=u64, entries=0
