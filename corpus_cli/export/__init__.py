"""Exports for the tools that come after corpus. pyarrow is an extra: it is imported only here, when asked for."""

from __future__ import annotations

from corpus_cli.errors import UsageError


def to_parquet(db, out_dir: str, articles_per_file: int):
    """The corpus of ``db`` as Parquet tables under ``out_dir`` (export/parquet.py); returns the counts."""
    try:
        from corpus_cli.export import parquet
    except ModuleNotFoundError as e:
        if (e.name or "").split(".")[0] != "pyarrow":
            raise
        raise UsageError("--format parquet needs pyarrow: pip install 'corpus-cli[parquet]'") from None
    return parquet.export(db, out_dir, articles_per_file)
