"""Direct quotations in an article's own prose, with who said them.

A quotation is text between a pair of quotation marks (`quote_marks`) in the article's prose,
never inside an embedded post, code or a headline. It may be split by its attribution (`“A,”
X said. “B.”`, one quotation). Scare quotes of one or two words and quoted titles are not
quotations. The speaker is read from the attribution
after the quote (`said X`, `X said`, `he said`), from the sentence that introduces it
(`X said:`, `X claimed he “…”`, `according to X`) or from the previous sentence; a pronoun is
the last person named, a surname the full name the article used earlier.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from readertui.detect import quote_marks
from readertui.detect.quote_marks import Segment
from readertui.detect.spans import Spans
from readertui.detect.structure import Structure
from readertui.document import Rendered

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|asked|asks|explained|explains|wrote|writes|tweeted|"
    "posted|replied|responded|continued|noted|insisted|warned|claimed|claims|recalled|stated|"
    "declared|argued|conceded|admitted|acknowledged|joked|quipped|remarked|announced|"
    "cautioned|urged|suggested|shouted|testified|complained|boasted|vowed|promised|pleaded|"
    "whispered|wondered|concluded|observed|agreed|objected|countered|maintained|"
    "called|calls|described|describes|labelled|labeled|dubbed|states|retweeted|tweets|"
    "sagte|erklärte|a déclaré|a dit|dijo|afirmó|ha detto"
)
_UPPER = "A-ZÀ-ÖØ-Þ"  # capitals of the Latin scripts names are written in here
_NAME_WORD = rf"(?:[{_UPPER}][\w’'.-]*|de|da|van|von|der|al|bin|le|la|del|di|du|Mc\w+)"
_NAME = rf"[{_UPPER}][\w’'.-]*(?:\s+{_NAME_WORD}){{0,4}}"  # particles only after the first word
_DESCRIPTOR = (
    r"\b(?i:the|a|an|his|her|their|one|another|le|la|les|l’|un|une|der|die|das|ein|eine|el|"
    r"il|lo)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+"
)
# A speaker: a name (after a lowercase role: "council member Rosa Delgado"), a description
# ("the mayor"), or a pronoun.
# A role may follow an organisation's name ("CNN meteorologist Chad Myers", "NASA’s associate
# administrator Jim Free"); a name may be followed by where the person works ("James Hall with
# the New York Police Department said").
_ROLE = r"(?:(?:[A-Z][\w.&’'-]*\s+){1,3}(?=[a-z]))?(?:[a-z][\w’'-]*\s+){0,4}"
_WHERE = rf"(?:\s+(?:with|of|at|from|for)\s+(?:the\s+)?{_NAME})?"
_SUBJECT = rf"(?:{_ROLE}(?P<who>{_NAME}){_WHERE}|(?P<who_d>{_DESCRIPTOR}|he|she|they|I|we|it))"
# An apposition after a speaker: "Marco Feld, who runs a bait shop, told"; when it is a name
# ("The mayor, Ellen Voss, wrote"), the name is the speaker.
_APPOSITION = r"(?:,\s*(?P<appos>[^,“”\"«»]{1,80}),)?"
# Used with .match(text, pos): anchored at `pos` (a `^` would only match at offset 0).
_AFTER = re.compile(
    rf"[\s,—–-]*(?:(?:{SPEECH_VERBS})\s+(?:{_ROLE}(?P<who1>{_NAME}){_WHERE}|(?P<who1_d>{_DESCRIPTOR}))"
    rf"(?:,\s*(?P<appos1>{_NAME})(?=[,.;]))?"
    rf"|{_SUBJECT.replace('who', 'who2')}{_APPOSITION.replace('appos', 'appos2')}\s+"
    rf"(?:(?:also|later|then|once)\s+)?"
    rf"(?:{SPEECH_VERBS})\b)",
)
_BEFORE = re.compile(
    rf"{_SUBJECT}{_APPOSITION}\s+(?:who\s+)?(?:(?:also|later|then|has|had|once)\s+)?"
    rf"(?:{SPEECH_VERBS})\b"
    r"(?:\s+\S+){0,8}?\s*(?:that\s+|he\s+|she\s+|they\s+|:\s*|,\s*)?$"
)
# What may follow the speaker in an attribution between two quoted parts: an apposition.
# (No sentence ends inside it: "said after the vote.", "said, a spokesman for X,".)
_ATTRIBUTION_REST = re.compile(r"[^.!?“”\"«»]{0,80}[.,:;]?\s*")
# How an attribution after a quotation that ended its sentence ends: soon ("Smith said on
# Tuesday."), not running on into a clause of its own ("Vance claimed he had …").
_ATTRIBUTION_END = re.compile(
    r"(?:(?!\b(?:he|she|they|it|we|I|that)\b)[^.!?“”\"«»]){0,40}(?:[.!?]|$)"
)
_ACCORDING = re.compile(rf"according to (?P<who>{_NAME}|{_DESCRIPTOR})", re.IGNORECASE)
# Leads that name the speaker without a speech verb after them: "Wolff quotes Bannon as
# asking, “", "The tweet from Vulture magazine reads, “", and a participle after the
# sentence's subject ("Musk took to X, …, noting that “").
_FRAME = re.compile(
    rf"(?:\bquot(?:es|ed|ing)\s+{_ROLE}(?P<quoted>{_NAME})\s+as\s+(?:saying|asking|writing)"
    rf"|\b(?:tweet|post|statement|message)\s+(?:from|by)\s+"
    rf"(?P<source>{_NAME}(?:\s+(?:magazine|newspaper))?)\s+(?:reads|read|says|said)"
    r"|(?P<participle>,\s*(?:saying|noting|adding|asking|writing|explaining|arguing|insisting|"
    r"declaring|tweeting)))(?:\s+that)?\s*[,:]?\s*$"
)
_OPENING_SUBJECT = re.compile(rf"\s*(?P<who>{_NAME}|he|she|they|I|we)\b")
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
#: The last word of each speech verb: a text without any of them has none.
_VERB_WORDS = frozenset(verb.split()[-1] for verb in SPEECH_VERBS.split("|"))
_WORDS = re.compile(r"\w+")
_SPEECH = re.compile(
    rf"\b(?P<who>{_NAME})\s+(?:(?:also|later|then|has|had)\s+)?(?:{SPEECH_VERBS})\b"
)
_FULL_NAME = re.compile(
    rf"\b[{_UPPER}][^\W\d_]+(?:\s+[{_UPPER}]\.)?(?:\s+[{_UPPER}][^\W\d_’'-]*[’'-]?[^\W\d_]*)+\b"
)
_PRONOUNS = {"he", "she", "they", "i", "we", "it"}
_CAPITALISED = re.compile(rf"\b[{_UPPER}][^\W\d_]+\b")
#: A name may end in a point of its own: an initial ("John Q."), "Jr.", "Sr.", "St.".
_KEEPS_POINT = re.compile(rf"(?:\b[{_UPPER}]|\b(?:Jr|Sr|St|Snr|Jnr))\.$")
_NOT_SPEAKERS = {"one", "someone", "another", "others", "somebody", "people", "many", "some", "it"}
_WORD = re.compile(r"[\w’']+")
_SENTENCE_END = re.compile(r"[.!?…][”\"’'»)]*\s+")
#: Quoted text with fewer words is a scare quote or a term, not a quotation.
MIN_WORDS = 3
#: How far before a quotation its speaker is looked for, at most (in characters).
LOOK_BACK = 400
#: How far a speech verb may stand before the quotation it introduces (`_BEFORE`: up to
#: eight words and "that"), and its subject before it (a role, a name, an apposition).
VERB_TO_QUOTE = 160
SUBJECT_TO_VERB = 240


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # display range of the quoted words (inside the marks)
    end: int
    span_start: int  # display range with the marks
    span_end: int
    text: str
    speaker: str | None


def find_quotations(structure: Structure, exclude: Sequence[tuple[int, int]]) -> list[Quotation]:
    """Quotations in the article's prose; `exclude` lists display ranges of embedded posts."""
    text = structure.text
    posts = Spans(exclude)
    segments = [  # marks with nothing between them (`»«`) quote nothing
        s
        for s in quote_marks.segments(structure)
        if text[s.start : s.end].strip() and not posts.overlaps(s.open, s.close)
    ]
    quotations: list[Quotation] = []
    last_speaker: str | None = None
    names = _Names(text)
    verbs = _Verbs(text)
    i = 0
    while i < len(segments):
        group = [segments[i]]
        # `“A,” X said. “B.”`: the next segment, after only an attribution, continues it,
        # unless the first part was already said by someone named before it ("Voss tweeted
        # that … “A,” and Okafor replied that … “B.”": two speakers, two quotations).
        said_before = False
        while (
            i + 1 < len(segments)
            and _joined_by_attribution(text, group[-1], segments[i + 1])
            # `“A,” X said. “B,” he said.`: B has its own attribution, two quotations
            and not _attributed_after(structure, segments[i + 1])
        ):
            if len(group) == 1 and _said_before(structure, group[0], verbs):
                said_before = True
                break
            i += 1
            group.append(segments[i])
        i += 1
        first, last = group[0], group[-1]
        words = " ".join(_words(text, s) for s in group)
        speaker = _speaker(structure, group, last_speaker, verbs, said_before)
        if not _is_quotation(words, speaker):
            continue
        if speaker in _PRONOUNS:
            # He/she/they: the person named since the previous quotation (its sentence's or
            # the previous sentence's subject, else the last one named), else its speaker.
            since = quotations[-1].span_end if quotations else 0
            named = _antecedent(structure, names, first)
            if named is not None and named[0] >= since:
                speaker = named[1]
            elif last_speaker:
                speaker = last_speaker
            else:
                speaker = named[1] if named else None
        if speaker is not None:
            speaker = _full_name(speaker, names, first.open, last_speaker)
            last_speaker = speaker
        # The words' offsets, like their text, leave out the spaces inside the marks (« Nous »).
        start, end = first.start, last.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        quotations.append(Quotation(start, end, first.open, last.close, words.strip(), speaker))
    return quotations


