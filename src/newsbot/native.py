"""The optional compiled helpers that indexing uses when the package was built with them.

Two small C extensions speed up indexing: `analysis._runs` (finding runs of word characters
and coding them) and `index._count` (counting a batch's terms). They are built when the package
is installed on a machine with a C compiler, and skipped otherwise; each has a pure-Python
equivalent that gives the same result, which the tests hold them to. NEWSBOT_NO_NATIVE=1
switches them off, and a build older than the Python code that calls it is not used.
"""

from __future__ import annotations

import importlib
import logging
import os
from types import ModuleType

logger = logging.getLogger(__name__)


def load(name: str, abi: int) -> ModuleType | None:
    """The compiled module `name`, if it is built, current (its ABI is `abi`), and allowed."""
    if os.environ.get("NEWSBOT_NO_NATIVE"):
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    if getattr(module, "ABI", None) != abi:
        logger.warning("%s is out of date; reinstall newsbot to rebuild it", name)
        return None
    return module
