"""Outreach drafts: the bundled templates, the lint rules, overrides and `outreach draft|lint`."""

from __future__ import annotations

import itertools
import json
import re
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.errors import InvalidInput
from infoview.model.people import Profile, Prospect
from infoview.model.vocab import DRAFT_CHANNELS, Relation
from infoview.rules.asking import FirstMessage, connection_lines, message_values
from infoview.rules.drafting import (
    BUNDLED,
    CHAR_LIMITS,
    KINDS,
    STYLES,
    WORD_LIMITS,
    Draft,
    Finding,
    compose,
    lint_draft,
    list_templates,
    split_draft,
    template_path,
)
from infoview.rules.fields import load_field_map

# --- helpers -----------------------------------------------------------------

WORD = re.compile(r"[\w'’-]+")
SECTION = re.compile(r"^(Opening|Ask|Voicemail):\s*(.*)$")
# Every finding says what to change, with a verb in the imperative.
ACTION = re.compile(r"\b(add|say|remove|cut|make|offer|turn|fill|keep|fit)\b")


def rules(found: list[Finding]) -> list[str]:
    return [f.rule for f in found]


def words(text: str) -> int:
    return len(WORD.findall(text))


def phone_parts(body: str) -> dict[str, str]:
    """The Opening/Ask/Voicemail parts of a phone script, parsed independently of the lint."""
    parts: dict[str, str] = {}
    current = ""
    for line in body.splitlines():
        match = SECTION.match(line.strip())
        if match:
            current = match.group(1)
            parts[current] = match.group(2)
        elif current and line.strip():
            parts[current] += " " + line.strip()
    return parts


