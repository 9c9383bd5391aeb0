"""Every knob in one place: read from the environment with the ``SAMACHAR_`` prefix."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime configuration. ``SAMACHAR_BOOTSTRAP_SERVERS=kafka:9092`` etc."""

    model_config = SettingsConfigDict(env_prefix="SAMACHAR_", env_file=None, extra="ignore")

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (tests build their own ``Settings(...)`` instead)."""
    return Settings()
