"""No path outside the served folder is read or written (traversal, absolute names,
symbolic links out, names that are not ``.toml`` files), and a save over a file changed
on disk since it was read is refused with nothing written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from _web import csrf
from flask.testing import FlaskClient

from placebudget.web import CaseNotFound, FolderStore, SaveConflict, version_of

HOSTILE_NAMES = [
    "../outside.toml",
    "..",
    "/etc/passwd",
    "C:\\outside.toml",
    "sub/families.toml",
    "families.txt",
    ".hidden.toml",
    "families.toml\x00.txt",
    "bad\x1b[31m.toml",
    "nul:.toml",
    ".toml",
]


@pytest.fixture
def outside(folder: Path) -> Path:
    secret = folder.parent / "outside.toml"
    secret.write_text('name = "secret"\n')
    return secret


def test_the_version_is_the_sha256_of_the_bytes(folder: Path) -> None:
    found = FolderStore(folder).read("families.toml")
    data = (folder / "families.toml").read_bytes()
    assert found.version == hashlib.sha256(data).hexdigest() == version_of(data)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_refused_by_the_store(folder: Path, outside: Path, name: str) -> None:
    store = FolderStore(folder)
    with pytest.raises(CaseNotFound):
        store.read(name)
    with pytest.raises(CaseNotFound):
        store.save(name, 'name = "x"\n', None)
    assert outside.read_text() == 'name = "secret"\n'
    assert sorted(p.name for p in folder.iterdir()) == ["families.toml"]


@pytest.mark.parametrize(
    "path",
    [
        "/cases/..%2Foutside.toml/",
        "/cases/%2E%2E%2Foutside.toml/",
        "/cases/../outside.toml/",
        "/cases/%2Fetc%2Fpasswd/",
        "/cases/families.txt/",
        "/cases/.hidden.toml/",
        "/cases/..%5Coutside.toml/",
        "/cases/link.toml/",
        "/cases/link.toml/download/case",
        "/cases/..%2Foutside.toml/download/case",
        "/static/../../_store.py",
        "/static/%2E%2E/_store.py",
    ],
)
def test_traversal_over_http_is_a_404(
    client: FlaskClient, folder: Path, outside: Path, path: str
) -> None:
    (folder / "link.toml").symlink_to(outside)
    answer = client.get(path)
    answer.close()
    assert answer.status_code in (400, 404)
    assert b"secret" not in answer.get_data()


def test_a_symbolic_link_out_of_the_folder_is_not_listed_read_or_written(
    client: FlaskClient, folder: Path, outside: Path
) -> None:
    (folder / "link.toml").symlink_to(outside)
    store = FolderStore(folder)
    assert [c.name for c in store.list()] == ["families.toml"]
    with pytest.raises(CaseNotFound):
        store.read("link.toml")
    with pytest.raises(CaseNotFound):
        store.save("link.toml", 'name = "overwritten"\n', None)
    with pytest.raises(CaseNotFound):
        store.save("link.toml", 'name = "overwritten"\n', version_of(outside.read_bytes()))
    answer = client.post(
        "/cases/link.toml/place",
        data={"csrf_token": csrf(client), "action": "save", "place-name": "x"},
    )
    assert answer.status_code == 404
    assert outside.read_text() == 'name = "secret"\n'
    assert (folder / "link.toml").is_symlink()
    assert "link.toml" not in client.get("/").text


def test_a_symbolic_link_to_a_folder_out_is_not_followed(folder: Path, outside: Path) -> None:
    os.symlink(outside.parent, folder / "up.toml")
    store = FolderStore(folder)
    assert [c.name for c in store.list()] == ["families.toml"]
    with pytest.raises(CaseNotFound):
        store.read("up.toml")


def test_a_save_over_a_file_changed_on_disk_is_refused(folder: Path) -> None:
    store = FolderStore(folder)
    opened = store.read("families.toml")
    changed = opened.text.replace("Borough Council", "Changed in an editor")
    (folder / "families.toml").write_text(changed)
    with pytest.raises(SaveConflict, match="changed on disk since you opened it"):
        store.save("families.toml", opened.text + "\n# mine\n", opened.version)
    assert (folder / "families.toml").read_text() == changed
    assert sorted(p.name for p in folder.iterdir()) == ["families.toml"]


def test_a_change_made_while_the_save_is_checked_is_not_overwritten(folder: Path) -> None:
    store = FolderStore(folder)
    opened = store.read("families.toml")

    def meanwhile(written: Path) -> None:
        (folder / "families.toml").write_text(opened.text + "# meanwhile\n")

    with pytest.raises(SaveConflict):
        store.save("families.toml", opened.text + "# mine\n", opened.version, check=meanwhile)
    assert (folder / "families.toml").read_text().endswith("# meanwhile\n")


def test_a_save_refused_by_its_check_writes_nothing(folder: Path) -> None:
    store = FolderStore(folder)
    opened = store.read("families.toml")

    def refuse(written: Path) -> None:
        assert written.parent == folder
        assert written.read_text().endswith("# mine\n")
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        store.save("families.toml", opened.text + "# mine\n", opened.version, check=refuse)
    assert (folder / "families.toml").read_text() == opened.text
    assert sorted(p.name for p in folder.iterdir()) == ["families.toml"]


def test_a_save_writes_the_text_and_gives_its_version(folder: Path) -> None:
    store = FolderStore(folder)
    opened = store.read("families.toml")
    version = store.save("families.toml", opened.text + "# mine\n", opened.version)
    assert version == version_of((folder / "families.toml").read_bytes())
    assert store.save("new.toml", 'name = "new"\n', None) == version_of(b'name = "new"\n')
    with pytest.raises(SaveConflict):  # a new case over one that appeared meanwhile
        store.save("new.toml", 'name = "again"\n', None)
