.data
.p2align 20