def _editor_script(tmp_path: Path, body: str) -> str:
    """An $EDITOR that rewrites the file it is given with a small Python program."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body
    )
    return f"{sys.executable} {script}"


# --- building drafts from people ------------------------------------------------

STAMP = "2026-11-30T09:00:00-05:00"
TODAY = date(2026, 11, 30)


def person(name: str = "Maria Lopez", **details: Any) -> Prospect:
    details.setdefault("id", re.sub(r"\W+", "-", name.lower()).strip("-") or "p")
    return Prospect(name=name, created_at=STAMP, updated_at=STAMP, **details)


def me(name: str = "Ana Ruiz", **details: Any) -> Profile:
    details.setdefault("school", "Lincoln High")
    details.setdefault("year", "junior")
    return Profile(name=name, updated_at=STAMP, **details)


def draft_to(
    to: Prospect,
    workspace: Path,
    *,
    profile: Profile | None = None,
    channel: str = "email",
    style: str = "student",
    kind: str = "ask",
    people: list[Prospect] | None = None,
) -> Draft:
    first = (
        None
        if kind == "ask"
        else FirstMessage("email", date(2026, 11, 19), kind == "follow-up-last")
    )
    values = message_values(
        to,
        profile or me(),
        channel=channel,
        people=people if people is not None else [to],
        field_map=load_field_map(),
        workspace=workspace,
        today=TODAY,
        first=first,
    )
    return compose(channel, style, kind, values, workspace)


# --- the bundled templates stay within the limits ------------------------------

SHORT_THEIRS, SHORT_MINE = "Al Wu", "Ana Ruiz"
LONG_THEIRS = "Bartholomew-Maximilian Featherstonehaugh-Worthington"
LONG_MINE = "Maximiliana-Anastasia Featherstonehaugh-Worthington-Smyth Jr"  # 60 characters
LONG_FIRST_MINE = "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Smythe"  # one 60-char word
# (their name, my name, the referrer's name)
NAME_SETS = [
    (SHORT_THEIRS, SHORT_MINE, "Sam Lee"),
    (LONG_THEIRS, LONG_MINE, LONG_THEIRS),
    (LONG_THEIRS, LONG_FIRST_MINE, LONG_THEIRS),
]
RELATIONS = [
    "family",
    "family-friend",
    "neighbor",
    "friend",
    "teacher",
    "alumni",
    "coworker",
    "referral+referrer",
    "connection",
    "other+found",
]
# The student's year and school: both known, or neither (the corpus has the rest).
PROFILES = [("junior", "Lincoln High"), ("", "")]
# (role, organization, fields): what is known of their work.
WORKS = [
    ("Clinical Social Worker", "Mercy Hospital", []),
    ("", "", ["social work"]),
    ("", "", ["psychology and counseling"]),
    ("", "", []),
]


def test_the_name_fixtures_are_what_they_claim() -> None:
    assert len(LONG_MINE) == 60
    assert len(LONG_FIRST_MINE) == 60
    assert " " not in LONG_FIRST_MINE
    assert {r.value for r in Relation} == {r.split("+")[0] for r in RELATIONS}


# A follow-up has one template whatever the style: each is checked once.
KIND_STYLES = [("ask", style) for style in STYLES] + [(k, STYLES[0]) for k in KINDS[1:]]


@pytest.mark.parametrize(("kind", "style"), KIND_STYLES)
@pytest.mark.parametrize("channel", DRAFT_CHANNELS)
def test_bundled_templates_stay_within_limits_and_pass_lint(
    channel: str, style: str, kind: str, tmp_path: Path
) -> None:
    limit = WORD_LIMITS[style]
    phones = ["555-0100"] if channel == "phone" else ["", "555-0100"]
    checked = 0
    for relation, (theirs, mine, referrer), (year, school), work, phone in itertools.product(
        RELATIONS, NAME_SETS, PROFILES, WORKS, phones
    ):
        kind_of, _, with_referrer = relation.partition("+")
        role, org, fields = work
        suggested_by = person(referrer, id="referrer")
        to = person(
            theirs,
            relation=kind_of,
            role=role,
            organization=org,
            fields=fields,
            referred_by="referrer" if with_referrer == "referrer" else None,
            how_found="your talk at the career fair" if with_referrer == "found" else "",
        )
        profile = me(mine, year=year, school=school, phone=phone or None)
        draft = draft_to(
            to, tmp_path, profile=profile, channel=channel, style=style, kind=kind,
            people=[to, suggested_by],
        )  # fmt: skip
        found = lint_draft(draft.subject, draft.body, channel, style, kind != "ask")
        where = (
            f"{relation} / {mine} / {year} {school} / {work} / {phone!r}:\n{draft.text}\n{found}"
        )

        assert (draft.subject is not None) == (channel == "email"), where
        assert "$" not in draft.text, where
        assert "your field" not in draft.text, where
        assert re.match(r"(Opening: )?(Hi|Dear|Hello) \w", draft.body), where
        if channel == "phone":
            parts = phone_parts(draft.body)
            assert set(parts) == {"Opening", "Ask", "Voicemail"}, where
            for part in parts.values():
                assert words(part) <= limit, where
        else:
            assert words(draft.body) <= limit, where
        if channel in CHAR_LIMITS:
            over = len(draft.body.strip()) > CHAR_LIMITS[channel]
            if mine != LONG_FIRST_MINE and theirs != LONG_THEIRS and not org:
                assert not over, where  # realistic names fit
            # Very long names may not fit: then the lint must say so, and only then.
            assert ("length" in rules(found)) == over, where
            found = [f for f in found if f.rule != "length"]
        assert found == [], where
        checked += 1
    assert checked == len(RELATIONS) * len(NAME_SETS) * len(PROFILES) * len(WORKS) * len(phones)


def test_a_text_too_long_for_one_message_is_reported(tmp_path: Path) -> None:
    to = person(LONG_THEIRS, relation="referral", referred_by="referrer", role="Director of "
                "Clinical Social Work Services", organization="Mercy Hospital")  # fmt: skip
    draft = draft_to(
        to, tmp_path, profile=me(LONG_FIRST_MINE), channel="text",
        people=[to, person(LONG_THEIRS, id="referrer")],
    )  # fmt: skip
    size = len(draft.body.strip())
    assert size > CHAR_LIMITS["text"]
    [finding] = lint_draft(draft.subject, draft.body, "text", "student")
    assert finding.rule == "length"
    assert str(size) in finding.message
    assert "320" in finding.message


def test_compose_refuses_an_unknown_channel_or_style(tmp_path: Path) -> None:
    values = {"greeting": "Hi Al,"}
    with pytest.raises(InvalidInput, match="--channel"):
        compose("fax", "student", "ask", values, tmp_path)
    with pytest.raises(InvalidInput, match="--style"):
        compose("email", "long", "ask", values, tmp_path)


# --- each lint rule ------------------------------------------------------------

SUBJECT = "A student curious about social work"
GOOD_EMAIL = (
    "Hi Maria,\n\n"
    "We are neighbors, so I hope it's okay to ask you this. "
    "I'm Ana, a junior at Lincoln High.\n\n"
    "Would you be willing to share your story and advice in about 30 minutes, "
    "whenever suits you?\n\n"
    "Thank you,\nAna\n"
)
GOOD_TEXT = (
    "Hi Maria, it's Ana. We are neighbors, so I hope it's okay to ask you this. "
    "Could you spare about 30 minutes to tell me about your work, whenever suits you?"
)
GOOD_PHONE = (
    "Opening: Hi Maria, it's Ana. We are neighbors, so I hope it's okay to ask you this.\n\n"
    "Ask: Could you spare about 30 minutes to tell me about your work, whenever suits you?\n\n"
    "Voicemail: Hi Maria, it's Ana, your neighbor. Could you call me back at 555-0100, "
    "whenever suits you? Thank you!\n"
)


def _pad_words(body: str, total: int) -> str:
    """The body with a closing line of 'thanks' so that it has exactly ``total`` words."""
    missing = total - words(body)
    assert missing > 0
    return body + " ".join(["thanks"] * missing) + "\n"


def _pad_chars(body: str, total: int) -> str:
    """The body with ' Thanks!!!' added so that it is exactly ``total`` characters long."""
    missing = total - len(body.strip()) - len(" Thanks")
    assert missing > 0
    return body.strip() + " Thanks" + "!" * missing


def _phone_with_long_ask(total: int) -> str:
    ask = "Could you spare about 30 minutes to tell me about your work, whenever suits you?"
    padded = ask[:-1] + " " + " ".join(["please"] * (total - words(ask))) + "?"
    assert words(padded) == total
    return GOOD_PHONE.replace(ask, padded)


GOOD_DRAFTS = [
    pytest.param("email", "student", SUBJECT, GOOD_EMAIL, id="email"),
    pytest.param("email", "brief", SUBJECT, GOOD_EMAIL, id="email-brief"),
    pytest.param("text", "student", None, GOOD_TEXT, id="text"),
    pytest.param("linkedin", "brief", None, GOOD_TEXT, id="linkedin"),
    pytest.param("phone", "student", None, GOOD_PHONE, id="phone"),
    pytest.param(
        "email", "student", SUBJECT, _pad_words(GOOD_EMAIL, 100), id="length-100-words-student"
    ),
    pytest.param("email", "brief", SUBJECT, _pad_words(GOOD_EMAIL, 75), id="length-75-words-brief"),
    pytest.param("text", "brief", None, _pad_chars(GOOD_TEXT, 320), id="length-320-chars-text"),
    pytest.param(
        "linkedin", "brief", None, _pad_chars(GOOD_TEXT, 300), id="length-300-chars-linkedin"
    ),
    pytest.param("phone", "brief", None, _phone_with_long_ask(75), id="length-75-word-phone-part"),
    pytest.param(
        "email",
        "student",
        SUBJECT,
        "Hi Maria, we are neighbors and I hope it's okay to ask you this.\n\n"
        "Would you share your story in about 30 minutes, whenever suits you?\n",
        id="connection-in-the-greeting-sentence",
    ),
    pytest.param(
        "email",
        "student",
        SUBJECT,
        "Dear Maria,\n\nSam Park suggested I write to you. "
        "Would you share your story in about 30 minutes, whenever suits you?\n",
        id="connection-referral",
    ),
    *(
        pytest.param(
            "email",
            "student",
            SUBJECT,
            GOOD_EMAIL.replace("about 30 minutes", when),
            id=f"time-{when}",
        )
        for when in ("20-30 minutes", "20 to 30 min", "45 mins", "20–60 minutes")
    ),
    *(
        pytest.param(
            "email",
            "student",
            SUBJECT,
            GOOD_EMAIL.replace("whenever suits you", flexible),
            id=f"flexible-{flexible}",
        )
        for flexible in (
            "at whatever time suits your schedule",
            "at a time that works for you",
            "whenever is convenient",
            "around your schedule",
        )
    ),
]


@pytest.mark.parametrize(("channel", "style", "subject", "body"), GOOD_DRAFTS)
def test_a_draft_that_keeps_every_rule_has_no_findings(
    channel: str, style: str, subject: str | None, body: str
) -> None:
    assert lint_draft(subject, body, channel, style) == []


JOB_SENTENCES = {
    "job": "Do you know of a job for a student?",
    "position": "Is there a position open on your team?",
    "internship": "Does your team offer an internship?",
    "hiring": "Is your team hiring?",
    "resume": "Could I send you my resume?",
    "résumé": "Could I send you my résumé?",
    "opening": "Is there an opening on your team?",
    "apply": "How would you suggest a student apply?",
}
PLACEHOLDERS = ["$name", "${name}", "{name}", "{{ name }}", "[NAME]", "[FIRST NAME]", "<Name>"]

BAD_DRAFTS = [
    # length: words, per style, and characters for text and LinkedIn
    pytest.param(
        "length", "email", "student", SUBJECT, _pad_words(GOOD_EMAIL, 101), id="length-101-words"
    ),
    pytest.param(
        "length", "email", "brief", SUBJECT, _pad_words(GOOD_EMAIL, 76), id="length-76-words-brief"
    ),
    pytest.param(
        "length", "text", "brief", None, _pad_chars(GOOD_TEXT, 321), id="length-321-chars-text"
    ),
    pytest.param(
        "length",
        "linkedin",
        "brief",
        None,
        _pad_chars(GOOD_TEXT, 301),
        id="length-301-chars-linkedin",
    ),
    pytest.param(
        "length", "phone", "brief", None, _phone_with_long_ask(76), id="length-76-word-phone-part"
    ),
    # subject
    pytest.param("subject", "email", "student", None, GOOD_EMAIL, id="subject-missing"),
    pytest.param("subject", "email", "student", "", GOOD_EMAIL, id="subject-empty"),
    # connection: the first sentence after a bare greeting must say how you know them
    pytest.param(
        "connection",
        "email",
        "student",
        SUBJECT,
        GOOD_EMAIL.replace(
            "We are neighbors, so I hope it's okay to ask you this. ",
            "You have an interesting career. ",
        ),
        id="connection-missing",
    ),
    pytest.param(
        "connection",
        "email",
        "student",
        SUBJECT,
        "Hi Maria,\n\nWould you share your story in about 30 minutes, whenever suits you? "
        "We are neighbors, so you came to mind.\n",
        id="connection-too-late",
    ),
    pytest.param(
        "connection",
        "text",
        "student",
        None,
        GOOD_TEXT.replace("We are neighbors, so I hope it's okay to ask you this. ", ""),
        id="connection-greeting-is-not-enough",
    ),
    # ask
    pytest.param(
        "ask",
        "email",
        "student",
        SUBJECT,
        GOOD_EMAIL.replace("Would you be willing", "I hope you are willing").replace(
            "suits you?", "suits you."
        ),
        id="ask-no-question",
    ),
    # time
    pytest.param(
        "time",
        "email",
        "student",
        SUBJECT,
        GOOD_EMAIL.replace("in about 30 minutes", "sometime soon"),
        id="time-missing",
    ),
    # flexible
    *(
        pytest.param(
            "flexible",
            "email",
            "student",
            SUBJECT,
            GOOD_EMAIL.replace("whenever suits you", fixed),
            id=f"flexible-{fixed}",
        )
        for fixed in ("next Tuesday at 4 pm", "on Friday at your office")
    ),
    # job words, each one on its own
    *(
        pytest.param(
            "job-words",
            "email",
            "student",
            SUBJECT,
            GOOD_EMAIL.replace("Thank you,", f"{sentence}\n\nThank you,"),
            id=f"job-words-{word}",
        )
        for word, sentence in JOB_SENTENCES.items()
    ),
    pytest.param(
        "job-words", "email", "student", "Any internships?", GOOD_EMAIL, id="job-words-in-subject"
    ),
    pytest.param(
        "job-words",
        "phone",
        "student",
        None,
        GOOD_PHONE.replace(
            "so I hope it's okay to ask you this.", "and I heard about the opening."
        ),
        id="job-words-in-the-phone-opening",
    ),
    # about them
    pytest.param(
        "about-them",
        "email",
        "student",
        SUBJECT,
        "Hi Maria,\n\nWe are neighbors, so I thought of you. I'm Ana, I love social work, "
        "my plan is to study it and I hope to learn what I can.\n\n"
        "Could you spare about 30 minutes, whenever suits you?\n\nThank you,\nAna\n",
        id="about-them",
    ),
    # placeholders left in
    *(
        pytest.param(
            "placeholder",
            "email",
            "student",
            SUBJECT,
            GOOD_EMAIL.replace("Hi Maria,", f"Hi {ph},"),
            id=f"placeholder-{ph}",
        )
        for ph in PLACEHOLDERS
    ),
    pytest.param(
        "placeholder",
        "email",
        "student",
        SUBJECT,
        GOOD_EMAIL.replace("Thank you,", "TODO: a line about her work\n\nThank you,"),
        id="placeholder-TODO",
    ),
    pytest.param(
        "placeholder", "email", "student", "About $field", GOOD_EMAIL, id="placeholder-in-subject"
    ),
]


@pytest.mark.parametrize(("rule", "channel", "style", "subject", "body"), BAD_DRAFTS)
def test_a_draft_that_breaks_one_rule_gets_that_finding(
    rule: str, channel: str, style: str, subject: str | None, body: str
) -> None:
    found = lint_draft(subject, body, channel, style)
    assert rules(found) == [rule], found
    for finding in found:
        assert finding.message.strip()
        assert ACTION.search(finding.message), finding.message


def test_findings_name_what_to_change() -> None:
    [job] = lint_draft(
        SUBJECT, GOOD_EMAIL + "Is there a Job or an Internship?\n", "email", "student"
    )
    assert "'internship'" in job.message
    assert "'job'" in job.message
    for ph in [*PLACEHOLDERS, "TODO"]:
        [finding] = lint_draft(
            SUBJECT, GOOD_EMAIL.replace("Hi Maria,", f"Hi {ph},"), "email", "student"
        )
        assert ph in finding.message
    [words_found] = lint_draft(SUBJECT, _pad_words(GOOD_EMAIL, 101), "email", "student")
    assert "101" in words_found.message
    assert "100" in words_found.message


def test_every_finding_of_a_bad_draft_says_what_to_change() -> None:
    found = lint_draft(None, "Hey.\nI want a job. TODO\n", "email", "brief")
    assert set(rules(found)) == {
        "subject",
        "connection",
        "ask",
        "time",
        "flexible",
        "job-words",
        "about-them",
        "placeholder",
    }
    phone = lint_draft(None, "Opening: " + " ".join(["word"] * 80), "phone", "brief")
    assert set(rules(phone)) >= {"phone-script", "length"}
    for finding in [*found, *phone]:
        assert finding.message.strip()
        assert ACTION.search(finding.message), finding.message
        assert finding.as_dict() == {"rule": finding.rule, "message": finding.message}


def test_the_phone_part_names_are_not_job_words() -> None:
    assert "Opening:" in GOOD_PHONE
    assert lint_draft(None, GOOD_PHONE, "phone", "student") == []


def test_job_words_anywhere_in_a_phone_script_are_found() -> None:
    body = "Goal: ask about a job.\n" + GOOD_PHONE
    assert "job-words" in rules(lint_draft(None, body, "phone", "student"))


@pytest.mark.parametrize("when", ["a 30-minute call", "a 30 minute call"])
def test_a_30_minute_call_says_how_long(when: str) -> None:
    body = GOOD_EMAIL.replace("about 30 minutes", when)
    assert lint_draft(SUBJECT, body, "email", "student") == []


@pytest.mark.parametrize(
    ("channel", "body"),
    [
        ("email", "Hi Emmet Brown,\n\nI'm Ana, a junior. "),
        ("email", "Hi Momin,\n\nI'm Ana, a junior. "),
        ("text", "Hi Maria, it's Samet. I'm a junior. "),
    ],
)
def test_a_name_in_the_greeting_is_not_a_connection(channel: str, body: str) -> None:
    body += "Would you share your story with me in about 30 minutes, whenever suits you?\n"
    subject = SUBJECT if channel == "email" else None
    assert rules(lint_draft(subject, body, channel, "student")) == ["connection"]


@pytest.mark.parametrize(
    "opening",
    [
        "Dear Dr. Lopez,\n\nWe are neighbors, so I hope it's okay to ask you this.",
        "Dear Ms. Lopez,\n\nWe are neighbors, so I hope it's okay to ask you this.",
        "Dear Maria,\n\nMr. Park suggested I write to you.",
    ],
)
def test_a_title_with_a_full_stop_does_not_hide_the_connection(opening: str) -> None:
    body = opening + " Would you share your story in about 30 minutes, whenever suits you?\n"
    assert lint_draft(SUBJECT, body, "email", "student") == []


def test_split_draft_reads_the_subject_line() -> None:
    assert split_draft(f"Subject: {SUBJECT}\r\n\r\n{GOOD_EMAIL}") == (SUBJECT, GOOD_EMAIL.strip())
    assert split_draft(GOOD_TEXT + "\n") == (None, GOOD_TEXT)
    assert split_draft("subject:Hi\nbody") == ("Hi", "body")


# --- templates of one's own ----------------------------------------------------

MARIA_NEIGHBOR = person("Maria Lopez", relation="neighbor", fields=["social work"])
OWN_EMAIL = (
    "Subject: Your story in $field\n\n"
    "Hello $first_name,\n\n"
    "$connection I'm $my_name, $my_intro, and your work is something you could teach me about.\n\n"
    "Could we talk for about $minutes minutes, by phone or video, whenever suits you?\n\n"
    "With thanks,\n$my_first_name\n"
)


def _own(home: Path, name: str, text: str) -> Path:
    folder = home / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_own_template_is_used_and_listed(home: Path) -> None:
    bundled = draft_to(MARIA_NEIGHBOR, home)
    path = _own(home, "email-student.txt", OWN_EMAIL)
    assert template_path("email-student.txt", home) == path
    draft = draft_to(MARIA_NEIGHBOR, home)
    assert draft.subject == "Your story in social work"
    assert draft.body.startswith("Hello Maria,\n\nWe're neighbors, and I've been meaning")
    assert draft.body.endswith("With thanks,\nAna\n")
    assert "about 30 minutes" in draft.body
    assert draft.text != bundled.text
    assert lint_draft(draft.subject, draft.body, "email", "student") == []
    # the brief style still comes from the bundled template
    assert draft_to(MARIA_NEIGHBOR, home, style="brief").subject == ("A question about social work")

    listed = {name: (p, own) for name, p, own in list_templates(home)}
    assert listed["email-student.txt"] == (path, True)
    assert listed["email-brief.txt"] == (BUNDLED / "email-brief.txt", False)
    assert [name for name, (_, own) in listed.items() if own] == ["email-student.txt"]
    assert set(listed) == {p.name for p in BUNDLED.glob("*.txt")}


def test_own_email_template_without_a_subject_is_refused(home: Path) -> None:
    _own(home, "email-student.txt", OWN_EMAIL.split("\n", 2)[2])
    with pytest.raises(InvalidInput, match="Subject"):
        draft_to(MARIA_NEIGHBOR, home)
    # a text template needs no subject
    _own(home, "text-student.txt", "Hi $first_name, it's $my_first_name.")
    assert draft_to(MARIA_NEIGHBOR, home, channel="text").subject is None


def test_own_connections_change_the_first_sentence(home: Path) -> None:
    assert "neighbor" in connection_lines(home)
    _own(
        home,
        "connections.txt",
        "# mine\nneighbor: We live on the same street.\n"
        "referral: $referrer told me you might help.\nother: We have not met yet.\n",
    )
    assert connection_lines(home) == {
        "neighbor": ["We live on the same street."],
        "referral": ["$referrer told me you might help."],
        "other": ["We have not met yet."],
    }
    draft = draft_to(MARIA_NEIGHBOR, home)
    assert draft.body.startswith("Hi Maria,\n\nWe live on the same street. I would love")
    sam = person("Sam Lee", referred_by="maria-lopez")
    referred = draft_to(sam, home, people=[sam, MARIA_NEIGHBOR])
    assert "Maria Lopez told me you might help." in referred.body
    teacher = person("Tom Park", relation="teacher")
    assert "We have not met yet." in draft_to(teacher, home).body  # falls back to other


def test_a_placeholder_typo_is_left_in_and_reported(home: Path) -> None:
    _own(home, "email-student.txt", OWN_EMAIL.replace("Hello $first_name", "Hello $frist_name"))
    draft = draft_to(MARIA_NEIGHBOR, home)
    assert "Hello $frist_name," in draft.body
    [finding] = lint_draft(draft.subject, draft.body, "email", "student")
    assert finding.rule == "placeholder"
    assert "$frist_name" in finding.message


def test_an_unreadable_template_is_invalid_input(home: Path) -> None:
    _own(home, "email-student.txt", "").write_bytes(b"Subject: \xff\xfe\n")
    with pytest.raises(InvalidInput, match="cannot read the template"):
        draft_to(MARIA_NEIGHBOR, home)


# --- Hypothesis: any names and fields fill every placeholder -------------------

NAME_CHARS = st.characters(categories=["L"]) | st.sampled_from(" -'")
NAMES = st.text(NAME_CHARS, min_size=1, max_size=60).filter(lambda s: s.strip() != "")
FIELD_TEXT = st.text(
    st.characters(categories=["L", "N"]) | st.sampled_from(" -'&,/"), min_size=1, max_size=60
).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None)
@given(
    theirs=NAMES,
    mine=NAMES,
    referrer=st.none() | NAMES,
    field=FIELD_TEXT,
    role=st.just("") | FIELD_TEXT,
    relation=st.sampled_from([r.value for r in Relation if r != Relation.REFERRAL]),
    channel=st.sampled_from(DRAFT_CHANNELS),
    style=st.sampled_from(STYLES),
    kind=st.sampled_from(KINDS),
)
def test_compose_fills_every_placeholder_for_any_names(
    theirs: str,
    mine: str,
    referrer: str | None,
    field: str,
    role: str,
    relation: str,
    channel: str,
    style: str,
    kind: str,
) -> None:
    workspace = BUNDLED.parent / "no-such-workspace"  # never written: bundled templates only
    people = [person(referrer, id="referrer")] if referrer else []
    to = person(
        theirs, id="them", relation=relation, fields=[field], role=role,
        referred_by="referrer" if referrer else None,
    )  # fmt: skip
    draft = draft_to(
        to, workspace, profile=me(mine, phone="555-0100"), channel=channel, style=style,
        kind=kind, people=[to, *people],
    )  # fmt: skip
    assert "$" not in draft.text
    assert "your field" not in draft.text
    assert (draft.subject is not None) == (channel == "email")
    lint_draft(draft.subject, draft.body, channel, style, kind != "ask")  # never raises either


# --- the CLI -------------------------------------------------------------------

PROFILE = [
    "profile",
    "set",
    "--name",
    "Ana Ruiz",
    "--school",
    "Lincoln High",
    "--year",
    "junior",
    "--email",
    "ana@example.com",
]
MARIA = [
    "prospect",
    "add",
    "Maria Lopez",
    "--relation",
    "neighbor",
    "--field",
    "social work",
    "--email",
    "maria@example.org",
]


@pytest.fixture
def ready(cli: Any) -> Any:
    """A profile and one prospect, Maria, a neighbour in social work."""
    cli(*PROFILE)
    cli(*MARIA)
    return cli


def _after_greeting(body: str) -> str:
    """The first sentence after the greeting ('Hi Sam,' or 'Hi Sam, it's Ana.')."""
    rest = re.sub(r"^(Opening: )?(Hi|Dear|Hello) [^,]+,( (it's|this is) [^.]+\.)?\s*", "", body)
    return re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]


