"""Finding coded items again after their article changed, the way Hypothesis re-anchors.

A sidecar record names its item by id and anchors it with a W3C quote selector (the exact
text, 32 characters of context on each side, offsets). Editing the article shifts offsets, and
editing a post's words changes its id, so each record is placed on a current item by the most
confident evidence that still holds, in this order:

1. ``id``: an item with the record's id (ids come from a post's URL or words: this is proof,
   except between copies of one post, numbered `-2`, `-3` in document order, which wait for
   step 4 when the article changed);
2. ``position``: the stored offsets still hold the exact text;
3. ``quote``: the exact text found elsewhere, several hits told apart by prefix, suffix and
   distance from where it was expected (its old offset, moved as far as the nearest record
   before it that was already placed);
4. ``id`` of copies;
5. ``words`` / ``fuzzy``: an item with the same words spaced differently, or with words close
   enough, scored on words, prefix, suffix and position with Hypothesis's weights and
   accepted above `MIN_QUOTE` and `MIN_SCORE`.

If the article is unchanged (same SHA-256) and every id is found, step 1 is all there is. A
record goes only to an item of its own kind (a post's codes never go to a quotation) and, when
both name one, with the same handle or speaker; a text hit counts only if it and the item's
anchor mostly coincide (`OVERLAP`); an item goes to the best record that claims it, a more
confident step before a less confident one. Everything else is an orphan, returned as the very
record it was, to be written back byte for byte. Searches look only at text around the items
still unclaimed, compare each record with a few candidates, and stop at a time budget: a record
not examined in time is an orphan, never a wrong placement.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from readertui.document import ARTICLE_ID, Article, Item
from readertui.store.anchor_search import (
    Candidate,
    Haystack,
    Method,
    Pool,
    Target,
    WordIndex,
    quote_words,
    text_similarity,
    word_similarity,
)
from readertui.store.records import Record
from readertui.store.sidecar import CONTEXT, anchor
from readertui.store.units import place_units

__all__ = ["Anchoring", "Method", "Placement", "reanchor"]

_COPY = re.compile(r"(.+-[0-9a-f]{10})-\d+")  # detect._with_ids numbers copies: `id-2`

#: Weights of a candidate's score (Hypothesis's): the quote's words, the text before it, the
#: text after it, and its distance from where it was expected (a tie-breaker).
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
#: Least word similarity (difflib's ratio of the two word sequences, 0-1) of an approximate
#: match. Measured on the sample articles' items: with 5-20% of their words edited, 97-99% stay
#: above it (the rest are texts of two or three words); unrelated items of the same kind score
#: 0.25 at the 99th percentile and 0.47 at most.
MIN_QUOTE = 0.75
#: Least weighted score of an approximate match. With prefix and suffix intact MIN_QUOTE
#: decides; with one of them lost (the post moved, its attribution rewritten) the words must be
#: 85% alike; with both lost, no approximate match.
MIN_SCORE = 0.70
#: A text hit lands on an item when they share at least this share of the longer of the two.
OVERLAP = 0.5
#: Seconds the searches may take in all; records not examined by then are orphans.
BUDGET = 2.0


@dataclass(frozen=True, slots=True)
class Placement:
    """A stored record placed on a current item, and how it was found."""

    record: Record
    method: Method
    score: float

    @property
    def exact(self) -> bool:
        """Found with its words intact: by id, position, exact text, or the words respaced."""
        return self.method != "fuzzy"


@dataclass(frozen=True, slots=True)
class Anchoring:
    """Where each stored record went: current item id -> placement, and the orphans."""

    placed: Mapping[str, Placement]
    orphans: Sequence[Record]
    #: Corrections the file gets wrong (see `units`): the sidecar is not to be trusted.
    problems: Sequence[str] = ()

    @property
    def found(self) -> int:
        return len(self.placed)

    @property
    def approximate(self) -> int:
        return sum(1 for p in self.placed.values() if not p.exact)

    @property
    def exact(self) -> int:
        return self.found - self.approximate

    @property
    def total(self) -> int:
        return self.found + len(self.orphans)


def reanchor(
    records: Sequence[Record],
    article: Article,
    stored_sha256: str | None,
    *,
    budget: float = BUDGET,
    clock: Callable[[], float] = time.monotonic,
) -> Anchoring:
    """Place each stored record on a current item of `article`, or keep it as an orphan. The
    coder's own items (added or corrected) are found by their own words (see `units`)."""
    # The article's own codes (article-level variables) are on the article, whatever changed.
    whole = [Placement(r, "id", 1.0) for r in records if r.id == ARTICLE_ID]
    records = [r for r in records if r.id != ARTICLE_ID] if whole else records
    own = [r for r in records if r.annotation.unit is not None]
    placer = _Placer(
        [r for r in records if r.annotation.unit is None], article, clock() + budget, clock
    )
    unchanged = stored_sha256 is not None and stored_sha256 == article.sha256
    placer.by_id(twins=unchanged)
    if not (unchanged and placer.all_placed()):
        placer.by_position()
        placer.by_quote()
        placer.by_id(twins=True)
        placer.by_words()
    found = placer.result()
    if whole:
        found = Anchoring({**found.placed, ARTICLE_ID: whole[0]}, found.orphans, found.problems)
    if not own:
        return found
    units = place_units(own, article, unchanged, found.placed.keys())
    placed = dict(found.placed)
    for item_id, record in units.placed.items():
        method: Method = "position" if units.exact[item_id] else "quote"
        placed[item_id] = Placement(record, method, 1.0)
    return Anchoring(placed, [*found.orphans, *units.orphans], units.problems)


