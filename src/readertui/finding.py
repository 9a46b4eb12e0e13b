"""Find in the article: where a query occurs in its display text, and which match is current."""

from __future__ import annotations

import re

#: Matches found at most: a query of one letter in a long article is not worth more.
MAX_MATCHES = 10_000


class Matches:
    """A query's matches (display ranges, in order) and the current one."""

    def __init__(self, text: str, query: str = "", top: int = 0) -> None:
        self.query = query
        self.spans: list[tuple[int, int]] = []
        if query.strip():
            for m in re.finditer(re.escape(query), text, re.IGNORECASE):
                self.spans.append(m.span())
                if len(self.spans) >= MAX_MATCHES:
                    break
        #: The first match at or below `top` (the top of the pane), else the first of all.
        self.current: int | None = (
            next((n for n, (a, _) in enumerate(self.spans) if a >= top), 0) if self.spans else None
        )

    def step(self, direction: int) -> None:
        """Make the next (+1) or previous (-1) match current, going round."""
        if self.current is not None:
            self.current = (self.current + direction) % len(self.spans)

    def where(self) -> str:
        """Where the current match is among them, for the header ("2/5", "none", "1/10000+")."""
        if self.current is None:
            return "none"
        more = "+" if len(self.spans) >= MAX_MATCHES else ""
        return f"{self.current + 1}/{len(self.spans)}{more}"
