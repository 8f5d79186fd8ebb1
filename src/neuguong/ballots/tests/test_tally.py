"""Property-based tests of the count: totals, denominators, thresholds and quorum."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neuguong.ballots.tally import (
    NO_ANSWER,
    ChoiceQuestion,
    Sheet,
    Structure,
    Threshold,
    channel_split_shown,
    count_answers,
    decode_answers,
    encode_answers,
    highest_threshold,
    quorum_reached,
    tally,
)

PARTY = [
    Threshold("low_over_half", Fraction(1, 2), False, Fraction(2, 3), False),
    Threshold("low_two_thirds", Fraction(2, 3), True),
]
LEVELS = ChoiceQuestion(options=3, low=2)


@st.composite
def structures(draw):
    questions = draw(st.lists(st.integers(2, 5), min_size=1, max_size=3))
    return Structure(candidates=draw(st.integers(1, 6)),
                     questions=tuple(ChoiceQuestion(options=n, low=n - 1 if i == 0 else None)
                                     for i, n in enumerate(questions)))


@st.composite
def ballots(draw, structure):
    def cell(question):
        return draw(st.one_of(st.none(), st.integers(0, question.options - 1)))

    choices = [[cell(q) for q in structure.questions] for _c in range(structure.candidates)]
    return encode_answers(structure, choices)


@st.composite
def sheets(draw, structure):
    valid = draw(st.integers(0, 40))
    invalid = draw(st.integers(0, 5))
    counts = []
    for _c in range(structure.candidates):
        per_question = []
        for question in structure.questions:
            remaining = valid
            per_option = []
            for _o in range(question.options):
                n = draw(st.integers(0, remaining))
                remaining -= n
                per_option.append(n)
            per_question.append(per_option)
        counts.append(per_question)
    returned = valid + invalid
    return Sheet(issued=returned + draw(st.integers(0, 5)), returned=returned, valid=valid, invalid=invalid,
                 invalid_reasons={"names_added": invalid} if invalid else {}, counts=counts)


@st.composite
def elections(draw):
    structure = draw(structures())
    online = draw(st.lists(ballots(structure), max_size=30))
    paper = draw(st.lists(sheets(structure), max_size=3))
    summoned = draw(st.integers(1, 200))
    present = draw(st.integers(0, summoned))
    return structure, online, paper, summoned, present


def _tally(structure, online, paper, summoned, present):
    return tally(structure, online_answers=online, sheets=paper, issued_online=len(online), summoned=summoned,
                 present=present, quorum=(2, 3), thresholds=PARTY)


@given(elections())
@settings(max_examples=150, deadline=None)
def test_counts_add_up_to_the_ballots_returned(election):
    structure, online, paper, summoned, present = election
    result = _tally(structure, online, paper, summoned, present)
    returned = len(online) + sum(s.returned for s in paper)
    assert result.returned == returned
    for c, line in enumerate(result.candidates):
        for q, question in enumerate(line["questions"]):
            answered = sum(option["total"] for option in question["options"])
            assert answered + question["blank"] == returned
            assert all(o["total"] == o["online"] + o["paper"] for o in question["options"])
            online_blank = sum(1 for b in online if b[structure.cell(c, q)] == NO_ANSWER)
            assert sum(o["online"] for o in question["options"]) == len(online) - online_blank


@given(elections())
@settings(max_examples=150, deadline=None)
def test_shares_are_taken_over_ballots_returned_and_thresholds_follow_the_low_share(election):
    structure, online, paper, summoned, present = election
    result = _tally(structure, online, paper, summoned, present)
    for line in result.candidates:
        low = line["questions"][0]["options"][structure.questions[0].low]["total"]
        if result.returned:
            share = Fraction(low, result.returned)
            assert abs(float(line["low_share"]) - float(share)) < 1e-12
            expected = ""
            if result.quorum_met:
                expected = "low_two_thirds" if share >= Fraction(2, 3) else ("low_over_half" if share > Fraction(1, 2)
                                                                             else "")
            assert line["threshold"] == expected
        else:
            assert line["threshold"] == ""


@given(st.integers(1, 10_000), st.data())
def test_quorum_is_two_thirds_of_those_summoned(summoned, data):
    present = data.draw(st.integers(0, summoned))
    assert quorum_reached(summoned, present, 2, 3) == (Fraction(present, summoned) >= Fraction(2, 3))
    assert not quorum_reached(None, present, 2, 3)


@given(st.fractions(min_value=0, max_value=1))
def test_threshold_bands_do_not_overlap(share):
    reached = [t.code for t in PARTY if t.reached(share)]
    assert len(reached) <= 1
    assert highest_threshold(share, PARTY) == (reached[0] if reached else "")


def test_the_threshold_edges():
    assert highest_threshold(Fraction(1, 2), PARTY) == ""
    assert highest_threshold(Fraction(501, 1000), PARTY) == "low_over_half"
    assert highest_threshold(Fraction(2, 3), PARTY) == "low_two_thirds"
    assert highest_threshold(Fraction(1), PARTY) == "low_two_thirds"


@given(structures().flatmap(lambda s: st.tuples(st.just(s), ballots(s))))
def test_answers_round_trip(pair):
    structure, answers = pair
    assert encode_answers(structure, decode_answers(structure, answers)) == answers


def test_counting_a_hundred_thousand_ballots_column_by_column():
    structure = Structure(candidates=30, questions=(LEVELS,))
    answers = ["012" * 10] * 100_000
    side = count_answers(structure, answers)
    assert side.returned == 100_000
    assert side.counts[0][0] == [100_000, 0, 0] and side.counts[1][0] == [0, 100_000, 0]


@pytest.mark.parametrize(("online", "paper", "shown"), [(1, 30, False), (9, 10, False), (10, 10, True),
                                                         (30, 0, False), (0, 0, False)])
def test_the_split_per_channel_needs_the_minimum_in_each_channel(online, paper, shown):
    assert channel_split_shown(online, paper, 10) is shown
