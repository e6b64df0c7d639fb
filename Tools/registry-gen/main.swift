print("registry-gen: not built yet")
