"""readertui: read news articles in a terminal and code the posts and quotes embedded in them."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("readertui")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
