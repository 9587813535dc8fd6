.data
.asciz "abc