def test_draft_email(ready: Any) -> None:
    result = ready("outreach", "draft", "maria")
    assert result.stdout.startswith("Subject: ")
    assert "\n\nHi Maria,\n\nWe're neighbors, and I've been meaning" in result.stdout
    assert "your career in social work" in result.stdout
    assert "I'm Ana Ruiz" not in result.stdout  # a neighbour knows who is writing
    assert result.stdout.rstrip().endswith("Thanks so much,\nAna")
    assert "lint: no findings" in result.stderr
    assert "outreach sent maria-lopez --channel email" in result.stderr


@pytest.mark.parametrize("channel", ["email", "text", "linkedin"])
def test_draft_json(ready: Any, channel: str) -> None:
    result = ready("outreach", "draft", "maria", "--channel", channel, "--json")
    data = json.loads(result.stdout)
    assert set(data) == {
        "person",
        "channel",
        "style",
        "subject",
        "body",
        "words",
        "lint",
        "minutes",
        "advice",
    }
    assert data["minutes"] == 30  # no plan: the default length
    assert data["person"] == "maria-lopez"
    assert data["channel"] == channel
    assert data["style"] == "student"
    assert data["body"].startswith("Hi Maria,")
    assert data["words"] == words(data["body"])
    assert data["lint"] == []
    if channel == "email":
        assert isinstance(data["subject"], str)
        assert data["subject"]
    else:
        assert data["subject"] is None