#: Capitalised only because a sentence starts with them: not part of a name.
_LEADING = frozenset(
    "later the but and when after then meanwhile however still yet so as in on at for while "
    "once now today yesterday this that these those there here it he she they we a an if "
    "although though because since before during".split()
)


#: Titles before a name ("Patrol Chief James Hall", "Sen. Ana Ruiz"): not part of it.
_TITLES = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady rev reverend father president "
    "vice senator sen representative rep governor gov mayor chief patrol officer detective "
    "sergeant sgt captain capt lieutenant lt colonel col general gen admiral judge justice "
    "minister prime secretary director commissioner deputy assistant coach sheriff attorney "
    "councilman councilwoman councillor councilor chancellor ambassador king queen prince "
    "princess pope bishop chairman chairwoman chair ceo".split()
)
#: Words that make a capitalised phrase a place or an organisation, not a person.
_NOT_PERSON = frozenset(
    "department police agency airways airlines airport express nations united association "
    "council committee university college school institute company corporation inc ltd llc "
    "group party bank news times post magazine journal service services office ministry "
    "court congress senate house administration center centre hospital station street "
    "avenue road park river lake lakes mountain mountains county state states city republic "
    "kingdom union islands island north south east west upper lower northern southern "
    "eastern western midwest central international national federal foundation museum "
    "church club league network press media gulf bay valley coast beach".split()
)
#: First words of place names ("New York", "San Diego", "Fort Worth").
_PLACE_FIRST = frozenset("new san santa los las fort mount port".split())
_POSSESSIVE = re.compile(r"[’']s\b")


