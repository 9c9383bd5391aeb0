"""Issue 11 items 1 and 6: what the code needs at run time is a declared dependency, not a transitive accident."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO


def _declared() -> set[str]:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}


def test_every_kafka_codec_has_its_library_declared_and_installed() -> None:
    from aiokafka import codec

    assert "cramjam" in _declared()  # aiokafka's snappy, lz4 and zstd codecs
    assert codec.has_gzip() and codec.has_snappy() and codec.has_lz4() and codec.has_zstd()


def test_html_cleaning_imports_are_declared() -> None:
    # pip 23 ignores justext's lxml[html_clean] extra ("lxml does not provide the extra 'html_clean'")
    assert {"lxml", "lxml-html-clean"} <= _declared()
    import lxml.html.clean  # noqa: F401 - raises ImportError when lxml_html_clean is missing
