"""What the student remembers of a conversation, in words fit to send back to the person.

Two honest ways to name something they said, used by the thank-you (``thanks.py``):

- a QUOTE, only of words the student marked as theirs (a starred answer, a note
  line starting with ``*``): whole, or one whole sentence of it, never cut;
- a TOPIC, from the question an answer belongs to: "What is the hardest part of
  your job?" -> "the hardest part of your job", to say "what you said about the
  hardest part of your job". The question is the student's own wording, so the
  topic claims nothing about what the person said. Only shapes that turn into
  plain English are paraphrased; any other question gives None (no paraphrase).

The pronouns stay as they are: the question spoke to the person ("your job")
and so does the thank-you.
"""

from __future__ import annotations

import re

# Past tense of the verbs a question puts after "did you" ("How did you decide" ->
# "how you decided"); a verb not listed is not guessed at.
PAST = {
    "afford": "afforded", "apply": "applied", "balance": "balanced", "be": "were",
    "become": "became", "begin": "began", "break": "broke", "build": "built",
    "buy": "bought", "change": "changed", "choose": "chose", "come": "came",
    "consider": "considered", "cope": "coped", "deal": "dealt", "decide": "decided",
    "discover": "discovered", "do": "did", "earn": "earned", "end": "ended",
    "enjoy": "enjoyed", "expect": "expected", "fail": "failed", "feel": "felt",
    "figure": "figured", "find": "found", "finish": "finished", "get": "got",
    "give": "gave", "go": "went", "grow": "grew", "handle": "handled", "have": "had",
    "hear": "heard", "help": "helped", "hold": "held", "imagine": "imagined",
    "keep": "kept", "know": "knew", "land": "landed", "learn": "learned",
    "leave": "left", "like": "liked", "lose": "lost", "love": "loved", "make": "made",
    "manage": "managed", "mean": "meant", "meet": "met", "miss": "missed",
    "move": "moved", "need": "needed", "notice": "noticed", "overcome": "overcame",
    "pass": "passed", "pay": "paid", "pick": "picked", "picture": "pictured",
    "plan": "planned", "prepare": "prepared", "pursue": "pursued", "put": "put",
    "read": "read", "realize": "realized", "realise": "realised", "say": "said",
    "see": "saw", "seek": "sought", "spend": "spent", "start": "started",
    "stay": "stayed", "study": "studied", "survive": "survived", "switch": "switched",
    "take": "took", "teach": "taught", "tell": "told", "think": "thought",
    "train": "trained", "try": "tried", "turn": "turned", "use": "used",
    "want": "wanted", "win": "won", "work": "worked", "write": "wrote",
}  # fmt: skip
BASE_VERBS = frozenset(PAST) | {"help", "be"}
PRONOUNS = frozenset({"you", "i", "we"})
DO = frozenset({"do", "does", "did"})
MODALS = frozenset({"would", "could", "should", "can", "will", "have", "has"})
AUX = DO | MODALS
BE = frozenset({"is", "are", "was", "were"})
WH = frozenset({"what", "how", "who", "why", "where", "when", "which"})
ADVERBS = frozenset(
    {"actually", "first", "really", "ever", "finally", "eventually", "originally",
     "initially", "seriously", "ultimately", "most", "usually", "always", "never"}
)  # fmt: skip
# What a noun phrase after "What is/was" starts with ("What is the hardest part ...").
NOUN_START = frozenset({"the", "your", "one", "something", "a", "an", "my", "some"})
# A second question joined to the first ("... and how did that prepare you") is cut off.
_SECOND_ASK = re.compile(r",? (?:and|or) (?:how|what|why|when|where|who|which)\b.*$", re.I)
_LEADING = re.compile(r"^(when|if) ([^,?]+), (.+)$", re.I)
_LOOKING_BACK = re.compile(r"^(?:looking back|overall|honestly|in your experience), (.+)$", re.I)


