# main.s: includes defs.s from its own folder
.include "defs.s"
r0 = VALUE
exit
