"""corpus serve: the corpus in a browser, on datasette (the optional `web` extra)."""
