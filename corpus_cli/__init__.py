"""corpus: turn raw news dumps into a clean, deduplicated SQLite corpus."""

__version__ = "0.1.0"