# -- what a record says ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Selector:
    kind: str
    who: str | None  # a post's handle, a quotation's speaker
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def _selector(record: Record) -> _Selector | None:
    """The record's quote selector, or None when it has none usable (only its id can place it)."""
    quote, kind = record.quote, record.kind
    if quote is None or kind not in ("post", "quote") or not quote.exact.strip():
        return None
    start, end = (quote.start, quote.end) if quote.start is not None else (-1, -1)
    assert end is not None  # (-1: no usable position: found by its text alone)
    who = record.handle if kind == "post" else record.author
    # Context longer than the format's (a hand-edited file) must not slow the comparisons.
    return _Selector(
        kind, who, quote.exact, quote.prefix[-CONTEXT:], quote.suffix[:CONTEXT], start, end
    )


def _base(ident: str) -> str:
    """An id without the `-2`, `-3` that numbers copies of the same post."""
    found = _COPY.fullmatch(ident)
    return found.group(1) if found else ident


def _twins(ids: Sequence[str]) -> set[str]:
    """The base ids that more than one of `ids` share."""
    counts = Counter(_base(ident) for ident in ids)
    return {base for base, count in counts.items() if count > 1}


def _compatible(sel: _Selector, item: Item) -> bool:
    """Same kind, and the same author when both name one (a post's handle, a speaker's name)."""
    if sel.kind != item.kind:
        return False
    theirs = item.handle if item.kind == "post" else item.author
    if not sel.who or not theirs:
        return True
    if item.kind == "post":
        return sel.who.casefold() == theirs.casefold()
    mine, other = set(sel.who.casefold().split()), set(theirs.casefold().split())
    return mine <= other or other <= mine  # "Ana Souza" is "Souza" said again


def _share(s: int, e: int, a: int, b: int) -> float:
    """How much ranges [s, e) and [a, b) coincide: their overlap over the longer of the two."""
    return max(0, min(e, b) - max(s, a)) / max(e - s, b - a, 1)


