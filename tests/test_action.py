"""The GitHub Action (``action.yml``), its steps run for real as a runner would run them.

A composite action is a list of steps; this test reads them from ``action.yml`` and runs each ``run:`` step
with bash, as GitHub's runner does (``bash --noprofile --norc -eo pipefail``), after substituting its
``${{ ... }}`` expressions: the action's inputs (defaults from ``action.yml``, overridden per test), the
outputs earlier steps wrote to ``$GITHUB_OUTPUT``, ``github.action_path``. The one ``uses:`` step
(actions/setup-python) is played by this interpreter. The install step pip-installs a copy of this checkout
into a fresh virtual environment, offline (``tests/checkout.py``); the scan step then annotates and writes
SARIF exactly as it would on a pull request.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from tests.checkout import REPO, copy_working_tree, offline_pip_env

yaml = pytest.importorskip("yaml", reason="PyYAML (pre-commit's dependency) reads action.yml")

BAD = (
    "from google import genai\n\nclient = genai.Client()\n"
    'client.models.generate_content(model="gemini-3.8-flsh", contents="x")\n'
)
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


@pytest.fixture(scope="module")
def action_path(tmp_path_factory) -> Path:
    """A copy of this checkout: what ``uses: OWNER/gemlint@REF`` checks out as ``github.action_path``."""
    return copy_working_tree(tmp_path_factory.mktemp("action"))


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory) -> Path:
    """``$RUNNER_TEMP``, shared by the module's runs: the install step's venv is made once per test run."""
    return tmp_path_factory.mktemp("runner-temp")


def run_action(
    action_path: Path,
    runner_temp: Path,
    workspace: Path,
    done: Optional[Dict[str, Dict[str, str]]] = None,
    **given: str,
) -> Tuple[List[Tuple[str, int, str]], Dict[str, Dict[str, str]]]:
    """Run the action's steps in ``workspace``, but for those whose outputs ``done`` already holds (run once, by an
    earlier call); returns (step name, exit code, output) of each step run (after a failure, only the steps whose
    ``if:`` says ``always()``), and the steps' outputs."""
    action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    inputs.update(given)
    outputs: Dict[str, Dict[str, str]] = dict(done or {})

    def value(expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs":
            return inputs[parts[1]]
        if parts[0] == "steps" and parts[2] == "outputs":
            return outputs[parts[1]][parts[3]]
        if expression == "github.action_path":
            return str(action_path)
        raise AssertionError(f"an expression this test does not know: {expression}")

    def substitute(text: str) -> str:
        return EXPRESSION.sub(lambda m: value(m.group(1)), text)

    ran = []
    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {index}")
        if step.get("id") in (done or {}):
            continue
        if not condition(step.get("if", ""), value, ran):
            continue  # its if: is false, or an earlier step failed and it does not say always()
        if "uses" in step:
            if step["uses"].startswith("actions/setup-python@"):
                outputs[step["id"]] = {"python-path": sys.executable}
            else:
                found = play_cache(step, substitute, runner_temp / "actions-cache", workspace)
                if "id" in step:
                    outputs[step["id"]] = found
            continue
        output_file = runner_temp / f"output-{index}"
        output_file.write_text("", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMLINT_", "GITHUB_"))}
        env.update(offline_pip_env())
        env.update({key: substitute(str(val)) for key, val in (step.get("env") or {}).items()})
        env.update(RUNNER_TEMP=str(runner_temp), GITHUB_OUTPUT=str(output_file), GITHUB_WORKSPACE=str(workspace))
        env.update(GEMLINT_TODAY="2026-12-01")
        assert step["shell"] == "bash"
        cwd = workspace / substitute(step.get("working-directory", "."))
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", substitute(step["run"])],
            cwd=str(cwd),
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        ran.append((name, proc.returncode, proc.stdout + proc.stderr))
        if "id" in step:
            pairs = [line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines() if line]
            outputs[step["id"]] = dict(pairs)
    return ran, outputs


def condition(text: str, value, ran) -> bool:
    """A step's ``if:`` as this action writes them: ``always()``, ``X == 'v'``, ``X != 'v'``, joined by ``&&``;
    without ``always()``, an earlier failed step skips it (GitHub's implied ``success()``)."""
    terms = [t.strip() for t in text.split("&&") if t.strip()]
    if "always()" not in terms and any(code != 0 for _, code, _ in ran):
        return False
    for term in terms:
        if term == "always()":
            continue
        m = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term)
        assert m, f"a condition this test does not know: {term}"
        try:
            got = value(m.group(1))
        except KeyError:  # the output of a step that did not run
            got = ""
        if (got == m.group(3)) != (m.group(2) == "=="):
            return False
    return True


def play_cache(step: dict, substitute, store: Path, workspace: Path) -> Dict[str, str]:
    """actions/cache/restore and /save, played with a folder per key under ``store``: restore copies the entry
    whose key matches, else the newest whose key starts with ``restore-keys``; save copies the paths (globs
    relative to the workspace, as the real action reads them) into a new entry."""
    import glob
    import shutil

    kind = step["uses"].split("@")[0]
    given = {k: substitute(str(v)) for k, v in step["with"].items()}
    key = given["key"]
    if kind == "actions/cache/save":
        entry = store / key
        if entry.exists():
            return {}  # a key is written once
        for pattern in filter(None, (p.strip() for p in given["path"].splitlines())):
            absolute = pattern if os.path.isabs(pattern) else str(workspace / pattern)
            for found in glob.glob(absolute, recursive=True):
                target = entry / Path(found).relative_to("/")
                shutil.copytree(found, target) if os.path.isdir(found) else shutil.copy2(found, target)
        entry.mkdir(parents=True, exist_ok=True)
        return {}
    assert kind == "actions/cache/restore", kind
    hit = store / key
    if not hit.is_dir():
        prefix = given.get("restore-keys", "")
        candidates = sorted(
            (p for p in store.glob("*") if prefix and p.name.startswith(prefix)), key=lambda p: p.stat().st_mtime
        ) if store.is_dir() else []
        if not candidates:
            return {"cache-hit": "false"}
        chosen = candidates[-1]
    else:
        chosen = hit
    for item in chosen.rglob("*"):
        if item.is_file():
            target = Path("/") / item.relative_to(chosen)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, target)
    return {"cache-hit": "true" if chosen == hit else "false", "cache-matched-key": chosen.name}