# --- the minutes asked for: --minutes, else the plan's, else 30 ---------------


def test_a_draft_asks_for_the_minutes_picked_for_the_person(ready: Any, tmp_path: Path) -> None:
    assert "about 30 minutes" in ready("outreach", "draft", "maria").stdout  # no plan yet
    ready("questions", "pick", "maria", "--minutes", "45", "--seed", "1")
    ready("profile", "set", "--phone", "+1 555 0100")  # for the voicemail
    for channel in ("email", "text", "linkedin", "phone"):
        result = ready("outreach", "draft", "maria", "--channel", channel, "--json")
        data = json.loads(result.stdout)
        assert data["minutes"] == 45
        assert "about 45 minutes" in data["body"]
        assert "30 minutes" not in data["body"]
        assert "time" not in [item["rule"] for item in data["lint"]], data["lint"]
    shown = ready("outreach", "draft", "maria")
    assert "about 45 minutes" in shown.stdout
    assert "lint: no findings" in shown.stderr
    ready("outreach", "sent", "maria", "--on", "2026-11-20")
    follow_up = json.loads(ready("outreach", "draft", "maria", "--follow-up", "--json").stdout)
    assert "about 45 minutes" in follow_up["body"]
    # The lint of an edited draft that no longer says how long names the plan's minutes.
    editor = _editor_script(tmp_path, "path.write_text(text.replace(' of about 45 minutes', ''))\n")
    edited = ready("outreach", "draft", "maria", "--edit", env={"EDITOR": editor})
    assert "lint: time: say how long you are asking for (about 45 minutes)" in edited.stderr


