.byte 1
odd:
.zero 7
goto odd
exit
