"""One module per provider: the endpoints, their auth and their documented quirks."""
