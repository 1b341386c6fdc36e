"""docker-compose.yml, Dockerfile and .dockerignore: the production stack's promises, read from the files.

Docker cannot run where the suite runs, so these tests read the files as compose and nginx will: the YAML as written
(before interpolation, so every secret must still be a `${NAME:?...}` reference), the nginx config and the store's
identities from their inline `configs:`, and the app's own settings (queues, upload limits) from Django, so that a
change there that the stack does not follow fails here. When a Docker Compose v2 binary is on PATH, the last test
also has compose itself validate and interpolate the file. No database, no network: this file is part of `make lint`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]

APP_SERVICES = ("web", "worker", "worker-urgent", "beat")
ONE_SHOT = {"migrate"}
STORE, PROXY = "s3", "proxy"
SECRETS = ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "CURATION_S3_ACCESS_KEY", "CURATION_S3_SECRET_KEY")

# `${NAME:?message}`: compose refuses to start, naming NAME, when it is unset or empty.
REQUIRED = re.compile(r"^\$\{(?P<name>[A-Z][A-Z0-9_]*):\?[^}]+\}$")
SECRET_NAME = re.compile(r"(SECRET|PASSWORD|PASSWD|TOKEN|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL)", re.IGNORECASE)
FLAG = {"0", "1", "true", "false", "yes", "no", "on", "off"}


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: str(value) for key, value in env.items()}


def command(service: dict) -> list[str]:
    value = service.get("command") or []
    return shlex.split(value) if isinstance(value, str) else [str(part) for part in value]


def option(args: list[str], *names: str) -> str | None:
    """The value of `--name=value`, `--name value` or `-n value` in a command line."""
    for index, arg in enumerate(args):
        for name in names:
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
            if arg == name and index + 1 < len(args):
                return args[index + 1]
    return None


def nginx_conf() -> str:
    """The proxy's config as nginx reads it: compose turns `$$` into `$`."""
    return COMPOSE["configs"]["proxy-conf"]["content"].replace("$$", "$")


def nginx_directive(block: str, name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", block, re.MULTILINE)


def nginx_location(conf: str, spec: str) -> str:
    """The body of `location <spec> { ... }` (nested braces included)."""
    start = conf.index(f"location {spec} {{") + len(f"location {spec} {{")
    depth, index = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(conf[index], 0)
        index += 1
    return conf[start : index - 1]


def megabytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value.strip()).groups()
    return int(number) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[unit.lower()] // (1 << 20)


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value.strip()).groups()
    return int(number) * (60 if unit == "m" else 1)


def gunicorn_options(args: list[str]) -> dict[str, str]:
    return {
        "worker_class": option(args, "--worker-class", "-k") or "sync",
        "threads": option(args, "--threads") or "1",
        "timeout": option(args, "--timeout", "-t") or "30",
    }


def dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    cmd = [line for line in text.splitlines() if line.startswith("CMD ")][-1]
    return json.loads(cmd[len("CMD ") :])


# --- The services -----------------------------------------------------------------------------------------------------


def test_compose_names_every_service_and_reuses_one_image():
    assert {*APP_SERVICES, *ONE_SHOT, "postgres", "redis", STORE, PROXY} <= set(SERVICES)
    images = {SERVICES[name].get("image") for name in (*APP_SERVICES, *ONE_SHOT)}
    assert len(images) == 1 and None not in images
    assert "gunicorn" in command(SERVICES["web"])
    assert (ROOT / "Dockerfile").exists()
    for name in (*APP_SERVICES, *ONE_SHOT):
        env = environment(SERVICES[name])
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert env["S3_BUCKET"]


def test_every_image_is_pinned_to_a_tag_that_is_not_latest():
    for name, service in SERVICES.items():
        image = service.get("image")
        assert image, f"{name} names no image"
        repository, _, digest = image.partition("@")
        last = repository.rsplit("/", 1)[-1]
        assert ":" in last or digest, f"{name}: {image} has no tag"
        tag = last.split(":", 1)[1] if ":" in last else ""
        assert tag != "latest", f"{name}: {image} floats on latest"
        # MinIO's Docker Hub repositories (and Bitnami's copies) no longer serve images.
        assert not re.match(r"^(docker\.io/)?(minio|bitnami)/minio", repository), f"{name}: {image} cannot be pulled"
    for base in re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE):
        assert re.search(r":(?!latest$)[\w.-]+$", base.split("@")[0]), f"the Dockerfile's base {base} is not pinned"


