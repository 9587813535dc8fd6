callx w1
exit
