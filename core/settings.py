"""Paru's settings: one pydantic-settings class, read from the environment (and an optional ``.env`` file).

Every setting has an embedded default so ``paru serve`` runs on a fresh machine; production sets the secrets.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.files import private_file, write_private_once

#: The channels the office counts questions on; office counts (the baseline) name one of these.
DEFAULT_CHANNELS = ("line", "facebook", "website", "phone", "walk_in")
#: Where the district publishes its clips: a clip link must be on one of these hosts (or a subdomain).
DEFAULT_CLIP_HOSTS = (
    "tiktok.com",
    "vt.tiktok.com",
    "facebook.com",
    "fb.watch",
    "youtube.com",
    "youtu.be",
    "bangkok.go.th",
)
#: Where citizens' manuals are published: Thai government sites.
DEFAULT_MANUAL_HOSTS = ("go.th",)


class Settings(BaseSettings):
    """All of Paru's configuration. Environment variables are the field names upper-cased (see ``env`` aliases)."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore", populate_by_name=True)

    data_dir: Path = Field(
        default=Path("data"),
        alias="PARU_DATA_DIR",
        description="Folder for the embedded SQLite database and the generated secret key.",
    )
    database_url: str = Field(
        default="",
        alias="PARU_DATABASE_URL",
        description="SQLAlchemy URL; empty means SQLite at DATA_DIR/paru.sqlite3. PostgreSQL: postgresql+psycopg://...",
    )
    secret_key: str = Field(
        default="",
        alias="PARU_SECRET_KEY",
        description="Key of the HMAC that pseudonymises LINE user ids; empty means a key generated once into DATA_DIR.",
    )
    retention_days: int = Field(
        default=90,
        alias="PARU_RETENTION_DAYS",
        ge=1,
        description="Message texts older than this are blanked by `paru purge`; counts are kept.",
    )
    catalogue_poll_seconds: float = Field(
        default=2.0,
        alias="PARU_CATALOGUE_POLL_SECONDS",
        gt=0,
        description="How often a worker checks whether staff changed the catalogue.",
    )
    channels: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_CHANNELS,
        alias="PARU_CHANNELS",
        description="The channels office counts may name, comma-separated (line,facebook,website,phone,walk_in).",
    )
    clip_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_CLIP_HOSTS,
        alias="PARU_CLIP_HOSTS",
        description="Hosts a clip link may point to (a host or its subdomains), comma-separated.",
    )
    manual_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_MANUAL_HOSTS,
        alias="PARU_MANUAL_HOSTS",
        description="Hosts a manual link may point to, comma-separated.",
    )
    agencies_file: Path | None = Field(
        default=None,
        alias="PARU_AGENCIES_FILE",
        description="A JSON file of the other agencies (the shape of catalogue/data/intents.json: _agencies, "
        "_traffy) to use instead of the shipped one.",
    )
    link_check_hours: float = Field(
        default=24.0,
        alias="PARU_LINK_CHECK_HOURS",
        ge=0,
        description="How often the server checks every clip and manual link (0: only when staff ask).",
    )
    office_name: str = Field(default="สำนักงานเขตบางนา", alias="PARU_OFFICE_NAME")
    office_phone: str = Field(default="02 398 0007", alias="PARU_OFFICE_PHONE")
    office_hours: str = Field(default="จันทร์–ศุกร์ 08:30–16:30 น. (เว้นวันหยุดราชการ)", alias="PARU_OFFICE_HOURS")
    office_address: str = Field(
        default="เลขที่ 888 ถนนสรรพาวุธ แขวงบางนาเหนือ เขตบางนา กรุงเทพมหานคร 10260", alias="PARU_OFFICE_ADDRESS"
    )
    office_name_en: str = Field(default="Bang Na District Office", alias="PARU_OFFICE_NAME_EN")
    office_hours_en: str = Field(
        default="Mon–Fri 08:30–16:30 (closed on public holidays)", alias="PARU_OFFICE_HOURS_EN"
    )
    office_address_en: str = Field(
        default="888 Sanphawut Road, Bang Na Nuea, Bang Na, Bangkok 10260", alias="PARU_OFFICE_ADDRESS_EN"
    )
    line_channel_secret: str = Field(default="", alias="LINE_CHANNEL_SECRET")
    line_channel_access_token: str = Field(default="", alias="LINE_CHANNEL_ACCESS_TOKEN")
    line_api_base_url: str = Field(default="https://api.line.me", alias="LINE_API_BASE_URL")
    line_channel_secret_previous: str = Field(
        default="",
        alias="LINE_CHANNEL_SECRET_PREVIOUS",
        description="While a reissued channel secret rolls out, webhooks signed with the old one are still accepted.",
    )
    line_timeout_seconds: float = Field(default=10.0, alias="LINE_TIMEOUT_SECONDS", gt=0)
    self_url: str = Field(
        default="http://127.0.0.1:8000",
        alias="PARU_SELF_URL",
        description="How the server reaches itself; in demo mode the LINE client talks to the built-in fake here.",
    )
    demo_on_network: bool = Field(
        default=False,
        alias="PARU_DEMO_ON_NETWORK",
        description="Allow demo mode (simulator, fake LINE API) on an address other machines can reach.",
    )
    metrics_public: bool = Field(
        default=False,
        alias="PARU_METRICS_PUBLIC",
        description="Serve /metrics to any client; by default only to the same machine (127.0.0.1, ::1).",
    )
    webhook_store_timeout_seconds: float = Field(
        default=1.5,
        alias="PARU_WEBHOOK_STORE_TIMEOUT_SECONDS",
        gt=0,
        lt=2,
        description="How long a webhook waits for the database before answering 503 (LINE waits 2 s, then redelivers).",
    )
    database_statement_timeout_seconds: float = Field(
        default=5.0,
        alias="PARU_DATABASE_STATEMENT_TIMEOUT_SECONDS",
        gt=0,
        description="PostgreSQL statement_timeout of the webhook's writes, so a stalled database fails fast.",
    )

    @property
    def demo_mode(self) -> bool:
        """No LINE credentials: serve the simulator and a built-in fake of LINE's API."""
        return not (self.line_channel_secret and self.line_channel_access_token)

    @model_validator(mode="after")
    def _whole_line_configuration(self) -> Settings:
        # Half a configuration must not fall back to demo mode without a word (the simulator would then sign any
        # body with a secret anyone can read).
        if bool(self.line_channel_secret) != bool(self.line_channel_access_token):
            given, missing = (
                ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN")
                if self.line_channel_secret
                else ("LINE_CHANNEL_ACCESS_TOKEN", "LINE_CHANNEL_SECRET")
            )
            raise ValueError(
                f"{given} is set but {missing} is not: set both to go live on LINE, or neither for demo mode"
            )
        return self

    @field_validator("channels", "clip_hosts", "manual_hosts", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = [c for c in (part.strip().lower() for part in value.split(",")) if c]
        if not value:
            raise ValueError("give at least one value")
        return value

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_url(cls, value: str) -> str:
        # Hosting panels hand out postgres:// URLs; SQLAlchemy wants the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    def resolved_database_url(self) -> str:
        """The database URL to use: the configured one, or the embedded SQLite file under the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'paru.sqlite3').resolve()}"

    def resolved_secret_key(self) -> bytes:
        """The HMAC key: the configured one, or one generated once into the data folder, created with mode 0600 in
        a folder of mode 0700 (never readable by others, not even for a moment)."""
        if self.secret_key:
            return self.secret_key.encode("utf-8")
        path = self.data_dir / "secret.key"
        if not write_private_once(path, secrets.token_hex(32)):
            private_file(path)  # an older install may have left it wider
        return path.read_text(encoding="utf-8").strip().encode("utf-8")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
