"""How a message addresses a person and names their work (model/names.py, rules/wording.py),
through the rules and end to end through `outreach draft`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.formats.vcard import parse_vcard
from infoview.model.names import derived_address, only_a_title, parse_name
from infoview.model.people import Prospect
from infoview.rules.fields import load_field_map
from infoview.rules.wording import article, greeting, spoken_day, work_of

STAMP = "2026-11-30T09:00:00-05:00"


def person(name: str, **details: Any) -> Prospect:
    return Prospect(id="p", name=name, created_at=STAMP, updated_at=STAMP, **details)


@pytest.mark.parametrize(
    ("name", "relation", "channel", "expected"),
    [
        ("Mr. Robert Hall", "neighbor", "email", "Hi Mr. Hall,"),
        ("Dr. Samuel Weiss", "other", "email", "Dear Dr. Weiss,"),
        ("Dr. Samuel Weiss", "other", "text", "Hello Dr. Weiss,"),
        ("Samuel Weiss, MD", "other", "email", "Dear Dr. Weiss,"),
        ("Samuel Weiss, MD", "family-friend", "email", "Hi Samuel,"),
        ("Uncle Ben Kahale", "family", "email", "Hi Uncle Ben,"),
        ("Aunt Keiko Tanaka", "family", "text", "Hi Aunt Keiko,"),
        ("Aunt Keiko Tanaka", "other", "email", "Hi Aunt Keiko,"),  # imported, relation unset
        ("Mom", "family", "text", "Hi Mom,"),
        ("Abuela", "family", "phone", "Hi Abuela,"),
        ("Tía Rosa Gómez", "family", "email", "Hi Tía Rosa,"),
        ("Cousin Leilani Akana", "family", "email", "Hi Leilani,"),
        ("Adaeze Okafor", "teacher", "email", "Dear Adaeze Okafor,"),
        ("Ms. Adaeze Okafor", "teacher", "email", "Dear Ms. Okafor,"),
        ("Coach Rivera", "teacher", "text", "Hello Coach Rivera,"),
        ("María José García López", "other", "email", "Dear María José García López,"),
        ("Weiss, Samuel", "friend", "email", "Hi Samuel,"),
        ("王小明", "other", "email", "Dear 王小明,"),
        ("Ludwig van Beethoven", "alumni", "email", "Dear Ludwig van Beethoven,"),
        ("Robert Hall Jr.", "coworker", "email", "Hi Robert,"),
    ],
)
def test_greetings_never_stop_at_a_title(
    name: str, relation: str, channel: str, expected: str
) -> None:
    assert greeting(person(name, relation=relation), channel) == expected


def test_address_as_wins() -> None:
    okafor = person("Adaeze Okafor", relation="teacher", address_as="Ms. Okafor")
    assert greeting(okafor, "email") == "Dear Ms. Okafor,"
    assert greeting(person("Keiko Tanaka", relation="family", address_as="Auntie"), "text") == (
        "Hi Auntie,"
    )


@settings(max_examples=300, deadline=None)
@given(
    title=st.sampled_from(["", "Dr.", "Mr", "Ms.", "Aunt", "Uncle", "Tío", "Cousin", "Prof."]),
    words=st.lists(
        st.text(st.characters(categories=["L"]), min_size=1, max_size=12), min_size=1, max_size=4
    ),
    suffix=st.sampled_from(["", ", MD", " Jr.", ", PhD", " III"]),
    formal=st.booleans(),
)
def test_a_derived_address_is_never_only_a_title(
    title: str, words: list[str], suffix: str, formal: bool
) -> None:
    name = " ".join([title, *words]).strip() + suffix
    address = derived_address(name, formal=formal)
    assert address.strip()
    if not only_a_title(" ".join(words)):  # a name made only of title words may stay one
        assert not only_a_title(address), (name, address)


def test_parse_name_parts() -> None:
    parts = parse_name("Dr. Samuel Weiss")
    assert (parts.title, parts.given, parts.family) == ("Dr.", "Samuel", "Weiss")
    parts = parse_name("Aunt Keiko Tanaka")
    assert (parts.kinship, parts.given, parts.family) == ("Aunt", "Keiko", "Tanaka")
    assert parse_name("Samuel Weiss, MD").doctoral
    assert parse_name("Ana-Sofía de la Cruz").family == "de la Cruz"


def test_only_a_title() -> None:
    assert only_a_title("Mr.") and only_a_title("Dr.") and only_a_title("Aunt")
    assert only_a_title("Uncle,")
    assert not only_a_title("Mom") and not only_a_title("Coach") and not only_a_title("Ana")


WORK = [
    # (role, organization, fields) -> the work phrase, the topic
    (
        ("Child Psychiatrist", "St. Mary's Hospital", []),
        "your work as a child psychiatrist at St. Mary's Hospital",
        "psychiatry",
    ),
    (("Software Engineer", "Stripe", []), "your work as a software engineer at Stripe", None),
    (("", "", ["marine biology"]), "your work in marine biology", "marine biology"),
    (("RN", "", []), "your work as an RN", "nursing"),
    (("", "", ["scuba diving"]), "your work in scuba diving", "scuba diving"),
    (("", "Stripe", []), "your work at Stripe", ""),
    (("", "", []), "your work", ""),
]


@pytest.mark.parametrize(("given_work", "phrase", "topic"), WORK)
def test_their_work_is_named_as_specifically_as_known(
    given_work: tuple[str, str, list[str]], phrase: str, topic: str | None
) -> None:
    role, org, fields = given_work
    work = work_of(person("X Y", role=role, organization=org, fields=fields), load_field_map())
    assert work.phrase == phrase
    if topic is not None:
        assert work.topic == topic
    assert "your field" not in work.phrase
    assert work.topic not in ("psychology and counseling", "science and research")


def test_a_specific_role_beats_a_broad_field() -> None:
    psychiatrist = person("X Y", role="Psychiatrist", fields=["Psychology and Counseling"])
    assert work_of(psychiatrist, load_field_map()).topic == "psychiatry"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("engineer", "an"), ("nurse", "a"), ("RN", "an"), ("MD", "an"), ("university", "a")],
)
def test_article(word: str, expected: str) -> None:
    assert article(word) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 30), "today"),
        (date(2026, 11, 29), "yesterday"),
        (date(2026, 11, 27), "last Friday"),
        (date(2026, 11, 23), "last Monday"),
        (date(2026, 11, 16), "on 16 November"),
        (date(2025, 11, 16), "on 16 November 2025"),
    ],
)
def test_days_as_people_write_them(day: date, expected: str) -> None:
    assert spoken_day(day, date(2026, 11, 30)) == expected  # a Monday
    assert spoken_day(date(2026, 12, 1), date(2026, 12, 3)) == "on Tuesday"


def test_a_card_prefix_says_how_to_greet_them() -> None:
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tanaka;Keiko;;Aunt;\r\nFN:Aunt Keiko Tanaka\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiss;Samuel;;Dr.;\r\nFN:Samuel Weiss\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Sam;;;\r\nFN:Sam Lee\r\nEND:VCARD\r\n"
    )
    rows = parse_vcard(cards).rows
    assert [r.address_as for r in rows] == ["Aunt Keiko", "Dr. Weiss", ""]


# --- end to end ------------------------------------------------------------------------


def _draft(cli: Any, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("outreach", "draft", *args, "--json").stdout)
    return data


@pytest.fixture
def kim(cli: Any) -> Any:
    cli("profile", "set", "--name", "Kim Lee", "--school", "Lincoln High", "--year", "junior")
    return cli


def test_an_imported_aunt_gets_a_family_draft(kim: Any, tmp_path: Any) -> None:
    card = tmp_path / "aunt.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nN:Tanaka;Keiko;;Aunt;\nFN:Aunt Keiko Tanaka\n"
        "TITLE:Child Psychiatrist\nORG:St. Mary's Hospital\nEND:VCARD\n",
        encoding="utf-8",
    )
    kim("prospect", "import", str(card))
    kim("prospect", "edit", "keiko", "--relation", "family")
    text = _draft(kim, "keiko", "--channel", "text")["body"]
    assert text.startswith("Hi Aunt Keiko, it's Kim.")
    assert "child psychiatrist" in text
    assert "I came across your work" not in text
    assert "Lincoln High" not in text  # no formal self-introduction to family


def test_a_teacher_is_greeted_as_a_student_writes(kim: Any) -> None:
    kim("prospect", "add", "Adaeze Okafor", "--relation", "teacher", "--address-as", "Ms. Okafor")
    email = _draft(kim, "okafor")
    assert email["body"].startswith("Dear Ms. Okafor,\n")
    assert email["body"].rstrip().endswith("Kim Lee")


def test_no_field_falls_back_to_the_role_never_your_field(kim: Any) -> None:
    kim("prospect", "add", "Jordan Avery", "--role", "Software Engineer", "--org", "Stripe")
    email = _draft(kim, "jordan")
    assert "your field" not in email["subject"] + email["body"]
    assert email["subject"] == "A student curious about software engineering"
    assert "your work as a software engineer at Stripe" in email["body"]


def test_a_referral_names_the_referrer_first_and_in_the_subject(kim: Any) -> None:
    kim("prospect", "add", "Jordan Avery", "--relation", "family-friend")
    kim("prospect", "add", "Dr. Samuel Weiss", "--role", "Psychiatrist", "--referred-by", "jordan")
    email = _draft(kim, "weiss")
    assert email["subject"] == "Jordan Avery suggested I write to you"
    assert email["body"].startswith("Dear Dr. Weiss,\n\nJordan Avery ")


def test_a_referral_without_a_referrer_says_how_to_add_one(kim: Any) -> None:
    added = kim("prospect", "add", "Sam Lee", "--relation", "referral")
    assert "prospect edit sam-lee --referred-by NAME" in added.stderr
    result = kim("outreach", "draft", "sam", expect=1)
    assert "--referred-by" in result.stderr
    assert "Traceback" not in result.stderr


def test_prospect_show_says_how_they_are_greeted(kim: Any) -> None:
    kim("prospect", "add", "Dr. Samuel Weiss", "--how-found", "your talk at the career fair")
    shown = kim("prospect", "show", "weiss").stdout
    assert "Dr. Weiss" in shown
    assert "your talk at the career fair" in shown


def test_alumni_name_the_shared_school(kim: Any) -> None:
    kim("prospect", "add", "Ana Ruiz", "--relation", "alumni", "--field", "nursing")
    email = _draft(kim, "ana")
    opening = email["body"].split("\n\n")[1]
    assert opening.count("Lincoln High") == 1  # named once: "I'm Kim Lee, a junior."
    assert "I'm Kim Lee, a junior." in opening
    kim("prospect", "edit", "ana", "--school", "Roosevelt College")
    assert "Roosevelt College" in _draft(kim, "ana")["body"]


def test_a_stranger_is_told_where_the_student_found_them(kim: Any) -> None:
    kim("prospect", "add", "Lee Park", "--how-found", "your talk at the career fair")
    assert "through your talk at the career fair" in _draft(kim, "lee")["body"]


def test_neighbours_do_not_all_get_the_same_sentence(kim: Any) -> None:
    for name in ("Al Wu", "Bo Li", "Cy Ng"):
        kim("prospect", "add", name, "--relation", "neighbor")
    openings = {
        _draft(kim, name, "--channel", "text")["body"].split(". ", 1)[1]
        for name in ("al", "bo", "cy")
    }
    assert len(openings) == 3


def test_a_follow_up_uses_the_first_channel_and_a_date_as_people_write_it(
    kim: Any, clock: Any
) -> None:
    kim("prospect", "add", "Mom", "--relation", "family", "--phone", "555-0100")
    kim("outreach", "sent", "mom", "--channel", "text", "--on", "2026-11-19")
    draft = _draft(kim, "mom", "--follow-up")
    assert draft["channel"] == "text"
    assert "following up on the message I sent last Thursday" in draft["body"]
    assert "2026" not in draft["body"]


def test_only_the_follow_ups_the_settings_allow_are_drafted(kim: Any, home: Any) -> None:
    kim("prospect", "add", "Lee Park", "--email", "lee@example.org")
    kim("outreach", "sent", "lee", "--on", "2026-11-02")
    first = _draft(kim, "lee", "--follow-up")
    assert first["subject"].startswith("Following up: ")
    assert "last time" not in first["body"]
    kim("outreach", "sent", "lee", "--on", "2026-11-13")  # the follow-up went
    refused = kim("outreach", "draft", "lee", "--follow-up", expect=1)
    assert "follow_ups" in refused.stderr  # names the setting that would allow a second

    settings = {"schema_version": 2, "follow_ups": 2}
    (home / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    last = _draft(kim, "lee", "--follow-up")
    assert last["subject"].startswith("One last note: ")
    assert "one last time on the email I sent on 2 November" in last["body"]
    assert first["body"] != last["body"]


def test_lint_of_several_drafts_finds_the_same_opening_sent_to_different_people(
    cli: Any, tmp_path: Any
) -> None:
    opening = "We are neighbors, so I hope it's okay to ask about your work."
    ask = "Could you spare about 30 minutes to tell me about it, whenever suits you?"
    for name in ("al", "bo"):
        (tmp_path / f"{name}.txt").write_text(
            f"Subject: A question about nursing\n\nHi {name.title()},\n\n{opening} {ask}\n\n"
            "Thanks,\nKim\n",
            encoding="utf-8",
        )
    (tmp_path / "cy.txt").write_text(
        f"Subject: A question about law\n\nDear Dr. Cy,\n\nJordan suggested you. {ask}\n",
        encoding="utf-8",
    )
    files = [str(tmp_path / f"{n}.txt") for n in ("al", "bo", "cy")]
    result = cli("outreach", "lint", *files, expect=1)
    assert "across the drafts: repeated-opening" in result.stdout
    assert "al.txt: no findings" in result.stdout
    data = json.loads(cli("outreach", "lint", *files, "--json", expect=1).stdout)
    assert [d["lint"] for d in data["drafts"]] == [[], [], []]
    assert [f["rule"] for f in data["across"]] == ["repeated-opening"]
    cli("outreach", "lint", *files[1:])  # two different openings: nothing to change


def test_lint_of_a_draft_finds_what_would_embarrass_the_student(cli: Any) -> None:
    text = (
        "Subject: Your path into your field\n\nHi Mr.,\n\nYou are family, so you were the "
        "first person I wanted to ask. Could you spare 30 minutes, whenever suits you?\n"
    )
    result = cli("outreach", "lint", "-", input=text, expect=1)
    for rule in ("greeting:", "vague-field:", "canned:"):
        assert rule in result.stdout


@pytest.mark.parametrize(
    ("steps", "advice"),
    [
        ([("outreach", "sent", "lee", "--on", "-2d")], "outreach draft lee-park --follow-up"),
        (
            [
                ("outreach", "sent", "lee", "--on", "-2d"),
                ("outreach", "replied", "lee", "--declined"),
            ],
            "outreach draft lee-park --declined",
        ),
        ([("interview", "log", "lee", "--on", "-1d")], "thanks draft lee-park"),
        (
            [("interview", "log", "lee", "--on", "-2d"), ("thanks", "sent", "lee", "--on", "-1d")],
            "touch draft lee-park",
        ),
        (
            [("interview", "schedule", "lee", "--at", "tomorrow 15:00")],
            "interview confirm lee-park",
        ),
    ],
)
def test_an_ask_to_someone_past_asking_names_the_note_that_fits(
    kim: Any, steps: list[tuple[str, ...]], advice: str
) -> None:
    kim("prospect", "add", "Lee Park", "--email", "lee@example.org")
    assert "may not be the note" not in kim("outreach", "draft", "lee").stderr  # a new person
    for step in steps:
        kim(*step)
    result = kim("outreach", "draft", "lee")
    assert "this may not be the note to send: " in result.stderr
    assert advice in result.stderr
    assert advice in json.loads(kim("outreach", "draft", "lee", "--json").stdout)["advice"]