def _name_words(name: str) -> list[str]:
    """A name's words without the capitalised words before it that are not part of it: a
    sentence's first words, titles, and capitals-only page furniture glued to it."""
    words = name.split()
    while words and (
        words[0].lower() in _LEADING
        or words[0].lower().rstrip(".") in _TITLES
        or (len(words) > 1 and _is_acronym(words[0]))
    ):
        words.pop(0)
    return words


def _is_acronym(word: str) -> bool:
    letters = word.strip(".,’'")
    return len(letters) >= 2 and letters.isupper() and "." not in letters


def _person(name: str) -> str | None:
    """A full name as a person's (its titles and the sentence's first words left out), or
    None if it names a place or an organisation ("San Diego", "New York Police Department",
    "New York's JFK", "US Airways Express")."""
    words = _name_words(name)
    if (
        len(words) < 2
        or words[0].lower() in _PLACE_FIRST
        or any(w.lower() in _NOT_PERSON or _is_acronym(w) for w in words)
        or _POSSESSIVE.search(name)
    ):
        return None
    return " ".join(words)


def _words(text: str, segment: Segment) -> str:
    """The quoted words, without the marks that reopen continued paragraphs."""
    words = text[segment.start : segment.end]
    return re.sub(r"\n\n[“\"«„‘'‹»]", "\n\n", words)