def test_draft_minutes_option_wins_over_the_plan(ready: Any) -> None:
    data = json.loads(ready("outreach", "draft", "maria", "--minutes", "60", "--json").stdout)
    assert data["minutes"] == 60 and "about 60 minutes" in data["body"]
    assert data["lint"] == []
    ready("questions", "pick", "maria", "--minutes", "45", "--seed", "1")
    data = json.loads(ready("outreach", "draft", "maria", "--minutes", "20", "--json").stdout)
    assert data["minutes"] == 20 and "about 20 minutes" in data["body"]


@pytest.mark.parametrize("minutes", ["19", "61", "0"])
def test_draft_minutes_out_of_range_is_a_usage_error(ready: Any, minutes: str) -> None:
    result = ready("outreach", "draft", "maria", "--minutes", minutes, expect=2)
    assert "Invalid value for '--minutes'" in result.stderr
    assert ("greater than or equal to 20" if int(minutes) < 20 else "less than or equal to 60") in (
        result.stderr
    )
    assert result.stdout == ""


def test_lint_names_the_minutes_it_is_given() -> None:
    body = "Hi Maria,\nWe are neighbors. Could we talk whenever suits you?\nAna\n"
    [time] = [f for f in lint_draft(None, body, "text", "student", minutes=45) if f.rule == "time"]
    assert time.message == "say how long you are asking for (about 45 minutes)"
    [default] = [f for f in lint_draft(None, body, "text", "student") if f.rule == "time"]
    assert default.message.endswith("(about 30 minutes)")


