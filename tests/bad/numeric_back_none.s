goto 1b
1:
exit
