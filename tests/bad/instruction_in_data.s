.data
r0 = 1
