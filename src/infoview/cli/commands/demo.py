"""`infoview demo`: the whole path on sample data, in a workspace of its own.

A fictional student walks from an empty workspace to a thank-you sent and the
next morning's agenda, on a fixed clock that moves forward as the story goes.
Every step is an ordinary command, shown and then run (see ``walkthrough``),
so the demo is also a worked example of the command line. The student's own
workspace is never opened.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from infoview.cli.env import AppEnv
from infoview.cli.output import Output
from infoview.cli.walkthrough import Runner, quote
from infoview.model.errors import InvalidInput
from infoview.rules.bank import bundled_bank_path

# The story's clock: local time in New York (whatever the student's zone, the story reads
# the same everywhere), starting on a Monday morning.
DEMO_TZ = "America/New_York"
DEMO_ZONE = ZoneInfo(DEMO_TZ)
DEMO_START = datetime(2026, 3, 2, 9, 0, tzinfo=DEMO_ZONE)


@dataclass(frozen=True)
class Scene:
    """One moment of the story: when, what is happening, and the commands run."""

    at: datetime
    caption: str
    commands: tuple[tuple[str, ...], ...]


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return DEMO_START.replace(day=day, hour=hour, minute=minute)


STORY: tuple[Scene, ...] = (
    Scene(
        _at(2, 9),
        "Monday 2 March. Jordan, a junior curious about psychiatry, sets up infoview.",
        (
            (
                "profile",
                "set",
                "--name",
                "Jordan Avery",
                "--school",
                "Riverside High School",
                "--year",
                "junior",
                "--email",
                "jordan.avery@example.com",
                "--interest",
                "psychiatry",
            ),
        ),
    ),
    Scene(
        _at(2, 9, 10),
        "Jordan lists people to ask, starting close to home.",
        (
            (
                "prospect",
                "add",
                "Rosa Delgado",
                "--relation",
                "family",
                "--role",
                "Psychiatric nurse",
                "--org",
                "St. Mary's Hospital",
                "--field",
                "psychiatric nursing",
                "--email",
                "rosa.delgado@example.org",
                "--note",
                "Aunt Rosa; works on the adolescent unit",
            ),
            (
                "prospect",
                "add",
                "Tom Becker",
                "--relation",
                "neighbor",
                "--role",
                "School social worker",
                "--org",
                "Riverside Unified",
                "--field",
                "social work",
                "--phone",
                "555-0147",
            ),
            (
                "prospect",
                "add",
                "Lena Park",
                "--relation",
                "alumni",
                "--role",
                "Clinical psychologist",
                "--field",
                "psychology",
                "--linkedin",
                "https://www.linkedin.com/in/lena-park-example",
            ),
        ),
    ),
    Scene(
        _at(2, 9, 20),
        "Psychiatry is narrow: which fields are next to it, and who on the list works there?",
        (("broaden", "psychiatry"),),
    ),
    Scene(
        _at(2, 9, 30),
        "Aunt Rosa first: family says yes most often. Jordan drafts the ask and sends it.",
        (
            ("outreach", "draft", "rosa", "--channel", "email"),
            ("outreach", "sent", "rosa", "--channel", "email"),
        ),
    ),
    Scene(
        _at(4, 18, 10),
        "Wednesday evening: Rosa answers yes. Jordan picks questions and books the call.",
        (
            ("outreach", "replied", "rosa"),
            ("questions", "pick", "rosa", "--minutes", "30", "--seed", "7"),
            (
                "interview",
                "schedule",
                "rosa",
                "--at",
                "2026-03-10 16:00",
                "--mode",
                "video",
                "--link",
                "https://meet.example.com/rosa-jordan",
            ),
        ),
    ),
    Scene(
        _at(10, 16, 50),
        "Tuesday 10 March, right after the call: Jordan logs it, with the person Rosa suggested.",
        (
            (
                "interview",
                "log",
                "rosa",
                "--note",
                "Nights are intense, but the team is close",
                "--answer",
                "favorite-love-most=*Seeing a teenager leave the unit ready to go back to school",
                "--referral",
                "Sam Okafor, psychiatrist @ St. Mary's Hospital",
                "--interest",
                "4",
            ),
            ("thanks",),
        ),
    ),
    Scene(
        _at(10, 19, 30),
        "That evening, within 24 hours: the thank-you.",
        (
            ("thanks", "draft", "rosa", "--channel", "email"),
            ("thanks", "sent", "rosa", "--channel", "email"),
        ),
    ),
    Scene(
        _at(11, 8, 0),
        "Wednesday morning: what to do today, and what Jordan has learned so far.",
        (("next",), ("prospect", "list"), ("report",)),
    ),
)


class DemoClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current


def demo(
    ctx: typer.Context,
    keep: Annotated[
        Path | None,
        typer.Option(
            "--keep",
            help="Build the sample workspace in this new (or empty) folder and keep it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """See the whole path on sample people, in a throwaway workspace: yours is not touched.

    A fictional student lists people, broadens a narrow field, drafts and sends
    the ask, picks questions, schedules and logs the conversation (with a
    referral), sends the thank-you and checks `infoview next`, on a fixed clock
    that moves forward as the story goes. Each command is shown before its output.

    Example: infoview demo --keep demo-workspace
    """
    out = Output.of(ctx)
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="infoview-demo-") as folder:
            _play(ctx, out, Path(folder) / "workspace")
        return
    kept = out.output_folder(keep)
    _check_keep_folder(kept)
    try:
        _play(ctx, out, kept)
    except BaseException:
        shutil.rmtree(kept, ignore_errors=True)  # never leave half a sample behind
        raise
    out.say(f"\nThe sample workspace is kept in {kept}. Look around in it with, for example:")
    out.say(f"  infoview --home {quote(str(kept))} prospect show rosa")


def _check_keep_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInput(
            f"--keep needs a new or empty folder, and {folder} is not empty",
            hint="the demo never writes into an existing workspace",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise InvalidInput(f"cannot create {folder}: {exc.strerror or exc}") from None


def _play(ctx: typer.Context, out: Output, folder: Path) -> None:
    """Play the story in ``folder`` with the bundled bank, on the story's clock.

    The sample environment keeps the student's streams and terminal, and nothing
    else of theirs: not their workspace, bank or clock.
    """
    env = out.env
    clock = DemoClock(DEMO_START)
    sample = AppEnv(
        home=folder,
        bank=bundled_bank_path(),
        clock=clock,
        lock_timeout=env.lock_timeout,
        environ={**env.environ, "TZ": DEMO_TZ},
        stdin=env.stdin,
        stdout=env.stdout,
        stderr=env.stderr,
        stdin_isatty=env.stdin_isatty,
        stdout_isatty=env.stdout_isatty,
    )
    runner = Runner(ctx.find_root().command, sample)
    out.say("infoview demo: a sample student walks the whole path in a throwaway workspace.")
    out.say("The people are fictional, the clock is fixed and moves with the story, and your own")
    out.say(
        "workspace is not touched. Every line starting with $ is a command you can run yourself."
    )
    for scene in STORY:
        clock.current = scene.at
        runner.title(f"\n# {scene.caption}")
        for argv in scene.commands:
            code = runner.run(*argv)
            if code != 0:
                raise RuntimeError(f"the demo step `infoview {' '.join(argv)}` exited {code}")
    out.say("\nThat is the whole path. Start your own with: infoview start")