def _joined_by_attribution(text: str, a: Segment, b: Segment) -> bool:
    """Whether only an attribution ("Baldwin said.", ", said X, a spokesman,") separates two
    quoted parts, making them one quotation."""
    between = text[a.close : b.open]
    if text[a.start : a.end].rstrip()[-1:] in ".!?…" and between.rstrip()[-1:] in ",:":
        return False  # “A.” X retweeted it, saying, “B”: the first ended, the second is led in
    m = _AFTER.match(between)
    return (
        a.block == b.block
        and len(between) < 120
        and m is not None
        and _ATTRIBUTION_REST.fullmatch(between, m.end()) is not None
    )


def _attributed_after(structure: Structure, segment: Segment) -> bool:
    """Whether an attribution follows `segment` ("…,” he said.")."""
    return _attribution_after(structure, segment)[1] is not None


def _attribution_after(structure: Structure, segment: Segment) -> tuple[int, re.Match[str] | None]:
    """Where the paragraph closing `segment` ends (a later one, if the quotation runs on), and
    the attribution right after the quotation in it, if any ("…,” said X")."""
    block = structure.block_at(segment.close - 1)
    end = block.end if block else segment.close
    return end, _AFTER.match(structure.text, segment.close, min(end, segment.close + 120))


def _said_before(structure: Structure, segment: Segment, verbs: _Verbs) -> bool:
    """Whether the sentence names who says `segment` just before it ("X said that “…”",
    "X said, “…”"), not in a clause of its own ("After X said the plan failed, “…”")."""
    text = structure.text
    start = _sentence_start(text, structure.blocks[segment.block].start, segment.open)
    lead = text[start : segment.open]
    m = _before(lead, start, verbs)
    verb = _VERB.search(lead, m.start()) if m else None
    if verb is None:
        return False
    words_after = lead[verb.end() :].strip()
    return words_after == "," or not words_after.endswith(",")


def _is_quotation(words: str, speaker: str | None) -> bool:
    tokens = _WORD.findall(words)
    if len(tokens) < MIN_WORDS:
        return False  # scare quotes, terms
    capitalised = sum(1 for t in tokens if t[0].isupper())
    ends_a_sentence = words.rstrip()[-1:] in ".!?"
    first_person = tokens[0].replace("’", "'").split("'")[0] in ("I", "We", "My", "Our")
    # A title ("a piece called “How to Build an Autocracy”"); “I’m no Logan Paul” is said.
    if (
        capitalised >= 0.6 * len(tokens)
        and len(tokens) <= 12
        and not ends_a_sentence
        and not first_person
    ):
        return False
    # Without a speaker, a short fragment is a phrase being discussed, not speech.
    return speaker is not None or len(tokens) >= 6 or words.rstrip()[-1:] in ".!?,"


