"""Every tunable of the matching engine, with its default and the reason for it, in one place.

The settings travel with each run (the report's Summary prints them), so they serialise to a
plain dict of JSON-friendly values and back. Amount tolerances are ``Decimal`` like all money;
scores, weights and thresholds are plain floats because they are evidence, not money.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from desktop_app.domain.currencies import normalise_currency
from desktop_app.domain.money import to_decimal
from desktop_app.refusal import Refusal, Refused


class SettingsError(ValueError, Refusal):
    """A matching setting refused: ``setting`` names it, ``allowed`` says what it may be
    ("from 0 to 1", "at most days_after_due (60)"), ``value`` is what it was given.

    Its own type, not a bare ``ValueError``: the window's Settings screen shows this
    refusal beside the form, and any other ``ValueError`` met while saving is a bug
    that keeps its traceback. A ``ValueError`` (and ``Refusal``) all the same, so code
    that caught the refusals as ``ValueError`` still does. Unknown names are not refused
    with it: only code passes them (the form offers none), so they are its mistake."""

    refused = Refused.SELF_EXPLAINED

    def __init__(self, setting: str, allowed: str, value: object) -> None:
        super().__init__(f"matching setting {setting} must be {allowed}, not {value}")
        self.setting = setting
        self.allowed = allowed
        self.value = value


@dataclass(frozen=True, kw_only=True)
class MatchSettings:
    """How the engine weighs evidence. Defaults follow the figures in the research notes.

    Amounts
        ``amount_tolerance_absolute``: a payment this far (in the currency's major units)
        from the invoice still counts as "the amount, less a fee". ``amount_tolerance_percent``:
        the same as a share of the invoice. The larger of the two applies (GnuCash uses
        2.00 for ATM fees, Odoo 19 3 %). A tolerated difference is still reported as an
        AMOUNT_MISMATCH: the fee has to be booked.
    Dates (in days, relative to the invoice)
        A payment may arrive ``days_before_issue`` before the issue date (direct debits are
        often collected on the day), and up to ``days_after_due`` after the due date.
        Inside [issue, due + ``grace_days_after_due``] the date is fully plausible; the score
        falls towards the window's ends. Invoices without a due date are given
        ``default_payment_terms_days`` after their issue (or period end).
    Scores
        Each signal scores in [0, 1]; a match's score is their weighted mean (the weights are
        normalised). A pairing is auto-matched at ``auto_accept_threshold`` or above when it
        also has identifying evidence (a reference or the payee's name: an amount alone never
        auto-matches; nor does the payee with an amount that settles nothing:
        ``Scorer.confident`` gives the rule and the evidence for it); from
        ``suggest_threshold`` it is offered for review. When the best
        assignment beats the best alternative by less than ``ambiguity_margin``, every
        competing candidate is offered for review instead.
    Names
        ``fuzzy_threshold`` (0-100, rapidfuzz token-set ratio) for the payee's name.
        ``counterparty_aliases`` maps a provider's or counterparty's name to other names it
        appears under on statements (``{"Content Ignite": ("TAGDELIVER LTD",)}``).
    References
        Invoice numbers and ids shorter than ``min_reference_length`` characters (after
        removing separators) are not searched for: "17" would be found everywhere.
    Shapes
        One payment may settle up to ``subset_max_items`` invoices of one payee (and one
        invoice may be paid in up to as many parts); the search looks at no more than
        ``subset_pool_limit`` candidates and ``subset_step_limit`` steps per payment, so a
        pathological statement cannot hang the engine. A combination found this way must add
        up to within the absolute tolerance (one fee per payment), not the percentage.
    Limits
        ``max_amount_candidates``: a line's amount alone offers for review each invoice of
        exactly that amount dated around it (never matches one without asking), when there
        are at most this many: a customer's few equal invoices are each as likely, and
        all are offered. More (a subscription hundreds of customers pay), and the amount
        identifies none of them: none is offered, and the line's explanation says how many
        there were. ``exact_solver_limit``: groups of competing
        candidates up to this size are assigned optimally, larger ones greedily by score.
    Currency
        ``default_currency`` is assumed for statement lines that state none; when it is None
        such a line is compared in each invoice's own currency.
    """

    amount_tolerance_absolute: Decimal = Decimal("2.00")
    amount_tolerance_percent: Decimal = Decimal("3")
    days_before_issue: int = 5
    grace_days_after_due: int = 10
    days_after_due: int = 60
    default_payment_terms_days: int = 30
    auto_accept_threshold: float = 0.5
    suggest_threshold: float = 0.4
    ambiguity_margin: float = 0.05
    fuzzy_threshold: float = 85.0
    counterparty_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_reference_length: int = 4
    subset_max_items: int = 4
    subset_pool_limit: int = 12
    subset_step_limit: int = 20_000
    max_amount_candidates: int = 8
    exact_solver_limit: int = 16
    default_currency: str | None = None
    weight_reference: float = 0.35
    weight_amount: float = 0.35
    weight_counterparty: float = 0.15
    weight_date: float = 0.10
    weight_currency: float = 0.05

    def __post_init__(self) -> None:
        for name in ("amount_tolerance_absolute", "amount_tolerance_percent"):
            value = to_decimal(getattr(self, name))
            if value < 0:
                raise SettingsError(name, "0 or more", value)
            object.__setattr__(self, name, value)
        for name in ("auto_accept_threshold", "suggest_threshold", "ambiguity_margin"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SettingsError(name, "from 0 to 1", getattr(self, name))
        if self.suggest_threshold > self.auto_accept_threshold:
            allowed = f"at most auto_accept_threshold ({self.auto_accept_threshold})"
            raise SettingsError("suggest_threshold", allowed, self.suggest_threshold)
        if not 0.0 <= self.fuzzy_threshold <= 100.0:
            raise SettingsError(
                "fuzzy_threshold", "a percentage from 0 to 100", self.fuzzy_threshold
            )
        self._check_counts()
        self._check_weights()
        if self.default_currency is not None:
            object.__setattr__(self, "default_currency", normalise_currency(self.default_currency))
        aliases = {str(k): tuple(str(a) for a in v) for k, v in self.counterparty_aliases.items()}
        object.__setattr__(self, "counterparty_aliases", aliases)

    def _check_counts(self) -> None:
        minimums = {
            "days_before_issue": 0,
            "grace_days_after_due": 0,
            "days_after_due": 0,
            "default_payment_terms_days": 0,
            "min_reference_length": 1,
            "subset_max_items": 1,
            "subset_pool_limit": 1,
            "subset_step_limit": 1,
            "max_amount_candidates": 1,
            "exact_solver_limit": 1,
        }
        for name, minimum in minimums.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise SettingsError(name, f"a whole number of {minimum} or more", value)
        if self.grace_days_after_due > self.days_after_due:
            allowed = f"at most days_after_due ({self.days_after_due})"
            raise SettingsError("grace_days_after_due", allowed, self.grace_days_after_due)

    def _check_weights(self) -> None:
        """Checked as set, not normalised: weights all negative normalise to positive
        ones (their sum is negative too), and were let through so."""
        raw = self._raw_weights()
        for name, weight in raw.items():
            if weight < 0:
                raise SettingsError(f"weight_{name}", "0 or more", weight)
        if not sum(raw.values()):  # the weighted mean would divide by nothing
            raise SettingsError("weight_reference", "above 0 while the other weights are 0", 0)

    @property
    def weights(self) -> dict[str, float]:
        """Signal name -> normalised weight (they sum to 1)."""
        raw = self._raw_weights()
        total = sum(raw.values())
        return {name: value / total for name, value in raw.items()} if total else raw

    def _raw_weights(self) -> dict[str, float]:
        """Signal name -> weight as set (``weight_<name>``)."""
        return {
            "reference": self.weight_reference,
            "amount": self.weight_amount,
            "counterparty": self.weight_counterparty,
            "date": self.weight_date,
            "currency": self.weight_currency,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly values: Decimals as strings, aliases as lists."""
        result: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, Decimal):
                value = format(value, "f")
            elif spec.name == "counterparty_aliases":
                value = {name: list(aliases) for name, aliases in sorted(value.items())}
            result[spec.name] = value
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchSettings:
        """Inverse of ``to_dict``; unknown keys are an error that names them (a plain
        ``ValueError``, no ``SettingsError``: only code gives names)."""
        known = {spec.name for spec in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown matching settings: {', '.join(unknown)}")
        values = dict(data)
        for name in ("amount_tolerance_absolute", "amount_tolerance_percent"):
            if name in values:
                values[name] = to_decimal(values[name])
        if "counterparty_aliases" in values:
            aliases = values["counterparty_aliases"]
            values["counterparty_aliases"] = {k: tuple(v) for k, v in aliases.items()}
        return cls(**values)
