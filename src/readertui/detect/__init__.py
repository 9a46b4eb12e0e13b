"""Finding the posts embedded in a rendered article.

Passes over the same rendered document, whatever its format: posts that end in an
attribution line (`flattened`), embeds recognised by their markup alone (`embeds`), then
embeds written as text (a URL, a shortcode, a scraped widget: `written_embeds`,
`rendered_widgets`). Each yields display ranges, turned here into source offsets, fields and
stable identities.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import fields
from itertools import chain

from readertui.detect.attribution import Attribution, find_attributions
from readertui.detect.embeds import EmbedPost, embed_platform, embed_post
from readertui.detect.flattened import post_bounds
from readertui.detect.quotes import find_quotations
from readertui.detect.rendered_widgets import find_rendered_widgets
from readertui.detect.spans import Spans
from readertui.detect.structure import Structure
from readertui.detect.written_embeds import TextEmbed, find_text_embeds
from readertui.document import Item, Rendered
from readertui.platforms import clean_url, parse_post_url, platform_of_handle

__all__ = ["detect_posts", "detect_quotes", "post_id"]


def detect_posts(doc: Rendered) -> list[Item]:
    """Every embedded post in a rendered document, in document order, with unique ids."""
    structure = Structure(doc)
    posts: list[Item] = []
    claimed: set[int] = set()  # containers that already hold a post
    floor = 0
    for a in find_attributions(doc.display):
        if a.start < floor or structure.in_code(a.start):
            continue
        post, container = _attributed_post(structure, a, floor)
        floor = a.end
        posts.append(post)
        claimed.update(structure.ancestors(container))
    for index in _innermost_first(structure):
        if index in claimed:
            continue
        found = embed_post(structure, index)
        if found is None:
            continue
        claimed.update(structure.ancestors(index))
        posts.append(_embed_to_post(structure, found))
    taken = Spans(p.span for p in posts)
    for embed in chain(find_text_embeds(structure), find_rendered_widgets(structure)):
        span = structure.doc.srcmap.source_span(embed.start, embed.end)
        if taken.overlaps(*span) or structure.container_at(embed.start) in claimed:
            continue
        taken.add(*span)
        posts.append(_text_embed_to_post(structure, embed, span))
    posts.sort(key=lambda p: p.span[0])
    return _with_ids(posts)


def _text_embed_to_post(structure: Structure, embed: TextEmbed, span: tuple[int, int]) -> Item:
    srcmap = structure.doc.srcmap
    has_text = embed.text_start is not None and embed.text_end is not None
    start = end = None
    text = ""
    if embed.text_start is not None and embed.text_end is not None:
        start, end = srcmap.source_span(embed.text_start, embed.text_end)
        text = structure.text[embed.text_start : embed.text_end]
    ref = embed.ref
    return Item(
        kind="post",
        platform=ref.platform,
        author=embed.author,
        handle=ref.handle,
        date=embed.date,
        url=clean_url(ref.url) if ref.url else None,
        text=text if has_text else "",
        start=start,
        end=end,
        span=span,
        form=embed.form,
    )


def _attributed_post(structure: Structure, a: Attribution, floor: int) -> tuple[Item, int | None]:
    bounds = post_bounds(structure, a, floor)
    srcmap = structure.doc.srcmap
    has_text = bounds.end > bounds.start
    start, end = srcmap.source_span(bounds.start, bounds.end) if has_text else (None, None)
    span_from = (
        structure.container(bounds.container).start if bounds.container is not None else None
    )
    span = srcmap.source_span(
        min(x for x in (bounds.start, span_from, a.start) if x is not None), a.end
    )
    url = (
        a.url or _date_link(structure, a) or _container_link(structure, bounds.container, a.handle)
    )
    platform = structure.embed_platform(bounds.container)
    if platform is None and url and (ref := parse_post_url(url)):
        platform = ref.platform
    post = Item(
        kind="post",
        platform=platform or platform_of_handle(a.handle),
        author=a.author,
        handle=a.handle,
        date=a.date,
        url=clean_url(url) if url else None,
        text=structure.text[bounds.start : bounds.end] if has_text else "",
        start=start,
        end=end,
        span=span,
        form=bounds.form,
    )
    return post, bounds.container


def _date_link(structure: Structure, a: Attribution) -> str | None:
    """The URL the attribution's date links to, when it is a post's address."""
    for link in structure.links_between(a.date_start - 1, a.date_end):
        if link.start < a.date_end and link.end > a.date_start and parse_post_url(link.href):
            return link.href
    return None


def _container_link(structure: Structure, container: int | None, handle: str) -> str | None:
    if container is None:
        return None
    c = structure.container(container)
    for link in structure.links_between(c.start, c.end):
        ref = parse_post_url(link.href)
        if ref is not None and (ref.handle or "").casefold() == handle.casefold():
            return link.href
    return None


def _innermost_first(structure: Structure) -> list[int]:
    """Embed containers, deepest first, so a wrapper never shadows the embed inside it."""
    depth: list[int] = []
    for c in structure.containers:  # parents come before their children
        depth.append(0 if c.parent is None else depth[c.parent] + 1)
    candidates = [i for i, c in enumerate(structure.containers) if embed_platform(c)[0] is not None]
    return sorted(candidates, key=lambda i: (-depth[i], i))


def _embed_to_post(structure: Structure, found: EmbedPost) -> Item:
    c = structure.container(found.container)
    srcmap = structure.doc.srcmap
    has_text = found.end > found.start
    start, end = srcmap.source_span(found.start, found.end) if has_text else (None, None)
    return Item(
        kind="post",
        platform=found.platform,
        author=found.author,
        handle=found.handle,
        date=found.date,
        url=clean_url(found.url) if found.url else None,
        text=structure.text[found.start : found.end] if has_text else "",
        start=start,
        end=end,
        span=(c.source_start, c.source_end),
        form="embed",
    )


def detect_quotes(doc: Rendered, posts: list[Item]) -> list[Item]:
    """Direct quotations in the article's prose (not inside the posts already found)."""
    structure = Structure(doc)
    srcmap = doc.srcmap
    exclude = [srcmap.display_span(*post.span) for post in posts]
    quotes = []
    for q in find_quotations(structure, exclude):
        start, end = srcmap.source_span(q.start, q.end)
        quotes.append(
            Item(
                kind="quote",
                platform=None,
                author=q.speaker,
                handle=None,
                date=None,
                url=None,
                text=q.text,
                start=start,
                end=end,
                span=srcmap.source_span(q.span_start, q.span_end),
                form="quotation",
            )
        )
    return _with_ids(quotes)


