"""A database of a benchmark's own: a temporary SQLite file, or a new PostgreSQL database on the
machine's server (127.0.0.1:5432, user postgres)."""

import argparse
import os
import shutil
import tempfile
from collections.abc import Callable

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def arguments(description: str, *, quick: str, database: str = "postgres") -> argparse.ArgumentParser:
    """The arguments of a benchmark with a database of its own: --quick (`quick` says what it does
    less) and --database; the benchmark adds its own."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=quick)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default=database)
    return parser


def create_database(kind: str, *, name: str) -> tuple[str, Callable[[], None]]:
    """Returns the database's URL and a function that drops it; `name` tells whose it is."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix=f"{name.replace('_', '-')}-")
        return f"sqlite:///{folder}/bench.sqlite3", lambda: shutil.rmtree(folder, ignore_errors=True)
    import psycopg

    database = f"{name}_{os.getpid()}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')

    def drop() -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    return f"postgres://postgres@127.0.0.1:5432/{database}", drop
