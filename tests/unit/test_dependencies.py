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


# --- issue 11 item 8: reproducible builds: constraints.txt pins everything; the image and CI install with it -------

CONSTRAINTS = REPO / "constraints.txt"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # what pip 23 (a stock `python3 -m venv`) accepts as a constraint: no editables, extras or URLs
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!-]+", line), f"not a plain pin: {line!r}"
        name, _, version = line.partition("==")
        assert _name(name) not in pins, f"pinned twice: {name}"
        pins[_name(name)] = version
    return pins


def _project() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    from packaging.requirements import Requirement

    pins = _pins()
    project = _project()
    declared = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    for text in declared:
        req = Requirement(text)
        version = pins.get(_name(req.name))
        assert version is not None, f"{req.name} is declared in pyproject.toml but not pinned in constraints.txt"
        assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} outside {req.specifier}"
    assert "samachar" not in pins


def test_the_pins_are_closed_under_dependencies() -> None:
    """Every distribution the declared ones need (transitively, for this Python) is pinned too: nothing floats."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    pins = _pins()
    project = _project()
    todo = [(Requirement(d), "") for d in project["dependencies"]]
    todo += [(Requirement(d), "") for extra in project["optional-dependencies"].values() for d in extra]
    seen: set[tuple[str, str]] = set()
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = _name(req.name)
        assert name in pins, f"{req.name} (needed by the declared dependencies) is not pinned in constraints.txt"
        for wanted in [""] + sorted(req.extras):
            if (name, wanted) in seen:
                continue
            seen.add((name, wanted))
            try:
                requires = distribution(req.name).requires or []
            except PackageNotFoundError:
                continue  # not installed for this Python (a marker of its parent excluded it)
            todo += [(Requirement(r), wanted) for r in requires]


def test_makefile_and_dockerfile_install_with_the_constraints() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^CONSTRAINTS := constraints\.txt$", makefile, flags=re.MULTILINE)
    install_lines = [ln for ln in makefile.splitlines() if re.search(r"pip install|PIP_INSTALL\)", ln)]
    project_installs = [ln for ln in install_lines if re.search(r"-e \.|-e '\.\[", ln)]
    assert len(project_installs) == 2, project_installs  # install and install-test
    assert re.search(r"^PIP_INSTALL := .*pip install .*-c \$\(CONSTRAINTS\)", makefile, flags=re.MULTILINE)
    assert all("$(PIP_INSTALL)" in ln for ln in project_installs)
    assert re.search(r"^\$\(VENV\)/\.installed-test: .*\$\(CONSTRAINTS\)", makefile, flags=re.MULTILINE)  # re-install
    assert re.search(r"^lock:", makefile, flags=re.MULTILINE)

    dockerfile = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text(encoding="utf-8"))
    pip_runs = [ln for ln in dockerfile.splitlines() if ln.startswith("RUN") and re.search(r"pip (wheel|install)", ln)]
    assert pip_runs and all(re.search(r" -c \S*constraints\.txt", ln) for ln in pip_runs), pip_runs
    assert re.search(r"^COPY .*constraints\.txt", dockerfile, flags=re.MULTILINE)
    assert "!constraints.txt" in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()


def test_readme_says_how_to_refresh_the_constraints() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make lock" in readme and "constraints.txt" in readme


# --- issue 11 item 7: the Pythons the dependencies support are the ones pyproject admits and the README names -------

SUPPORTED = ("3.11", "3.12", "3.13")


def test_supported_pythons_are_admitted_and_documented() -> None:
    import platform

    from packaging.specifiers import SpecifierSet

    admitted = SpecifierSet(_project()["requires-python"])
    for version in SUPPORTED:
        assert admitted.contains(f"{version}.0"), f"requires-python {admitted} refuses Python {version}"
    assert not admitted.contains("3.10.0")
    assert admitted.contains(platform.python_version())
    intro = (REPO / "README.md").read_text(encoding="utf-8").split("## Commands")[0]
    assert all(version in intro for version in SUPPORTED), "the README's first section names the supported Pythons"
    assert "make PYTHON=" in intro
