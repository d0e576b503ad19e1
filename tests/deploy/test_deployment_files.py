"""The deployment files hold together (issue 21): Dockerfile, compose.yaml, the lock file, the systemd
unit and the proxy recipes. These run everywhere; ``test_compose_up.py`` runs the real thing where a
Docker daemon is available."""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT
from tests.server_thread import ServerThread


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def final_stage() -> list[tuple[str, str]]:
    steps = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[last_from:]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_image_runs_as_a_non_root_user_with_a_healthcheck_on_healthz() -> None:
    stage = final_stage()
    users = [args for word, args in stage if word == "USER"]
    assert users, "the final stage sets a USER"
    assert users[-1].split(":")[0] not in ("root", "0")
    [healthcheck] = [args for word, args in stage if word == "HEALTHCHECK"]
    assert "/healthz" in healthcheck and "--interval=" in healthcheck
    assert [args for word, args in stage if word == "EXPOSE"] == ["3978"]
    assert dict(stage).get("ENTRYPOINT") == '["samverkan"]' and dict(stage).get("CMD") == '["serve"]'


def test_image_installs_only_the_locked_hashed_set_and_copies_what_exists() -> None:
    runs = " ".join(args for word, args in dockerfile_instructions() if word == "RUN")
    assert re.search(r"pip install --require-hashes --no-deps [^&]*-r /tmp/requirements\.lock", runs)
    assert "pip install ." not in runs and "pyproject" not in runs  # nothing resolved at build time
    for word, args in dockerfile_instructions():
        if word == "COPY" and not args.startswith("--from"):
            *sources, _target = args.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".env", "*.db", "tests"} <= set(ignored)
    assert "requirements.lock" not in ignored and "bot" not in ignored


def test_the_images_healthcheck_command_follows_the_database(services) -> None:  # type: ignore[no-untyped-def]
    """The HEALTHCHECK's own command, run against a real server: 0 while the database answers, 1 after."""
    from bot.server import build_app
    from storage.db import make_engine, make_session_factory

    [healthcheck] = [args for word, args in final_stage() if word == "HEALTHCHECK"]
    command = json.loads(healthcheck.split(" CMD ", 1)[1])
    assert command[0] == "python"
    with ServerThread(build_app(services=services)) as server:
        env = {**os.environ, "SAMVERKAN_PORT": server.url.rsplit(":", 1)[1]}
        healthy = subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True, timeout=30)
        services.sessions = make_session_factory(make_engine("postgresql://samverkan@127.0.0.1:1/borta"))
        down = subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True, timeout=30)
    assert healthy.returncode == 0, healthy.stderr
    assert down.returncode == 1 and b"503" in down.stderr


def test_compose_starts_postgres_migrates_once_then_serves() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "migrate", "bot"}
    db, migrate, bot = services["db"], services["migrate"], services["bot"]
    assert db["image"].startswith("postgres:") and "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert migrate["command"] == ["db", "upgrade"]
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert bot["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    for service in (migrate, bot):
        assert service["build"] == "." and service["image"] == migrate["image"]
        url = service["environment"]["SAMVERKAN_DATABASE_URL"]
        assert re.fullmatch(r"postgresql://samverkan:\$\{POSTGRES_PASSWORD:-samverkan\}@db:5432/samverkan", url)
    assert "/healthz" in " ".join(bot["healthcheck"]["test"]) and bot["healthcheck"]["test"][0] == "CMD"
    assert bot["ports"] == ["127.0.0.1:3978:3978"]  # TLS is the proxy's: the bot is not on a public interface
    assert "ports" not in db  # PostgreSQL only on the compose network
    assert bot["volumes"] == ["botdata:/var/lib/samverkan"] and set(compose()["volumes"]) == {"pgdata", "botdata"}


def test_lock_pins_every_runtime_dependency_within_its_range_with_hashes() -> None:
    """Fails when pyproject.toml gained or changed a dependency and `make lock` was not run."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = {canonicalize_name(name): version for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.M)}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{requirement.name}=={pins[name]} is outside {requirement.specifier}: run `make lock`")
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", lock, flags=re.M)[1:]
    assert all("--hash=sha256:" in block for block in blocks)
    assert not {"pytest", "ruff", "uv", "hypothesis", "playwright"} & set(pins), "test tools stay out of the image"


def test_systemd_unit_runs_one_replica_per_port_as_an_unprivileged_user() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((ROOT / "deploy" / "samverkan@.service").read_text(encoding="utf-8"))
    service = unit["Service"]
    assert service["User"] == "samverkan" and service["NoNewPrivileges"] == "yes"
    assert shlex.split(service["ExecStart"])[-1] == "serve"
    assert "SAMVERKAN_PORT=%i" in service["Environment"] and "SAMVERKAN_HOST=127.0.0.1" in service["Environment"]
    assert "db upgrade" not in service.get("ExecStartPre", "")  # replicas never race to migrate
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_proxy_recipes_balance_replicas_and_keep_tokens_and_metrics_private() -> None:
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s*server 127\.0\.0\.1:\d+", nginx, re.M)) >= 2
    assert "proxy_set_header X-Request-Id $request_id;" in nginx
    log_format = re.search(r"log_format samverkan (.*?);", nginx, re.S).group(1)  # type: ignore[union-attr]
    assert "$uri" in log_format and "$request " not in log_format and "$args" not in log_format
    assert re.search(r"location = /metrics \{[^}]*return 404;", nginx)
    haproxy = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    assert "option httpchk GET /healthz" in haproxy and "http-check expect status 200" in haproxy
    assert haproxy.count(" check") >= 2 and "%HPO" in haproxy  # path only in the log
    docs = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for name in ("deploy/nginx.conf", "deploy/haproxy.cfg", "deploy/samverkan@.service", "docker compose up",
                 "samverkan db backup", "samverkan db restore", "/healthz", "/metrics"):
        assert name in docs, name
    assert "docs/operations.md" in (ROOT / "README.md").read_text(encoding="utf-8")
