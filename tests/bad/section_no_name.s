.section
exit
