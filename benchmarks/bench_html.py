"""`readertui posts` on a large saved web page, against parsing the HTML alone.

    python benchmarks/bench_html.py            # a 5 MB page with 2,000 embedded tweets
    python benchmarks/bench_html.py --runs 7

Floors, measured in the same process on the same page: the standard library's HTMLParser
tokenising it (what readertui's renderer is built on) and lxml parsing it into a tree (what
trafilatura, which picks the main content, is built on). readertui's time is everything
`readertui posts` does after reading the file: render with a source map, choose the main
content, find posts and quotations. Reports medians.
"""

from __future__ import annotations

import argparse
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readertui.article import article_from_text

from synthetic import html_page
from timing import median_time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=5_000_000)
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    page = html_page(args.size, args.posts)

    def stdlib_parse() -> None:
        parser = HTMLParser(convert_charrefs=False)
        parser.feed(page)
        parser.close()

    def lxml_parse() -> None:
        import lxml.html

        lxml.html.fromstring(page)

    article = article_from_text(page, "html")
    floor_stdlib = median_time(stdlib_parse, args.runs)
    floor_lxml = median_time(lxml_parse, args.runs)
    ours = median_time(lambda: article_from_text(page, "html"), args.runs)
    print(
        json.dumps(
            {
                "page_chars": len(page),
                "posts_found": len(article.posts),
                "shown_chars": len(article.display),
                "stdlib_htmlparser_s": round(floor_stdlib, 3),
                "lxml_parse_s": round(floor_lxml, 3),
                "readertui_s": round(ours, 3),
                "beyond_stdlib_parse_s": round(ours - floor_stdlib, 3),
                "runs": args.runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
