"""What counts as a typing slip when a field is named (rules/spelling.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infoview.rules.spelling import edits_between, is_slip, slip_for

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=0, max_size=12)


@given(words, words)
def test_edits_are_symmetric_and_zero_only_for_the_same_word(a: str, b: str) -> None:
    assert edits_between(a, b) == edits_between(b, a)
    assert (edits_between(a, b) == 0) == (a == b)
    assert abs(len(a) - len(b)) <= edits_between(a, b) <= max(len(a), len(b))


@given(words.filter(lambda w: len(w) >= 4), st.data())
def test_one_slip_of_any_kind_is_a_slip(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(1, len(word) - 1))  # never the first letter
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    for typed in (
        word[:i] + word[i + 1 :],  # missed
        word[:i] + letter + word[i:],  # struck extra
        word[:i] + letter + word[i + 1 :],  # struck wrong
    ):
        assert is_slip(typed, word) == (typed != word)


@given(words.filter(lambda w: len(w) >= 4), words)
def test_a_different_first_letter_is_never_a_slip(word: str, typed: str) -> None:
    if typed[:1] != word[:1] and typed[:2] != word[1::-1]:
        assert not is_slip(typed, word)


def test_slips_people_make_and_words_that_only_look_alike() -> None:
    assert is_slip("pyschiatry", "psychiatry")  # the first two swapped
    assert is_slip("psycholgist", "psychologist")
    assert is_slip("archetecure", "architecture")  # two slips in a long word
    assert not is_slip("astrology", "astronomy")  # a word of its own
    assert not is_slip("zookeeper", "bookkeeper")
    assert not is_slip("lab", "law")  # too short to correct
    assert not is_slip("nursing", "nursing")
    assert slip_for("nursng", ["nurse", "nursing", "purse"]) == "nursing"
    assert slip_for("zookeeper", ["bookkeeper", "zoology"]) is None
