"""Cleaning stage: turn a scraped article (markdown-ish text or an HTML page) into the article's prose.

What it does, in order (every removal is counted in ``CleanedText.removed`` by kind, so a regression shows):

1. HTML pages go through trafilatura (offline, no fetching) and the result through the same text cleaning. A plain
   text holding HTML fragments loses its non-prose elements (script, style, noscript, template...; YAML
   ``non_prose.elements``) with their content and its HTML comments, found by lxml's HTML parser.
2. ftfy repairs mojibake; text is normalised to NFC. NFC *decomposes* the precomposed nukta letters U+0958..U+095F
   (क़ -> क + ़) because they are composition exclusions; that is the canonical form and every later stage and
   gazetteer must compare NFC strings. A ZWJ/ZWNJ right after a virama goes ("दिल्‍ली" -> "दिल्ली"): outlets' CMSs
   put one in most conjuncts (1,690 in 119 of the 373 outlet day files, 285 in the Marathi articles) only to pick a
   glyph, and the NER model and the knowledge-base names never saw them; after र it stays (Marathi's eyelash ra,
   "होणार्‍या"), as do joiners elsewhere. ZWSP, BOM, soft hyphen and control characters go; a vowel sign typed as two ("कोराेना": ा + े) becomes the one it draws (``DO_NOT_USE``); a nukta typed after a vowel sign goes on its ड / ढ ("जुडे़" -> "जुड़े") or,
   at a word's end, is the full stop an outlet's font drew as a dot below ("थी़ मंत्रालय" -> "थी. मंत्रालय";
   ``MISPLACED_NUKTA_RE``).
3. Embedded tweets (a line ending in "— Name (@handle) July 31, 2017", and the tweet body before it when it holds a
   pic.twitter.com / t.co link), then inline debris: markdown images (outlet badges counted apart), markdown links
   (their text is kept), bare URLs and pic.twitter.com links, stray HTML tags, markdown emphasis/heading marks; then
   whole lines of stray JavaScript/CSS (``window.dataLayer = ...``, ``.x{color:red}``; YAML ``non_prose.code_lines``).
3a. Lines broken in the middle of a sentence are joined (the line ends in a comma, inside an open bracket or in a
   word that cannot end a sentence, or the next starts with one that cannot start one; never after a sentence
   terminator, so a headline stays apart from its paragraph); sentence punctuation glued to the next word
   ("थी.पटना") gets a space (abbreviations, initials, decimals, times, URLs, e-mail addresses and ellipses are left
   alone) and spaces before a danda go ("है  ।" -> "है।").
3b. Promotion sentences (app / social-media calls to the reader, per-language patterns in the YAML) are removed
   wherever they are in a line; a parenthesis holding one goes whole.
4. Line rules from ``data/cleaning_rules.yaml`` (per-language sections, all applied): read-more lines and the related
   headlines they announce, trending/top-headline blocks, share/advertisement/cookie/navigation/byline lines,
   hashtag lines, breadcrumbs ("होम / देश / उत्तर प्रदेश"; not a dashed list item, a part with a comma or sentence mark
   or a number: "- धुलियागंज/फ्रीगंज/जीवनीमंडी, 20" is news, "17/04/2020" a date), timestamp lines (parsed into
   ``published_at``), repeated lines.
5. Datelines lose their agency, desk or bureau credit and a reporter's name in square brackets ("नई दिल्ली, एएनआइ।",
   "राज्य ब्यूरो, कोलकाता :", "रोहतक, [पुनीत शर्मा] ।" -> "place: "). Latin-script kickers before Devanagari prose
   ("Putin Kim Jong Meeting: रूसी ...", also right after a dateline: "लखनऊ: Lucknow Coronavirus News Update: ...", and
   the YAML's SEO labels without a colon, "Coronavirus Update कोरोना ...") are stripped: they are SEO labels that repeat
   the Hindi sentence's names. Devanagari kickers and datelines ("मास्को।") are kept: they are prose. The credit under
   a picture's caption ("... - फोटो : पीटीआई", YAML ``photo_credit``) goes before the line rules.
6. Related-article headlines dropped inside the body are removed by a novelty test (see the YAML); a label, a colon
   and a list of short items ("ऑरेंज जोन : नालंदा, कैमूर, ... और पूर्णिया") is the story's content, never one.

Kinds counted in ``removed``: image, premium_badge, link (markup removed, text kept), url, html_tag, tweet,
joined_line, glued_sentence, glued_quote, danda_space (repairs: nothing removed but a line break or a space), promotion,
read_more,
related_headline, block_header, block_item, share, advertisement, cookie, navigation, byline, hashtags, breadcrumb,
timestamp, duplicate_line, kicker, photo_credit, dateline_credit, dateline_dash, title_duplicate, html_boilerplate (1 when an HTML page went through trafilatura),
non_prose (script/style/... elements and HTML comments removed from a plain text), code (JavaScript/CSS lines).

Title: the first line when it looks like a headline (or the ``title`` given). It stays the first line of ``text``,
because entities in titles matter and offsets must cover them; it is removed from ``text`` only when the next line
repeats it (then it is a duplicate, counted as ``title_duplicate``).

``published_at``: only from explicit metadata (an HTML page's publication time, or a line that is a date/time on its
own or after "Updated:"/"अपडेटेड:"); dates inside sentences are events, not the publication time. A time without a
zone is taken in ``default_timezone`` (Asia/Kolkata: the outlets are Indian).
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import ftfy
import yaml

from services.nlp.scripts import (
    COMBINING_DIACRITICS,
    DEVANAGARI,
    DEVANAGARI_CHAR_RE,
    DEVANAGARI_EXTENDED,
    DEVANAGARI_WORD_CHARS,
    LATIN_WORD_RE,
    ZERO_WIDTH_JOINERS,
)
from services.nlp.types import CleanedText, StageError

STAGE: Final = "clean"
DEFAULT_RULES = Path(__file__).parent / "data" / "cleaning_rules.yaml"
MAX_INPUT_CHARS = 2_000_000

# Characters that end a sentence (Devanagari danda/double danda, Latin and CJK-free punctuation).
TERMINATORS = "।॥.!?…"
CLOSERS = "\"'”’»)]}"
_WORD = rf"[\w{DEVANAGARI_WORD_CHARS}{DEVANAGARI_EXTENDED}{COMBINING_DIACRITICS}{ZERO_WIDTH_JOINERS}]+"
WORD_RE = re.compile(_WORD)
# A sentence boundary inside a line: terminator, optional closer, whitespace, then a letter. "Dr. X" also matches,
# which only makes a line look less like a headline (the safe direction).
INNER_BOUNDARY_RE = re.compile(r"[।॥!?]|\.(?=[\"'”’)\]]*\s+\S)")

# Sentence punctuation glued to the next word: terminator(s), closing quotes/brackets, (openers) then a letter/digit.
GLUED_RE = re.compile(r"([।॥?!]+|\.)([\"'”’»)\]]*)(?=[\"'“‘«(\[]*[^\W_])")
OPENERS = "\"'“‘«(["
# A quotation mark with a Devanagari letter or sign right before and a Devanagari letter right after it.
GLUED_QUOTE_RE = re.compile(f"(?<=[{DEVANAGARI_WORD_CHARS}])[\"'“”‘’](?=[\u0904-\u0939\u0958-\u0961\u0972-\u097f])")
DANDA_SPACE_RE = re.compile(r"(?<=\S) +(?=[।॥])")
WORD_END_RE = re.compile(_WORD + r"$")
WORD_START_RE = re.compile(_WORD)
LATIN_RE = LATIN_WORD_RE
TWITTER_LINK_RE = re.compile(r"(?<![\w.])(?:https?://)?(?:www\.)?(?:pic\.twitter\.com|t\.co)/[A-Za-z0-9_]{1,40}", re.IGNORECASE)
PAREN_RE = re.compile(r"\(([^()\n]{1,600})\)|\(([^()\n]{1,600})$")
LIST_ITEM_RE = re.compile(r"\s*(?:\d{1,2}|[a-zA-Z])[.)]\s")
PROMO_STRIP = " \"'“”‘’()[]«»-–—"

# Bounded classes that stop at the next bracket keep these linear on hostile input ("![" * 100000).
MD_IMAGE_RE = re.compile(
    r"!\[([^\[\]\n]{0,1000})\]\(\s*([^()\s]{0,2048})(?:\s+\"[^\"\n]{0,300}\")?\s*\)|!\[([^\[\]\n]{0,1000})\]\[[^\[\]\n]{0,200}\]"
)
MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,1000})\]\(\s*([^()\s]{0,2048})(?:\s+\"[^\"\n]{0,300}\")?\s*\)")
URL_RE = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'“”()\[\]{}]+", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,20}(?:\s[^<>\n]{0,500})?/?>")
HTML_DOC_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE)
MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=[^\s*_])([^\n]{1,300}?)(?<=[^\s*_])\1")
MD_LIST_RE = re.compile(r"^\s*(?:[*•·▪►]\s+)")
HASHTAG_RE = re.compile(r"#[^\s#]+")
ISO_STAMP_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|IST|\(IST\))?",
    re.IGNORECASE,
)
IST_RE = re.compile(r"\(?\bIST\b\)?", re.IGNORECASE)
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
TIME_RE = re.compile(r"\d{1,2}:\d{2}")
# Whitespace other than newline, and invisible characters that carry no meaning in Hindi/English prose.
SPACE_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Vowel signs typed as two (the Unicode Standard's Devanagari "do not use" sequences, ch. 12): ा + े is ो, ा + ै is
# ौ, ा + ॅ is ॉ, अ + ा is आ. Outlets type them ("कोराेना", "पाॅजिटिव", "डाॅ."); the one-letter forms are the words. Typed the
# other way round, े + ा draws ो too ("कोरेाना", "लेाग": 13 in the shared corpora; no word has two vowel signs in a row).
DO_NOT_USE = {"\u093e\u0947": "\u094b", "\u0947\u093e": "\u094b", "\u093e\u0948": "\u094c", "\u093e\u0945": "\u0949", "\u0905\u093e": "\u0906"}
DO_NOT_USE_RE = re.compile("|".join(DO_NOT_USE))
# A nukta typed after a vowel sign, where no letter takes one: after ड / ढ it belongs to the consonant ("जुडे़",
# "कपडे़" -> "जुड़े", "कपड़े"); elsewhere at a word's end it is the full stop an outlet's font drew as a dot below
# ("यात्रा की थी़ मंत्रालय के अनुसार", "डॉ़ राजेन्द्र प्रसाद": Prabhat Khabar, Dainik Jagran, 14 in the 373 outlet day
# files), which the model otherwise reads into a name ("थी़ मंत्रालय" as ORG "Thi Ministry"); inside a word it goes.
MISPLACED_NUKTA_RE = re.compile("(?:([\u0921\u0922])([\u093e-\u0944\u0946-\u0948\u094a-\u094c])|([\u093e-\u094c\u0902]))\u093c(\\.?)(?=(\\s|$)?)")
INVISIBLE_RE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]")
# A joiner after a virama that is not र's (eyelash ra): a rendering hint only (see the module docstring).
JOINER_AFTER_VIRAMA_RE = re.compile("(?<=[^\u0930]\u094d)[\u200c\u200d]+")
SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DEVANAGARI_RE = DEVANAGARI_CHAR_RE
# "Putin Kim Jong Meeting: रूसी ..." -> a Latin-script label of at most 8 words before Devanagari prose.
LATIN_KICKER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9'’.&-]*(?:[ -][A-Za-z0-9][A-Za-z0-9'’.&-]*){0,7})\s*[:：|]\s+(?=[" + DEVANAGARI + r"\"“'‘])")

# Mojibake of UTF-8 read as Latin-1/cp1252 always contains Latin-1 supplement or C1 characters.
MOJIBAKE_HINT_RE = re.compile(r"[\u0080-\u00ff\ufffd]")
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=True, normalization="NFC", explain=False)


@dataclass(slots=True)
class _Line:
    text: str
    after_blank: bool = False
    open_end: bool = False  # the raw line ended in whitespace (where a scraper cut out a link or wrapped a line)


def _place_nukta(match: re.Match[str]) -> str:
    """``MISPLACED_NUKTA_RE``'s replacement: the nukta on its ड / ढ, else a full stop at a word's end, else nothing."""
    consonant, sign, other, stop, boundary = match.groups()
    if consonant:
        return f"{consonant}\u093c{sign}{stop}"
    return f"{other}." if stop or boundary is not None else other


def _compile_all(patterns: list[str] | None) -> list[re.Pattern[str]]:
    return [re.compile(unicodedata.normalize("NFC", p), re.IGNORECASE) for p in (patterns or [])]


class CleaningRules:
    """The YAML rule file, compiled. Language sections are merged: every rule applies to every article."""

    KINDS = ("read_more", "block_header", "share", "advertisement", "cookie", "navigation", "byline")

    def __init__(self, path: Path) -> None:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.path = path
        self.version = str(data.get("version", "0"))
        self.timezone = ZoneInfo(data.get("default_timezone", "Asia/Kolkata"))
        self.date_languages: list[str] = list(data.get("date_languages", ["hi", "en"]))
        headline = data.get("headline", {})
        self.headline_max_words = int(headline.get("max_words", 30))
        self.headline_max_chars = int(headline.get("max_chars", 250))
        related = data.get("related_headline", {})
        self.related_min_words = int(related.get("min_words", 7))
        self.related_min_novelty = float(related.get("min_novelty", 0.3))
        self.min_prefix = int(related.get("min_prefix", 4))
        self.list_min_items = int(related.get("list_min_items", 4))
        self.list_item_max_words = int(related.get("list_item_max_words", 3))
        self.list_joiners = re.compile(
            "|".join([r"[,،]", *(rf"\s{re.escape(w)}\s" for w in str(related.get("list_joiners", "")).split())])
        )
        self.sentence_starters = {
            unicodedata.normalize("NFC", w).casefold() for w in str(related.get("sentence_starters", "")).split()
        }
        self.badge_alt = _compile_all(data.get("badge_alt"))
        tags = data.get("hashtags", {})
        self.hashtag_min_tags = int(tags.get("min_tags", 2))
        self.hashtag_min_share = float(tags.get("min_share", 0.6))
        seps = data.get("breadcrumb_separators", [">", "»", "/", "|"])
        self.breadcrumb_re = re.compile("|".join(re.escape(s) for s in seps))
        self.breadcrumb_punctuation = frozenset(str(data.get("breadcrumb_part_punctuation", ",;:।॥!?")))
        self.breadcrumb_list_markers = tuple(str(m) for m in data.get("breadcrumb_list_markers", ["-", "–", "—"]))
        self.read_more_follow_max = int(data.get("read_more_follow_max", 3))
        self.promotion_max_chars = int(data.get("promotion_max_chars", 400))
        non_prose = data.get("non_prose") or {}
        self.non_prose_elements: tuple[str, ...] = tuple(str(e).lower() for e in non_prose.get("elements") or [])
        # An opening tag of a non-prose element, or an HTML comment: only then is a plain text parsed as HTML.
        self.non_prose_re = re.compile(
            r"<!--|<(?:" + "|".join(map(re.escape, self.non_prose_elements)) + r")(?=[\s>/])", re.IGNORECASE
        ) if self.non_prose_elements else re.compile(r"<!--")
        code = [p for p in non_prose.get("code_lines") or [] if re.compile(p)]
        self.code_line = re.compile("|".join(f"(?:{p})" for p in code)) if code else None  # case-sensitive, as code is
        patterns: dict[str, list[str]] = {k: [] for k in self.KINDS}
        self.date_prefix: list[re.Pattern[str]] = []
        credits: list[str] = []
        self.kicker: list[re.Pattern[str]] = []
        photo_credit: list[str] = []
        self.stopwords: set[str] = set()
        self.glued_starters: list[str] = []
        promotion: list[str] = []
        attribution: list[str] = []
        self.abbreviations: set[str] = set()
        self.title_abbreviations: set[str] = set()
        self.continues_after: set[str] = set()
        self.continues_after_pairs: set[str] = set()
        self.continues_before: set[str] = set()
        self.sentence_final: set[str] = set()
        self.final_pairs: set[str] = set()
        join = data.get("line_join", {})
        self.join_bracket_reach = int(join.get("bracket_reach", 200))
        self.join_max_chars = int(join.get("max_chars", 5000))
        for section in (data.get("languages") or {}).values():
            for key, target in (("promotion", promotion), ("tweet_attribution", attribution)):
                for pattern in section.get(key) or []:
                    re.compile(pattern)
                    target.append(pattern)
            for key, words in (
                ("abbreviations", self.abbreviations),
                ("title_abbreviations", self.title_abbreviations),
                ("continues_after", self.continues_after),
                ("continues_before", self.continues_before),
                ("sentence_final", self.sentence_final),
            ):
                words.update(unicodedata.normalize("NFC", w).casefold() for w in str(section.get(key) or "").split())
            self.final_pairs.update(" ".join(unicodedata.normalize("NFC", p).casefold().split()) for p in section.get("final_pairs") or [])
            self.continues_after_pairs.update(
                " ".join(unicodedata.normalize("NFC", p).casefold().split()) for p in section.get("continues_after_pairs") or []
            )
            for kind in self.KINDS:
                for pattern in section.get(kind) or []:
                    re.compile(pattern)  # fail on the offending pattern, not on the joined one
                    patterns[kind].append(pattern)
            self.date_prefix.extend(_compile_all(section.get("date_prefix")))
            self.kicker.extend(_compile_all(section.get("kicker")))
            for pattern in section.get("photo_credit") or []:
                re.compile(pattern)
                photo_credit.append(pattern)
            for pattern in section.get("dateline_credit") or []:
                re.compile(pattern)  # fail on the offending pattern
                credits.append(pattern)
            self.stopwords.update(unicodedata.normalize("NFC", w).lower() for w in str(section.get("stopwords", "")).split())
            self.glued_starters.extend(unicodedata.normalize("NFC", w) for w in section.get("glued_paragraph_starters") or [])

        # One alternation per kind: a line costs len(KINDS) regex calls, not one per pattern.
        self.line_rules: dict[str, re.Pattern[str]] = {
            kind: _compile_all(["|".join(f"(?:{p})" for p in pats)])[0] for kind, pats in patterns.items() if pats
        }
        self.promotion = _compile_all(["|".join(f"(?:{p})" for p in promotion)])[0] if promotion else None
        # searched at the end of a line: the credit under a picture's caption ("... मास्क लगाया गया - फोटो : पीटीआई")
        self.photo_credit = (
            _compile_all(["(?:" + "|".join(f"(?:{p})" for p in photo_credit) + r")\s*$"])[0] if photo_credit else None
        )
        # "जींद, जेएनएन ।": a place of at most four words, a comma, a credit, a danda / full stop / colon; or the credit
        # first ("राज्य ब्यूरो, कोलकाता :"); or anything in square brackets after the place ("रोहतक, [पुनीत शर्मा] ।")
        credit = "(?:" + "|".join(f"(?:{p})" for p in credits) + ")"
        self.dateline_credit = (
            re.compile(
                r"(?:(?P<place>[^\W\d][^,।:.!?\n\[\]]{0,40}?)\s*(?:,\s*" + credit + r"|,?\s*\[[^\[\]\n]{1,40}\])"
                r"|" + credit + r"\s*,\s*(?P<after>[^\W\d][^,।:.!?\n\[\]]{0,40}?))\s*[।.:|]\s*"
            )
            if credits
            else None
        )
        self.tweet_attribution = (
            _compile_all(["(?:" + "|".join(f"(?:{p})" for p in attribution) + r")\s*$"])[0] if attribution else None
        )

    def line_kind(self, line: str) -> str | None:
        """The kind of boilerplate this whole line is, or None when it is (possibly) prose."""
        if len(line) > 1000:  # no boilerplate line is this long; skip the regexes
            return None
        for kind, pattern in self.line_rules.items():
            if pattern.fullmatch(line):
                return kind
        return None


_DEVANAGARI_TOKEN = re.compile(f"[{DEVANAGARI_WORD_CHARS}]+")
# A dateline of one to three words set off by a spaced dash or slash at the start of a line: "नवी दिल्ली - ...".
# A dateline of one to four words ending in a colon or danda at the start of a line ("लखनऊ: ", "नई दिल्ली । ").
_DATELINE_PREFIX = re.compile(r"(?P<place>[^\W\d][^\s:।,]*(?: [^\W\d][^\s:।,]*){0,3}) ?[:।] ?")
_DATELINE_DASH = re.compile(r"(?P<place>[^\W\d][^\s\-–—/:,।]*(?: [^\W\d][^\s\-–—/:,।]*){0,2}) [-–—/] (?=\w)")


class Cleaner:
    """Cleans scraped articles with rules from a YAML file; stateless after construction, safe to share."""

    def __init__(self, rules_path: Path | None = None) -> None:
        self.rules = CleaningRules(Path(rules_path) if rules_path else DEFAULT_RULES)
        self.version = f"clean-rules-{self.rules.version}-ftfy-{ftfy.__version__}"
        self._dateparser: Any = None

    # -- public API -----------------------------------------------------------------------------
    def clean(self, text: str | None = None, *, html: str | None = None, title: str | None = None) -> CleanedText:
        """Clean one article; raises only ``StageError`` (e.g. ``EmptyAfterCleaning``)."""
        try:
            return self._clean(text, html, title)
        except StageError:
            raise
        except RecursionError as exc:
            raise StageError(STAGE, "RecursionError", f"cleaning failed: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - the stage contract is StageError only
            raise StageError(STAGE, type(exc).__name__, f"cleaning failed: {exc}"[:2000]) from exc

    # -- steps ----------------------------------------------------------------------------------
    def _clean(self, text: str | None, html: str | None, title: str | None) -> CleanedText:
        removed: Counter[str] = Counter()
        published_at: datetime | None = None
        if text is not None and not isinstance(text, str):
            raise StageError(STAGE, "InvalidInput", f"text must be str, not {type(text).__name__}")
        if html is not None and not isinstance(html, str):
            raise StageError(STAGE, "InvalidInput", f"html must be str, not {type(html).__name__}")
        if title is not None and not isinstance(title, str):
            title = None
        source = text if text and text.strip() else None
        input_chars = len(source) if source is not None else len(html or "")
        if input_chars > MAX_INPUT_CHARS:
            raise StageError(STAGE, "InputTooLarge", f"{input_chars} characters > {MAX_INPUT_CHARS}")
        if source is not None and HTML_DOC_RE.match(source):
            html, source = source, None
        if source is not None:
            source = self._strip_non_prose(source, removed)
        if source is None:
            if not html or not html.strip():
                raise StageError(STAGE, "EmptyInput", "article has neither text nor html")
            source, html_title, published_at = self._from_html(html)
            removed["html_boilerplate"] += 1
            title = title or html_title

        body = self._normalise(source)
        body = self._embeds(body, removed)
        body = self._inline(body, removed)
        body = self._drop_code_lines(body, removed)
        lines = self._split_lines(body)
        lines = self._join_broken(lines, removed)
        lines = [_Line(self._repair_punctuation(line.text, removed), line.after_blank) for line in lines]
        lines = [part for line in lines for part in self._split_glued_paragraphs(line, removed)]
        lines = [self._strip_photo_credit(line, removed) for line in lines]
        lines, stamp = self._line_rules(lines, removed)
        published_at = published_at or stamp
        lines = [self._strip_kicker(self._strip_dateline_credit(line, removed), removed) for line in lines]
        lines = [line for line in lines if line.text]
        if title and "<" in title:
            title = HTML_TAG_RE.sub(" ", self._strip_non_prose(title, Counter()))
        given_title = self._normalise_line(self._normalise(title)) if title and title.strip() else None
        title_out, lines = self._title(lines, given_title, removed)
        has_title = title_out is not None and bool(lines) and self.looks_like_headline(lines[0].text, allow_question=True)
        lines = self._drop_related_headlines(lines, has_title=has_title, removed=removed)

        cleaned = "\n".join(line.text for line in lines)
        if not cleaned.strip() or not any(ch.isalnum() for ch in cleaned):
            raise StageError(STAGE, "EmptyAfterCleaning", f"nothing left of {input_chars} input characters")
        return CleanedText(
            text=cleaned,
            title=title_out,
            published_at=published_at,
            removed={k: v for k, v in sorted(removed.items()) if v},
            input_chars=input_chars,
        )

    def _from_html(self, page: str) -> tuple[str, str | None, datetime | None]:
        """Main text, title and publication time of an HTML page, extracted offline."""
        import trafilatura

        doc = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
            include_links=False, favor_precision=False, deduplicate=False,
        )
        text = getattr(doc, "text", None) if doc is not None else None
        if not text or not text.strip():
            raise StageError(STAGE, "EmptyAfterCleaning", "no article text found in the HTML page")
        title = getattr(doc, "title", None)
        return text, title, self._html_date(page)

    def _strip_non_prose(self, text: str, removed: Counter[str]) -> str:
        """``text`` without the non-prose elements (``non_prose.elements``: script, style, noscript, template...) and
        their content, and without HTML comments, when it holds any (an HTML fragment in a plain ``text`` field).

        lxml's HTML parser finds the elements (an unclosed ``<script>`` runs to the end, as in a browser); the rest
        is serialised back, its other tags and entities left to the usual steps (``html_tag``, unescaping).
        """
        if "<" not in text or not self.rules.non_prose_re.search(text):
            return text
        from lxml import etree
        from lxml import html as lxml_html

        parser = lxml_html.HTMLParser(huge_tree=True, remove_blank_text=False)
        root = lxml_html.fragment_fromstring(text, create_parent="div", parser=parser)
        for element in list(root.iter(etree.Comment, *self.rules.non_prose_elements)):
            removed["non_prose"] += 1
            element.drop_tree()  # keeps the element's tail (the text after it)
        out = etree.tostring(root, encoding="unicode", method="html")
        return out.removeprefix("<div>").removesuffix("</div>")

    def _drop_code_lines(self, text: str, removed: Counter[str]) -> str:
        """``text`` without whole lines of stray JavaScript or CSS (``non_prose.code_lines``: ``var a = 1;``,
        ``window.dataLayer = window.dataLayer || [];``, ``.nav{color:red}``); lines with Devanagari are prose."""
        pattern = self.rules.code_line
        if pattern is None or not any(c in text for c in ";{}="):
            return text
        kept: list[str] = []
        for line in text.split("\n"):
            stripped = line.strip()
            if stripped and len(stripped) <= 1000 and not DEVANAGARI_RE.search(stripped) and pattern.fullmatch(stripped):
                removed["code"] += 1
                continue
            kept.append(line)
        return "\n".join(kept)

    def _html_date(self, page: str) -> datetime | None:
        try:
            from htmldate import find_date

            found = find_date(page, outputformat="%Y-%m-%dT%H:%M:%S%z", extensive_search=False, original_date=True)
        except Exception:  # noqa: BLE001 - a page without a readable date simply has none
            return None
        if not found:
            return None
        try:
            stamp = datetime.fromisoformat(found)
        except ValueError:
            return None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=self.rules.timezone)

    @staticmethod
    def _normalise(text: str) -> str:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
        if MOJIBAKE_HINT_RE.search(text) or ftfy.is_bad(text):  # ftfy costs ~0.1 ms a line: only when needed
            text = ftfy.fix_text(text, FTFY_CONFIG)
        text = html_lib.unescape(text) if "&" in text else text
        text = INVISIBLE_RE.sub("", text)
        text = JOINER_AFTER_VIRAMA_RE.sub("", text)
        text = SURROGATE_RE.sub("\ufffd", text)  # lone surrogates cannot be encoded as UTF-8 downstream
        text = CONTROL_RE.sub(" ", text)
        text = unicodedata.normalize("NFC", text)
        if "\u093c" in text:
            text = MISPLACED_NUKTA_RE.sub(_place_nukta, text)
        return DO_NOT_USE_RE.sub(lambda m: DO_NOT_USE[m.group(0)], text) if DO_NOT_USE_RE.search(text) else text

    @staticmethod
    def _normalise_line(line: str) -> str:
        return SPACE_RE.sub(" ", line).strip()

    def _inline(self, text: str, removed: Counter[str]) -> str:
        def image(match: re.Match[str]) -> str:
            alt = (match.group(1) if match.group(1) is not None else match.group(3) or "").strip()
            if alt and any(p.fullmatch(alt) for p in self.rules.badge_alt):
                removed["premium_badge"] += 1
            else:
                removed["image"] += 1
            return " "

        def link(match: re.Match[str]) -> str:
            removed["link"] += 1
            label = match.group(1)
            return " " if URL_RE.fullmatch(label.strip()) else label

        def url(_: re.Match[str]) -> str:
            removed["url"] += 1
            return " "

        def tag(_: re.Match[str]) -> str:
            removed["html_tag"] += 1
            return " "

        text = MD_IMAGE_RE.sub(image, text)
        text = MD_LINK_RE.sub(link, text)
        text = URL_RE.sub(url, text)
        if "<" in text:
            text = HTML_TAG_RE.sub(tag, text)
        if "**" in text or "__" in text:
            text = MD_EMPHASIS_RE.sub(r"\2", text)
        return text

    def _split_lines(self, text: str) -> list[_Line]:
        lines: list[_Line] = []
        blank = False
        for raw in text.split("\n"):
            line = self._normalise_line(MD_LIST_RE.sub("", MD_HEADING_RE.sub("", raw)))
            if not line or not any(ch.isalnum() for ch in line):
                blank = blank or not line or bool(lines)
                continue
            lines.append(_Line(line, after_blank=blank, open_end=raw[-1:].isspace()))
            blank = False
        return lines

    # -- tweets, broken lines, glued sentences, promotion -----------------------------------------
    def _embeds(self, text: str, removed: Counter[str]) -> str:
        """Embedded tweets: the attribution line, the body before it when it holds a tweet link; tweet links."""
        pattern = self.rules.tweet_attribution
        if pattern is not None and "(@" in text:
            out: list[str] = []
            for line in text.split("\n"):
                match = pattern.search(line) if "(@" in line and len(line) <= 5000 else None
                if match is None:
                    out.append(line)
                    continue
                removed["tweet"] += 1
                if len(line) > 600:  # prose glued before the embed: keep it, drop the attribution and its link
                    out.append(TWITTER_LINK_RE.sub(" ", line[: match.start()]))
                    continue
                body = len(out) - 1
                while body >= 0 and not out[body].strip():
                    body -= 1
                if body >= 0 and len(out[body]) <= 600 and TWITTER_LINK_RE.search(out[body]) and not pattern.search(out[body]):
                    removed["tweet"] += 1
                    del out[body:]
            text = "\n".join(out)
        if "t.co/" in text or "twitter.com/" in text or "T.CO/" in text.upper():

            def link(_: re.Match[str]) -> str:
                removed["url"] += 1
                return " "

            text = TWITTER_LINK_RE.sub(link, text)
        return text

    def _join_broken(self, lines: list[_Line], removed: Counter[str]) -> list[_Line]:
        """Join a line cut in the middle of a sentence to the next one (see ``line_join`` in the YAML).

        A line ending in a connective or a comma is joined unless it looks like a headline on its own (short, no
        sentence boundary inside, not itself the result of a join) and the next line is a paragraph (ends in a
        sentence terminator): the outlets' "headline, (blank line,) paragraphs" layout and subheadings. An open
        bracket or a next line that cannot start a sentence joins regardless.
        """
        if len(lines) < 2:
            return lines
        boiler = [self.rules.line_kind(line.text) is not None for line in lines]  # once per line: stays linear
        out = [lines[0]]
        out_boiler = boiler[0]
        joined_last = False
        for line, is_boiler in zip(lines[1:], boiler[1:]):
            prev = out[-1]
            signal = None if out_boiler or is_boiler else self._continues(prev, line.text)
            if signal == "weak" and not joined_last:
                paragraph = line.text.rstrip(CLOSERS + " ")[-1:] in TERMINATORS
                if paragraph and self.looks_like_headline(prev.text, allow_question=True) and not self._opens_like_prose(prev.text):
                    signal = None
            if signal:
                out[-1] = _Line(prev.text + " " + line.text, prev.after_blank, line.open_end)
                removed["joined_line"] += 1
                joined_last = True
            else:
                out.append(line)
                out_boiler = is_boiler
                joined_last = False
        return out

    def _continues(self, line: _Line, nxt: str) -> str | None:
        """"strong" or "weak" when ``line`` is cut mid-sentence and ``nxt`` continues it, else None."""
        rules = self.rules
        prev = line.text
        if len(prev) + len(nxt) >= rules.join_max_chars:
            return None
        core = prev[-500:].rstrip(CLOSERS + " ")  # the end of the line is what matters: bounded work per join
        if not core or core[-1] in TERMINATORS or core[-1] in ":：ः-–—|" or nxt[0] in "-–—•|>":
            return None
        tail = prev[-rules.join_bracket_reach:]
        opened = tail.rfind("(")
        if opened >= 0 and ")" not in tail[opened:]:
            return "strong"
        first = nxt[:40].split(maxsplit=1)[0].casefold().strip(",")
        if first in rules.continues_before:
            return "strong"
        if prev[-1] in ",;":
            return "weak"
        raw_words = prev[-80:].split()
        last = raw_words[-1].strip("\"'“‘") if raw_words else ""
        words = [w.casefold() for w in raw_words[-3:]]
        if last and not (last.isupper() and len(last) > 1) and last.casefold() in rules.continues_after:
            # a connective cannot end a headline either; an acronym ("WHO") is a name, not the pronoun
            return None if " ".join(words[-2:]) in rules.final_pairs else "strong"
        if len(words) >= 2 and " ".join(words[-2:]) in rules.continues_after_pairs:
            return "weak"
        if len(words) >= 3 and " ".join(words[-3:]) in rules.continues_after_pairs:
            return "weak"
        if "a" <= nxt[0] <= "z" and last[-1:].isascii() and last[-1:].isalpha() and last[-1:].islower():
            return "weak"  # an English sentence cut: "... the" / "government said"
        if (
            line.open_end
            and last.casefold() not in rules.sentence_final
            and not LIST_ITEM_RE.match(nxt)
            and (self._opens_like_prose(prev) or self._has_sentence_boundary(LIST_ITEM_RE.sub("", core, count=1)))
        ):
            return "weak"  # a paragraph whose last sentence runs on after the break: "... जिनमें अभिनय करने वाले "
        return None

    def _opens_like_prose(self, text: str) -> bool:
        """The line opens like a continuation of the story ("हालांकि", "उन्होंने"): prose, never a headline."""
        first = text[:40].split(maxsplit=1)
        return bool(first) and first[0].strip(",\"'“‘").casefold() in self.rules.sentence_starters

    def _has_sentence_boundary(self, text: str) -> bool:
        """A sentence boundary inside ``text`` that is not the full stop of an abbreviation or initial."""
        for k, match in enumerate(INNER_BOUNDARY_RE.finditer(text)):
            if k >= 20:
                return True
            if match.group(0) != ".":
                return True
            found = WORD_END_RE.search(text, max(0, match.start() - 40), match.start())
            word = found.group(0) if found else ""
            if len(word) > 1 and word.casefold() not in self.rules.abbreviations and not word.isdigit():
                return True
        return False

    def _repair_punctuation(self, text: str, removed: Counter[str]) -> str:
        """"थी.पटना" -> "थी. पटना" and "है  ।" -> "है।" (see the module docstring for what is left alone)."""
        if " ।" in text or " ॥" in text:
            text, n = DANDA_SPACE_RE.subn("", text)
            removed["danda_space"] += n
        if GLUED_QUOTE_RE.search(text):
            text = self._repair_glued_quotes(text, removed)
        if not any(ch in text for ch in "।॥?!."):
            return text

        def fix(match: re.Match[str]) -> str:
            if self._glued_title(text, match):
                removed["glued_title"] += 1
                return match.group(0) + " "
            if self._glued_boundary(text, match):
                removed["glued_sentence"] += 1
                return match.group(0) + " "
            return match.group(0)

        return GLUED_RE.sub(fix, text)

    @staticmethod
    def _repair_glued_quotes(text: str, removed: Counter[str]) -> str:
        """A quotation mark glued between two Devanagari words, that closes a quotation opened earlier in its line or
        opens one closed later in it, gets a space on its outer side: "राहुल जीत गए'उत्तर प्रदेश विधानसभा में" (a
        closing quote glued to the next sentence) -> "गए' उत्तर". A straight mark closes when an odd number of the same
        mark comes before it in the line. Left alone: a mark with no partner in its line (Marathi writes a case ending
        after one: "अलिबाबा‘ची", "एसएमएस’द्वारे") and one after a one-letter word (the apostrophe of "ओ'ब्रायन")."""

        def fix(match: re.Match[str]) -> str:
            mark, at = match.group(0), match.start()
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line_end = len(text) if line_end < 0 else line_end
            word = WORD_END_RE.search(text, max(line_start, at - 40), at)
            if word is None or len(word.group(0)) < 2:
                return mark
            if mark in "'\"":
                closing = text.count(mark, line_start, at) % 2 == 1
                paired = closing or mark in text[at + 1 : line_end]
            else:
                closing = mark in "’”"
                partner = {"’": "‘", "”": "“", "‘": "’", "“": "”"}[mark]
                paired = partner in (text[line_start:at] if closing else text[at + 1 : line_end])
            if not paired:
                return mark
            removed["glued_quote"] += 1
            return mark + " " if closing else " " + mark

        return GLUED_QUOTE_RE.sub(fix, text)

    def _glued_title(self, text: str, match: re.Match[str]) -> bool:
        """"डॉ.एके झा", "Dr.Smith": a title's full stop (``title_abbreviations``) glued to the name. Not a sentence
        end, but the name is a word of its own: it gets a space (counted as ``glued_title``)."""
        start, end = match.start(), match.end()
        if match.group(1) != "." or start == 0 or end >= len(text) or not text[end].isalpha():
            return False
        found = WORD_END_RE.search(text, max(0, start - 40), start)
        word = found.group(0) if found else ""
        at = start - len(word)
        return bool(word) and word.casefold() in self.rules.title_abbreviations and (at == 0 or not text[at - 1].isalnum())

    def _glued_boundary(self, text: str, match: re.Match[str]) -> bool:
        start, end = match.start(), match.end()
        if start == 0 or text[start - 1].isspace():
            return False
        j = end
        while j < len(text) and text[j] in OPENERS:
            j += 1
        if j >= len(text):
            return False
        nxt = text[j]
        window = max(0, start - 100)
        left = text.rfind(" ", window, start) + 1 or window  # the token around the match, at most ~200 characters
        right = text.find(" ", j, j + 100)
        token = text[left : right if right >= 0 else j + 100]
        if "@" in token or "/" in token or "=" in token or "www" in token.casefold():
            return False  # e-mail address, URL, path, query string
        if match.group(1) != ".":
            return True
        prev = text[start - 1]
        if prev == ".":
            return False  # an ellipsis
        if prev.isdigit():  # "3.5", "10.30" stay; "था 2005.अब" is a boundary
            return bool(DEVANAGARI_RE.match(nxt)) and not nxt.isdigit()
        found = WORD_END_RE.search(text, max(0, start - 40), start)
        word = found.group(0) if found else ""
        if not word:
            return prev in CLOSERS
        if word.casefold() in self.rules.abbreviations:
            return False
        before = text[start - len(word) - 1] if start - len(word) - 1 >= 0 else " "
        if before == ".":
            return False  # the end of a chain of initials: "ए.के.शर्मा", "U.S.Army"
        if LATIN_RE.fullmatch(word):
            return len(word) > 1 and not ("a" <= nxt <= "z")  # "J.K.", "e.g.", "bbc.com" stay
        following = WORD_START_RE.match(text, j)
        if following and len(word) <= 4 and len(following.group(0)) <= 4 and text[following.end() : following.end() + 1] == ".":
            return False  # initials: "ए.के."
        return True

    def _without_promotion(self, line: _Line, removed: Counter[str]) -> _Line | None:
        """The line with its promotion sentences removed; None when nothing of it is left."""
        if self.rules.promotion is None:
            return line
        text = self._strip_promotion(line.text, removed)
        if text == line.text:
            return line
        text = self._normalise_line(text)
        return _Line(text, line.after_blank) if any(ch.isalnum() for ch in text) else None

    def _is_promotion(self, sentence: str) -> bool:
        core = sentence.strip(PROMO_STRIP)
        return 0 < len(core) <= self.rules.promotion_max_chars and self.rules.promotion.fullmatch(core) is not None  # type: ignore[union-attr]

    def _strip_promotion(self, text: str, removed: Counter[str]) -> str:
        if "(" in text:

            def paren(match: re.Match[str]) -> str:
                inner = match.group(1) if match.group(1) is not None else match.group(2)
                if any(self._is_promotion(s) for s in _sentences(inner)):
                    removed["promotion"] += 1
                    return " "
                return match.group(0)

            text = PAREN_RE.sub(paren, text)
        sentences = _sentences(text)
        kept = [s for s in sentences if not self._is_promotion(s)]
        if len(kept) != len(sentences):
            removed["promotion"] += len(sentences) - len(kept)
            return " ".join(kept)
        return text

    # -- line rules -----------------------------------------------------------------------------
    def looks_like_headline(self, line: str, *, allow_question: bool = False) -> bool:
        """No sentence terminator at the end or inside, and short."""
        if len(line) > self.rules.headline_max_chars or len(line.split()) > self.rules.headline_max_words:
            return False
        core = line.rstrip(CLOSERS + " ")
        if not core:
            return False
        if core[-1] in TERMINATORS and not (allow_question and core[-1] == "?"):
            return False
        inner = core[:-1] if allow_question and core.endswith("?") else core
        return not INNER_BOUNDARY_RE.search(inner)

    def _is_hashtag_line(self, line: str) -> bool:
        words = line.split()
        tags = [w for w in words if HASHTAG_RE.fullmatch(w.strip(",.;:"))]
        return len(tags) >= self.rules.hashtag_min_tags and len(tags) >= self.rules.hashtag_min_share * len(words)

    def _is_breadcrumb(self, line: str) -> bool:
        """Section names split by separators ("होम / देश / उत्तर प्रदेश"). A part with a comma or a sentence mark, or
        that is a number, is no section name (a count: "- धुलियागंज/फ्रीगंज/जीवनीमंडी, 20"; a date: "17/04/2020"), and a
        line opening with a list dash is a list item: both are news."""
        if line.lstrip().startswith(self.rules.breadcrumb_list_markers):
            return False
        parts = [p.strip() for p in self.rules.breadcrumb_re.split(line)]
        if len(parts) < 3 or any(not p or len(p.split()) > 4 for p in parts):
            return False
        if any(ch in self.rules.breadcrumb_punctuation for ch in line) or any(p.isdigit() for p in parts):
            return False
        return line.rstrip(CLOSERS)[-1:] not in TERMINATORS

    def _date_line(self, line: str) -> datetime | None | bool:
        """The time a metadata line states; True when it is a date line that cannot be parsed; None if prose."""
        if len(line) > 80 or not any(ch.isdigit() for ch in line):
            return None
        if ISO_STAMP_RE.fullmatch(line):
            return self._parse_date(line) or True
        rest = line
        prefixed = False
        for pattern in self.rules.date_prefix:
            match = pattern.match(line)
            if match and match.end() > 0:
                rest, prefixed = line[match.end():].strip(" :-|"), True
                break
        if not prefixed and (
            len(line.split()) > 8
            or not YEAR_RE.search(line)
            or not TIME_RE.search(line)
            or line.rstrip(CLOSERS)[-1:] in "।॥!?"  # a short sentence that mentions a time, not a date line
        ):
            return None
        if not rest or not YEAR_RE.search(rest) and not TIME_RE.search(rest):
            return None
        parsed = self._parse_date(rest)
        if parsed is None:  # "Updated: <garbled>" is still a metadata line; a longer line may be prose
            return True if prefixed and len(rest.split()) <= 6 else None
        return parsed

    def _date_inside(self, line: str) -> datetime | None:
        """The time after an "Updated:"-style label inside a boilerplate line (a byline with its time)."""
        if len(line) > 160:
            return None
        for pattern in self.rules.date_prefix:
            for match in pattern.finditer(line):
                if match.end() > match.start():
                    rest = line[match.end():].strip(" :-|")
                    if rest and YEAR_RE.search(rest):
                        return self._parse_date(rest)
        return None

    def load(self) -> "Cleaner":
        """Load the date parser and its language data now (``Pipeline.load``): the first article with a dateline
        would otherwise pay ~0.3 s for it."""
        self._parse_date("1 अप्रैल 2020, 10:30 AM")
        return self

    def _parse_date(self, value: str) -> datetime | None:
        value = IST_RE.sub(" +05:30", value).strip()
        try:
            stamp = datetime.fromisoformat(value.replace(" +05:30", "+05:30"))
        except ValueError:
            stamp = None
        if stamp is None:
            if self._dateparser is None:
                import dateparser

                self._dateparser = dateparser
            stamp = self._dateparser.parse(
                value,
                languages=self.rules.date_languages,
                settings={"TIMEZONE": str(self.rules.timezone), "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DATES_FROM": "past"},
            )
        if stamp is None:
            return None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=self.rules.timezone)

    def _line_rules(self, lines: list[_Line], removed: Counter[str]) -> tuple[list[_Line], datetime | None]:
        kept: list[_Line] = []
        seen: set[str] = set()
        published: datetime | None = None
        follow = 0  # headline-like lines still to drop after a read-more line (int) or a block header (-1: unbounded)
        for line in lines:
            kind = self.rules.line_kind(line.text)
            if kind is None:  # a whole boilerplate line counts as its kind; promotion sentences go from prose lines
                stripped = self._without_promotion(line, removed)
                if stripped is None:
                    continue
                line = stripped
            text = line.text
            if kind is None and self._is_hashtag_line(text):
                kind = "hashtags"
            if kind is None and self._is_breadcrumb(text):
                kind = "breadcrumb"
            if kind is None:
                stamp = self._date_line(text)
                if stamp is not None:
                    kind = "timestamp"
                    if isinstance(stamp, datetime) and published is None:
                        published = stamp
            if kind == "byline" and published is None:
                published = self._date_inside(text)
            if kind is not None:
                removed[kind] += 1
                if kind == "read_more":
                    follow = self.rules.read_more_follow_max if self._bare_label(text) else 0
                elif kind == "block_header":
                    follow = -1
                continue
            if follow and not line.after_blank or follow == -1:
                if self.looks_like_headline(text, allow_question=True):
                    removed["related_headline" if follow > 0 else "block_item"] += 1
                    follow = follow - 1 if follow > 0 else -1
                    continue
            follow = 0
            key = _key(text)
            if key in seen and len(key) >= 3:
                removed["duplicate_line"] += 1
                continue
            seen.add(key)
            kept.append(line)
        return kept, published

    @staticmethod
    def _bare_label(text: str) -> bool:
        """A read-more line with nothing after its label ("ये भी पढ़ें:") announces headlines on the next lines."""
        return len(text.split()) <= 4 and (text.rstrip().endswith((":", "：", "-", "|")) or len(text.split()) <= 3)

    def _split_glued_paragraphs(self, line: _Line, removed: Counter[str]) -> list[_Line]:
        """A subheading glued to its paragraph by a lost line break ("... का सरेंडरजब कांग्रेस ...") is split into two
        lines at the glued word: a word wordfreq does not know that is a known word (Zipf >= 3) or a word of people's
        names ("इशरत जहांउनका आरोप", "खन्नाउन्होंने") followed by one of ``glued_paragraph_starters``."""
        starters = self.rules.glued_starters
        if not starters or not DEVANAGARI_RE.search(line.text):
            return [line]
        from services.nlp.name_lexicon import NameLexicon
        from services.nlp.word_frequency import hindi_zipf

        parts: list[_Line] = []
        rest, after_blank = line.text, line.after_blank
        for match in _DEVANAGARI_TOKEN.finditer(line.text):
            word = match.group()
            starter = next((s for s in starters if word.endswith(s) and len(word) > len(s) + 2), None)
            if starter is None or hindi_zipf(word) > 0:
                continue
            head = word[: -len(starter)]
            if hindi_zipf(head) < 3.0 and not NameLexicon.default().is_name_token(head):
                continue
            before = line.text[: match.start()]
            if before.count("(") > before.count(")"):
                continue  # inside brackets: one sentence ("(... हमें फ़ेसबुकऔर ट्विटर पर फ़ॉलो कर सकते हैं.)")
            cut = match.end() - len(starter) - (len(line.text) - len(rest))
            if cut <= 0:
                continue
            parts.append(_Line(rest[:cut].rstrip(), after_blank))
            rest, after_blank = rest[cut:], False
            removed["glued_paragraph"] += 1
        return [*parts, _Line(rest, after_blank)] if parts else [line]

    def _strip_dateline_credit(self, line: _Line, removed: Counter[str]) -> _Line:
        """"जींद, जेएनएन । कोरोना ..." -> "जींद: कोरोना ..." (``dateline_credit`` rules; the place stays), and a
        dateline set off by a dash or slash gets a colon ("बीजिंग - रिलायन्स ..." -> "बीजिंग: रिलायन्स ...", "पटना /
        Coronavirus ...") so that the place and the first name of the story are never read as one name."""
        dash = _DATELINE_DASH.match(line.text)
        if dash is not None and not any(w.lower() in self.rules.stopwords for w in dash.group("place").split()):
            removed["dateline_dash"] += 1
            line = _Line(f"{dash.group('place')}: {line.text[dash.end():]}", line.after_blank)
        pattern = self.rules.dateline_credit
        match = pattern.match(line.text) if pattern is not None else None
        if match is None or match.end() >= len(line.text):
            return line
        place = match.group("place") if match.group("place") is not None else match.group("after")
        words = place.split()
        if len(words) > 4 or any(w.lower() in self.rules.stopwords for w in words):  # "मंत्री ने कहा, भाषा ।" is prose
            return line
        removed["dateline_credit"] += 1
        return _Line(f"{place}: {line.text[match.end():]}", line.after_blank)

    def _strip_photo_credit(self, line: _Line, removed: Counter[str]) -> _Line:
        """"प्रयागराज में नवजात को भी मास्क लगाया गया - फोटो : पीटीआई" -> the caption without its credit."""
        pattern = self.rules.photo_credit
        match = pattern.search(line.text) if pattern is not None and len(line.text) <= 1000 else None
        if match is None or match.start() == 0:
            return line
        removed["photo_credit"] += 1
        return _Line(line.text[: match.start()].rstrip(), line.after_blank, line.open_end)

    def _strip_kicker(self, line: _Line, removed: Counter[str], depth: int = 0) -> _Line:
        """A kicker at the start of the line, or right after its dateline ("लखनऊ: Lucknow Coronavirus News Update: ...",
        "नई दिल्ली । See Photos Lockdown In India: ..."): the dateline stays. Two kickers in a row ("बड़ी खबर / Breaking
        News: ...") both go."""
        dateline = _DATELINE_PREFIX.match(line.text)
        if dateline is not None and any(w.lower() in self.rules.stopwords for w in dateline.group("place").split()):
            dateline = None
        for start in (0, dateline.end()) if dateline is not None else (0,):
            text = line.text[start:]
            end = next((m.end() for p in self.rules.kicker if (m := p.match(text)) and m.end() < len(text)), None)
            if end is None:
                match = LATIN_KICKER_RE.match(text)
                end = match.end() if match and DEVANAGARI_RE.search(text, match.end()) else None
            if end is not None:
                removed["kicker"] += 1
                stripped = _Line(line.text[:start] + text[end:].lstrip(), line.after_blank)
                return self._strip_kicker(stripped, removed, depth + 1) if depth < 2 else stripped
        return line

    # -- title and related headlines ------------------------------------------------------------
    def _title(self, lines: list[_Line], given: str | None, removed: Counter[str]) -> tuple[str | None, list[_Line]]:
        if not lines:
            return given, lines
        first = lines[0].text
        title = given
        if title is None and len(lines) > 1 and self.looks_like_headline(first, allow_question=True):
            title = first
        if title is None:
            return None, lines
        # The title repeated as the first body sentence: keep one copy (the body's).
        key = _key(title)
        if _key(first) == key and len(lines) > 1 and _key(lines[1].text).startswith(key):
            removed["title_duplicate"] += 1
            return title, lines[1:]
        return title, lines

    def _tokens(self, text: str) -> list[str]:
        return [t for t in WORD_RE.findall(text.casefold()) if t not in self.rules.stopwords and not t.isdigit()]

    def _drop_related_headlines(self, lines: list[_Line], *, has_title: bool, removed: Counter[str]) -> list[_Line]:
        start = 1 if has_title else 0
        candidates = [
            i for i in range(start, len(lines))
            if len(lines[i].text.split()) >= self.rules.related_min_words
            and self.looks_like_headline(lines[i].text)
            and not lines[i].text.rstrip(CLOSERS + " ").endswith((":", "：", "-", "—"))
            and lines[i].text.split()[0].strip(",\"'“‘").casefold() not in self.rules.sentence_starters
            and not self._labelled_list(lines[i].text)
        ]
        if not candidates:
            return lines
        cset = set(candidates)
        vocab: set[str] = set()
        for i, line in enumerate(lines):
            if i not in cset and not (i == 0 and has_title):
                vocab.update(self._tokens(line.text))
        if not vocab:
            return lines
        prefixes = {t[:n] for t in vocab for n in range(self.rules.min_prefix, len(t) + 1)}
        drop: set[int] = set()
        for i in candidates:
            tokens = self._tokens(lines[i].text)
            if not tokens:
                continue
            novel = sum(1 for t in tokens if not self._known(t, vocab, prefixes))
            if novel / len(tokens) >= self.rules.related_min_novelty:
                drop.add(i)
        removed["related_headline"] += len(drop)
        return [line for i, line in enumerate(lines) if i not in drop]

    def _labelled_list(self, text: str) -> bool:
        """A label, a colon and a list ("ऑरेंज जोन : नालंदा, कैमूर, सीवान, ... और पूर्णिया"): the story's own content
        (districts by zone, players of a squad), not a related story's headline, however new its words. A list has
        ``related_headline.list_min_items`` items or more, nearly all of ``list_item_max_words`` words or fewer."""
        label, colon, rest = text.partition(":")
        if not colon or not label.strip() or len(label.split()) > self.rules.list_item_max_words:
            return False
        items = [i for i in self.rules.list_joiners.split(rest) if i.strip()]
        short = sum(1 for i in items if len(i.split()) <= self.rules.list_item_max_words)
        return len(items) >= self.rules.list_min_items and short >= 0.8 * len(items)

    def _known(self, token: str, vocab: set[str], prefixes: set[str]) -> bool:
        if token in vocab or (len(token) >= self.rules.min_prefix and token in prefixes):
            return True
        return any(token[:n] in vocab for n in range(max(self.rules.min_prefix, len(token) - 2), len(token)))


def _key(text: str) -> str:
    """Comparison key of a line: its words only (Devanagari vowel signs are not ``\\w`` in ``re``)."""
    return "".join(WORD_RE.findall(text.casefold()))


def _sentences(text: str) -> list[str]:
    """A line cut after each space-separated token that ends in sentence punctuation (before closing quotes)."""
    out: list[str] = []
    current: list[str] = []
    for token in text.split():
        current.append(token)
        if token.rstrip(CLOSERS)[-1:] in TERMINATORS:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out
