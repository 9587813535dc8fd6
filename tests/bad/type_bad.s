.type f, @array
f: exit