def topic_of(question: str) -> str | None:
    """The question as a phrase to follow "what you said about", or None.

    "How do you handle stress?" -> "how you handle stress"; "What was your first
    year like?" -> "what your first year was like"; "When you were my age, what
    did you picture yourself doing?" -> "what you pictured yourself doing when
    you were my age". Two questions in one, or a shape not known, give None.
    """
    text = re.sub(r"^(what|who|where)['’]s\b", r"\1 is", " ".join(question.split()), flags=re.I)
    if text.count("?") != 1 or not text.endswith("?"):
        return None
    text = text[:-1].rstrip(" ,;:")
    clause = ""
    if m := _LEADING.match(text):
        clause, text = f"{m.group(1).lower()} {m.group(2)}", m.group(3)
    elif m := _LOOKING_BACK.match(text):
        text = m.group(1)
    words = text.split()
    if len(words) < 3 or any(not re.fullmatch(r"[\w'’,;:()\-–—/&]+", w) for w in words):
        return None
    phrase = _embed(words)
    if phrase is None:
        return None
    phrase = _SECOND_ASK.sub("", phrase).rstrip(" ,;:")
    if len(phrase.split()) < 2:
        return None
    return f"{phrase} {clause}" if clause else phrase


def _low(words: list[str]) -> list[str]:
    """The words in lower case, without the punctuation around them."""
    return [w.lower().strip(",;:()") for w in words]


def _embed(words: list[str]) -> str | None:
    """The question's words in statement order (an embedded question or a noun phrase)."""
    low = _low(words)
    wh, rest = low[0], words[1:]
    if wh not in WH:
        return None
    if low[1] == "else" and wh in ("who", "what"):  # "Who else do you think ..."
        wh, rest = f"{wh} else", words[2:]
    if wh == "how" and low[1] == "much":
        return _how_much(words)
    head = rest[0].lower()
    if head in BE:
        return _be(wh, rest) if wh in ("what", "which") else None
    if head in AUX:
        return _aux_first(wh, rest)
    if wh in ("what", "which"):
        return _wh_phrase(wh, words[1:])
    return None


def _be(wh: str, rest: list[str]) -> str | None:
    """'What is X?' -> 'X'; 'What was X like?' -> 'what X was like'; 'What are you ...'."""
    be, after = rest[0].lower(), rest[1:]
    if not after:
        return None
    low = _low(after)
    if low[0] in ("you", "it") and len(after) > 1:
        return " ".join([wh, low[0], be, *after[1:]])
    if wh == "what" and "like" in low:
        at = low.index("like")
        start = at - 1 if at > 1 and low[at - 1] in ADVERBS else at
        subject = after[:start]
        if not subject:
            return None
        return " ".join([wh, *subject, be, *after[start:]])
    if wh == "what" and low[0] in NOUN_START:
        return " ".join([low[0] if after[0] != "I" else after[0], *after[1:]])
    return None


def _past(verb: str) -> str | None:
    return PAST.get(verb.lower())


def _after_subject(aux: str, tail: list[str]) -> list[str] | None:
    """The words after an inverted subject put back in order: 'did you decide X' ->
    ['decided', 'X'] (an adverb may come first), 'would you suggest' -> ['would',
    'suggest']."""
    if not tail:
        return None
    if aux == "do":
        return tail
    if aux == "does":
        return None  # "does you" / "does I": not a question worth paraphrasing
    if aux == "did":
        lead = [tail[0]] if tail[0].lower() in ADVERBS and len(tail) > 1 else []
        verb = tail[len(lead)]
        past = _past(verb)
        return None if past is None else [*lead, past, *tail[len(lead) + 1 :]]
    return [aux, *tail]