@pytest.fixture(scope="module")
def installed(action_path, runner_temp, tmp_path_factory) -> Dict[str, Dict[str, str]]:
    """The whole action run once, on a project with a bad name, asking for SARIF: what every test checks first.

    Installing (a virtual environment with pip, then gemlint) is most of an action run; the other runs reuse
    this one's installation and run the scan step only."""
    workspace = tmp_path_factory.mktemp("workspace")
    (workspace / "svc").mkdir()
    (workspace / "svc" / "app.py").write_text(BAD, encoding="utf-8")
    (workspace / "svc" / "pyproject.toml").write_text("[tool.gemlint]\n", encoding="utf-8")
    ran, outputs = run_action(
        action_path, runner_temp, workspace, **{"working-directory": "svc", "sarif-file": "out.sarif"}
    )
    return {"ran": ran, "outputs": outputs, "workspace": workspace}  # type: ignore[dict-item]


def test_the_action_annotates_the_pull_request_and_writes_sarif(installed):
    (_, installed_code, shown), (_, key_code, _), (_, status, annotations) = installed["ran"]
    assert key_code == 0
    assert installed_code == 0 and re.search(r"gemlint, version \d", shown), shown
    assert Path(installed["outputs"]["install"]["gemlint"]).is_file()
    assert status == 1, annotations  # findings fail the step (and the job)
    assert "::error file=app.py,line=4,endLine=4,col=39,endColumn=54,title=gemlint GL001::" in annotations
    sarif = json.loads((installed["workspace"] / "svc" / "out.sarif").read_text(encoding="utf-8"))
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "GL001"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"


