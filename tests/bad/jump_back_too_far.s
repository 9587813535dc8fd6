back:
.zero 262144
goto back
exit
