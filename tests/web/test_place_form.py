"""The "place and partners" form: filled from the file, saved into it keeping its
comments and layout (tomlkit), atomically and only over the version opened; what
``validate`` refuses is refused at the field with its message and nothing is written;
"Add another partner" and "Remove" work without JavaScript."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest
from _web import csrf
from flask.testing import FlaskClient
from markupsafe import escape

from placebudget.web import _place_form as place_form
from placebudget.web import version_of
from placebudget.web._cases import check_file

PATH = "/cases/families.toml/place"


def _fields(page: str) -> dict[str, str]:
    """The form's fields as the page fills them (inputs, and each select's chosen
    option)."""
    found = dict(re.findall(r'<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"', page))
    for name, options in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        found[name] = chosen.group(1) if chosen else ""
    return {k: v.replace("&amp;", "&").replace("&#39;", "'") for k, v in found.items()}


def _form(client: FlaskClient, **changes: str) -> dict[str, Any]:
    data: dict[str, Any] = _fields(client.get(PATH).text)
    data.update(changes)
    data.setdefault("action", "save")
    return data


def test_the_form_is_filled_from_the_file(client: FlaskClient, folder: Path) -> None:
    fields = _fields(client.get(PATH).text)
    assert fields["place-name"] == "A Greater Manchester borough"
    assert fields["place-id"] == "borough"
    assert fields["place-population"] == "320000"
    assert fields["partners-0-name"] == "Borough Council"
    assert fields["partners-0-kind"] == "local_authority"
    assert fields["partners-1-kind"] == "police"
    assert fields["version"] == version_of((folder / "families.toml").read_bytes())
    assert fields["csrf_token"] == csrf(client)


def test_a_save_keeps_the_files_comments_and_layout(client: FlaskClient, folder: Path) -> None:
    before = (folder / "families.toml").read_text()
    data = _form(client, **{"place-name": "Northborough", "partners-1-name": "The Police"})
    answer = client.post(PATH, data=data)
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/cases/families.toml/"
    after = (folder / "families.toml").read_text()
    expected = before.replace('name = "A Greater Manchester borough"', 'name = "Northborough"')
    expected = expected.replace('name = "Greater Manchester Police"', 'name = "The Police"')
    assert after == expected
    assert "# the codes below are those of the v1.2 edition" in after
    assert check_file(folder / "families.toml").valid
    assert "Place and partners saved." in client.get("/cases/families.toml/").text
    assert sorted(p.name for p in folder.iterdir()) == ["families.toml"]


def test_a_save_with_nothing_changed_writes_the_same_bytes(
    client: FlaskClient, folder: Path
) -> None:
    before = (folder / "families.toml").read_bytes()
    assert client.post(PATH, data=_form(client)).status_code == 303
    assert (folder / "families.toml").read_bytes() == before


def test_a_partner_is_added_without_javascript(client: FlaskClient, folder: Path) -> None:
    before = (folder / "families.toml").read_bytes()
    page = client.post(PATH, data=_form(client, action="add")).text
    assert (folder / "families.toml").read_bytes() == before  # nothing saved yet
    fields = _fields(page)
    assert fields["partners-6-name"] == ""
    assert "Partner 7" in page
    fields.update(
        {
            "partners-6-name": "Fire & Rescue",
            "partners-6-id": "fire",
            "partners-6-kind": "fire",
            "action": "save",
        }
    )
    assert client.post(PATH, data=fields).status_code == 303
    text = (folder / "families.toml").read_text()
    # the file as it was, the new partner after the last
    assert text == before.decode().replace(
        'department = "Department for Education"\n\n[[interventions]]',
        'department = "Department for Education"\n\n[[place.partners]]\nid = "fire"\n'
        'name = "Fire & Rescue"\nkind = "fire"\n\n[[interventions]]',
        1,
    )
    data = tomllib.loads(text)
    assert data["place"]["partners"][-1] == {"id": "fire", "name": "Fire & Rescue", "kind": "fire"}
    assert check_file(folder / "families.toml").valid


def test_an_unused_partner_is_removed(client: FlaskClient, folder: Path) -> None:
    client.post(PATH, data=_form(client, action="add"))
    data = _form(
        client,
        **{"partners-6-name": "Fire", "partners-6-id": "fire", "partners-6-kind": "fire"},
    )
    assert client.post(PATH, data=data).status_code == 303
    page = client.post(PATH, data=_form(client, action="remove-6")).text
    assert "Partner 7" not in page
    fields = _fields(page)
    fields["action"] = "save"
    assert client.post(PATH, data=fields).status_code == 303
    ids = [
        p["id"] for p in tomllib.loads((folder / "families.toml").read_text())["place"]["partners"]
    ]
    assert "fire" not in ids
    assert len(ids) == 6


def test_removing_a_partner_the_case_uses_is_refused(client: FlaskClient, folder: Path) -> None:
    before = (folder / "families.toml").read_bytes()
    page = client.post(PATH, data=_form(client, action="remove-1")).text
    fields = _fields(page)
    fields["action"] = "save"
    answer = client.post(PATH, data=fields)
    assert answer.status_code == 422
    assert "There is a problem" in answer.text
    assert "police" in answer.text
    assert (folder / "families.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("changes", "edit", "fields"),
    [
        (
            {"partners-1-kind": "polce"},
            ('kind = "police"', 'kind = "polce"'),
            {"place-partners-1-kind": "govuk-select govuk-select--error"},
        ),
        (
            {"place-id": "not an id!"},
            ('id = "borough"', 'id = "not an id!"'),
            {"place-id": "govuk-input govuk-input--width-20 govuk-input--error"},
        ),
        (
            {"place-population": "lots"},
            ("population = 320000", 'population = "lots"'),
            {"place-population": "govuk-input govuk-input--width-10 govuk-input--error"},
        ),
        (
            {"partners-2-id": "police"},
            ('id = "nhs"', 'id = "police"'),
            {"place-partners-2-id": "govuk-input govuk-input--width-20 govuk-input--error"},
        ),
    ],
)
def test_what_validate_refuses_is_shown_at_its_field(
    client: FlaskClient,
    folder: Path,
    changes: dict[str, str],
    edit: tuple[str, str],
    fields: dict[str, str | None],
) -> None:
    before = (folder / "families.toml").read_bytes()
    answer = client.post(PATH, data=_form(client, **changes))
    assert answer.status_code == 422
    assert (folder / "families.toml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["families.toml"]
    page = answer.text
    # the problems validate finds in the file as the form would have written it
    (folder.parent / "broken.toml").write_text(before.decode().replace(*edit, 1))
    problems = check_file(folder.parent / "broken.toml").problems
    assert problems
    assert '<div class="govuk-error-summary"' in page
    assert "<title>Error: Place and partners" in page
    for problem in problems:
        if not problem.path.startswith("place"):  # elsewhere: listed, not linked
            assert f"<li>{escape(str(problem))}</li>" in page
            assert "Problems not on this page are in other parts of the case" in page
            continue
        field = place_form.field_id(problem.path)
        assert field in fields, problem
        assert f'<a href="#{field}">{escape(str(problem))}</a>' in page
        assert f'<span class="govuk-visually-hidden">Error:</span> {escape(str(problem))}' in page
        css = fields[field]
        if css is not None:  # the field marked and described by its message
            assert f'class="{css}" id="{field}"' in page
            assert f'aria-describedby="{field}-hint {field}-error1"' in page or (
                f'aria-describedby="{field}-error1 "' in page
            )
    # the values posted are kept in the form
    kept = _fields(page)
    for name, value in changes.items():
        assert kept[name] == value


def test_a_save_over_a_file_changed_on_disk_is_refused(client: FlaskClient, folder: Path) -> None:
    data = _form(client, **{"place-name": "Mine"})
    changed = (folder / "families.toml").read_text().replace("Borough Council", "Theirs")
    (folder / "families.toml").write_text(changed)
    answer = client.post(PATH, data=data)
    assert answer.status_code == 409
    assert "Your changes were not saved" in answer.text
    assert "changed on disk since you opened this page" in answer.text
    assert (folder / "families.toml").read_text() == changed
    assert _fields(answer.text)["place-name"] == "Mine"  # the edit is not lost


def test_an_inline_partner_list_is_edited_in_place(client: FlaskClient, folder: Path) -> None:
    text = (folder / "families.toml").read_text()
    start = text.index("[[place.partners]]")
    end = text.index("[[interventions]]")
    partners = tomllib.loads(text)["place"]["partners"]
    inline = ",\n  ".join(
        "{ " + ", ".join(f'{k} = "{v}"' for k, v in p.items()) + " }" for p in partners
    )
    head = text[:start].replace(
        "population = 320000\n", f"population = 320000\npartners = [\n  {inline},\n]  # all six\n"
    )
    (folder / "families.toml").write_text(head + "\n" + text[end:])
    assert check_file(folder / "families.toml").valid
    data = _form(client, **{"partners-0-name": "The Council"})
    assert client.post(PATH, data=data).status_code == 303
    after = (folder / "families.toml").read_text()
    assert '{ id = "council", name = "The Council"' in after
    assert "]  # all six" in after


SMALL = """[place]
id = "p"
name = "P"  # the place

