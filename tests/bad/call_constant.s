.equ K, 5
call K
exit
