goto far
.zero 262144
far:
exit
