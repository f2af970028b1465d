print("kinhphi")
