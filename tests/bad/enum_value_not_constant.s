.enum e, A=B
