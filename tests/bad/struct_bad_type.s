.struct s, a:u33
