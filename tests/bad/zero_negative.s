.data
.zero -4
