"""`infoview start`: a first-time student's guide through the whole path.

Each step asks only what it needs, then runs the ordinary command a student
could type (and shows it). A step is stored only when it is complete, so Ctrl-C
keeps every finished step and nothing half-entered; running `start` again goes
on from the first step not done (see ``guide.progress``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import typer

from infoview.cli.common import AppEnv, app_env, say
from infoview.cli.prompts import InputEnded, Prompter, make_prompter
from infoview.cli.walkthrough import Runner, safe_args
from infoview.model.errors import ExitCode, InvalidInput

if TYPE_CHECKING:
    from infoview.model.people import Prospect
    from infoview.store.workspace import Workspace

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
REACH_CHOICES = (
    ("email", "by email", "Their email address"),
    ("phone", "by text or phone", "Their phone number"),
    ("linkedin", "on LinkedIn", "Their LinkedIn address (https://www.linkedin.com/in/...)"),
    ("", "in person, or not sure yet", ""),
)
MINUTE_CHOICES = (30, 20, 45, 60)  # the usual first; DESIGN.md: 20–60 minutes
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
    env = app_env(ctx)
    guide = Guide(env, Runner(ctx.find_root().command, env), make_prompter())
    try:
        guide.walk()
    except KeyboardInterrupt:
        typer.echo(f"\ninfoview: stopped; the steps you finished are saved ({GO_ON})", err=True)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (InputEnded, EOFError):
        raise InvalidInput(
            "input ended before the step was finished; the steps before it are saved", hint=GO_ON
        ) from None


class Guide:
    def __init__(self, env: AppEnv, runner: Runner, ask: Prompter) -> None:
        self.env = env
        self.runner = runner
        self.ask = ask
        self.ws: Workspace = env.workspace()

    # --- the walk ------------------------------------------------------------

    def walk(self) -> None:
        from infoview.rules.guide import STEP_TITLES, STEPS, progress

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
        state = progress(self.ws)
        step = state.next_step()
        if step is None:
            say("You have walked the whole path. Every morning `infoview next` says what to do;")
            say("here it is for today.")
            self.run("next")
            return
        if state.done:
            say(f"Welcome back. Going on from step {STEPS.index(step) + 1}: {STEP_TITLES[step]}.")
        else:
            say(
                "This guide walks you to your first informational interview: a short talk with "
                "someone in a career you are curious about."
            )
            say(
                f"It has {len(STEPS)} steps. Ctrl-C stops at any time: the steps you finished "
                "stay saved, and `infoview start` goes on from there."
            )
        while step is not None:
            typer.secho(f"\n[{STEPS.index(step) + 1}/{len(STEPS)}] {STEP_TITLES[step]}", bold=True)
            steps[step]()
            after = progress(self.ws).next_step()
            if after == step:  # each step either completes or raises; never loop on one
                raise InvalidInput(f"the step '{STEP_TITLES[step]}' could not be finished")
            step = after

    def run(self, *argv: str) -> int:
        return self.runner.run(*argv)

    def must_run(self, *argv: str) -> None:
        if self.run(*argv) != 0:
            raise InvalidInput("that command did not work (see above)", hint=GO_ON)

    def required(self, message: str, default: str = "") -> str:
        while True:
            answer = self.ask.text(message, default)
            if answer:
                return answer
            say("This one is needed.")

    def prospects_now(self) -> list[Prospect]:
        from infoview.store.registry import PROSPECTS

        return self.ws.read(PROSPECTS).prospects

    def first_person(self) -> Prospect:
        from infoview.rules.guide import progress

        first = progress(self.ws).first_person
        return next(p for p in self.prospects_now() if p.id == first)

    # --- the steps -----------------------------------------------------------

    def profile(self) -> None:
        say("Your name signs your messages; your school and year tell people who is asking.")
        while True:
            name = self.required("Your name, as you sign messages")
            school = self.ask.text("Your school or college (Enter to skip)")
            year = self.ask.text("Your year, e.g. junior, senior, first-year (Enter to skip)")
            email = self.ask.text("Your email address (Enter to skip)")
            argv = ["profile", "set", "--name", name]
            for option, value in (("--school", school), ("--year", year), ("--email", email)):
                if value:
                    argv += [option, value]
            if self.run(*argv) == 0:
                return
            say("That was not saved; please try again.")

    def interests(self) -> None:
        say(
            "Name a career or two you are curious about (psychiatry, nursing, architecture...). "
            "Broad is fine: you are here to find out."
        )
        while True:
            text = self.required("Fields you are curious about, separated by commas")
            argv = ["profile", "set"]
            for interest in (part.strip() for part in text.split(",")):
                if interest:
                    argv += ["--interest", interest]
            if self.run(*argv) == 0:
                return
            say("That was not saved; please try again.")

    def broaden(self) -> None:
        from infoview.model.text import fold
        from infoview.rules.fields import load_field_map
        from infoview.rules.guide import mark
        from infoview.store.registry import PROFILE

        profile = self.ws.read(PROFILE).profile
        interests = profile.interests if profile else []
        field_map = load_field_map()
        say(
            "People in fields next to yours know your field too, and they widen the list of "
            "people you can ask."
        )
        seen = {fold(i) for i in interests}
        nearby: list[str] = []
        for interest in interests:
            match = field_map.resolve(interest)
            if match is None:
                say(f"infoview knows no neighbours for '{interest}'; that is fine.")
                continue
            self.run("broaden", interest)
            seen.add(fold(match.field.name))
            for near in field_map.neighbours(match.field.id):
                if fold(near.name) not in seen:
                    seen.add(fold(near.name))
                    nearby.append(near.name.lower())  # as a student would write an interest
        nearby = nearby[:SUGGESTED_FIELDS]
        if nearby:
            chosen = self.ask.checkbox(
                "Would you like to explore any of these too? (none is fine)", nearby
            )
            if chosen:
                argv = ["profile", "set"]
                for interest in [*interests, *(nearby[i] for i in chosen)]:
                    argv += ["--interest", interest]
                self.must_run(*argv)
        with self.ws.transaction() as tx:
            mark(tx, "broaden", self.env.now())

    def prospects(self) -> None:
        from infoview.rules.guide import mark

        people = self.prospects_now()
        if people:
            names = ", ".join(p.name for p in people[:6]) + (", ..." if len(people) > 6 else "")
            say(f"You have {len(people)} on your list so far: {names}.")
        else:
            say(
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
        with self.ws.transaction() as tx:
            mark(tx, "prospects", self.env.now())

    def add_person(self) -> None:
        from infoview.store.registry import PROFILE

        profile = self.ws.read(PROFILE).profile
        usual_field = profile.interests[0] if profile and profile.interests else ""
        while True:
            name = self.required("Their name")
            labels = [label for _, label in RELATION_CHOICES]
            relation = RELATION_CHOICES[self.ask.select(f"How do you know {name}?", labels)][0]
            field = self.ask.text("Their field or job (Enter to skip)", usual_field)
            reach = REACH_CHOICES[
                self.ask.select(
                    f"How will you reach {name}?", [label for _, label, _ in REACH_CHOICES]
                )
            ]
            options = ["prospect", "add", "--relation", relation]
            if field:
                options += ["--field", field]
            option, _, question = reach
            if option:
                options += [f"--{option}", self.required(question)]
            if self.run(*safe_args(options, [name])) == 0:
                return
            say("That person was not saved; please try again.")

    def first(self) -> None:
        from infoview.model.vocab import Status
        from infoview.rules.agenda import ask_order
        from infoview.rules.guide import choose_first

        people = self.prospects_now()
        fresh = [p for p in people if p.status == Status.NEW] or [
            p for p in people if p.status != Status.DECLINED
        ]
        if not fresh:
            raise InvalidInput(
                "everyone on your list has said no for now", hint="add someone: infoview start"
            )
        fresh.sort(key=ask_order)
        say(
            "Ask first the person most likely to say yes: family and friends of the family "
            "usually do, and one good conversation makes the next one easier."
        )
        labels = [
            f"{p.name} ({p.relation.value}{', ' + ', '.join(p.fields) if p.fields else ''})"
            + (" (suggested)" if i == 0 else "")
            for i, p in enumerate(fresh)
        ]
        person = fresh[self.ask.select("Whom will you ask first?", labels)]
        if person.priority < 3:
            say("Top priority puts them first on `infoview next`:")
            self.must_run("prospect", "edit", person.id, "--priority", "3")
        with self.ws.transaction() as tx:
            choose_first(tx, person.id, self.env.now())

    def outreach(self) -> None:
        from infoview.rules.guide import mark_drafted
        from infoview.store.registry import PROFILE

        person = self.first_person()
        have = {
            "email": bool(person.email),
            "text": bool(person.phone),
            "linkedin": bool(person.linkedin),
            "phone": bool(person.phone),
        }
        channels = sorted(have, key=lambda c: not have[c])  # what you can use first
        labels = {
            "email": "an email",
            "text": "a text message",
            "linkedin": "a LinkedIn note",
            "phone": "a phone call (a script, and a voicemail)",
        }
        say(
            f"A short message to {person.name}: how you know them first, then a question "
            "asking for 20–30 minutes of their advice at a time that suits them; never a job."
        )
        channel = channels[
            self.ask.select(f"How will you ask {person.name}?", [labels[c] for c in channels])
        ]
        profile = self.ws.read(PROFILE).profile
        while channel == "phone" and profile is not None and not profile.phone:
            phone = self.required("Your phone number, for the voicemail")
            if self.run("profile", "set", "--phone", phone) != 0:
                say("That was not saved; please try again.")
                continue
            profile = self.ws.read(PROFILE).profile
        self.must_run("outreach", "draft", person.id, "--channel", channel)
        again = f"infoview outreach draft {person.id} --channel {channel}"
        eml = ", and `--eml FILE` writes a draft your mail program opens"
        say(
            f"Make it sound like you, then send it yourself: `{again} --edit` opens it in "
            f"your editor, `--copy` puts it on the clipboard{eml if channel == 'email' else ''}."
        )
        if self.ask.confirm("Have you sent it already?", default=False):
            self.must_run("outreach", "sent", person.id, "--channel", channel)
        with self.ws.transaction() as tx:
            mark_drafted(tx, person.id, self.env.now())

    def questions(self) -> None:
        person = self.first_person()
        say(
            "About ten open questions for a 30-minute talk, in an order that flows, "
            "always ending with: who else should I talk to?"
        )
        labels = [f"{m} minutes" + (" (the usual ask)" if m == 30 else "") for m in MINUTE_CHOICES]
        minutes = MINUTE_CHOICES[self.ask.select("How long will you ask for?", labels)]
        self.must_run("questions", "pick", person.id, "--minutes", str(minutes))

    def what_next(self) -> None:
        from infoview.rules.followup_clock import FOLLOW_UP_BUSINESS_DAYS, REPLY_WAIT_BUSINESS_DAYS
        from infoview.rules.guide import mark
        from infoview.rules.outreach import record_for
        from infoview.rules.thanks import THANKS_DUE_HOURS
        from infoview.store.registry import OUTREACH

        person = self.first_person()
        record = record_for(self.ws.read(OUTREACH), person.id)
        if record is None:
            say(
                f"- When you have sent it: infoview outreach sent {person.id}. That starts the "
                "follow-up clock."
            )
        say(
            f"- No reply after {REPLY_WAIT_BUSINESS_DAYS} business days: ask the next person. "
            f"After {FOLLOW_UP_BUSINESS_DAYS}: one polite follow-up "
            f"(infoview outreach draft {person.id} --follow-up). `infoview next` tells you when."
        )
        example_day = (self.env.now() + timedelta(days=7)).strftime("%Y-%m-%d")
        say(
            f"- When they say yes: infoview outreach replied {person.id}, then "
            f'infoview interview schedule {person.id} --at "{example_day} 15:30" --ics talk.ics'
        )
        say(
            f"- After you talk: infoview interview log {person.id} --edit, and a thank-you within "
            f"{THANKS_DUE_HOURS} hours: infoview thanks draft {person.id}"
        )
        say(f"- Every two or three months, a note to stay in touch: infoview touch {person.id}")
        say("- Every morning, one command says what to do today:")
        self.run("next")
        with self.ws.transaction() as tx:
            mark(tx, "finished", self.env.now())
        say("\nThat is the whole path. Good luck with your first conversation!")
