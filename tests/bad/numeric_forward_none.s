1:
goto 1f
exit