def _speaker(
    structure: Structure,
    group: Sequence[Segment],
    previous: str | None,
    verbs: _Verbs,
    said_before: bool = False,
) -> str | None:
    """Who says the quotation `group`; `said_before`: the sentence names them before it, so an
    attribution after it may be the next quotation's ("X said “A,” and Y replied “B.”")."""
    text = structure.text
    first, last = group[0], group[-1]
    block = structure.blocks[last.block]
    for segment in () if said_before else group:  # `“A,” X said. “B.”`: may sit between
        end, after = _attribution_after(structure, segment)
        if _leads_on(text, segment, end):
            continue
        if after and _ended(text, segment) and not _ATTRIBUTION_END.match(text, after.end(), end):
            after = None  # “… a fighter.” Mayweather claimed he did …: a sentence of its own
        if after:
            groups = after.groupdict()
            who = groups["who1"] or groups["who2"]
            described = groups["who1_d"] or groups["who2_d"]
            return _clean(who or _named(described, groups["appos1"] or groups["appos2"]), previous)
    start_block = structure.blocks[first.block]
    sentence_start = _sentence_start(text, start_block.start, first.open)
    lead = text[sentence_start : first.open]
    if m := _FRAME.search(lead, max(0, len(lead) - VERB_TO_QUOTE)):
        if m.group("participle"):
            m = _OPENING_SUBJECT.match(lead)
            return _clean(m.group("who"), previous) if m else None
        return _clean(m.group("quoted") or m.group("source"), previous)
    if m := _before(lead, sentence_start, verbs):
        return _clean(m.group("who") or _named(m.group("who_d"), m.group("appos")), previous)
    stop = min(block.end, last.close + 120)
    if _mentions_according(text, sentence_start, stop) and (
        m := _ACCORDING.search(text, sentence_start, stop)
    ):
        return _clean(m.group("who"), previous)
    # A speaker named in the previous sentence ("Baldwin told reporters … .  “I didn't …”").
    lo = max(0, start_block.start - 400)
    prev_from = _sentence_start(text, lo, max(lo, sentence_start - 2))
    prev_from = max(0, prev_from - 1)
    speech = verbs.any_in(prev_from, sentence_start) and list(
        _SPEECH.finditer(text, prev_from, sentence_start)
    )
    if speech:
        return _clean(speech[-1].group("who"), previous)
    return None


def _antecedent(structure: Structure, names: _Names, segment: Segment) -> tuple[int, str] | None:
    """Who a pronoun attributing `segment` most likely is: the first person named in the
    quotation's sentence before it, else in the sentence before (a sentence's subject comes
    first: "Mayweather claimed he trained less than for Paul. He said: “…”"), else the
    last person named."""
    text = structure.text
    block_start = structure.blocks[segment.block].start
    sentence = _sentence_start(text, block_start, segment.open)
    lo = max(0, block_start - LOOK_BACK)
    previous = _sentence_start(text, lo, max(lo, sentence - 2))
    return (
        names.first_between(sentence, segment.open)
        or names.first_between(previous, sentence)
        or names.last_before(segment.open)
    )


def _ended(text: str, segment: Segment) -> bool:
    """Whether the quoted words end with a full stop (a sentence complete, not `“A,” X said`)."""
    return text[segment.start : segment.end].rstrip()[-1:] in ".…"


def _leads_on(text: str, segment: Segment, end: int) -> bool:
    """Whether what follows a quotation that ended its sentence ("…supporter.”") leads into
    another quotation in the same sentence ("Emery retweeted it, saying, “…"): then its
    attribution is that one's, not this one's."""
    if not _ended(text, segment):
        return False
    after = text[segment.close : min(end, segment.close + 160)]
    stop = _SENTENCE_END.search(after)
    opening = min((i for i in (after.find(m) for m in '“"«„') if i >= 0), default=-1)
    return opening >= 0 and (stop is None or opening < stop.start())


