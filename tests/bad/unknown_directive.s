.sectoin socket1
exit
