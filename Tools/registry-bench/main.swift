print("registry-bench: not built yet")
