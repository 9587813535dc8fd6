5: (b7) r0 =
exit
