"""A match's score is kept to four places rounded down: never above the score compared.

Rounded to the nearest, a score up to 0.00005 below a threshold was kept as the threshold:
the engine left the pairing to be asked about (below ``auto_accept_threshold``), yet its
score, in the window and the report, said it met the threshold. Down, what is kept meets
a threshold only where the score the engine compared did.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from desktop_app.domain import MatchState
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.outcome import stored_score
from desktop_app.wording import score_percent
from tests.matching.builders import ISSUE, invoice, line

# Paid in full three days after issue, naming the payee and no reference: scored
# 0.64775 (amount, payee, date and currency), which four places to the nearest make 0.6478.
PAYEE_ONLY = line("120.00", "ACME TRADING", day=ISSUE + timedelta(days=3))


def test_a_score_just_below_the_threshold_is_not_kept_as_meeting_it() -> None:
    settings = MatchSettings(auto_accept_threshold=0.6478, suggest_threshold=0.4)

    (match,) = reconcile([invoice()], [PAYEE_ONLY], settings).matches

    assert match.state is MatchState.SUGGESTED  # the engine compared 0.64775: below
    assert match.score < settings.auto_accept_threshold
    assert match.score == 0.6477
    assert score_percent(match.score) == "64%"


def test_a_score_meeting_the_threshold_is_kept_meeting_it() -> None:
    settings = MatchSettings(auto_accept_threshold=0.6477, suggest_threshold=0.4)

    (match,) = reconcile([invoice()], [PAYEE_ONLY], settings).matches

    assert match.state is MatchState.AUTO
    assert match.score >= settings.auto_accept_threshold


def test_the_weighted_sum_of_a_half_is_not_kept_as_the_default_threshold() -> None:
    """Paid in full on the day, saying nothing of the invoice: amount, date and currency
    make 0.5 in decimals, 0.49999999999999994 in floating point, which the engine compares
    with the default threshold of 0.5 and finds below."""
    (match,) = reconcile([invoice()], [line("120.00", "payment", day=ISSUE)]).matches

    assert match.state is MatchState.SUGGESTED
    assert match.score < MatchSettings().auto_accept_threshold


@pytest.mark.parametrize(
    ("score", "kept"),
    [
        (0.64775, 0.6477),
        (0.84925, 0.8492),
        (0.49999999999999994, 0.4999),
        (0.5, 0.5),
        (0.29, 0.29),  # 0.29 * 10,000 is 2899.99... in binary: still 0.29
        (0.57, 0.57),
        (0.123449, 0.1234),
        (0.00004, 0.0),
        (1.0, 1.0),
        (0.0, 0.0),
    ],
)
def test_scores_are_kept_to_four_places_rounded_down(score: float, kept: float) -> None:
    assert stored_score(score) == kept
    assert stored_score(score) <= score


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (0.49999999999999994, "49%"),  # kept as 0.4999: below the threshold of 0.5
        (0.39999999999999997, "39%"),  # kept as 0.3999: below the threshold of 0.4
        (0.64775, "64%"),
        (0.29, "29%"),
        (0.5, "50%"),
        (1.0, "100%"),
    ],
)
def test_a_score_reads_alike_shown_raw_or_as_kept(score: float, shown: str) -> None:
    """A runner-up's score is shown from the engine's raw score, a match's from the score
    kept: 0.49999999999999994 read "50%" as a runner-up and "49%" as a match."""
    assert score_percent(score) == shown
    assert score_percent(stored_score(score)) == shown


def test_the_percent_shown_is_the_kept_scores_rounded_down() -> None:
    """One rule: the whole percent of the score kept, rounded down; so a percent shown
    never meets a threshold the score kept (and the engine's) did not."""
    draw = random.Random(7)
    weights = (0.35, 0.25, 0.15, 0.15, 0.10)
    scores = [draw.random() for _ in range(2_000)]
    # weighted sums of whole and half signals, where floating point leaves 0.4999...
    scores += [sum(w * draw.choice((0.0, 0.5, 1.0)) for w in weights) for _ in range(2_000)]
    for score in scores:
        kept = Decimal(repr(stored_score(score)))
        shown = score_percent(score)
        percent = Decimal(shown.removesuffix("%"))
        assert kept <= Decimal(repr(score)), score  # kept rounded down
        assert percent / 100 <= kept < (percent + 1) / 100, score  # shown rounded down
