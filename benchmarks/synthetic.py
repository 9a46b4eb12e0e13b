"""Deterministic synthetic articles for benchmarks: realistic prose with thousands of posts."""

from __future__ import annotations

import random

WORDS = (
    "the council harbor vote residents said on tuesday night after a long debate about the "
    "pier budget and traffic while business owners worried that customers would not find "
    "parking near the waterfront so the mayor promised a review in six months"
).split()
NAMES = [
    "Rosa Delgado",
    "Marco Feld",
    "Ana Souza, MPH",
    "Lakeside Library 📚",
    "Ben Okafor",
    "Zoë Ng",
]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, markdown: bool) -> str:
    sentences = [_sentence(rng, rng.randint(8, 22)) for _ in range(rng.randint(2, 6))]
    if markdown and rng.random() < 0.5:
        i = rng.randrange(len(sentences))
        sentences[i] = f"*{sentences[i]}* and [a link](https://example.org/{rng.randint(1, 9999)})."
    return " ".join(sentences)


def _post(rng: random.Random, n: int, markdown: bool) -> str:
    name = rng.choice(NAMES)
    handle = f"user{n % 500}"
    date = f"March {1 + n % 28}, 20{10 + n % 15}"
    text = _sentence(rng, rng.randint(6, 30)) + f" pic.twitter.com/Ab{n:06d}"
    if not markdown or n % 3 == 0:
        return f"{text} — {name} ({'@' + handle}) {date}"
    url = f"https://twitter.com/{handle}/status/{10**17 + n}"
    if n % 3 == 1:
        return f"> {text}\n>\n> — {name} (@{handle}) [{date}]({url})"
    return (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>&mdash; {name} '
        f'(@{handle}) <a href="{url}?ref_src=twsrc%5Etfw">{date}</a></blockquote>'
    )


def article(size: int, posts: int, markdown: bool, seed: int = 7) -> str:
    """About `size` characters of article with `posts` embedded posts spread evenly."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    n = 0
    per_post = size // max(posts, 1)
    next_post = per_post // 2
    while length < size:
        if markdown and rng.random() < 0.05:
            block = "## " + _sentence(rng, 5)
        elif markdown and rng.random() < 0.05:
            block = "\n".join(f"- {_sentence(rng, 6)}" for _ in range(3))
        else:
            block = _paragraph(rng, markdown)
        parts.append(block)
        length += len(block) + 2
        if length >= next_post and n < posts:
            block = _post(rng, n, markdown)
            parts.append(block)
            length += len(block) + 2
            n += 1
            next_post += per_post
    return "\n\n".join(parts) + "\n"


def html_page(size: int, posts: int, seed: int = 11) -> str:
    """A whole saved news page of about `size` characters: scripts, navigation, a sidebar,
    an article with `posts` embedded tweets among its paragraphs, comments and a footer."""
    rng = random.Random(seed)
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Harbor news</title>"
        + "<script>"
        + "var x = 'twitter-tweet';" * 200
        + "</script></head><body>"
        + "<header class='site-header'><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        + "</header><aside class='sidebar'><h3>Trending</h3><ul>"
        + "".join(f"<li><a href='/t{n}'>Story {n}</a></li>" for n in range(30))
        + "</ul></aside><article><h1>Harbor council votes</h1>"
    )
    tail = (
        "</article><section class='comments'>"
        + "".join(f"<p>Comment {n}: great</p>" for n in range(50))
        + "</section><footer class='site-footer'>© Harbor news</footer></body></html>"
    )
    body: list[str] = []
    length = len(head) + len(tail)
    per_post = (size - length) // max(posts, 1)
    n = 0
    next_post = per_post // 2
    while length < size:
        para = f"<p>{_paragraph(rng, False)}</p>\n"
        body.append(para)
        length += len(para)
        if length >= next_post and n < posts:
            text = _sentence(rng, rng.randint(6, 30))
            embed = (
                f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text} '
                f'<a href="https://t.co/x{n}">pic.twitter.com/Ab{n:06d}</a></p>&mdash; '
                f"{rng.choice(NAMES)} (@user{n % 500}) "
                f'<a href="https://twitter.com/user{n % 500}/status/{10**17 + n}'
                f'?ref_src=twsrc%5Etfw">'
                f"March {1 + n % 28}, 2024</a></blockquote>\n"
            )
            body.append(embed)
            length += len(embed)
            n += 1
            next_post += per_post
    return head + "".join(body) + tail