def test_draft_json_lint_items_are_rule_and_message(ready: Any, tmp_path: Path) -> None:
    editor = _editor_script(tmp_path, "path.write_text(text.replace('?', '.'))\n")
    result = ready("outreach", "draft", "maria", "--edit", "--json", env={"EDITOR": editor})
    lint = json.loads(result.stdout)["lint"]
    assert lint
    assert all(set(item) == {"rule", "message"} for item in lint)
    assert "ask" in [item["rule"] for item in lint]


def test_draft_json_counts_the_words_of_the_edited_text(ready: Any, tmp_path: Path) -> None:
    editor = _editor_script(tmp_path, "path.write_text(text + 'One two three four five.\\n')\n")
    before = json.loads(ready("outreach", "draft", "maria", "--json").stdout)
    edited = json.loads(
        ready("outreach", "draft", "maria", "--edit", "--json", env={"EDITOR": editor}).stdout
    )
    assert edited["body"].endswith("One two three four five.\n")
    assert edited["words"] == before["words"] + 5


def test_draft_phone_without_a_number_marks_the_voicemail(ready: Any, home: Path) -> None:
    """Only the voicemail needs the student's number: piped, the script prints with the
    gap marked, and the lint says to fill it in (at a terminal, it is asked for)."""
    before = (home / "profile.json").read_bytes()
    result = ready("outreach", "draft", "maria", "--channel", "phone")
    assert "Opening: Hi Maria, it's Ana." in result.stdout
    assert "\nAsk: " in result.stdout
    assert "call me back at [YOUR PHONE NUMBER]" in result.stdout
    assert "lint: placeholder: fill in or remove [YOUR PHONE NUMBER]" in result.stderr
    assert (home / "profile.json").read_bytes() == before

    ready("profile", "set", "--phone", "555-0100")
    result = ready("outreach", "draft", "maria", "--channel", "phone")
    for part in ("Opening: Hi Maria, it's Ana.", "\nAsk: ", "\nVoicemail: "):
        assert part in result.stdout
    assert "555-0100" in result.stdout
    assert "lint: no findings" in result.stderr