def test_every_service_has_a_restart_policy():
    for name, service in SERVICES.items():
        policy = str(service.get("restart", ""))
        if name in ONE_SHOT:
            assert policy == "no" or policy.startswith("on-failure"), f"{name} runs once: {policy!r}"
        else:
            assert policy in ("always", "unless-stopped"), f"{name} is not restarted: {policy!r}"


def test_the_key_services_have_healthchecks():
    for name in ("web", "postgres", "redis", STORE, PROXY):
        check = SERVICES[name].get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
    # The app's own answer: 200 ok or degraded, 503 only without the database.
    assert reverse("healthz") in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "redis-cli ping" in " ".join(SERVICES["redis"]["healthcheck"]["test"])
    # The store is healthy only while it enforces its identities: an anonymous read outside public/ is refused.
    assert "= 403" in " ".join(SERVICES[STORE]["healthcheck"]["test"])


def test_services_start_when_what_they_need_is_healthy():
    wanted = {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        STORE: "service_healthy",
        "migrate": "service_completed_successfully",
    }
    for name in APP_SERVICES:
        depends = SERVICES[name]["depends_on"]
        assert {dep: depends[dep]["condition"] for dep in wanted} == wanted, name
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    proxy = SERVICES[PROXY]["depends_on"]
    assert proxy["web"]["condition"] == proxy[STORE]["condition"] == "service_healthy"


# --- Secrets ----------------------------------------------------------------------------------------------------------


def _strings(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, str(index)))
    elif node is not None:
        yield path, str(node)


def test_no_secret_is_written_in_the_file():
    for name, service in SERVICES.items():
        for key, value in environment(service).items():
            if SECRET_NAME.search(key) and value.lower() not in FLAG:
                assert REQUIRED.match(value), f"{name}.{key} must be a required ${{...:?...}} reference: {value!r}"
    # Passwords inside URLs, anywhere in the file.
    for path, value in _strings(COMPOSE):
        for password in re.findall(r"://[^/\s:@]+:(\$\{[^}]*\}|[^@\s/]+)@", value):
            assert REQUIRED.match(password), f"{'.'.join(path)}: a password in a URL must be a required reference"
    # No secret has a default to fall back to, and every one is required somewhere.
    text = (ROOT / "docker-compose.yml").read_text()
    defaulted = re.findall(r"\$\{([A-Z0-9_]+):?[-=]", text)
    assert not [name for name in defaulted if SECRET_NAME.search(name)], defaulted
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", text))
    assert set(SECRETS) <= required
    # Nor in the example env file: it names them, empty.
    lines = (ROOT / ".env.example").read_text().splitlines()
    example = dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line))
    assert {name: example.get(name) for name in SECRETS} == dict.fromkeys(SECRETS, "")


def test_the_store_grants_the_app_its_bucket_and_visitors_public_reads_only():
    identities = json.loads(COMPOSE["configs"]["s3-identities"]["content"])["identities"]
    bucket = environment(SERVICES["web"])["S3_BUCKET"]
    by_name = {identity["name"]: identity for identity in identities}
    assert set(by_name) == {"curation-app", "anonymous"}
    for identity in identities:
        # No administrator: nobody can create buckets, or change policies or ACLs, over S3.
        assert not [action for action in identity["actions"] if action.split(":")[0] == "Admin"], identity["name"]
        assert all(":" in action for action in identity["actions"]), f"{identity['name']}: an action for all buckets"
        for credential in identity.get("credentials", []):
            assert REQUIRED.match(credential["accessKey"]) and REQUIRED.match(credential["secretKey"])
    assert {action.split(":", 1)[1] for action in by_name["curation-app"]["actions"]} == {bucket}
    assert "credentials" not in by_name["anonymous"]
    assert by_name["anonymous"]["actions"] == [f"Read:{bucket}/public/*"]
    # The store makes an administrator of AWS_* variables in its own environment (SeaweedFS): none there.
    assert not [key for key in environment(SERVICES[STORE]) if key.startswith(("AWS_", "MINIO_"))]
    app_env = environment(SERVICES["web"])
    credentials = by_name["curation-app"]["credentials"][0]
    assert app_env["AWS_ACCESS_KEY_ID"] == credentials["accessKey"]
    assert app_env["AWS_SECRET_ACCESS_KEY"] == credentials["secretKey"]


