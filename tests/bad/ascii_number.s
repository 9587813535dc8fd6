.data
.ascii 5