def post_id(post: Item) -> str:
    """An identity derived from the post itself, so it survives edits elsewhere in the article."""
    if post.url:  # already without tracking parameters; what is left identifies the post
        key = re.sub(r"^https?://(www\.|mobile\.|m\.)?", "", post.url.split("#")[0]).casefold()
    else:
        words = " ".join(post.text.split()).casefold()
        if post.kind == "quote":
            key = f"quote|{(post.author or '').casefold()}|{words}"
        else:
            key = f"{post.platform}|{(post.handle or '').casefold()}|{post.date}|{words}"
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    name = post.handle or post.platform or (post.author if post.kind == "quote" else None)
    who = re.sub(r"[^A-Za-z0-9_]+", "_", name or post.kind).strip("_")
    return f"{who[:24]}-{digest}"


def _with_ids(posts: list[Item]) -> list[Item]:
    seen: dict[str, int] = {}
    result = []
    for post in posts:
        base = post_id(post)
        seen[base] = seen.get(base, 0) + 1
        ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append(_with_id(post, ident))
    return result


# `dataclasses.replace` on a frozen dataclass of twelve fields costs 10 µs; copying the slots
# directly, a fifth of that (2,000 posts in a large article).
assert not hasattr(Item, "__post_init__") and fields(Item)[-1].name == "id"
_ITEM_SLOTS = [(f.name, getattr(Item, f.name).__set__) for f in fields(Item)]
_SET_ID = _ITEM_SLOTS.pop()[1]  # the last field, `id`


def _with_id(item: Item, ident: str) -> Item:
    """`dataclasses.replace(item, id=ident)`, faster."""
    new = object.__new__(Item)
    for name, set_slot in _ITEM_SLOTS:
        set_slot(new, getattr(item, name))
    _SET_ID(new, ident)
    return new