def test_only_the_proxy_publishes_a_port():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {PROXY}
    assert not SERVICES[STORE].get("ports")


# --- The proxy, the store and the browser -----------------------------------------------------------------------------


def test_browsers_reach_the_store_through_the_proxy_for_images_only():
    env = environment(SERVICES["web"])
    bucket = env["S3_BUCKET"]
    assert env["S3_ENDPOINT_URL"].startswith(f"http://{STORE}:")
    for key in ("S3_BROWSER_ENDPOINT_URL", "S3_RENDITIONS_DOMAIN"):
        assert f"{STORE}:" not in env[key], f"{key} names the store's internal address"
    assert env["S3_RENDITIONS_DOMAIN"].endswith(f"/{bucket}")
    # No page of the app lives under the bucket's path, which the proxy gives to the store.
    with pytest.raises(Resolver404):
        resolve(f"/{bucket}/public/ab/x.webp")
    conf = nginx_conf()
    store = nginx_location(conf, f"/{bucket}/")
    assert "limit_except GET" in store
    assert f"^/{bucket}/(public|renditions)/" in store, "only the public copies and signed renditions pass"
    assert "private" not in store
    assert re.search(r'proxy_set_header\s+Cookie\s+""', store)
    port = env["S3_ENDPOINT_URL"].rsplit(":", 1)[1]
    assert f"http://{STORE}:{port}" in conf


def test_the_proxy_buffers_uploads_and_matches_the_apps_limits():
    conf = nginx_conf()
    server = conf[conf.index("server {") :]
    assert nginx_directive(server, "proxy_request_buffering") in ([], ["on"])
    assert "proxy_request_buffering off" not in conf
    # One photo per request from the upload page; the no-JavaScript form posts up to DATA_UPLOAD_MAX_NUMBER_FILES.
    photo_mb = settings.CURATION_MAX_UPLOAD_BYTES // (1 << 20)
    default_limit = megabytes(nginx_directive(server, "client_max_body_size")[0])
    assert photo_mb < default_limit < 2 * photo_mb
    form = nginx_location(conf, "= " + reverse("curation:upload"))
    form_limit = megabytes(nginx_directive(form, "client_max_body_size")[0])
    assert form_limit >= settings.DATA_UPLOAD_MAX_NUMBER_FILES * photo_mb
    # The app answers a request within gunicorn's timeout; nginx waits as long, no longer.
    web = gunicorn_options(command(SERVICES["web"]))
    assert seconds(nginx_directive(server, "proxy_read_timeout")[0]) == int(web["timeout"])


def test_the_proxy_overwrites_the_forwarded_address_the_app_trusts():
    conf = nginx_conf()
    assert "$proxy_add_x_forwarded_for" not in conf
    forwarded = re.findall(r"proxy_set_header\s+X-Forwarded-For\s+([^;]+);", conf)
    assert forwarded and set(forwarded) == {"$remote_addr"}
    assert re.findall(r"proxy_set_header\s+X-Forwarded-Proto\s+([^;]+);", conf)
    assert environment(SERVICES["web"])["CURATION_TRUST_X_FORWARDED_FOR"] == "1"


def test_nginx_variables_are_escaped_from_compose():
    """A lone `$name` in the file is compose's interpolation of an unset variable: nginx would get an empty string."""
    for config in COMPOSE["configs"].values():
        rest = config["content"].replace("$$", "")
        assert not re.findall(r"\$(?!\{[A-Z][A-Z0-9_]*:[?-])", rest), "write nginx's variables as $$name"


