f: exit
.extern f
