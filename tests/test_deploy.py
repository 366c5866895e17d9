"""The deployment files stay in step with the code: every setting is documented, and the
container and unit files point at real paths and settings."""

from __future__ import annotations

import re

import yaml

from newsbot.config import Settings
from tests.conftest import REPO

DEPLOY = REPO / "deploy"


def documented_settings() -> set[str]:
    return set(re.findall(r"\bNEWSBOT_([A-Z0-9_]+)=", (DEPLOY / ".env.example").read_text()))


def test_env_example_documents_every_setting() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    assert fields - documented_settings() == set()


def test_env_example_names_only_real_settings() -> None:
    fields = {name.upper() for name in Settings.model_fields} | {"DOMAIN"}  # DOMAIN: for Caddy
    assert documented_settings() - fields == set()


def test_env_example_values_are_valid() -> None:
    values = dict(
        re.findall(r"^(NEWSBOT_[A-Z0-9_]+)=(.+)$", (DEPLOY / ".env.example").read_text(), re.M)
    )
    settings = Settings(
        _env_file=None, **{k.removeprefix("NEWSBOT_").lower(): v for k, v in values.items()}
    )  # type: ignore[call-arg]
    assert settings.top_k == 3


def test_dockerfile_runs_as_non_root_with_volumes_and_healthcheck() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert text.count("FROM ") >= 2  # multi-stage
    assert "uv sync --locked" in text
    assert re.search(r"^USER 10001:10001$", text, re.M)  # numeric: resolvable on any host
    assert 'VOLUME ["/data/corpus", "/data/index", "/data/state"]' in text
    assert "HEALTHCHECK" in text and "/healthz" in text


def test_systemd_unit_is_hardened_and_restarts() -> None:
    text = (DEPLOY / "newsbot.service").read_text()
    for line in (
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "Restart=on-failure",
    ):
        assert line in text


def test_compose_file_wires_the_bot_and_the_optional_proxy() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    bot = compose["services"]["newsbot"]
    assert bot["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert "../corpus:/data/corpus:ro" in bot["volumes"]
    assert {"newsbot-index", "newsbot-state"} <= set(compose["volumes"])
    proxy = compose["services"]["caddy"]
    assert proxy["profiles"] == ["webhook"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "reverse_proxy newsbot:8443" in (DEPLOY / "Caddyfile").read_text()