def test_the_action_passes_clean_code_and_forwards_args_and_paths(installed, action_path, runner_temp, tmp_path):
    done = {k: v for k, v in installed["outputs"].items() if k in ("python", "install")}
    (tmp_path / "app.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "ok.py").write_text(BAD.replace("flsh", "flash"), encoding="utf-8")
    (*_, (_, status, out)), _ = run_action(action_path, runner_temp, tmp_path, done)
    assert status == 1 and "::error file=app.py," in out and "ok.py" not in out, out
    # args reach gemlint scan: selecting another rule leaves the unknown name unreported
    (*_, (_, status, out)), _ = run_action(action_path, runner_temp, tmp_path, done, args="--select GL002")
    assert status == 0 and "::error" not in out, out
    # paths reach it too: only the clean file
    (*_, (_, status, out)), _ = run_action(action_path, runner_temp, tmp_path, done, paths="ok.py")
    assert status == 0 and "::error" not in out and "::warning" not in out, out
    assert not (tmp_path / "out.sarif").exists()  # no sarif-file input, no SARIF


def test_the_action_reads_what_this_test_plays():
    """The steps this test plays or substitutes are the ones action.yml has (a new step would need a look)."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert [s.get("uses", "run").split("@")[0] for s in steps] == [
        "actions/setup-python",
        "run",
        "run",
        "actions/cache/restore",
        "run",
        "actions/cache/save",
    ]
    expressions = set(EXPRESSION.findall((REPO / "action.yml").read_text(encoding="utf-8")))
    known = {f"inputs.{name}" for name in action["inputs"]} | {
        "steps.python.outputs.python-path",
        "steps.install.outputs.gemlint",
        "steps.cache-key.outputs.key",
        "steps.cache-key.outputs.restore-prefix",
        "steps.cache-key.outputs.user-dir",
        "github.action_path",
    }
    assert expressions <= known, expressions - known


def test_the_cache_is_kept_between_runs_and_another_jobs_key_is_not_trusted(
    installed, action_path, runner_temp, tmp_path
):
    """Run 1 saves .gemlint_cache and its signing key; run 2, on a fresh runner (neither left on disk, files
    checked out anew), restores both and scans from the cache; run 3 restores a cache signed with another job's
    key: gemlint discards it with one notice and scans the files themselves."""
    import shutil

    done = {k: v for k, v in installed["outputs"].items() if k in ("python", "install")}
    store = runner_temp / "actions-cache"
    shutil.rmtree(store, ignore_errors=True)
    project = tmp_path / "proj"
    files = {f"pkg/m{i:02d}.py": BAD.replace("flsh", "flash") for i in range(20)}
    files["pkg/bad.py"] = BAD
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    user_dir = runner_temp / "gemlint-user-cache"

    def fresh_runner() -> None:
        shutil.rmtree(project / ".gemlint_cache", ignore_errors=True)
        shutil.rmtree(user_dir, ignore_errors=True)
        for path in project.rglob("*.py"):  # a new checkout: new modification times
            os.utime(path, (1_700_000_000, 1_700_000_000))

    def scan_output(ran) -> str:
        (out,) = [o for name, code, o in ran if name == "gemlint scan"]
        return out

    shutil.rmtree(user_dir, ignore_errors=True)
    ran, outputs = run_action(action_path, runner_temp, project, done)
    first = scan_output(ran)
    assert "::error file=pkg/bad.py," in first and "cache" not in first, first
    (entry,) = list(store.iterdir())
    assert entry.name == outputs["cache-key"]["key"] and entry.name.startswith(outputs["cache-key"]["restore-prefix"])
    assert any(entry.rglob(".gemlint_cache/*/*.json")) and any(entry.rglob("gemlint-user-cache/key"))

    fresh_runner()
    ran, outputs = run_action(action_path, runner_temp, project, done)
    assert outputs["cache-restore"]["cache-hit"] == "true"
    assert scan_output(ran) == first  # same findings, no notice: the restored cache was trusted and used
    assert (project / ".gemlint_cache").is_dir() and (user_dir / "key").is_file()

    fresh_runner()
    (project / "pkg" / "new.py").write_text("x = 1\n", encoding="utf-8")  # another lock: restored by prefix
    key_file = next(entry.rglob("gemlint-user-cache/key"))
    key_file.write_text("0" * 64, encoding="utf-8")  # the entry now carries another job's key
    ran, outputs = run_action(action_path, runner_temp, project, done)
    assert outputs["cache-restore"]["cache-hit"] == "false" and outputs["cache-restore"]["cache-matched-key"]
    out = scan_output(ran)
    assert "signature does not match" in out and "ignored, rebuilding the cache" in out, out
    assert "::error file=pkg/bad.py," in out