def _aux_first(wh: str, rest: list[str]) -> str | None:
    """'How did you decide' -> 'how you decided'; 'How do people in X decide' -> 'how
    people in X decide'; 'What does a bad day look like' -> 'what a bad day looks like'."""
    aux = rest[0].lower()
    after = rest[1:]
    if len(after) < 2:
        return None
    subject = after[0].lower()
    if subject in PRONOUNS:
        ordered = _after_subject(aux, after[1:])
        if ordered is None:
            return None
        return " ".join([wh, "I" if subject == "i" else subject, *ordered])
    low = _low(after)
    if aux == "do":  # a plural subject: dropping "do" leaves it in order
        return " ".join([wh, *after])
    if aux == "does" and wh == "what" and "look" in low[1:]:
        at = low.index("look")
        if at + 1 < len(low) and low[at + 1] == "like":
            return " ".join([wh, *after[:at], "looks", *after[at + 1 :]])
    if aux == "did" and "teach" in low[1:]:
        at = low.index("teach")
        return " ".join([wh, *after[:at], "taught", *after[at + 1 :]])
    return None


def _how_much(words: list[str]) -> str | None:
    """'How much of your day is spent ...' stays as it is; 'How much of the math do you
    use' -> 'how much of the math you use'."""
    low = _low(words)
    if len(words) < 5 or low[2] != "of":
        return None
    at = next((i for i in range(3, len(low)) if low[i] in AUX), None)
    if at is None:
        return " ".join(["how", *words[1:]])
    if at + 1 < len(low) and low[at] in MODALS and low[at + 1] in BASE_VERBS:
        return " ".join(["how", *words[1:]])  # "How much of your work can be done ..."
    if at + 1 >= len(low) or low[at + 1] not in PRONOUNS:
        return None
    subject = "I" if low[at + 1] == "i" else low[at + 1]
    ordered = _after_subject(low[at], words[at + 2 :])
    if ordered is None:
        return None
    return " ".join(["how", *words[1:at], subject, *ordered])


def _wh_phrase(wh: str, rest: list[str]) -> str | None:
    """'Which tools do you use' -> 'the tools you use'; 'What made you decide' and
    'Which skills matter most' stay in order (the question word is the subject)."""
    low = _low(rest)
    at = next((i for i, w in enumerate(low) if w in AUX or w in BE), None)
    if at is None:
        return " ".join([wh, *rest])
    if at == 0 or at + 1 >= len(low):
        return None
    following = low[at + 1]
    if following in PRONOUNS:  # the question word is the object: "Which tools do you use"
        subject = "I" if following == "i" else following
        ordered = [low[at], *rest[at + 2 :]] if low[at] in BE else None
        ordered = ordered or _after_subject(low[at], rest[at + 2 :])
        if ordered is None:
            return None
        noun = rest[:at] if low[0] != "of" else [wh, *rest[:at]]
        lead = [] if low[0] == "of" else ["the"]
        return " ".join([*lead, *noun, subject, *ordered])
    if low[at] in BE:
        return " ".join([wh, *rest])  # "Which of your roles was the most important"
    if following in BASE_VERBS and low[at] not in DO:
        return " ".join([wh, *rest])  # "Which groups would be good places ..."
    if low[at] in ("have", "has") and (following.endswith("ed") or following in PAST.values()):
        return " ".join([wh, *rest])  # "What new roles have appeared ..."
    return None


# --- quoting whole sentences ------------------------------------------------------

_ABBREVIATIONS = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|approx|No)\.$", re.I
)


def sentences(text: str) -> list[str]:
    """The text's whole sentences, each on one line, in order; a line break ends one too.

    A full stop after a title ("Dr.") or "e.g." does not end a sentence.
    """
    found: list[str] = []
    for line in text.splitlines():
        current: list[str] = []
        for word in line.split():
            current.append(word)
            if re.search(r"[.!?…][\"”’')]*$", word) and not _ABBREVIATIONS.search(word):
                found.append(" ".join(current))
                current = []
        if current:
            found.append(" ".join(current))
    return found