# -- placing --------------------------------------------------------------------------------
class _Placer:
    """The claims made so far, and the stages that make them, most confident first."""

    def __init__(
        self,
        records: Sequence[Record],
        article: Article,
        deadline: float,
        clock: Callable[[], float],
    ) -> None:
        self.records = records
        self.source = article.source
        self.items = article.items
        self.deadline = deadline
        self.clock = clock
        self.claims: dict[int, Candidate] = {}  # by item index
        self.placed: set[int] = set()  # record indexes
        self._selectors: dict[int, _Selector | None] = {}

    @cached_property
    def twins(self) -> set[str]:
        """Base ids that several items, or several records, share (copies of one post)."""
        ids = [record.id for record in self.records]
        return _twins([item.id for item in self.items]) | _twins(ids)

    def selector(self, r: int) -> _Selector | None:
        if r not in self._selectors:
            self._selectors[r] = _selector(self.records[r])
        return self._selectors[r]

    def all_placed(self) -> bool:
        return len(self.placed) == len(self.records)

    def pending(self) -> list[tuple[int, _Selector]]:
        """Records not placed yet that have a selector to search with."""
        found = ((r, self.selector(r)) for r in range(len(self.records)) if r not in self.placed)
        return [(r, sel) for r, sel in found if sel is not None]

    def pool(self) -> Pool:
        targets = [
            Target(n, item, *anchor(item))
            for n, item in enumerate(self.items)
            if n not in self.claims
        ]
        return Pool(targets)

    def late(self) -> bool:
        return self.clock() > self.deadline

    def resolve(self, candidates: list[Candidate]) -> None:
        """Each item to its best claimant; a record that loses tries the next stage."""
        for c in sorted(candidates, key=lambda c: (-c.score, c.record, c.item)):
            if c.record not in self.placed and c.item not in self.claims:
                self.claims[c.item] = c
                self.placed.add(c.record)

    # 1. the same id
    def by_id(self, *, twins: bool) -> None:
        """Records on the item with their id. The ids of copies of one post (`…-2`) are
        numbered in document order, so they say which copy is which only while the article is
        unchanged (`twins`); otherwise the copies are told apart by their context first."""
        index = {item.id: n for n, item in enumerate(self.items)}
        candidates = []
        for r, record in enumerate(self.records):
            ident = record.id
            n = index.get(ident)
            if n is not None and (twins or _base(ident) not in self.twins):
                candidates.append(Candidate(1.0, r, n, "id"))
        self.resolve(candidates)

    # 2. the stored offsets, verified
    def by_position(self) -> None:
        pending = self.pending()
        if not pending:
            return
        pool = self.pool()
        candidates = []
        for r, sel in pending:
            if sel.start < 0 or self.source[sel.start : sel.end] != sel.exact:
                continue
            for t in pool.overlapping(sel.start, sel.end):
                share = _share(sel.start, sel.end, t.start, t.end)
                if share >= OVERLAP and _compatible(sel, t.item):
                    candidates.append(Candidate(share, r, t.index, "position"))
        self.resolve(candidates)

    # 3. the exact text elsewhere
    def by_quote(self) -> None:
        pending = self.pending()
        if not pending:
            return
        pool = self.pool()
        haystack = Haystack(self.source, pool.targets)
        expect = self.expected_positions()
        candidates: list[Candidate] = []
        for r, sel in pending:
            if self.late():
                break
            for start, t in haystack.find(sel.exact):
                end = start + len(sel.exact)
                if _share(start, end, t.start, t.end) >= OVERLAP and _compatible(sel, t.item):
                    score = self.context_score(sel, start, end, expect(sel))
                    candidates.append(Candidate(score, r, t.index, "quote"))
        self.resolve(candidates)

    # 5. the words, respaced or approximately
    def by_words(self) -> None:
        pending = self.pending()
        if not pending:
            return
        targets = self.pool().targets
        by_kind = {
            kind: WordIndex(
                [(t, quote_words(self.text(t))) for t in targets if t.item.kind == kind]
            )
            for kind in {sel.kind for _, sel in pending}
        }
        expect = self.expected_positions()
        same: list[Candidate] = []  # the exact words, spaced anew: the context only ranks them
        close: list[Candidate] = []
        for r, sel in pending:
            if self.late():
                break
            words = quote_words(sel.exact)
            for t, their_words in by_kind[sel.kind].candidates(words):
                if not _compatible(sel, t.item):
                    continue
                quote = (
                    1.0 if words == their_words else word_similarity(words, their_words, MIN_QUOTE)
                )
                if quote < MIN_QUOTE:
                    continue
                score = self.fuzzy_score(sel, t, quote, expect(sel))
                if words == their_words:
                    same.append(Candidate(score, r, t.index, "words"))
                elif score >= MIN_SCORE:
                    close.append(Candidate(score, r, t.index, "fuzzy"))
        self.resolve(same)
        self.resolve(close)

    # -- scoring --------------------------------------------------------------------------
    def text(self, t: Target) -> str:
        return self.source[t.start : t.end]

    def context_score(self, sel: _Selector, start: int, end: int, expected: int) -> float:
        """How well the text around [start, end) agrees with the stored context (0-1)."""
        prefix = text_similarity(sel.prefix, self.source[max(0, start - len(sel.prefix)) : start])
        suffix = text_similarity(sel.suffix, self.source[end : end + len(sel.suffix)])
        distance = abs(start - expected) / max(len(self.source), 1) if expected >= 0 else 0.0
        position = 1.0 - min(1.0, distance)
        weighted = PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix + POSITION_WEIGHT * position
        return weighted / (PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)

    def fuzzy_score(self, sel: _Selector, t: Target, quote: float, expected: int) -> float:
        context = self.context_score(sel, t.start, t.end, expected)
        rest = PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT
        return (QUOTE_WEIGHT * quote + rest * context) / (QUOTE_WEIGHT + rest)

    def expected_positions(self) -> Callable[[_Selector], int]:
        """Where a record's text should be now: its old offset moved by as much as the nearest
        record before it that was placed (an insertion near the top moves everything after)."""
        moves = sorted(
            (sel.start, anchor(self.items[c.item])[0] - sel.start)
            for c in self.claims.values()
            if (sel := self.selector(c.record)) is not None and sel.start >= 0
        )
        olds = [old for old, _ in moves]

        def expected(sel: _Selector) -> int:  # -1: nowhere in particular
            if sel.start < 0 or not moves:
                return sel.start
            j = max(bisect_right(olds, sel.start) - 1, 0)
            return sel.start + moves[j][1]

        return expected

    def result(self) -> Anchoring:
        placed = {
            self.items[n].id: Placement(self.records[c.record], c.method, c.score)
            for n, c in sorted(self.claims.items())
        }
        orphans = [rec for r, rec in enumerate(self.records) if r not in self.placed]
        return Anchoring(placed, orphans)
