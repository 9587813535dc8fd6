# 计数 UTF-8 in a comment: «fine»
r0 = 0 // ünïcode
exit
