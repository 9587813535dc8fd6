goto ot
r0 = 1
out:
exit