def test_draft_without_a_profile(cli: Any) -> None:
    cli(*MARIA)
    result = cli("outreach", "draft", "maria", expect=1)
    assert "profile set" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("channel", DRAFT_CHANNELS)
def test_draft_for_a_referral_names_the_referrer_first(ready: Any, channel: str) -> None:
    ready("profile", "set", "--phone", "555-0100")
    ready("prospect", "add", "Sam Lee", "--referred-by", "maria")
    result = ready("outreach", "draft", "sam", "--channel", channel, "--json")
    body = json.loads(result.stdout)["body"]
    assert body.startswith(("Dear Sam Lee,", "Hello Sam Lee,", "Opening: Hello Sam Lee,"))
    assert "Maria Lopez" in _after_greeting(body), body


def test_draft_edit_is_linted_again(ready: Any, tmp_path: Path) -> None:
    editor = _editor_script(
        tmp_path, "path.write_text(text + '\\nP.S. Could I send you my resume?\\n')\n"
    )
    result = ready("outreach", "draft", "maria", "--edit", env={"EDITOR": editor})
    assert "P.S. Could I send you my resume?" in result.stdout
    assert "lint: job-words: remove 'resume'" in result.stderr
    assert "lint: no findings" not in result.stderr


def test_draft_edit_to_nothing_cancels(ready: Any, tmp_path: Path) -> None:
    editor = _editor_script(tmp_path, "path.write_text('')\n")
    result = ready("outreach", "draft", "maria", "--edit", env={"EDITOR": editor}, expect=1)
    assert "cancelled" in result.stderr
    assert result.stdout == ""


