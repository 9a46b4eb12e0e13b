"""Tweets embedded in saved web pages: readertui beside tweetfinder and goose3, side by side.

    python benchmarks/peers.py                     # makes a throwaway virtualenv for the peers
    python benchmarks/peers.py --venv /tmp/peers   # reuses one (created there if missing)

The peers are measuring sticks, never dependencies: they are installed into a virtualenv of
their own (`pip install tweetfinder goose3`) and run there, one page at a time, on the same
files. Pages: the project's own saved pages (`sample_articles/*.html`, made up, with the
tweets each holds written below) and, when present, the HTML articles of `../shared/corpus`
with its hand-checked truth. A tweet is known by its status id, or by its handle when the page
does not give one (a site's own tweet card); precision and recall are over all pages.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PEERS = ("tweetfinder", "goose3")
_STATUS = re.compile(r"(?:twitter|x)\.com/(?:#!/)?(?:\w+|i/web)/status(?:es)?/(\d+)", re.I)

#: The tweets each sample page holds, as written (status ids; @handle for a card without one).
SAMPLES: dict[str, set[str]] = {
    "ferry-strike-cards.html": {
        "@nadiaferrante",
        "1900456789012345678",
        "1900456789012345999",
        "1900456789012346001",
    },
    "fragment.html": {"1653412345678901234"},
    "latin1-page.html": {"1920011122233344455"},
    "saved-page.html": {"1922334455667788990", "1922345678901234567"},
}

#: Run inside the peers' virtualenv: each page's tweets as each peer reports them.
_RUN_PEERS = r"""
import json, re, sys
import goose3, tweetfinder
STATUS = re.compile(r"(?:twitter|x)\.com/(?:#!/)?(?:\w+|i/web)/status(?:es)?/(\d+)", re.I)
goose = goose3.Goose()
out = {}
for path in sys.argv[1:]:
    html = open(path, encoding="utf-8", errors="replace").read()
    found = {}
    try:
        article = tweetfinder.Article(html=html)
        found["tweetfinder"] = sorted({str(t.get("tweet_id") or "").strip("/") or
                                       "@" + str(t.get("username") or "")
                                       for t in article.list_embedded_tweets()})
    except Exception as exc:
        found["tweetfinder"] = {"error": repr(exc)[:200]}
    try:
        tweets = goose.extract(raw_html=html).tweets
        found["goose3"] = sorted({m for t in tweets for m in STATUS.findall(t)})
    except Exception as exc:
        found["goose3"] = {"error": repr(exc)[:200]}
    out[path] = found
print(json.dumps(out))
"""


def pages() -> dict[Path, set[str]]:
    """Every page measured, with the tweets it truly holds."""
    found = {ROOT / "sample_articles" / name: tweets for name, tweets in SAMPLES.items()}
    truth = CORPUS / "truth.jsonl"
    if truth.is_file():
        for line in truth.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record["file"].endswith((".html", ".htm")):
                continue
            found[CORPUS / record["file"]] = {
                _key(p.get("url"), p.get("handle"))
                for p in record["posts"]
                if p.get("platform") == "twitter"
            }
    return found


def _key(url: str | None, handle: str | None) -> str:
    m = _STATUS.search(url or "")
    return m.group(1) if m else f"@{handle}"


def readertui_tweets(path: Path) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-m", "readertui", "posts", str(path), "--json", "--kind", "post"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {_key(p["url"], p["handle"]) for p in json.loads(out) if p["platform"] == "twitter"}


def peer_tweets(python: Path, paths: list[Path]) -> dict[str, dict[str, object]]:
    out = subprocess.run(
        [str(python), "-c", _RUN_PEERS, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, dict[str, object]] = json.loads(out)
    return result


def peers_python(where: Path) -> Path:
    """The peers' virtualenv's Python, made and filled if it is not there yet."""
    python = where / "bin" / "python"
    if not python.exists():
        venv.create(where, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEERS], check=True)
    return python


def score(found: dict[Path, set[str]], truth: dict[Path, set[str]]) -> dict[str, float | int]:
    tp = sum(len(found[p] & truth[p]) for p in truth)
    fp = sum(len(found[p] - truth[p]) for p in truth)
    fn = sum(len(truth[p] - found[p]) for p in truth)
    return {
        "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--venv", type=Path, help="the peers' virtualenv (made if missing)")
    ap.add_argument("-v", "--verbose", action="store_true", help="what each found, page by page")
    args = ap.parse_args()
    truth = pages()
    with tempfile.TemporaryDirectory() as tmp:
        python = peers_python(args.venv or Path(tmp) / "peers")
        raw = peer_tweets(python, list(truth))
    found: dict[str, dict[Path, set[str]]] = {"readertui": {}, **{name: {} for name in PEERS}}
    for path in truth:
        found["readertui"][path] = readertui_tweets(path)
        for name in PEERS:
            said = raw[str(path)][name]
            found[name][path] = set(said) if isinstance(said, list) else set()
            if isinstance(said, dict):
                print(f"{name} failed on {path.name}: {said['error']}", file=sys.stderr)
    if args.verbose:
        for path, tweets in truth.items():
            print(path.name, "truth", sorted(tweets))
            for name, by_page in found.items():
                print(f"  {name:12} {sorted(by_page[path])}")
    results = {name: score(by_page, truth) for name, by_page in found.items()}
    print(json.dumps({"pages": len(truth), "tweets": sum(map(len, truth.values())), **results}))


if __name__ == "__main__":
    main()
