"""HTML to readable text, keeping the source offset of every character shown.

Built on the standard library's forgiving `html.parser`, which reports the position of each tag,
text run and entity: whitespace collapses as a browser would, block elements become blocks,
`<br>` a line break, and scripts, styles and other invisible elements are skipped. Blockquotes,
figures, iframes and elements with embed classes become containers for the post detector.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant  # type: ignore[attr-defined]

from readertui.document import Rendered
from readertui.formats.builder import DisplayBuilder
from readertui.platforms import EMBED_CLASSES, embed_of, placeholder, post_ref_of

BLOCK_TAGS = frozenset(
    """address article aside blockquote body center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html iframe legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead tr ul video audio
    caption""".split()
)
#: Elements whose content a reader never sees.
HIDDEN_TAGS = frozenset(
    """script style noscript template svg math head title iframe object canvas select
    textarea button""".split()
)
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
CONTAINER_TAGS = frozenset({"blockquote", "figure", "iframe"})
#: Elements that are page furniture rather than the article, wherever they are; a header
#: or footer is furniture only outside the article (inside, it holds its title and byline).
FURNITURE_TAGS = frozenset("nav aside form menu dialog".split())
PAGE_FURNITURE_TAGS = frozenset({"header", "footer"})
FURNITURE_ROLES = frozenset("navigation banner contentinfo complementary search".split())
_FURNITURE_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|masthead|site-header|site-footer|footer|sidebar|"
    r"comments?|breadcrumbs?|share|sharing|social[-_](?:share|links|icons|buttons|follow|bar)|"
    r"related|promo|advert|ads?|newsletter|"
    r"subscribe|cookie|popup|modal)(?:$|[\s_-])",
    re.IGNORECASE,
)
_ARTICLE_NAME = re.compile(
    r"(?:^|[\s_-])(?:article[-_]?body|articlebody|story[-_]?body|entry[-_]?content|"
    r"post[-_]?content|article[-_]?content|story[-_]?content|post[-_]?body)(?:$|[\s_-])",
    re.IGNORECASE,
)
_EMBED_MARKERS = tuple(EMBED_CLASSES)
_IRREGULAR_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0]{2,}|[\t\n\r\f\v\u00a0]")
#: Attributes kept of one tag: real ones have a few dozen at most; the rest are read past.
MAX_ATTRIBUTES = 1000
#: A start tag longer than this (no `>` within it) is read an attribute at a time.
LONG_TAG = 1 << 16
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_STYLES = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "code": "code",
           "s": "strike", "del": "strike", "strike": "strike"}  # fmt: skip


def render_html(source: str, start: int = 0, end: int | None = None) -> Rendered:
    """Render source[start:end] as HTML into a new display document."""
    builder = DisplayBuilder()
    render_html_into(builder, source, start, len(source) if end is None else end)
    return builder.finish(len(source) if end is None else end)


def render_html_into(builder: DisplayBuilder, source: str, start: int, end: int) -> None:
    """Render source[start:end] as HTML into an existing builder (Markdown's HTML blocks)."""
    parser = _Renderer(builder, source, start, end)
    try:
        parser.feed(source[start:end])
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken markup
        builder.warnings.append(f"HTML from offset {start} could not be fully read ({exc})")
    parser.finish()


def is_container(tag: str, attrs: dict[str, str]) -> bool:
    """Whether an element may hold an embedded post: a quote, figure or frame, an element with
    an embed's class, or one carrying a post's address or id in its attributes (a site's own
    placeholder, filled in by script: `<div data-tweet-id="…">`)."""
    if tag in CONTAINER_TAGS:
        return True
    classes = attrs.get("class", "")
    if classes and any(marker in classes for marker in _EMBED_MARKERS):
        return True
    return bool(attrs) and tag not in ("a", "img") and post_ref_of(attrs) is not None


class _Renderer(HTMLParser):
    def __init__(self, builder: DisplayBuilder, source: str, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.b = builder
        self.source = source
        self.base = start
        self.end = end
        fragment = source[start:end]
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", fragment)]
        # Open elements: (tag, opened a container, "article"/"furniture"/"").
        self.stack: list[tuple[str, bool, str]] = []
        self.open_counts: dict[str, int] = {}  # how many of each tag are open
        self.hidden = 0  # depth inside elements whose content is not shown
        self.pre = 0
        self.depth0 = builder.container_depth
        self.article = 0  # depth inside <article>, <main> or the like
        self.furniture: list[int] = []  # source starts of the open furniture elements
        self.articles: list[int] = []  # source starts of the open article elements
        self._tag_text: str | None = None  # the start tag last read, as written

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.base + self.line_starts[line - 1] + col

    def parse_starttag(self, i: int) -> int:
        """html.parser's reading of a start tag (`<a href="…">`), keeping at most
        MAX_ATTRIBUTES of its attributes: a tag with millions (an 8 MB tag) took gigabytes."""
        self._tag_text = None
        rawdata: str = self.rawdata
        if rawdata.find(">", i, i + LONG_TAG) >= 0 or len(rawdata) - i <= LONG_TAG:
            end: int = self.check_for_whole_start_tag(i)
        else:  # html.parser's regex for this takes 200 bytes an attribute (80 MB for 400 KB)
            end = self._end_of_long_tag(i)
        if end < 0:
            return end
        self._tag_text = rawdata[i:end]
        match = tagfind_tolerant.match(rawdata, i + 1)
        assert match, "a start tag without a name"
        k = match.end()
        self.lasttag = tag = match.group(1).lower()
        attrs: list[tuple[str, str | None]] = []
        while k < end and (m := attrfind_tolerant.match(rawdata, k)):
            k = m.end()
            if len(attrs) == MAX_ATTRIBUTES:
                continue  # read past, not kept
            name, rest, value = m.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == value[-1:] and value[:1] in ("'", '"'):
                value = value[1:-1]
            attrs.append((name.lower(), html.unescape(value) if value else value))
        closing = rawdata[k:end].strip()
        if closing not in (">", "/>"):
            self.handle_data(rawdata[i:end])
        elif closing == "/>":
            self.handle_startendtag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)
        return end

    def _end_of_long_tag(self, i: int) -> int:
        """Where the start tag at `i` ends, read an attribute at a time (-1: not in the text)."""
        rawdata = self.rawdata
        match = tagfind_tolerant.match(rawdata, i + 1)
        k = match.end() if match else i + 1
        while (m := attrfind_tolerant.match(rawdata, k)) and m.end() > k:
            k = m.end()
        if rawdata.startswith(">", k):
            return k + 1
        if rawdata.startswith("/>", k):
            return k + 2
        if k >= len(rawdata):
            return -1
        return max(k, i + 1)

    def get_starttag_text(self) -> str | None:
        return self._tag_text

    def close(self) -> None:
        """The end of the page. A tag, comment or declaration still open here (`<!--`, `<a b="`,
        `<![CDATA[` with no end) runs to the end of the page, as HTML5 reads it, and shows
        nothing: it is dropped. html.parser (before Python 3.13.4, 3.12.11, 3.11.13) would
        search the rest of the page for its end once for every `<` in it, quadratic time."""
        if self.rawdata.startswith("<") and not self.cdata_elem:
            self.rawdata = ""
        super().close()

    # -- tags -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, {k: v or "" for k, v in attrs}, self._pos(), void=tag in VOID_TAGS)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, {k: v or "" for k, v in attrs}, self._pos(), void=True)

    def _start(self, tag: str, attrs: dict[str, str], pos: int, void: bool) -> None:
        b = self.b
        text = self.get_starttag_text() or ""
        if self.hidden:
            if not void:
                self._push(tag, False)
                self.hidden += tag in HIDDEN_TAGS
            return
        if tag == "br":
            b.newline(pos, pos + len(text))
            return
        if tag == "hr":
            b.open_block("rule")
            b.mapped("───", pos, pos + len(text))
            b.close_block()
            return
        container = is_container(tag, attrs)
        if container:
            b.open_container(tag, attrs, pos)
        if void:
            if container:
                b.close_container(pos + len(text))
            return
        self._push(tag, container, self._landmark(tag, attrs, pos))
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            if tag in _HEADING:
                b.open_block("heading", level=_HEADING[tag])
            elif tag == "li":
                b.open_block("list_item", prefix="• ")
            elif tag == "pre":
                self.pre += 1
                b.open_block("code")
            else:
                b.close_block()
        elif tag == "a" and attrs.get("href"):
            b.open_link(attrs["href"])
        elif tag in _STYLES:
            b.open_style(_STYLES[tag])

    def handle_endtag(self, tag: str) -> None:
        if not self.open_counts.get(tag):
            return  # a stray end tag: browsers ignore it too
        pos = self._pos()
        end = self.source.find(">", pos, self.end)
        end = self.end if end < 0 else end + 1
        while self.stack:
            open_tag, container = self._pop(end)
            self._end(open_tag, container, end)
            if open_tag == tag:
                break

    def _landmark(self, tag: str, attrs: dict[str, str], pos: int) -> str:
        """Whether an element opens the article, page furniture, or neither ("")."""
        names = f"{attrs.get('class', '')} {attrs.get('id', '')}"
        if (
            tag == "article"
            or attrs.get("itemprop") == "articleBody"
            or _ARTICLE_NAME.search(names)
        ):
            self.article += 1
            self.articles.append(pos)
            return "article"
        if (
            tag in FURNITURE_TAGS
            or (tag in PAGE_FURNITURE_TAGS and not self.article)
            or attrs.get("role", "") in FURNITURE_ROLES
            or _FURNITURE_NAME.search(names)
        ):
            self.furniture.append(pos)
            return "furniture"
        return ""

    def _push(self, tag: str, container: bool, landmark: str = "") -> None:
        self.stack.append((tag, container, landmark))
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1

    def _pop(self, end: int) -> tuple[str, bool]:
        tag, container, landmark = self.stack.pop()
        self.open_counts[tag] -= 1
        if landmark == "article":
            self.article -= 1
            if self.articles:
                self.b.articles.append((self.articles.pop(), end))
        elif landmark == "furniture" and self.furniture:
            self.b.boilerplate.append((self.furniture.pop(), end))
        return tag, container

    def _end(self, tag: str, container: bool, source_end: int) -> None:
        b = self.b
        if self.hidden:
            self.hidden -= tag in HIDDEN_TAGS
            if container:
                if not self.hidden:  # an iframe: nothing in it is shown
                    self._placeholder(source_end)
                b.close_container(source_end)
            return
        if tag in BLOCK_TAGS:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            b.close_block()
        elif tag == "a":
            b.close_link()
        elif tag in _STYLES:
            b.close_style(_STYLES[tag])
        if container:
            self._placeholder(source_end)
            b.close_container(source_end)

    def _placeholder(self, source_end: int) -> None:
        """An embed that shows no text of its own (a frame, a placeholder filled in by script)
        is shown as a line naming it, so that the coder sees where it stands in the article."""
        attrs = self.b.empty_container()
        if attrs is None:
            return
        platform, _ = embed_of(attrs)
        if platform is not None:
            tag_start = self.source.rfind("<", 0, source_end)  # (its end tag shows it)
            self.b.open_block("paragraph")
            self.b.mapped(placeholder(platform), max(tag_start, 0), source_end)
            self.b.close_block()

    # -- text -------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.hidden or not data:
            return
        pos = self._pos()
        b = self.b
        if self.pre:
            b.text(data, pos)
            return
        # Words joined by single spaces show as they are: only other whitespace (runs, line
        # breaks, tabs) and the whitespace at either end collapse, so text goes over in runs.
        i = 0
        end = len(data)
        if data[0] == " " and not _IRREGULAR_SPACE.match(data):  # one space before the words
            b.space(pos, pos + 1)
            i = 1
        for m in _IRREGULAR_SPACE.finditer(data, i):
            if m.start() > i:
                b.text(data[i : m.start()], pos + i)
            b.space(pos + m.start(), pos + m.end())
            i = m.end()
        if i < end:
            if data[end - 1] == " " and end - 1 > i:
                b.text(data[i : end - 1], pos + i)
                b.space(pos + end - 1, pos + end)
            elif i < end:
                b.text(data[i:end], pos + i)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name, html.unescape("&" + name + ";"))

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name, html.unescape("&#" + name + ";"))

    def _reference(self, raw: str, text: str) -> None:
        if self.hidden:
            return
        pos = self._pos()
        end = pos + len(raw)
        if self.source.startswith(";", end):
            end += 1
        if text.isspace() and not self.pre:
            self.b.space(pos, end)
        else:
            self.b.mapped(text, pos, end)

    def finish(self) -> None:
        """Close what the fragment left open, so containers end where the fragment ends."""
        while self.stack:
            tag, container = self._pop(self.end)
            self._end(tag, container, self.end)
        self.hidden = 0
        self.b.close_block()
        while self.b.container_depth > self.depth0:
            self.b.close_container(self.end)
