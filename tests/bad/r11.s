r11 = 1
exit
