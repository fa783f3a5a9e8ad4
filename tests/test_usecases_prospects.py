"""The prospect and contacts-import use cases, called directly (the CLI tests cover the rest)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from infoview.model.errors import InvalidInput, NotFound
from infoview.model.vocab import Relation, Status
from infoview.rules.prospect_form import FormError, form_changes
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.contacts_import import import_contacts, read_contacts
from infoview.usecases.prospects import (
    add_prospect,
    edit_prospect,
    export_format,
    export_prospects,
    list_prospects,
    prospect_form,
    remove_prospect,
    save_prospect_form,
)
from infoview.usecases.story import person_story
from tests.helpers import NOW, prospect_dict


@pytest.fixture
def ws(home: Path) -> Workspace:
    workspace = Workspace(home)
    add_prospect(workspace, {"name": "Maria Lopez", "role": "Nurse", "priority": 3}, NOW)
    add_prospect(workspace, {"name": "Sam Lee", "referred_by": "maria"}, NOW)
    return workspace


def test_add_returns_the_notices_and_refuses_a_second_maria(ws: Workspace) -> None:
    with pytest.raises(InvalidInput, match="already on your list"):
        add_prospect(ws, {"name": "maria lopez"}, NOW)
    again = add_prospect(ws, {"name": "maria lopez"}, NOW, duplicate=True)
    assert again.prospect.id == "maria-lopez-2"
    assert again.notices and "maria-lopez" in again.notices[0]
    assert again.warnings == []


def test_list_filters_and_counts_everyone(ws: Workspace) -> None:
    result = list_prospects(ws, relation=Relation.REFERRAL)
    assert [p.id for p in result.people] == ["sam-lee"]
    assert result.listed == 2
    assert list_prospects(ws, status=Status.INTERVIEWED).people == []
    assert [p["id"] for p in list_prospects(ws).as_dict()] == ["maria-lopez", "sam-lee"]


def test_show_names_the_referrer_and_warns_about_a_dangling_one(ws: Workspace) -> None:
    shown = person_story(ws, "sam", NOW)
    assert shown.referrer is not None and shown.referrer.id == "maria-lopez"
    assert [p.id for p in person_story(ws, "maria", NOW).referred] == ["sam-lee"]
    data = json.loads(ws.path_of(PROSPECTS).read_text(encoding="utf-8"))
    data["prospects"].append(prospect_dict("ada-wu", "Ada Wu", referred_by="ghost"))
    ws.path_of(PROSPECTS).write_text(json.dumps(data), encoding="utf-8")
    ada = person_story(ws, "ada", NOW)
    assert ada.referrer is None
    assert any("ghost" in w for w in ada.warnings)


def test_edit_needs_something_to_change(ws: Workspace) -> None:
    with pytest.raises(InvalidInput, match="say what to change"):
        edit_prospect(ws, "maria", {}, NOW)
    same = edit_prospect(ws, "maria", {"role": "Nurse"}, NOW)
    assert not same.changed


def test_the_form_keeps_a_change_made_while_the_editor_was_open(ws: Workspace) -> None:
    form = prospect_form(ws, "maria")
    edit_prospect(ws, "maria", {"organization": "Mercy Hospital"}, NOW)  # another command
    edited = form.text.replace("role: Nurse", "role: Director")
    result = save_prospect_form(ws, form, edited, NOW)
    assert result is not None and result.changed
    assert result.prospect.role == "Director"
    assert result.prospect.organization == "Mercy Hospital"


def test_an_untouched_form_changes_nothing(ws: Workspace) -> None:
    form = prospect_form(ws, "maria")
    before = ws.path_of(PROSPECTS).read_bytes()
    assert save_prospect_form(ws, form, form.text, NOW) is None
    assert save_prospect_form(ws, form, "# my own comment\n" + form.text, NOW) is None
    assert ws.path_of(PROSPECTS).read_bytes() == before


def test_a_broken_form_is_kept_privately(ws: Workspace) -> None:
    form = prospect_form(ws, "maria")
    broken = form.text.replace("role:", "rolle:")
    with pytest.raises(InvalidInput, match="unknown key 'rolle'") as caught:
        save_prospect_form(ws, form, broken, NOW)
    kept = ws.root / "edit-maria-lopez.txt"
    assert caught.value.hint == f"your text is kept in {kept}"
    assert kept.read_text(encoding="utf-8") == broken
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_form_changes_are_only_what_differs() -> None:
    assert form_changes("role: A\nphone: 1\n", "role: B\nphone: 1\n") == {"role": "B"}
    with pytest.raises(FormError):
        form_changes("role: A\n", "role A\n")


def test_remove_is_by_id_and_unlinks_the_people_they_referred(ws: Workspace) -> None:
    result = remove_prospect(ws, "maria-lopez")
    assert result.prospect.name == "Maria Lopez"
    assert result.notices == ["Sam Lee (sam-lee) stays, no longer linked to Maria Lopez"]
    with pytest.raises(NotFound):
        remove_prospect(ws, "maria-lopez")  # gone since it was confirmed: nothing half-done


def test_export_format_and_filters(ws: Workspace) -> None:
    assert export_format(" CSV ") == "csv"
    assert export_format(None) == "csv"
    assert export_format(None, "~/people.VCF") == "vcard"
    assert export_format(None, "people.txt") == "csv"
    assert export_format("json", "people.vcf") == "json"
    with pytest.raises(InvalidInput, match="unknown export format"):
        export_format("xml")
    with pytest.raises(InvalidInput, match="--bom"):
        export_format(None, "people.json", bom=True)
    result = export_prospects(ws, "json", tag="nobody-has-this")
    assert (result.fmt, result.count, result.listed) == ("json", 0, 2)
    vcards = export_prospects(ws, "vcard")
    assert vcards.data.count(b"BEGIN:VCARD") == 2


def test_import_dry_run_reports_progress_and_writes_nothing(ws: Workspace, tmp_path: Path) -> None:
    rows = "".join(f"Person {n},p{n}@example.org\n" for n in range(1200))
    source = tmp_path / "people.csv"
    source.write_text("Name,Email\n" + rows, encoding="utf-8")
    parsed = read_contacts(source)
    before = ws.path_of(PROSPECTS).read_bytes()
    seen: list[int] = []
    result = import_contacts(
        ws,
        parsed,
        relation=None,
        tags=["import"],
        update=False,
        dry_run=True,
        now=NOW,
        progress=seen.append,
    )
    assert seen == [500, 1000, 1200]
    assert result.as_dict()["created"] == 1200
    assert result.as_dict()["dry_run"] is True
    assert ws.path_of(PROSPECTS).read_bytes() == before


def test_read_contacts_refuses_an_unknown_format_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="--format must be auto"):
        read_contacts(tmp_path / "x.csv", "xml")
    with pytest.raises(InvalidInput, match="cannot read"):
        read_contacts(tmp_path / "missing.csv")
