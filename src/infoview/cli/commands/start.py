"""`infoview start`: a first-time student's guide through the whole path.

Each step asks only what it needs, then runs the ordinary command a student
could type (and shows it). A step is stored only when it is complete, so Ctrl-C
keeps every finished step and nothing half-entered; running `start` again goes
on from the first step not done (see ``usecases/guide.py``). The guide reads
and writes only through the command's Output and AppEnv (streams, clock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import typer

from infoview.cli.guide_answers import Answers, field_check, interests_check
from infoview.cli.output import Output
from infoview.cli.prompts import InputEnded, Prompter, make_prompter
from infoview.cli.walkthrough import Runner, safe_args
from infoview.model.errors import ExitCode, InvalidInput
from infoview.model.names import derived_address
from infoview.model.people import Profile, Prospect
from infoview.model.text import fold
from infoview.rules.fields import fields_from_role, load_field_map
from infoview.rules.followup_clock import FOLLOW_UP_BUSINESS_DAYS, REPLY_WAIT_BUSINESS_DAYS
from infoview.rules.guide import STEP_TITLES, STEPS
from infoview.rules.thank_clock import THANKS_DUE_HOURS
from infoview.store.workspace import Workspace
from infoview.usecases.guide import (
    ask_first_order,
    channels_for,
    choose_first_person,
    drafted_for,
    first_person,
    listed_people,
    mark_done,
    nearby_fields,
    student_profile,
    usual_field,
    where_now,
    where_they_stand,
)

GO_ON = "run `infoview start` to go on from there"
# How the student knows someone, in the words of the question (referrals come later,
# from people already interviewed).
RELATION_CHOICES = (
    ("family", "family"),
    ("family-friend", "a friend of the family"),
    ("neighbor", "a neighbour"),
    ("teacher", "a teacher or coach"),
    ("friend", "a friend, or a friend's parent"),
    ("alumni", "someone from my school who graduated"),
    ("coworker", "from a job or volunteering"),
    ("other", "some other way"),
)
# People a message greets politely ("Dear Ms. Okafor"): start asks how.
POLITE_RELATIONS = frozenset({"teacher", "alumni", "other"})
REACH_CHOICES = (
    ("email", "by email", "Their email address"),
    ("phone", "by text or phone", "Their phone number"),
    ("linkedin", "on LinkedIn", "Their LinkedIn address (https://www.linkedin.com/in/...)"),
    ("", "in person, or not sure yet", ""),
)
CHANNEL_LABELS = {
    "email": "an email",
    "text": "a text message",
    "linkedin": "a LinkedIn note",
    "phone": "a phone call (a script, and a voicemail)",
}
PROFILE_QUESTIONS = (
    ("school", "Your school or college (Enter to skip)"),
    ("year", "Your year, e.g. junior, senior, first-year (Enter to skip)"),
    ("email", "Your email address (Enter to skip)"),
)
MINUTE_CHOICES = (30, 20, 45, 60)  # the usual first; docs/method.md: 20–60 minutes
ENOUGH_PEOPLE = 3  # after this many, "add another?" defaults to no
SUGGESTED_FIELDS = 8


def start(ctx: typer.Context) -> None:
    """Walk through it all: you, your interests, people to ask, the first message, questions.

    Run it again at any time: it goes on from the first step not done and never
    asks for what it already has. Every step is an ordinary infoview command,
    shown as it runs, so you learn the tool as you go. Ctrl-C stops; the steps
    you finished stay saved. Answers are read line by line when input is not a
    terminal, so it can be scripted.

    Example: infoview start
    """
    out = Output.of(ctx)
    guide = Guide(out, Runner(ctx.find_root().command, out.env), make_prompter(out.env))
    try:
        guide.walk()
    except KeyboardInterrupt:
        out.tell(f"\ninfoview: stopped; the steps you finished are saved ({GO_ON})")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (InputEnded, EOFError):
        raise InvalidInput(
            "input ended before the step was finished; the steps before it are saved", hint=GO_ON
        ) from None


class Guide:
    """The walk: each step asks through ``ask``, runs commands through ``runner`` and
    speaks through ``out``; what it reads and keeps goes through ``usecases/guide.py``."""

    def __init__(self, out: Output, runner: Runner, ask: Prompter) -> None:
        self.out = out
        self.runner = runner
        self.ask = ask
        self.answers = Answers(ask, out)
        self.ws: Workspace = out.env.workspace()

    # --- the walk ------------------------------------------------------------

    def walk(self) -> None:
        steps: dict[str, Callable[[], None]] = {
            "profile": self.profile,
            "interests": self.interests,
            "broaden": self.broaden,
            "prospects": self.prospects,
            "first": self.first,
            "outreach": self.outreach,
            "questions": self.questions,
            "next": self.what_next,
        }
        state = where_now(self.ws)
        step = state.next_step()
        if step is None:
            self.say(
                "You have walked the whole path. Every morning `infoview next` says what to do;"
            )
            self.say("here it is for today.")
            self.run("next")
            return
        self.greet(step, returning=bool(state.done))
        while step is not None:
            self.runner.title(f"\n[{STEPS.index(step) + 1}/{len(STEPS)}] {STEP_TITLES[step]}")
            steps[step]()
            after = where_now(self.ws).next_step()
            if after == step:  # each step either completes or raises; never loop on one
                raise InvalidInput(f"the step '{STEP_TITLES[step]}' could not be finished")
            step = after

    def greet(self, step: str, *, returning: bool) -> None:
        if returning:
            self.say(
                f"Welcome back. Going on from step {STEPS.index(step) + 1}: {STEP_TITLES[step]}."
            )
            return
        self.say(
            "This guide walks you to your first informational interview: a short talk with "
            "someone in a career you are curious about."
        )
        self.say(
            f"It has {len(STEPS)} steps. Ctrl-C stops at any time: the steps you finished "
            "stay saved, and `infoview start` goes on from there."
        )

    def say(self, message: str) -> None:
        self.out.say(message)

    def now(self) -> datetime:
        return self.out.env.now()

    def run(self, *argv: str) -> int:
        return self.runner.run(*argv)

    def must_run(self, *argv: str) -> None:
        if self.run(*argv) != 0:
            raise InvalidInput("that command did not work (see above)", hint=GO_ON)

    def set_profile(self, *argv: str, saved: str = "") -> bool:
        """Run `infoview profile set ARGV`; False (and a word) when it was refused.

        With ``saved``, that line is said instead of the command's own "Saved your
        profile", which the first step says once.
        """
        if self.runner.run("profile", "set", *argv, quiet=bool(saved)) == 0:
            if saved:
                self.say(saved)
            return True
        self.say("That was not saved; please try again.")
        return False

    # --- the steps -----------------------------------------------------------

    def profile(self) -> None:
        self.say("Your name signs your messages; your school and year tell people who is asking.")
        while True:
            name = self.answers.text(
                "Your name, as you sign messages", field_check(Profile, "name"), needed=True
            )
            argv = ["--name", name]
            for option, message in PROFILE_QUESTIONS:
                if value := self.answers.text(message, field_check(Profile, option)):
                    argv += [f"--{option}", value]
            if self.set_profile(*argv):
                return

    def interests(self) -> None:
        self.say(
            "Name a career or two you are curious about (psychiatry, nursing, architecture...). "
            "Broad is fine: you are here to find out."
        )
        while True:
            text = self.answers.text(
                "Fields you are curious about, separated by commas", interests_check, needed=True
            )
            interests = [part.strip() for part in text.split(",") if part.strip()]
            argv = [arg for interest in interests for arg in ("--interest", interest)]
            if self.set_profile(*argv, saved=f"Saved your interests: {', '.join(interests)}."):
                return

    def broaden(self) -> None:
        self.say(
            "People in fields next to yours know your field too, and they widen the list of "
            "people you can ask."
        )
        nearby = nearby_fields(self.ws, load_field_map(), SUGGESTED_FIELDS)
        for interest in nearby.interests:
            if interest in nearby.known:
                self.run("broaden", interest)
            else:
                self.say(f"infoview knows no neighbours for '{interest}'; that is fine.")
        names = list(nearby.suggested)
        if names:
            chosen = self.ask.checkbox(
                "Would you like to explore any of these too? (none is fine)", names
            )
            if chosen:
                interests = [*nearby.interests, *(names[i] for i in chosen)]
                argv = [arg for interest in interests for arg in ("--interest", interest)]
                if not self.set_profile(
                    *argv, saved=f"Saved your interests: {', '.join(interests)}."
                ):
                    raise InvalidInput("that command did not work (see above)", hint=GO_ON)
        mark_done(self.ws, "broaden", self.now())

    def prospects(self) -> None:
        people = listed_people(self.ws)
        if people:
            names = ", ".join(p.name for p in people[:6]) + (", ..." if len(people) > 6 else "")
            self.say(f"You have {len(people)} on your list so far: {names}.")
        else:
            self.say(
                "Start close to home: family, friends of the family, neighbours and teachers say "
                "yes most often, and each of them knows more people. Add three or four; you can "
                "add more at any time with `infoview prospect add`."
            )
        count = len(people)
        while True:
            if count and not self.ask.confirm("Add another person?", default=count < ENOUGH_PEOPLE):
                break
            self.add_person()
            count += 1
        mark_done(self.ws, "prospects", self.now())

    def field_name(self, text: str) -> str:
        """A field as the field map writes it ("UX and UI Design"); other text as it is."""
        match = load_field_map().resolve(text)
        return match.field.name if match is not None and match.exact else text

    def add_person(self) -> None:
        while True:
            name, another = self.person_name()
            labels = [label for _, label in RELATION_CHOICES]
            relation = RELATION_CHOICES[self.ask.select(f"How do you know {name}?", labels)][0]
            options = [
                "prospect",
                "add",
                "--relation",
                relation,
                *self.how_to_write(name, relation),
            ]
            options += [*self.role_and_field(), *(["--duplicate"] if another else [])]
            reach = REACH_CHOICES[
                self.ask.select(
                    f"How will you reach {name}?", [label for _, label, _ in REACH_CHOICES]
                )
            ]
            option, _, question = reach
            if option:
                check = field_check(Prospect, option)
                options += [f"--{option}", self.answers.text(question, check, needed=True)]
            if self.run(*safe_args(options, [name])) == 0:
                return
            self.say("That person was not saved; please try again.")

    def person_name(self) -> tuple[str, bool]:
        """Their name, and whether it is another person of a name already on the list."""
        while True:
            name = self.answers.text("Their name", field_check(Prospect, "name"), needed=True)
            same = next((p for p in listed_people(self.ws) if fold(p.name) == fold(name)), None)
            if same is None:
                return name, False
            self.out.tell(f"{same.name} is already on your list ({same.id}).")
            if self.ask.confirm(f"Is this another person called {same.name}?", default=False):
                return name, True

    def role_and_field(self) -> list[str]:
        """Their job and their field, asked apart; a field left out comes from the job
        when the field map knows it (`prospect add` says so)."""
        role = self.answers.text(
            "Their job, e.g. nurse or architect (Enter to skip)", field_check(Prospect, "role")
        )
        from_role = fields_from_role(load_field_map(), role) if role else []
        example = self.field_name(usual_field(self.ws) or "social work")
        skip = f"Enter for {', '.join(from_role)}, from the job" if from_role else "Enter to skip"
        field = self.answers.text(
            f"Their field, e.g. {example} ({skip})", field_check(Prospect, "fields", listed=True)
        )
        return [*(["--role", role] if role else []), *(["--field", field] if field else [])]

    def how_to_write(self, name: str, relation: str) -> list[str]:
        """For someone the student writes to politely: how to greet them, and where they
        came across a stranger (the first sentence of a cold message says it)."""
        if relation not in POLITE_RELATIONS:
            return []
        options: list[str] = []
        usual = derived_address(name, formal=True)
        greet = self.answers.text(
            f"How do you greet {name}, e.g. Ms. Okafor or Dr. Stein?",
            field_check(Prospect, "address_as"),
            default=usual,
        )
        if greet and greet != usual:
            options += ["--address-as", greet]
        if relation == "other":
            found = self.answers.text(
                f"Where did you come across {name}? It ends 'I found you through ...', "
                "e.g. your talk at the career fair (Enter to skip)",
                field_check(Prospect, "how_found"),
            )
            if found:
                options += ["--how-found", found]
        return options

    def first(self) -> None:
        candidates = ask_first_order(self.ws, self.now())
        self.say(
            "Ask first the person most likely to say yes: family and friends of the family "
            "usually do, and one good conversation makes the next one easier."
        )
        labels = [
            f"{p.name} ({', '.join([p.relation.value, *map(self.field_name, p.fields)])})"
            + (" (suggested)" if i == 0 else "")
            for i, p in enumerate(candidates)
        ]
        person = candidates[self.ask.select("Whom will you ask first?", labels)]
        if person.priority < 3:
            self.say("Top priority puts them first on `infoview next`:")
            self.must_run("prospect", "edit", person.id, "--priority", "3")
        choose_first_person(self.ws, person.id, self.now())

    def outreach(self) -> None:
        person = first_person(self.ws)
        channels = channels_for(person)
        self.say(
            f"A short message to {person.name}: how you know them first, then a question "
            "asking for 20–30 minutes of their advice at a time that suits them; never a job."
        )
        channel = channels[
            self.ask.select(
                f"How will you ask {person.name}?", [CHANNEL_LABELS[c] for c in channels]
            )
        ]
        if channel == "phone":
            self.ask_own_phone()
        self.must_run("outreach", "draft", person.id, "--channel", channel)
        again = f"infoview outreach draft {person.id} --channel {channel}"
        eml = ", and `--eml FILE` writes a draft your mail program opens"
        self.say(
            f"Make it sound like you, then send it yourself: `{again} --edit` opens it in "
            f"your editor, `--copy` puts it on the clipboard{eml if channel == 'email' else ''}."
        )
        if self.ask.confirm("Have you sent it already?", default=False):
            self.must_run("outreach", "sent", person.id, "--channel", channel)
        drafted_for(self.ws, person.id, self.now())

    def ask_own_phone(self) -> None:
        """A phone script's voicemail needs the student's own number: ask until it is saved."""
        profile = student_profile(self.ws)
        while profile is not None and not profile.phone:
            phone = self.answers.text(
                "Your phone number, for the voicemail", field_check(Profile, "phone"), needed=True
            )
            if self.set_profile("--phone", phone, saved="Saved your phone number."):
                profile = student_profile(self.ws)

    def questions(self) -> None:
        person = first_person(self.ws)
        self.say(
            "About ten open questions for a 30-minute talk, in an order that flows, "
            "always ending with: who else should I talk to?"
        )
        labels = [f"{m} minutes" + (" (the usual ask)" if m == 30 else "") for m in MINUTE_CHOICES]
        minutes = MINUTE_CHOICES[self.ask.select("How long will you ask for?", labels)]
        self.must_run("questions", "pick", person.id, "--minutes", str(minutes))

    def what_next(self) -> None:
        person = first_person(self.ws)
        line = where_they_stand(self.ws, person, self.now())
        if line.outreach is None:
            self.say(
                f"- When you have sent it: infoview outreach sent {person.id}. That starts the "
                "follow-up clock."
            )
        self.say(
            f"- No reply after {REPLY_WAIT_BUSINESS_DAYS} business days: ask the next person. "
            f"After {FOLLOW_UP_BUSINESS_DAYS}: one short, polite follow-up "
            f"(infoview outreach draft {person.id} --follow-up); if {FOLLOW_UP_BUSINESS_DAYS} "
            "more pass with no reply, move on to other people. `infoview next` tells you when."
        )
        self.say_after_yes(person)
        self.say("- Every morning, one command says what to do today:")
        self.run("next")
        mark_done(self.ws, "finished", self.now())
        self.say("\nThat is the whole path. Good luck with your first conversation!")

    def say_after_yes(self, person: Prospect) -> None:
        example_day = (self.now() + timedelta(days=7)).strftime("%Y-%m-%d")
        self.say(
            f"- When they say yes: infoview outreach replied {person.id}, then "
            f'infoview interview schedule {person.id} --at "{example_day} 15:30" --ics talk.ics'
        )
        self.say(
            f"- After you talk: infoview interview log {person.id} --edit, and a thank-you within "
            f"{THANKS_DUE_HOURS} hours: infoview thanks draft {person.id}"
        )
        self.say(
            f"- Every two or three months, a note to stay in touch: infoview touch {person.id}"
        )
