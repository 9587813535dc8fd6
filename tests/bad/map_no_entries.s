.map m, hash, key=u32, value=u64