def _before(lead: str, at: int, verbs: _Verbs) -> re.Match[str] | None:
    """`_BEFORE`'s match at the end of `lead` (which starts at `at` in the text), looked for only
    where it can be: its speech verb is among the last words."""
    tail = max(0, len(lead) - VERB_TO_QUOTE)
    if not verbs.any_in(at + tail, at + len(lead)):
        return None
    verb = _VERB.search(lead, tail)
    return _BEFORE.search(lead, max(0, verb.start() - SUBJECT_TO_VERB)) if verb else None


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


class _Verbs:
    """Where the words that end speech verbs stand, read as the quotations ask: each stretch of
    the text once, however many quotations look at it (a line packed with quotations looked at
    each stretch dozens of times), and only near quotations (a long article is not read whole).
    Asking whether a stretch says anything is a binary search; the verbs' regex, which tries
    every verb at every position, runs only where it does."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._read = Spans()
        self._starts: list[int] = []  # of the verb words found, sorted
        self._ends: list[int] = []

    def any_in(self, start: int, end: int) -> bool:
        """Whether a verb word lies wholly in text[start:end]."""
        for gap_start, gap_end in self._read.gaps(start, end):
            self._read_stretch(gap_start, gap_end)
        n = bisect_left(self._starts, start)
        return n < len(self._starts) and self._ends[n] <= end

    def _read_stretch(self, start: int, end: int) -> None:
        text = self.text
        while start > 0 and _is_word(text[start - 1]):
            start -= 1  # the words it cuts, whole
        while end < len(text) and _is_word(text[end]):
            end += 1
        for m in _WORDS.finditer(text, start, end):
            if m.group() in _VERB_WORDS:
                n = bisect_left(self._starts, m.start())
                if n == len(self._starts) or self._starts[n] != m.start():
                    self._starts.insert(n, m.start())
                    self._ends.insert(n, m.end())
        self._read.include(start, end)


def _mentions_according(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] may say "according to" (a fast test before the regex)."""
    return text.find("ccording", start, end) >= 0 or text.find("CCORDING", start, end) >= 0


def _named(described: str | None, apposition: str | None) -> str | None:
    """A description followed by a name in apposition is that person."""
    if apposition and _FULL_NAME.fullmatch(apposition.strip()):
        return apposition.strip()
    return described


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Where the sentence holding `pos` starts, looking back to `lo` but no further than
    LOOK_BACK characters (a sentence that long is cut at a word: one quotation after another on
    a single line would otherwise be read from its start again for each)."""
    if pos - lo > LOOK_BACK:
        lo = pos - LOOK_BACK
        space = text.find(" ", lo, pos)
        lo = space + 1 if space >= 0 else lo
    end = pos
    while (mark := max(text.rfind(c, lo, end) for c in ".!?…")) >= 0:  # the last end first
        if (m := _SENTENCE_END.match(text, mark, pos)) and not _abbreviated(text, mark):
            return m.end()
        end = mark
    return lo


def _abbreviated(text: str, point: int) -> bool:
    """Whether the point at `point` ends an initial or a title ("Stephen K. Bannon", "Dr.
    Ana Ruiz"), not a sentence."""
    if text[point] != ".":
        return False
    start = point
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:point]
    return (
        (len(word) == 1 and word.isupper()) or word.lower() in _TITLES or word in ("Jr", "Sr", "St")
    )


