.section foo,"aq"
exit
