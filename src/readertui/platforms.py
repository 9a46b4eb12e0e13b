"""What readertui knows of social platforms: post URLs, handles and embed markup."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True, slots=True)
class PostRef:
    """What a post's URL says about it."""

    platform: str
    handle: str | None
    post_id: str | None
    url: str


#: CSS classes of the official embed markup, by platform.
EMBED_CLASSES: dict[str, str] = {
    "twitter-tweet": "twitter",
    "twitter-video": "twitter",
    "wp-block-embed-twitter": "twitter",
    "wp-block-embed-x": "twitter",
    "bluesky-embed": "bluesky",
    "wp-block-embed-bluesky": "bluesky",
    "mastodon-embed": "mastodon",
    "wp-block-embed-mastodon": "mastodon",
    "text-post-media": "threads",
    "wp-block-embed-threads": "threads",
    "instagram-media": "instagram",
    "wp-block-embed-instagram": "instagram",
    "tiktok-embed": "tiktok",
    "wp-block-embed-tiktok": "tiktok",
    "fb-post": "facebook",
    "fb-video": "facebook",
    "wp-block-embed-facebook": "facebook",
    "reddit-embed-bq": "reddit",
    "reddit-card": "reddit",
    "wp-block-embed-reddit": "reddit",
    "wp-block-embed-youtube": "youtube",
}

_HOSTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:^|\.)(?:twitter\.com|x\.com)$"), "twitter"),
    (re.compile(r"(?:^|\.)bsky\.app$"), "bluesky"),
    (re.compile(r"(?:^|\.)threads\.(?:net|com)$"), "threads"),
    (re.compile(r"(?:^|\.)instagram\.com$"), "instagram"),
    (re.compile(r"(?:^|\.)tiktok\.com$"), "tiktok"),
    (re.compile(r"(?:^|\.)(?:facebook\.com|fb\.watch)$"), "facebook"),
    (re.compile(r"(?:^|\.)(?:youtube\.com|youtube-nocookie\.com|youtu\.be)$"), "youtube"),
    (re.compile(r"(?:^|\.)reddit\.com$"), "reddit"),
)

_TWITTER_STATUS = re.compile(r"^/(?:#!/)?([A-Za-z0-9_]{1,30})/status(?:es)?/(\d+)")
_TWITTER_WEB_STATUS = re.compile(r"^/i/web/status/(\d+)")
_BLUESKY_POST = re.compile(r"^/profile/([^/]+)/post/([A-Za-z0-9]+)")
_THREADS_POST = re.compile(r"^/@([A-Za-z0-9_.]+)/post/([A-Za-z0-9_-]+)")
_INSTAGRAM_POST = re.compile(r"^/(?:([A-Za-z0-9_.]+)/)?(?:p|reel|tv)/([A-Za-z0-9_-]+)")
_TIKTOK_POST = re.compile(r"^/@([A-Za-z0-9_.]+)/(?:video|photo)/(\d+)")
_TIKTOK_EMBED = re.compile(r"^/embed(?:/v2)?/(\d+)")
_FACEBOOK_POST = re.compile(
    r"^/([A-Za-z0-9.\-]+)/(?:posts|videos|photos)/(?:[^/]+/)?([A-Za-z0-9]+)"
)
_YOUTUBE_EMBED = re.compile(r"^/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{6,})")
_REDDIT_POST = re.compile(r"^/r/([A-Za-z0-9_]+)/comments/([a-z0-9]+)")
_MASTODON_POST = re.compile(r"^/@([A-Za-z0-9_]+)(?:@([A-Za-z0-9.-]+))?/(\d+)")
_MASTODON_LEGACY = re.compile(r"^/users/([A-Za-z0-9_]+)/statuses/(\d+)")