# --- Processes --------------------------------------------------------------------------------------------------------


def test_gunicorn_runs_threads_with_the_readmes_timeout():
    web = gunicorn_options(command(SERVICES["web"]))
    image = gunicorn_options(dockerfile_cmd())
    assert web == image, "the Dockerfile's CMD and compose's web differ"
    # Threads, so a slow client or a long upload does not take a whole worker process; 180 s, the README's bound.
    assert web["worker_class"] == "gthread" and int(web["threads"]) > 1
    assert int(web["timeout"]) >= 180


def test_every_queue_the_app_routes_to_is_consumed():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}
    consumed: dict[str, list[str]] = {}
    for name, service in SERVICES.items():
        args = command(service)
        if args[:1] == ["celery"] and "worker" in args:
            queues = option(args, "--queues", "-Q")
            assert queues, f"{name} reads Celery's default queue, which nothing is routed to"
            consumed[name] = queues.split(",")
    assert routed <= {queue for queues in consumed.values() for queue in queues}, (routed, consumed)
    # The main worker reads every queue in the app's order of urgency; a second one reads the urgent queue alone.
    assert consumed["worker"] == settings.CELERY_WORKER_QUEUES.split(",")
    assert consumed["worker-urgent"] == ["urgent"]
    assert option(command(SERVICES["worker-urgent"]), "--concurrency", "-c") == "1"


def test_beat_keeps_its_schedule_on_a_named_volume():
    args = command(SERVICES["beat"])
    schedule = option(args, "--schedule", "-s")
    assert schedule, "beat's schedule file would be lost with its container"
    named = set(COMPOSE.get("volumes") or {})
    mounts = [mount.split(":") for mount in SERVICES["beat"].get("volumes", []) if isinstance(mount, str)]
    assert any(source in named and schedule.startswith(target.rstrip("/") + "/") for source, target, *_ in mounts)
    # Exactly one beat: two would send every periodic task twice.
    assert [name for name, service in SERVICES.items() if "beat" in command(service)[:4]] == ["beat"]


def test_dockerignore_keeps_history_the_virtualenv_private_files_and_secrets_out():
    entries = {
        line.strip().strip("/").removeprefix("**/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "!"))
    }
    assert {".git", ".venv", "var", ".env"} <= entries


# --- Compose itself, where it is installed ----------------------------------------------------------------------------


def _compose() -> list[str] | None:
    candidates = [["docker", "compose"], ["docker-compose"]]
    for candidate in candidates:
        found = shutil.which(candidate[0])
        if not found:
            continue
        candidate = [found, *candidate[1:]]
        try:
            version = subprocess.run([*candidate, "version"], capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if version.returncode == 0 and re.search(r"version v?2\.", version.stdout):
            return candidate
    return None


def test_compose_validates_the_file_and_stops_without_the_secrets(tmp_path):
    compose = _compose()
    if compose is None:
        pytest.skip("no Docker Compose v2 on PATH (the engine is not needed: `config` reads the file only)")
    env_file = tmp_path / "env"
    env_file.write_text("".join(f"{name}=0123456789abcdef{index}\n" for index, name in enumerate(SECRETS)))
    base = [*compose, "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml")]
    # Only what compose needs to run: a secret exported in this shell must not stand in for the env file's.
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "DOCKER_CONFIG") if key in os.environ}
    check = [*base, "--env-file", str(env_file), "config", "-q"]
    ok = subprocess.run(check, capture_output=True, text=True, env=clean, timeout=60)
    assert ok.returncode == 0, ok.stderr
    # Without DJANGO_SECRET_KEY compose stops, naming it.
    env_file.write_text("".join(line + "\n" for line in env_file.read_text().splitlines()[1:]))
    missing = subprocess.run(check, capture_output=True, text=True, env=clean, timeout=60)
    assert missing.returncode != 0 and SECRETS[0] in missing.stderr
