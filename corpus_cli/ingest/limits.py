"""Input limits, documented in the README ("Limits"): here so that the CLI's options have their defaults
without importing the readers (compiling their patterns costs every command, docs/performance.md)."""

# Largest input file read: trafilatura's own limit on a document, so nothing it could read is refused here.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_DECOMPRESSED = DEFAULT_MAX_BYTES  # largest size a .gz may expand to: the same limit as a file
