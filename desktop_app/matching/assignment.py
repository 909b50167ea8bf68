"""Global assignment: which hypotheses become matches, which are offered for review.

1. Duplicates first: lines that each clearly pay the same invoice in full are not rivals
   for it; the earliest is its payment, the others are set aside as repeat payments. So
   are the later settlements of an invoice paid in full more than once when parts make
   one of them (``repeat_parts.py``).
2. Hopeless candidates (far weaker than the best on one of their lines or invoices) are
   dropped, so faint coincidences do not tie unrelated payments together.
3. Identified candidates (a reference or the payee) are decided first; candidates resting
   on the amount alone are considered afterwards, only for what is still open, and are
   never more than suggestions.
4. Within each phase, hypotheses split into connected groups of competitors; each group
   gets the combination with the highest total weight (``packing.py``).
5. Ambiguity: for every chosen hypothesis, the best combination *without* it is computed;
   if that alternative gives one of its lines or invoices to another hypothesis and is worse
   by less than the ambiguity margin, nothing is decided: the chosen hypothesis and its
   rivals are all offered for review, each naming the other as runner-up. A line quoting
   several invoices alike (the same reference strength, amount, payee and currency fit)
   is ambiguous between them whatever their dates (``quoted_alike``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from desktop_app.domain.progress import CancelToken, ProgressCallback
from desktop_app.matching.packing import Packer
from desktop_app.matching.repeat_parts import RepeatParts
from desktop_app.matching.scoring import Hypothesis, Scorer
from desktop_app.matching.settings import MatchSettings

PACKING_STEP_LIMIT = 5_000
PRUNE_GAP = 0.35  # score gap to the best candidate beyond which a candidate is dropped
PROGRESS_STEP = 5_000


@dataclass
class Assignment:
    auto: list[Hypothesis] = field(default_factory=list)
    # a suggestion and, when it is ambiguous, the rival that made it so
    suggested: list[tuple[Hypothesis, Hypothesis | None]] = field(default_factory=list)
    # line index -> its pairing with an invoice another line (or the accountant) settled;
    # a repeat in parts is filed under each of its lines
    repeats: dict[int, Hypothesis] = field(default_factory=dict)


class Assigner:
    def __init__(self, settings: MatchSettings, scorer: Scorer, line_days: Sequence[int]) -> None:
        self.line_days = line_days
        self.margin = settings.ambiguity_margin
        # Weights count only what a hypothesis has above the bar for being offered at all,
        # so two barely plausible pairings can never outweigh one convincing one.
        self.base = settings.suggest_threshold - 0.05
        self.exact_limit = settings.exact_solver_limit
        self.scorer = scorer

    def assign(
        self,
        hypotheses: Iterable[Hypothesis],
        fixed_invoices: set[int],
        paid_once: set[int],
        progress: ProgressCallback,
        cancel: CancelToken | None,
        parts: RepeatParts | None,
    ) -> Assignment:
        """``fixed_invoices`` are settled by the accountant's pairings: only repeats may join,
        and only to those of ``paid_once``, which the pairings pay in full.

        Most hypotheses compete with nothing: their line and invoice are in no other one.
        Every step below only compares hypotheses that share a line or an invoice, so those
        alone are each settled on their own (in the order they came, which is canonical)
        without being sorted, grouped or pruned; only the contested ones are. ``parts``
        watches the invoices that may have been paid again in parts: every hypothesis on
        them, or on a line that may be one of those parts, counts as contested.
        """
        alone, contested = _split_uncontested(list(hypotheses), fixed_invoices)
        if parts is not None:
            alone, contested = _watch(alone, contested, parts.nodes)
        ordered = sorted(contested, key=Hypothesis.order_key)
        result = Assignment()
        result.repeats, firsts = self._set_aside_repeats(ordered, paid_once, parts)
        if firsts:
            ordered = sorted([*ordered, *firsts], key=Hypothesis.order_key)
        repeats = result.repeats.keys()
        remaining = [
            h
            for h in ordered
            if repeats.isdisjoint(h.lines) and fixed_invoices.isdisjoint(h.invoices)
        ]
        remaining = prune_hopeless(remaining, PRUNE_GAP)
        # Identified pairings (a reference or the payee) are decided first, among themselves:
        # a coincidence of amount alone may never tip a decision between them, it can only
        # be offered afterwards for what is still open.
        strong = connected_components([h for h in remaining if h.identified])
        alone_strong = [h for h in alone if h.identified]
        self._solve_all(strong, alone_strong, result, progress, cancel)
        self._drop_rivals_of_auto(result)
        used = {n for h in result.auto for n in h.nodes}
        used.update(n for h, _ in result.suggested for n in h.nodes)
        weak = [h for h in remaining if not h.identified and used.isdisjoint(h.nodes)]
        alone_weak = [h for h in alone if not h.identified]
        first_weak = len(result.auto), len(result.suggested)
        self._solve_all(connected_components(weak), alone_weak, result, progress, cancel)
        self._offer_every_close_rival(weak, result, *first_weak)
        return result

    def _solve_all(
        self,
        components: list[list[Hypothesis]],
        alone: list[Hypothesis],
        result: Assignment,
        progress: ProgressCallback,
        cancel: CancelToken | None,
    ) -> None:
        total = len(components) + len(alone)
        for position, component in enumerate(components):
            if position % PROGRESS_STEP == 0:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                progress(position, total, "choosing the best matches")
            self._solve(component, result)
        for position, hypothesis in enumerate(alone, start=len(components)):
            if position % PROGRESS_STEP == 0:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                progress(position, total, "choosing the best matches")
            self.settle(hypothesis, result)
        progress(total, total, "choosing the best matches")

    def _set_aside_repeats(
        self,
        ordered: Sequence[Hypothesis],
        paid_once: set[int],
        parts: RepeatParts | None,
    ) -> tuple[dict[int, Hypothesis], list[Hypothesis]]:
        """Lines whose clear best is paying one invoice in full, beyond the first such line
        (beyond the accountant's own pairing, for an invoice they paid in full: one they
        paired with a part of its amount only was not paid once yet); and the same
        for settlements in parts, with the first settlements in parts no hypothesis held:
        (repeats by line, first settlements to add)."""
        best: dict[int, Hypothesis] = {}  # line -> its best hypothesis (ordered is best first)
        second: dict[int, float] = {}  # line -> the score of its second best
        for hypothesis in ordered:
            for line in hypothesis.lines:
                if line not in best:
                    best[line] = hypothesis
                elif line not in second:
                    second[line] = hypothesis.score
        payers: dict[int, list[tuple[int, Hypothesis]]] = defaultdict(list)
        for line, top in best.items():
            clear = second.get(line, -1.0) < top.score - self.margin
            # a number quoted without its leading zeros (``Hypothesis.asks``) makes no
            # payment sure, so no repeat of one: only the payee then does
            identified = top.parts[2] > 0.0 if top.asks else top.identified
            if top.kind == "pair" and clear and identified and top.amount_fits:
                payers[top.invoices[0]].append((line, top))
        repeats: dict[int, Hypothesis] = {}
        firsts: list[Hypothesis] = []
        decided: set[int] = set()
        if parts is not None:
            settlements = parts.decide(payers, ordered)
            repeats.update(settlements.repeats)
            firsts, decided = settlements.firsts, settlements.invoices
        for invoice, paying in payers.items():
            if invoice in decided:
                continue
            first = 0 if invoice in paid_once else 1
            if len(paying) > first:
                paying.sort(key=lambda item: (self.line_days[item[0]], item[0]))  # earliest
                for line, hypothesis in paying[first:]:
                    repeats[line] = hypothesis
        return repeats, firsts

    def _solve(self, component: list[Hypothesis], result: Assignment) -> None:
        if len(component) == 1:
            self.settle(component[0], result)
            return
        weights = [h.score - self.base for h in component]
        packer = Packer(
            component, weights, exact_limit=self.exact_limit, step_limit=PACKING_STEP_LIMIT
        )
        best_total, chosen = packer.solve()
        chosen_set = set(chosen)
        runner_up = _best_per_node(component, weights)
        alike = quoted_alike(component)
        offered: dict[int, Hypothesis | None] = {}
        for index in chosen:
            hypothesis = component[index]
            nodes = hypothesis.nodes
            # Without this hypothesis, the best any rival can recover is at most the best
            # other weight on each of its lines and invoices: if even that is well short,
            # it is not ambiguous and the costly re-solve is skipped.
            recoverable = sum(_other_best(runner_up[node], index) for node in nodes)
            if weights[index] - recoverable >= self.margin and index not in alike:
                rivals: list[int] = []
            else:
                rivals = self._rivals(
                    packer, component, index, chosen_set, best_total, alike.get(index, ())
                )
            if rivals:
                offered[index] = component[rivals[0]]
                for rival in rivals:
                    offered.setdefault(rival, hypothesis)
            elif not self.scorer.confident(hypothesis):
                offered[index] = None
            else:
                result.auto.append(hypothesis)
        for index in sorted(offered):
            result.suggested.append((component[index], offered[index]))

    def _rivals(
        self,
        packer: Packer,
        component: list[Hypothesis],
        index: int,
        chosen: set[int],
        best_total: float,
        alike: Collection[int] = (),
    ) -> list[int]:
        """Hypotheses the best combination without ``index`` uses on its lines or invoices,
        when that combination is within the ambiguity margin, or when it is the same
        combination with one of ``alike`` (see ``quoted_alike``) in its place: then only
        the dates tell them apart, and a date is no evidence of which invoice a payment
        quoting both meant. Every one of ``alike`` whose invoice the alternative leaves
        free is a rival too: the alternative puts one pairing on the line, and a line
        quoting three invoices alike would otherwise have the third decided by its date."""
        alternative_total, alternative = packer.solve(forbidden=index)
        if best_total - alternative_total >= self.margin:
            # ``index`` is always among the swapped (chosen, and forbidden here)
            swapped = set(alternative).symmetric_difference(chosen)
            if len(swapped) != 2 or swapped.isdisjoint(alike):
                return []
        nodes = set(component[index].nodes)
        # A rival explains some of the same lines or invoices differently; one that only
        # explains a part of what the chosen hypothesis does is not a different story.
        rivals = [
            other
            for other in alternative
            if other not in chosen
            and nodes.intersection(component[other].nodes)
            and not nodes.issuperset(component[other].nodes)
        ]
        if rivals and alike:
            used = {node for other in alternative for node in component[other].nodes}
            rivals.extend(
                other
                for other in alike
                if other not in rivals
                and other not in chosen
                and 2 * component[other].invoices[0] + 1 not in used
            )
        return rivals

    def settle(self, hypothesis: Hypothesis, result: Assignment) -> None:
        """Settle a pairing nothing contests: matched where the engine may do so without
        asking, else offered for review alone (``recorded_join`` places a part so too)."""
        if self.scorer.confident(hypothesis):
            result.auto.append(hypothesis)
        else:
            result.suggested.append((hypothesis, None))

    def _offer_every_close_rival(
        self, weak: Sequence[Hypothesis], result: Assignment, first_auto: int, first: int
    ) -> None:
        """Offer every amount-only candidate as close as the rival that made a choice
        ambiguous, not only the one the best alternative used.

        A payment of exactly the amount of five open invoices, with nothing else to go by,
        is as likely to pay any of them (the dates differ a little): offering two and
        calling the other three unpaid without a word would hide candidates the
        accountant must see. Only suggestions made in this phase (``first`` on) and
        ambiguous ones widen, so a clear choice stays alone; no hypothesis is offered
        twice, nor one sharing a line or invoice with a match made for sure in this phase
        (``first_auto`` on: those made before hold nothing ``weak`` touches).
        """
        ambiguous = [h for h, rival in result.suggested[first:] if rival is not None]
        if not ambiguous:
            return
        offered = {id(h) for h, _ in result.suggested}
        taken = {n for h in result.auto[first_auto:] for n in h.nodes}
        by_node: dict[int, list[Hypothesis]] = defaultdict(list)
        for hypothesis in weak:
            for node in hypothesis.nodes:
                by_node[node].append(hypothesis)
        for chosen in ambiguous:
            floor = chosen.score - self.margin
            for node in chosen.nodes:
                for other in by_node.get(node, ()):
                    if id(other) in offered or other.score < floor:
                        continue
                    if taken.intersection(other.nodes):
                        continue
                    offered.add(id(other))
                    result.suggested.append((other, chosen))

    @staticmethod
    def _drop_rivals_of_auto(result: Assignment) -> None:
        """A rival offered for review cannot also hold a line or invoice matched for sure."""
        taken = {node for h in result.auto for node in h.nodes}
        result.suggested = [
            (h, rival) for h, rival in result.suggested if not taken.intersection(h.nodes)
        ]


def connected_components(hypotheses: Sequence[Hypothesis]) -> list[list[Hypothesis]]:
    """Groups of hypotheses linked by a shared line or invoice, each best first."""
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for hypothesis in hypotheses:
        nodes = hypothesis.nodes
        first = root(nodes[0])
        for node in nodes[1:]:
            other = root(node)
            if other != first:
                parent[other] = first
    groups: dict[int, list[Hypothesis]] = defaultdict(list)
    for hypothesis in hypotheses:  # already best first, so each group is too
        groups[root(hypothesis.nodes[0])].append(hypothesis)
    return list(groups.values())


def _split_uncontested(
    hypotheses: list[Hypothesis], fixed_invoices: set[int]
) -> tuple[list[Hypothesis], list[Hypothesis]]:
    """(alone, contested), each in the order given.

    Alone: no other hypothesis shares its line or invoice, and its invoice is not one the
    accountant settled (such a hypothesis may be a repeat payment, which is decided with
    the contested ones).
    """
    counts = Counter(chain.from_iterable(map(attrgetter("nodes"), hypotheses)))
    shared = {node for node, count in counts.items() if count > 1}
    alone: list[Hypothesis] = []
    contested: list[Hypothesis] = []
    for hypothesis in hypotheses:
        if shared.isdisjoint(hypothesis.nodes) and fixed_invoices.isdisjoint(hypothesis.invoices):
            alone.append(hypothesis)
        else:
            contested.append(hypothesis)
    return alone, contested


def _watch(
    alone: list[Hypothesis], contested: list[Hypothesis], watched: frozenset[int]
) -> tuple[list[Hypothesis], list[Hypothesis]]:
    """(alone, contested) with every hypothesis on a ``watched`` node among the contested:
    an invoice that may have been paid again in parts, or a line that may be one of the
    parts, is decided with the repeat payments."""
    moved = [h for h in alone if not watched.isdisjoint(h.nodes)]
    if not moved:
        return alone, contested
    return [h for h in alone if watched.isdisjoint(h.nodes)], [*contested, *moved]


def _best_per_node(
    component: Sequence[Hypothesis], weights: Sequence[float]
) -> dict[int, list[tuple[float, int]]]:
    """Node -> its two heaviest hypotheses (weight, position), heaviest first."""
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for index, hypothesis in enumerate(component):
        for node in hypothesis.nodes:
            top = best[node]
            top.append((weights[index], index))
            if len(top) > 2:
                top.sort(key=lambda item: -item[0])
                top.pop()
    return best


def quoted_alike(component: Sequence[Hypothesis]) -> dict[int, list[int]]:
    """Position -> the other pairings of its line that only the date tells apart from it.

    A remittance quoting two open invoices of one customer and one amount, and paying that
    amount once, pays either; the date scores the nearer invoice higher, but a customer
    paying an older invoice late is as ordinary as one paying the newer on time, so the
    date must not decide it without asking. Only pairings of one line and one invoice
    whose line quotes the invoice (reference above zero) are compared: a payment known by
    its payee or amount alone has nothing but the date to go by, which then is evidence.
    """
    stories: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, hypothesis in enumerate(component):
        parts = hypothesis.parts
        if len(hypothesis.invoices) == 1 and len(hypothesis.lines) == 1 and parts[0] > 0.0:
            stories[(hypothesis.lines, *parts[:3], parts[4])].append(index)
    alike: dict[int, list[int]] = {}
    for same in stories.values():
        if len(same) > 1:
            for index in same:
                alike[index] = [other for other in same if other != index]
    return alike


def _other_best(top: list[tuple[float, int]], excluded: int) -> float:
    return max((weight for weight, index in top if index != excluded), default=0.0)


def prune_hopeless(hypotheses: Sequence[Hypothesis], gap: float) -> list[Hypothesis]:
    """Drop hypotheses far weaker than the best one on any of their lines or invoices.

    Such a pairing could win only if the much better one lost its other side elsewhere;
    keeping every faint amount-only coincidence would tie unrelated payments into large
    groups that cost time and explain nothing.
    """
    best: dict[int, float] = {}
    for hypothesis in hypotheses:
        score = hypothesis.score
        for node in hypothesis.nodes:
            if score > best.get(node, -1.0):
                best[node] = score
    # The largest gap on any node is the best score among its nodes minus its own.
    return [h for h in hypotheses if max(map(best.__getitem__, h.nodes)) - h.score <= gap]
