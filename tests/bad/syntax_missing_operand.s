r1 +=
exit
