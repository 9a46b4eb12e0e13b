"""Everything about annotation files: the sidecar beside each article, its journal and lock,
which file is whose, finding codes again in a changed article, opening and saving them.

The rest of readertui uses what is named here; the modules inside are the store's own (a test
keeps it so). Reading: `read_sidecar`, `other_coders`, `article_sidecars`. Coding:
`open_sidecar`, which hands back the codes and the `SidecarSaver` that writes them.
"""

from readertui.store.journal import read_sidecar
from readertui.store.lock import lock_path
from readertui.store.naming import (
    SIDECAR_SUFFIX,
    article_sidecars,
    coder_sidecar,
    plain_sidecar,
    sidecar_for,
    sidecar_names,
)
from readertui.store.opening import Opened, open_sidecar, utc_now
from readertui.store.others import CoderCodes, anchored, differs, other_coders
from readertui.store.records import Record
from readertui.store.saving import SaveResult, SidecarSaver
from readertui.store.sidecar import SidecarError, Stored, anchor, quote_selector

__all__ = [
    "SIDECAR_SUFFIX",
    "CoderCodes",
    "Opened",
    "Record",
    "SaveResult",
    "SidecarError",
    "SidecarSaver",
    "Stored",
    "anchor",
    "anchored",
    "article_sidecars",
    "coder_sidecar",
    "differs",
    "lock_path",
    "open_sidecar",
    "other_coders",
    "plain_sidecar",
    "quote_selector",
    "read_sidecar",
    "sidecar_for",
    "sidecar_names",
    "utc_now",
]
