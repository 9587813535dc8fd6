.enum e:3, A=1
