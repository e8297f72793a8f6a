"""The deployment files: docker-compose.yml, Dockerfile, .env.example and the docker/ helpers.

No Docker engine runs in the test environment, so these tests read the files and check that
they hold together: the five services of the contract, healthchecks, the uploads volume, no
secret in the repository, and commands that name modules and management commands that exist.
"""

import importlib
import importlib.util
import re
import shlex
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.db import OperationalError, connections

import knowledgebase.search
from supportdesk import gunicorn_hooks

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
DOCKERFILE = (ROOT / "Dockerfile").read_text()
REQUIRED = re.compile(r"^\$\{(?P<name>[A-Z_][A-Z0-9_]*):\?[^}]+\}$")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|(^|_)KEY$")


def load_healthcheck():
    spec = importlib.util.spec_from_file_location("docker_healthcheck", ROOT / "docker" / "healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def environment(service: str) -> dict:
    env = SERVICES[service].get("environment", {})
    assert isinstance(env, dict), f"{service}: environment should be a mapping"
    return env


def mounts(service: str) -> dict[str, str]:
    """target path -> named volume, for the short "volume:/path" syntax the file uses."""
    result = {}
    for entry in SERVICES[service].get("volumes", []):
        source, target = entry.split(":")[:2]
        result[target] = source
    return result


def command_words(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def shell_commands(service: str) -> list[list[str]]:
    """A command, or each command chained with && inside `sh -c "..."`."""
    words = command_words(service)
    if words[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in words[2].split("&&")]
    return [words]


# --- services, dependencies, healthchecks -------------------------------------------------------


def test_compose_has_the_five_services_of_the_contract():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(SERVICES)
    assert SERVICES["postgres"]["image"] == "postgres:15"
    assert SERVICES["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("service", ["postgres", "redis", "web", "worker"])
def test_long_running_services_have_a_healthcheck(service):
    check = SERVICES[service]["healthcheck"]
    assert not check.get("disable")
    assert check["test"][0] in ("CMD", "CMD-SHELL")


def test_web_healthcheck_probes_healthz_through_the_script_in_the_image():
    assert SERVICES["web"]["healthcheck"]["test"] == ["CMD", "python", "docker/healthcheck.py"]
    assert "/healthz/" in (ROOT / "docker" / "healthcheck.py").read_text()
    assert "HEALTHCHECK" in DOCKERFILE and "docker/healthcheck.py" in DOCKERFILE


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_healthy_servers_and_the_migration(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["redis"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    if service != "beat":
        assert depends["postgres"]["condition"] == "service_healthy"


def test_migrate_runs_once_and_loads_the_reference_data():
    migrate = SERVICES["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert [words[2:4] for words in shell_commands("migrate")] == [
        ["migrate", "--noinput"],
        ["load_reference_data"],
    ]


# --- volumes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["web", "worker"])
def test_uploads_volume_is_mounted_at_media_root(service):
    media_root = environment(service)["MEDIA_ROOT"]
    assert mounts(service)[media_root] == "media"
    assert "media" in COMPOSE["volumes"]


def test_image_and_compose_agree_on_media_root():
    assert f"MEDIA_ROOT={environment('web')['MEDIA_ROOT']}" in DOCKERFILE


def test_beat_keeps_its_schedule_in_a_named_volume():
    schedule = next(word.split("=", 1)[1] for word in command_words("beat") if word.startswith("--schedule="))
    volume_paths = mounts("beat")
    mounted_at = next(path for path in volume_paths if schedule.startswith(path + "/"))
    assert volume_paths[mounted_at] in COMPOSE["volumes"]


def test_postgres_and_redis_keep_their_data_in_named_volumes():
    assert mounts("postgres")["/var/lib/postgresql/data"] in COMPOSE["volumes"]
    assert mounts("redis")["/data"] in COMPOSE["volumes"]


# --- settings and secrets -----------------------------------------------------------------------


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_run_with_production_settings(service):
    env = environment(service)
    assert env["DJANGO_DEBUG"] == "false"
    assert REQUIRED.match(env["DJANGO_SECRET_KEY"]).group("name") == "DJANGO_SECRET_KEY"
    assert REQUIRED.match(env["DJANGO_ALLOWED_HOSTS"])
    assert "DJANGO_SECURE_SSL_REDIRECT" in env
    assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert any(entry["path"] == ".env" for entry in SERVICES[service]["env_file"])


def _all_environment_values():
    for name, service in SERVICES.items():
        for key, value in service.get("environment", {}).items():
            yield name, key, str(value)


def test_no_secret_value_is_written_in_the_compose_file():
    for service, key, value in _all_environment_values():
        if SECRET_NAME.search(key):
            assert REQUIRED.match(value), f"{service}.{key} must come from .env as ${{{key}:?...}}, not {value!r}"
        # A password inside a URL must be interpolated too.
        for password in re.findall(r"://(?:\$\{[^}]*\}|[^:/@$]+):(\$\{[^}]*\}|[^@]+)@", value):
            assert REQUIRED.match(password), f"{service}.{key} holds a literal password"


def test_env_example_lists_every_required_variable_without_a_value():
    example = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            example[key] = value
    raw = (ROOT / "docker-compose.yml").read_text()
    required = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*):\?", raw))
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "POSTGRES_PASSWORD"} <= required
    for name in required:
        assert name in example, f"{name} is missing from .env.example"
    for name, value in example.items():
        if SECRET_NAME.search(name):
            assert value == "", f".env.example must leave {name} empty, not a usable value"


def test_env_file_is_never_committed_nor_copied_into_the_image():
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()


# --- the image ----------------------------------------------------------------------------------


def test_dockerfile_builds_on_python_311_slim_and_runs_as_a_non_root_user():
    assert re.findall(r"^FROM (\S+)", DOCKERFILE, re.M) == ["python:3.11-slim", "python:3.11-slim"]
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")


def test_dockerfile_installs_runtime_requirements_only():
    installs = re.findall(r"pip install (.+)", DOCKERFILE)
    assert installs == ["-r requirements.txt"]
    assert "requirements-dev" not in DOCKERFILE


def test_dockerfile_compiles_messages_and_collects_static_with_a_build_only_secret():
    assert "gettext" in DOCKERFILE
    assert "manage.py compilemessages" in DOCKERFILE
    assert "manage.py collectstatic --noinput" in DOCKERFILE
    # The throw-away key is given on the RUN command line, never as ENV or ARG baked into the image.
    env_and_args = "\n".join(re.findall(r"^(?:ENV|ARG)\b.*(?:\n[ \t]+.*)*", DOCKERFILE, re.M))
    assert "DJANGO_SECRET_KEY" not in env_and_args
    assert "DJANGO_DEBUG=false" in env_and_args  # the runtime default is production


def test_dockerfile_default_command_is_gunicorn_with_the_config_that_exists():
    cmd = re.findall(r"^CMD (.+)$", DOCKERFILE, re.M)[-1]
    assert cmd == '["gunicorn", "--config", "docker/gunicorn.conf.py", "supportdesk.wsgi"]'
    assert command_words("web") == ["gunicorn", "--config", "docker/gunicorn.conf.py", "supportdesk.wsgi"]


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    ignored = set((ROOT / ".dockerignore").read_text().splitlines())
    assert {".git", ".venv", "var", ".env"} <= ignored


# --- every command names something that exists ----------------------------------------------


def _check_command(words: list[str]) -> None:
    program = words[0]
    if program == "gunicorn":
        config = words[words.index("--config") + 1]
        assert (ROOT / config).is_file(), config
        assert importlib.util.find_spec(words[-1]) is not None, words[-1]
    elif program == "celery":
        app = words[words.index("-A") + 1]
        module = importlib.import_module(f"{app}.celery")
        assert module.app.main == app
        assert words[words.index("-A") + 2] in ("worker", "beat", "inspect")
    elif program == "python" and words[1] == "manage.py":
        assert words[2] in get_commands(), f"no management command {words[2]!r}"
    elif program == "python":
        assert (ROOT / words[1]).is_file(), words[1]
    elif program in ("redis-server", "redis-cli", "pg_isready"):
        pass  # shipped in the official images
    else:
        pytest.fail(f"unexpected program {program!r} in {words}")


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_command_refers_to_things_that_exist(service):
    if "command" in SERVICES[service]:
        for words in shell_commands(service):
            _check_command(words)
    test = SERVICES[service].get("healthcheck", {}).get("test")
    if test and test[0] == "CMD":
        _check_command(test[1:])
    elif test and test[0] == "CMD-SHELL":
        _check_command(shlex.split(test[1]))


def test_gunicorn_config_file_loads_with_gthread_workers(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "5")
    namespace: dict = {}
    exec(compile((ROOT / "docker" / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    assert namespace["bind"] == "0.0.0.0:8000"
    assert (namespace["worker_class"], namespace["workers"], namespace["threads"]) == ("gthread", 3, 5)
    assert namespace["control_socket_disable"] is True
    assert namespace["post_worker_init"] is gunicorn_hooks.post_worker_init


class _Worker:
    def __init__(self):
        self.log = self
        self.lines: list[tuple[str, str]] = []

    def info(self, message, *args):
        self.lines.append(("info", message % args))

    def exception(self, message, *args):
        self.lines.append(("exception", message % args))


@pytest.mark.django_db
def test_a_worker_builds_the_search_caches_before_serving(kb_content, monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the hook's; not inside the test's transaction
    worker = _Worker()
    gunicorn_hooks.post_worker_init(worker)
    [(level, line)] = worker.lines
    assert level == "info" and "worker warmed up (URL conf, knowledgebase)" in line


def test_a_worker_that_cannot_build_them_still_serves(monkeypatch):
    def unavailable():
        raise OperationalError("database unavailable")

    monkeypatch.setattr(knowledgebase.search, "warm_caches", unavailable)
    worker = _Worker()
    gunicorn_hooks.post_worker_init(worker)  # logged, not raised: the first searches build them instead
    assert [level for level, _ in worker.lines] == ["exception"]


# --- the health check script --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [
        ("support.example.com,www.example.com", "support.example.com"),
        (" .example.com ", "example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_healthcheck_names_a_host_django_allows(allowed, expected):
    assert load_healthcheck().allowed_host(allowed) == expected


@pytest.fixture
def fake_web():
    """A stand-in gunicorn that records the request and answers with a chosen status."""
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        status = 200

        def do_GET(self):
            seen.update(path=self.path, host=self.headers["Host"], proto=self.headers["X-Forwarded-Proto"])
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, Handler, seen
    server.shutdown()
    server.server_close()


def test_healthcheck_passes_on_200_and_fails_otherwise(fake_web):
    server, handler, seen = fake_web
    healthcheck = load_healthcheck()
    port = server.server_address[1]
    assert healthcheck.check(port, "support.example.com") == (True, "/healthz/ answered 200")
    assert seen == {"path": "/healthz/", "host": "support.example.com", "proto": "https"}
    handler.status = 301
    assert healthcheck.check(port, "support.example.com")[0] is False


def test_healthcheck_fails_when_nothing_listens():
    from tests.servers import free_port

    ok, message = load_healthcheck().check(free_port(), "localhost", timeout=1)
    assert not ok and "no answer" in message


def test_healthcheck_request_passes_production_host_and_https_checks(client, settings):
    """What the script sends gets a 200 from Django with SSL redirect on and a strict host list."""
    settings.ALLOWED_HOSTS = ["support.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    host = load_healthcheck().allowed_host("support.example.com")
    assert client.get("/healthz/", headers={"Host": host, "X-Forwarded-Proto": "https"}).status_code == 200
    # Without the headers the same request would not be healthy: the test above is not vacuous.
    assert client.get("/healthz/", headers={"Host": host}).status_code == 301


def test_web_trusts_the_one_tls_proxy_in_front_of_it_for_client_addresses():
    # Throttles and sign-in limits count per client address: behind the proxy, that is the hop it
    # adds to X-Forwarded-For; without the setting every client would share the proxy's address.
    assert environment("web")["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
