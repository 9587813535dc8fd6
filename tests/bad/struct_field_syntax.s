.struct s, a
