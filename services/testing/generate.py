"""Deterministic synthetic articles for reliability tests and the soak: seed sentences recombined, plus bad inputs.

Each generated record has an explicit id (in the JSON envelope and as the Kafka key), so accounting never depends
on content hashes colliding or not. A share of records is deliberately bad (empty, binary, invalid UTF-8, broken
envelope, oversized) and must come out on the DLQ, never be lost.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
_SENTENCE_END = re.compile(r"(?<=[।?!.])\s+")

# Kinds of bad record and the (stage, error_type) the worker must dead-letter them with.
BAD_KINDS: dict[str, tuple[str, str]] = {
    "empty": ("decode", "EmptyPayload"),
    "whitespace": ("decode", "EmptyPayload"),
    "binary": ("decode", "BinaryPayload"),
    "invalid-utf8": ("decode", "InvalidUtf8"),
    "bad-envelope": ("validate", "InvalidEnvelope"),
    "oversized": ("decode", "PayloadTooLarge"),
}


@dataclass(frozen=True, slots=True)
class GenRecord:
    """One record for ``articles.raw``: key (= article id), value bytes, and the dead-letter it must cause if bad."""

    key: str
    value: bytes | None  # None: a tombstone (no value at all)
    bad: str | None = None  # a BAD_KINDS key, or None for a good article

    @property
    def expected_dlq(self) -> tuple[str, str] | None:
        return BAD_KINDS[self.bad] if self.bad else None


def seed_sentences(seeds: Path = SEEDS) -> list[str]:
    """Sentences of the seed articles (Hindi with some English), at least a few words each."""
    sentences: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sent in _SENTENCE_END.split(line.strip()):
                sent = sent.strip()
                # hashtag lines are boilerplate the cleaner removes (an article of only those is EmptyAfterCleaning)
                if len(sent.split()) >= 4 and "http" not in sent and "#" not in sent:
                    sentences.append(sent)
    if not sentences:
        raise FileNotFoundError(f"no seed sentences under {seeds}")
    return sentences


def _bad_value(kind: str, rng: random.Random, max_article_bytes: int) -> bytes:
    if kind == "empty":
        return b""
    if kind == "whitespace":
        return b" \n\t " * rng.randint(1, 8)
    if kind == "binary":
        # valid UTF-8 but control characters and NULs (a struct, a protobuf): invalid UTF-8 is its own kind
        return bytes(rng.choice(b"\x00\x01\x02\x03\x10\x1f ABC") for _ in range(rng.randint(64, 512)))
    if kind == "invalid-utf8":
        return "भारत ".encode() + b"\xff\xfe\xc3\x28 broken"
    if kind == "bad-envelope":
        return json.dumps(rng.choice([{"text": 42}, {"title": "no body"}, {"text": None, "html": None}])).encode()
    if kind == "oversized":
        return b"a" * (max_article_bytes + 1)
    raise ValueError(kind)


def generate(
    count: int,
    *,
    seed: int = 0,
    min_sentences: int = 1,
    max_sentences: int = 3,
    bad_share: float = 0.0,
    bad_kinds: tuple[str, ...] = tuple(BAD_KINDS),
    max_article_bytes: int = 2 * 1024 * 1024,
    prefix: str = "gen",
    long_share: float = 0.0,
    long_sentences: tuple[int, int] = (20, 60),
) -> Iterator[GenRecord]:
    """``count`` records, ``bad_share`` of them bad (kinds cycled) and ``long_share`` of the good ones long
    (``long_sentences`` sentences, the size of a real article); the same arguments give the same records."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    bad_count = 0
    for n in range(count):
        key = f"{prefix}-{seed}-{n:07d}"
        if bad_share and rng.random() < bad_share:
            kind = bad_kinds[bad_count % len(bad_kinds)]
            bad_count += 1
            yield GenRecord(key, _bad_value(kind, rng, max_article_bytes), bad=kind)
            continue
        if long_share and rng.random() < long_share:
            k = rng.randint(*long_sentences)
        else:
            k = rng.randint(min_sentences, max_sentences)
        text = " ".join(rng.choice(sentences) for _ in range(k))
        envelope = {"id": key, "text": text, "source": "soak.example", "url": f"https://soak.example/{key}"}
        yield GenRecord(key, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))
