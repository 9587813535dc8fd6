.map m, arry, key=u32, value=u64, entries=1
