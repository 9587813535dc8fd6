# every line is wrong; all are reported in one run
r11 = 1
w1 = r2
call nope_nope_nope
r0 = *(s64 *)(r1 + 0)
goto nowhere
r1 = 0x100000000
