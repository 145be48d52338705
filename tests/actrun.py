"""Run .github/workflows/*.yml unmodified under act, offline but for the package index.

Jobs run in the runner image of docker/build-runner.sh; the actions that need
github.com are replaced by the stand-ins of tests/act/actions, which write to a
host folder mounted at /act-outbox in every job container; the host's index and
certificate settings go in with --env-file. See tests/act/actions/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
STAND_INS = ROOT / "tests" / "act" / "actions"
OUTBOX = "/act-outbox"
ORIGIN = "https://github.com/tfmatrix/tfmatrix.git"  # any OWNER/REPO: act wants a GitHub-shaped origin
TOOL_CACHE = "act-toolcache"  # act's volume at /opt/hostedtoolcache, kept across runs unless removed
# What a job writes by the gigabyte (TensorFlow environments, nox's, the uv and pip caches) goes to
# a host folder per run: act allows a job's container one minute to be removed, which a container
# holding an environment overruns on a busy disk, failing the run. Each run starts from empty ones.
SCRATCH = (".tfmatrix", ".nox")
BIN = Path(sys.executable).parent

# Certificate bundles: passed on, and mounted read-only where they lie on the host.
CERTIFICATES = (
    "SSL_CERT_FILE", "SSL_CERT_DIR", "PIP_CERT", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
    "NODE_EXTRA_CA_CERTS", "GIT_SSL_CAINFO",
)  # fmt: skip
INDEXES = (
    "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "PIP_DEFAULT_TIMEOUT",
    "UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_DEFAULT_INDEX", "UV_INDEX", "UV_NATIVE_TLS",
    "UV_HTTP_TIMEOUT", "NPM_CONFIG_REGISTRY", "npm_config_registry",
)  # fmt: skip
# pip's configuration files, as uv and pip in the jobs would read them from the environment.
PIP_CONFIG = {
    "index-url": ("PIP_INDEX_URL", "UV_DEFAULT_INDEX"),
    "extra-index-url": ("PIP_EXTRA_INDEX_URL", "UV_INDEX"),
    "trusted-host": ("PIP_TRUSTED_HOST",),
    "cert": ("PIP_CERT",),
}


def pip_config() -> dict[str, str]:
    """The host's pip settings from its configuration files (/etc/pip.conf, /etc/xdg/pip, the user's)."""
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, env={**os.environ}
    ).stdout
    found = {}
    for line in listed.splitlines():
        match = re.fullmatch(r"(global|install|download)\.([\w-]+)='(.*)'", line.strip())
        if match and match[2] in PIP_CONFIG:
            found.update(dict.fromkeys(PIP_CONFIG[match[2]], match[3]))
    return found


def portable(name: str, value: str) -> str | None:
    """The value as a job container can use it: host-only places (file:// indexes) are left out."""
    if name in CERTIFICATES:
        return value if Path(value).exists() else None
    if "INDEX" in name or "REGISTRY" in name.upper():
        urls = [url for url in value.split() if re.match(r"https?://", url)]
        return " ".join(urls) or None
    return value


def host_settings() -> dict[str, str]:
    """Index and certificate settings of this host, its environment over its pip configuration."""
    wanted = {
        **pip_config(),
        **{name: os.environ[name] for name in CERTIFICATES + INDEXES if name in os.environ},
    }
    usable = {name: portable(name, value) for name, value in wanted.items()}
    return {name: value for name, value in sorted(usable.items()) if value is not None}


def mounts(settings: dict[str, str]) -> list[str]:
    """The certificate files and folders the settings name, mounted read-only where the host has them."""
    paths = sorted({settings[name] for name in CERTIFICATES if name in settings})
    return [f"-v {path}:{path}:ro" for path in paths]


def stand_ins() -> dict[str, Path]:
    """`OWNER/REPO@REF` of every action the workflows use, but checkout, to its stand-in folder."""
    found = {}
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for uses in (step["uses"] for step in job.get("steps", []) if "uses" in step):
                if not uses.startswith("actions/checkout@"):
                    found[uses] = STAND_INS / uses.split("@")[0].split("/")[1]
    return found


def runner_image() -> str:
    """The runner image's tag, built by docker/build-runner.sh unless it exists."""
    result = subprocess.run([ROOT / "docker" / "build-runner.sh"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"no runner image for act: {result.stderr.strip()}")
    return result.stdout.strip()


def checkout(target: Path) -> Path:
    """A repository holding this working tree (tracked and new files, not ignored ones) as its one commit."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q", "-b", "main")
    git(target, "remote", "add", "origin", ORIGIN)
    commit(target, "The week's checkout")
    return target


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=tfmatrix", "-c", "user.email=tfmatrix@localhost", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True).stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@dataclass
class Run:
    """What one act invocation did: its exit code, each job's result, seconds, steps' seconds and outputs."""

    returncode: int
    log: list[dict]
    outbox: Path
    results: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    steps: dict[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        times: dict[str, list[datetime]] = {}
        for entry in self.log:
            job = entry.get("jobID")
            if job is None:
                continue
            times.setdefault(job, []).append(datetime.fromisoformat(entry["time"].replace("Z", "+00:00")))
            if "jobResult" in entry:
                self.results[job] = entry["jobResult"]
            if entry.get("stage") == "Main" and "executionTime" in entry and "stepResult" in entry:
                self.steps[job, entry["step"]] = entry["executionTime"] / 1e9
            if entry.get("command") == "set-output":
                self.outputs.setdefault(job, {})[entry["name"]] = entry["arg"]
        self.seconds = {job: (max(seen) - min(seen)).total_seconds() for job, seen in times.items()}

    def text(self) -> str:
        """The log as act prints it, for an assertion's message."""
        return "\n".join(f"[{entry.get('jobID', '')}] {entry.get('msg', '')}" for entry in self.log)


def act(
    repo: Path, workflow: str, event: str, outbox: Path, *options: str, payload: dict | None = None
) -> Run:
    """Run one workflow of `repo` under act for `event`, with a cold tool cache; `options` narrow it."""
    image = runner_image()
    subprocess.run(["docker", "volume", "rm", "-f", TOOL_CACHE], capture_output=True)
    settings = host_settings()
    env_file = outbox.parent / f"{outbox.name}.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in settings.items()))
    event_file = outbox.parent / f"{outbox.name}.event.json"
    event_file.write_text(json.dumps(payload or {}))
    outbox.mkdir(parents=True, exist_ok=True)
    scratch = outbox.parent / f"{outbox.name}.scratch"
    container = " ".join(
        [
            f"-v {outbox}:{OUTBOX}",
            *mounts(settings),
            *(f"-v {scratch / name}:{repo / name}" for name in SCRATCH),
            f"-v {scratch / 'cache'}:/root/.cache",
        ]
    )
    replaced = [
        arg for uses, folder in stand_ins().items() for arg in ("--local-repository", f"{uses}={folder}")
    ]
    command = [
        str(BIN / "act"), event, "-W", f".github/workflows/{workflow}", "--eventpath", str(event_file),
        "-P", f"ubuntu-24.04={image}", "--pull=false", "--env-file", str(env_file),
        "--container-options", container, "--container-daemon-socket", "-", "--no-cache-server",
        "--json", *replaced, *options,
    ]  # fmt: skip
    try:
        result = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    finally:
        # Gigabytes of small files: removed while the tests go on, which need none of them.
        subprocess.Popen(["rm", "-rf", str(scratch)], start_new_session=True)
    log = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.stderr.strip():
        log.append({"msg": result.stderr})
    return Run(result.returncode, log, outbox)
