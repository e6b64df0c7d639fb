print("registry-torture: not built yet")