[[place.partners]]
id = "a"
name = "A"
kind = "nhs"

# b is the police
[[place.partners]]
id = "b"
name = "B"
kind = "police"

# c is the council
[[place.partners]]
id = "c"
name = "C"
kind = "local_authority"

# the interventions
[[interventions]]
id = "x"
"""


def _removed(drop: int) -> str:
    import tomlkit

    document = tomlkit.parse(SMALL)
    form = place_form.from_document(tomllib.loads(SMALL))
    rows = tuple(r for n, r in enumerate(form.partners) if n != drop)
    place_form.apply(document, attrs.evolve(form, partners=rows))
    return tomlkit.dumps(document)


def test_a_removed_partner_leaves_the_others_comments_before_them() -> None:
    first = _removed(0)
    assert '[[place.partners]]\n# b is the police\nid = "b"' in first
    assert '# c is the council\n[[place.partners]]\nid = "c"' in first
    middle = _removed(1)
    assert 'id = "b"' not in middle
    assert '\n\n# c is the council\n[[place.partners]]\nid = "c"' in middle
    assert 'name = "P"  # the place' in middle
    for text in (first, middle, _removed(2)):
        assert "# the interventions\n[[interventions]]" in text
        assert len(tomllib.loads(text)["place"]["partners"]) == 2


def test_rows_out_of_the_files_order_are_refused() -> None:
    import tomlkit

    form = place_form.from_document(tomllib.loads(SMALL))
    swapped = attrs.evolve(form, partners=(form.partners[1], form.partners[0]))
    added_first = attrs.evolve(form, partners=(place_form.PartnerRow(), *form.partners))
    beyond = attrs.evolve(form, partners=(attrs.evolve(form.partners[0], origin=7),))
    for bad in (swapped, added_first, beyond):
        with pytest.raises(place_form.FormError):
            place_form.apply(tomlkit.parse(SMALL), bad)


def test_a_tampered_form_is_a_400(client: FlaskClient, folder: Path) -> None:
    before = (folder / "families.toml").read_bytes()
    data = _form(client)
    data["partners-0-from"], data["partners-1-from"] = "1", "0"
    assert client.post(PATH, data=data).status_code == 400
    assert (folder / "families.toml").read_bytes() == before