def _clean(who: str | None, previous: str | None) -> str | None:
    """A speaker as written; a pronoun becomes the previous speaker (or stays a pronoun, for
    the caller to resolve to the last person named)."""
    if not who:
        return None
    who = who.strip(" ,")
    if who.endswith(".") and not _KEEPS_POINT.search(who):
        who = who[:-1]  # the sentence's full stop ("…,” said Jane Doe."), not the name's
    words = who.split()
    capitals = next((n for n, w in enumerate(words) if not _is_acronym(w)), len(words))
    if capitals < len(words):  # "BEST NEW OFFERS He": a page's furniture ("DON MOORE": a name)
        words = words[capitals:]
    while len(words) > 1 and words[1][:1].isupper() and words[0].lower().rstrip(".") in _TITLES:
        words.pop(0)  # "Patrol Chief James Hall"
    who = " ".join(words)
    low = who.lower()
    if low in _PRONOUNS:
        return None if low == "it" else low  # resolved by the caller
    if low in _NOT_SPEAKERS:
        return None
    return who


class _Names:
    """The full names an article mentions, found the first time a speaker needs one; looked
    up by position (binary search: an article quoting thousands of times stays linear)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._positions: list[int] | None = None
        self._names: list[str] = []
        #: By last word ("Baldwin"): the positions and full names that end with it.
        self._by_surname: dict[str, tuple[list[int], list[str]]] = {}

    def _find(self) -> list[int]:
        if self._positions is None:
            mentions = []
            for m in _FULL_NAME.finditer(self.text):
                if name := _person(m.group()):
                    mentions.append((m.start(), name))
                    positions, names = self._by_surname.setdefault(name.split()[-1], ([], []))
                    positions.append(m.start())
                    names.append(name)
            # A surname alone, once the article has named the person in full ("Moore vowed
            # … He told"), is a mention of that person too.
            for m in _CAPITALISED.finditer(self.text):
                if (full := self._surname_before(m.group(), m.start())) and full != m.group():
                    mentions.append((m.start(), full))
            mentions.sort()
            self._positions = [at for at, _ in mentions]
            self._names = [name for _, name in mentions]
        return self._positions

    def last_before(self, pos: int) -> tuple[int, str] | None:
        """The last name mentioned before `pos`, with where."""
        positions = self._find()
        n = bisect_left(positions, pos)
        return (positions[n - 1], self._names[n - 1]) if n else None

    def first_between(self, start: int, end: int) -> tuple[int, str] | None:
        """The first name mentioned in [start, end), with where."""
        positions = self._find()
        n = bisect_left(positions, start)
        return (positions[n], self._names[n]) if n < len(positions) and positions[n] < end else None

    def with_surname(self, surname: str, before: int) -> str | None:
        """The last full name ending in `surname` mentioned before `before`."""
        self._find()
        return self._surname_before(surname, before)

    def _surname_before(self, surname: str, before: int) -> str | None:
        positions, names = self._by_surname.get(surname, ([], []))
        n = bisect_left(positions, before)
        return names[n - 1] if n else None


def _full_name(speaker: str, names: _Names, before: int, previous: str | None) -> str:
    """A surname the article gave in full earlier ("Baldwin" -> "Alec Baldwin")."""
    if " " in speaker:
        return speaker
    if previous and previous.endswith(" " + speaker):
        return previous
    return names.with_surname(speaker, before) or speaker


#: The structure of the article `speaker_of` was last asked about (documents are immutable).
_structure: Structure | None = None


def speaker_of(doc: Rendered, start: int, end: int) -> str | None:
    """Who the detector would say speaks display range [start, end) as a quotation: a coder's
    selection, which may or may not include its quotation marks."""
    global _structure
    if _structure is None or _structure.doc is not doc:  # a coder adds item after item
        _structure = Structure(doc)
    structure = _structure
    text = structure.text
    block = structure.block_index(start)
    if block is None or end <= start:
        return None
    open_, close = start, end
    if start > 0 and text[start - 1] in "\"“‘«„‚'":
        open_ = start - 1
    after = end
    while after < min(len(text), end + 2) and text[after] in ",.!?;:":
        after += 1  # the punctuation a selection of the words leaves out
    if after < len(text) and text[after] in "\"”’»“'":
        close = after + 1
    segment = Segment(open_, start, end, close, block)
    return _speaker(structure, [segment], None, _Verbs(text))