def parse_post_url(url: str) -> PostRef | None:
    """Recognise the URL of a single post on a known platform (not a profile or a hashtag)."""
    url = url.strip()
    try:
        parts = urlsplit(url if "//" in url else "https://" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    platform = next((name for pattern, name in _HOSTS if pattern.search(host)), None)
    if platform == "twitter":
        if m := _TWITTER_STATUS.match(path):
            return PostRef("twitter", m.group(1), m.group(2), url)
        if m := _TWITTER_WEB_STATUS.match(path):
            return PostRef("twitter", None, m.group(1), url)
    elif platform == "bluesky":
        if m := _BLUESKY_POST.match(path):
            handle = None if m.group(1).startswith("did:") else m.group(1)
            return PostRef("bluesky", handle, m.group(2), url)
    elif platform == "threads":
        if m := _THREADS_POST.match(path):
            return PostRef("threads", m.group(1), m.group(2), url)
    elif platform == "instagram":
        if m := _INSTAGRAM_POST.match(path):
            return PostRef("instagram", m.group(1), m.group(2), url)
    elif platform == "tiktok":
        if m := _TIKTOK_POST.match(path):
            return PostRef("tiktok", m.group(1), m.group(2), url)
        if m := _TIKTOK_EMBED.match(path):
            return PostRef("tiktok", None, m.group(1), url)
    elif platform == "facebook":
        if m := _FACEBOOK_POST.match(path):
            return PostRef("facebook", m.group(1), m.group(2), url)
        query = parse_qs(parts.query)
        if path.startswith(("/permalink.php", "/story.php")) and "story_fbid" in query:
            return PostRef("facebook", None, query["story_fbid"][0], url)
        if path.startswith(("/plugins/post.php", "/plugins/video.php")) and "href" in query:
            inner = parse_post_url(query["href"][0])
            return inner if inner and inner.platform == "facebook" else None
    elif platform == "youtube":
        if host.endswith("youtu.be") and len(path) > 6:
            return PostRef("youtube", None, path.strip("/").split("/")[0], url)
        if m := _YOUTUBE_EMBED.match(path):
            return PostRef("youtube", None, m.group(1), url)
        if path == "/watch" and "v" in parse_qs(parts.query):
            return PostRef("youtube", None, parse_qs(parts.query)["v"][0], url)
    elif platform == "reddit":
        if m := _REDDIT_POST.match(path):
            return PostRef("reddit", None, m.group(2), url)
    elif host and (m := _MASTODON_POST.match(path)):
        # Any other host with /@user/123456 is taken to be a Mastodon-compatible server.
        instance = m.group(2) or host
        return PostRef("mastodon", f"{m.group(1)}@{instance}", m.group(3), url)
    elif host and (m := _MASTODON_LEGACY.match(path)):
        return PostRef("mastodon", f"{m.group(1)}@{host}", m.group(2), url)
    return None


#: Attributes that hold the address of the post an element shows: an embed's `cite`, an
#: iframe's `src`, a placeholder's `data-embed-url` or an embed service's `data-embedded-url`.
_URL_ATTRS = frozenset(
    "cite src data-src data-href data-url data-permalink data-embed-url data-embedded-url "
    "data-instgrm-permalink data-text-post-permalink data-post-url data-tweet-url".split()
)
#: An attribute holding a tweet's id: `data-tweet-id`, `data-twitter-id`, `data-tweetid`.
_TWEET_ID_ATTR = re.compile(r"(?:tweet|twitter)[-_]?(?:status[-_]?)?id$")
#: A placeholder's id attribute (`data-embed-id`, `data-id`): a tweet's if the element says
#: it is a tweet elsewhere (its class, `data-embed-type="twitter"`).
_ID_ATTR = re.compile(r"^data-(?:embed[-_]?|post[-_]?|status[-_]?)?id$")
_STATUS_ID = re.compile(r"\d{8,25}")


def post_ref_of(attrs: Mapping[str, str]) -> PostRef | None:
    """The post an element carries in its attributes, whatever the site's markup: a post's
    address in one of them, a tweet's id, a Bluesky `at://` URI; None if it carries none."""
    tweet_said = None
    for name, value in attrs.items():
        if not value or len(value) > 4096:
            continue
        if name in _URL_ATTRS or (name.startswith("data-") and name.endswith(("-url", "-uri"))):
            ref = parse_post_url(re.sub(r"/embed/?$", "", value))
            if ref is not None:
                return ref
        if value[0].isdigit() and _STATUS_ID.fullmatch(value):  # (every element is asked)
            if _TWEET_ID_ATTR.search(name):
                return _tweet(value)
            if _ID_ATTR.match(name):
                if tweet_said is None:
                    tweet_said = any(
                        w in v.lower() for v in attrs.values() for w in ("twitter", "tweet")
                    )
                if tweet_said:
                    return _tweet(value)
    uri = attrs.get("data-bluesky-uri", "")
    if m := re.match(r"at://([^/]+)/app\.bsky\.feed\.post/(\w+)", uri):
        return parse_post_url(f"https://bsky.app/profile/{m.group(1)}/post/{m.group(2)}")
    return None


def embed_of(attrs: Mapping[str, str]) -> tuple[str | None, PostRef | None]:
    """The platform an element is an embed of (by its embed class, else by the post it
    carries) and that post, if it carries one; (None, None) if it is no embed."""
    ref = post_ref_of(attrs)
    platform = platform_of_classes(attrs.get("class", ""))
    return platform or (ref.platform if ref is not None else None), ref


def _tweet(status_id: str) -> PostRef:
    return PostRef("twitter", None, status_id, f"https://twitter.com/i/web/status/{status_id}")


def placeholder(platform: str) -> str:
    """What the article shows in place of an embed that carries no text of its own."""
    return f"[{platform} post]"


PLACEHOLDER = re.compile(r"\[\w+ post\]")


def platform_of_classes(classes: str) -> str | None:
    """The platform whose official embed markup uses one of these CSS classes."""
    for name in classes.split():
        platform = EMBED_CLASSES.get(name.lower())
        if platform:
            return platform
    return None


def platform_of_handle(handle: str) -> str:
    """Guess a platform from a handle's shape: user@server is Mastodon, a domain is Bluesky."""
    if "@" in handle:
        return "mastodon"
    if "." in handle:
        return "bluesky"
    return "twitter"


_TRACKING = {"ref_src", "ref_url", "refer", "src", "utm_source", "utm_medium", "utm_campaign"}


def clean_url(url: str) -> str:
    """Drop the tracking parameters embeds add (`?ref_src=twsrc%5Etfw`, `?refer=embed`)."""
    url = url.strip()
    if "?" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] not in _TRACKING]
    return parts._replace(query="&".join(kept)).geturl()
