.size f
f: exit
