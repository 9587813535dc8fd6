.map m, hash, key=u33, value=u64, entries=1