def test_draft_copy_without_a_clipboard(ready: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = ready("outreach", "draft", "maria", "--copy", env={"PATH": str(empty)})
    assert result.stdout.startswith("Subject: ")
    assert "no clipboard" in result.stderr
    assert "copied" not in result.stderr


def test_draft_copy_with_a_clipboard_program(ready: Any, tmp_path: Path) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    pasted = tmp_path / "clipboard.txt"
    xclip = folder / "xclip"
    xclip.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(pasted)!r}, 'wb').write(sys.stdin.buffer.read())\n"
    )
    xclip.chmod(xclip.stat().st_mode | stat.S_IXUSR)
    result = ready("outreach", "draft", "maria", "--copy", env={"PATH": str(folder)})
    assert "copied to the clipboard" in result.stderr
    text = pasted.read_text(encoding="utf-8")
    assert text.startswith("Subject: ")
    assert text.strip() == result.stdout.strip()


def test_lint_a_file(cli: Any, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(f"Subject: {SUBJECT}\n\n{GOOD_EMAIL}", encoding="utf-8")
    result = cli("outreach", "lint", str(good))
    assert "No findings" in result.stdout

    bad = tmp_path / "bad.txt"
    bad.write_text(f"Subject: {SUBJECT}\n\n{GOOD_EMAIL}Any internships?\n", encoding="utf-8")
    result = cli("outreach", "lint", str(bad), expect=1)
    assert "job-words: remove 'internships'" in result.stdout
    assert "1 to change." in result.stdout


def test_lint_stdin_and_json(cli: Any) -> None:
    result = cli("outreach", "lint", "-", "--channel", "text", input=GOOD_TEXT)
    assert "No findings" in result.stdout
    result = cli("outreach", "lint", "--channel", "text", input=GOOD_TEXT)  # - by default
    assert "No findings" in result.stdout

    result = cli("outreach", "lint", "-", "--json", input=f"Subject: {SUBJECT}\n\n{GOOD_EMAIL}")
    assert json.loads(result.stdout) == []
    result = cli("outreach", "lint", "-", "--json", input=GOOD_EMAIL, expect=1)  # no subject line
    assert json.loads(result.stdout) == [
        {"rule": "subject", "message": "add a first line 'Subject: ...'"}
    ]


def test_lint_errors(cli: Any, tmp_path: Path) -> None:
    missing = cli("outreach", "lint", str(tmp_path / "nope.txt"), expect=1)
    assert missing.stderr.startswith("infoview: cannot read")
    assert len(missing.stderr.strip().splitlines()) == 1

    for empty in ("", "  \n\n"):
        result = cli("outreach", "lint", "-", input=empty, expect=1)
        assert "empty" in result.stderr

    fax = cli("outreach", "lint", "-", "--channel", "fax", input=GOOD_TEXT, expect=1)
    assert "--channel" in fax.stderr
    style = cli("outreach", "lint", "-", "--style", "long", input=GOOD_TEXT, expect=1)
    assert "--style" in style.stderr


def test_templates_lists_every_bundled_template(cli: Any, home: Path) -> None:
    expected = {"connections.txt"} | {
        f"{channel}-{kind}.txt"
        for channel in DRAFT_CHANNELS
        for kind in ("student", "brief", "follow-up", "follow-up-last")
    }
    expected |= {f"thanks-{c}.txt" for c in ("email", "card", "text")}
    expected |= {
        f"{kind}-{c}.txt"
        for kind in ("declined", "confirm", "touch")
        for c in ("email", "text", "linkedin")
    }
    result = cli("outreach", "templates")
    for name in expected:
        assert name in result.stdout
        assert str(BUNDLED / name) in result.stdout

    data = json.loads(cli("outreach", "templates", "--json").stdout)
    assert {item["name"] for item in data} == expected
    assert all(set(item) == {"name", "path", "own"} for item in data)
    assert not any(item["own"] for item in data)

    own = _own(home, "text-brief.txt", "Hi $first_name, about $minutes minutes whenever suits you?")
    data = json.loads(cli("outreach", "templates", "--json").stdout)
    by_name = {item["name"]: item for item in data}
    assert by_name["text-brief.txt"] == {"name": "text-brief.txt", "path": str(own), "own": True}
    assert by_name["text-student.txt"]["own"] is False
