"""Backup and restore as docs/operations.md ("Backup and restore") gives them: pg_dump in custom
format and a tar of MEDIA_ROOT, restored into a new database and a new media folder, hold the same
rows, sequences and files. PostgreSQL only (the backup is PostgreSQL's)."""

import datetime
import hashlib
import io
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import connection
from PIL import Image as PillowImage
from wagtail.images.models import Image

from cases.models import today
from letters.actions import log_letter

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore back up PostgreSQL")


def database_url(name: str) -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database.get('USER') or 'postgres'}@{database.get('HOST') or '127.0.0.1'}:"
        f"{database.get('PORT') or 5432}/{name}"
    )


def contents(url: str) -> dict[str, list[str]]:
    """Every table's rows (as text, sorted), every sequence's position and every index's name."""
    with psycopg.connect(url) as database:
        tables = [name for (name,) in database.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        found = {
            table: [row for (row,) in database.execute(f'SELECT t::text FROM public."{table}" t ORDER BY 1')]
            for table in tables
        }
        found["(sequences)"] = sorted(
            f"{name}={value}" for name, value in database.execute("SELECT sequencename, last_value FROM pg_sequences")
        )
        # Names, not definitions: PostgreSQL may print a restored index's condition differently.
        found["(indexes)"] = sorted(
            f"{table}.{name}"
            for table, name in database.execute(
                "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'"
            )
        )
    return found


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def new_database():
    name = f"ua_restored_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_holds_the_same_data_and_files(
    wagtail_roots, site_tree, reference_case, make_member, new_database, tmp_path
):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    open_case = site_tree.add_case(sequence=30, appeal_deadline=today() + datetime.timedelta(days=20))
    for number, letters in enumerate([1, 3, 5]):
        member = make_member(f"writer{number}@example.org", display_name=f"Writer {number}")
        log_letter(member=member, document_id=open_case.pk, letters=letters)
    picture = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "#ffcc00").save(picture, "PNG")
    image = Image.objects.create(title="Vigil", file=ImageFile(picture, name="vigil.png"))
    image.get_rendition("fill-20x20")  # a rendition file too
    media = Path(settings.MEDIA_ROOT)
    backup = tmp_path / "backup"
    backup.mkdir()
    source = database_url(connection.settings_dict["NAME"])

    # The commands of docs/operations.md, in their order.
    subprocess.run(["pg_dump", "--format=custom", "--file", backup / "urgentactions.dump", source], check=True)
    subprocess.run(["tar", "-C", media, "-czf", backup / "media.tar.gz", "."], check=True)
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", database_url(new_database),
         backup / "urgentactions.dump"],
        check=True,
    )  # fmt: skip
    subprocess.run(["tar", "-C", restored_media, "-xzf", backup / "media.tar.gz"], check=True)

    original, restored = contents(source), contents(database_url(new_database))
    assert len(original["letters_letterreport"]) == 3
    assert original["wagtaildocs_document"] and original["wagtailimages_rendition"]
    assert original["members_user"] and original["wagtailcore_page"]
    assert restored.keys() == original.keys()
    for table in original:
        assert restored[table] == original[table], table
    files = file_hashes(media)
    assert any(name.endswith(".docx") for name in files) and any("vigil" in name for name in files)
    assert file_hashes(restored_media) == files
    # Every file the restored database names is in the restored folder.
    with psycopg.connect(database_url(new_database)) as database:
        named = [
            path
            for query in (
                "SELECT file FROM wagtaildocs_document",
                "SELECT file FROM wagtailimages_image",
                "SELECT file FROM wagtailimages_rendition",
            )
            for (path,) in database.execute(query)
        ]
    assert named and all((restored_media / path).is_file() for path in named)
