"""Command-line options carry model names (``py_cli``): argparse's ``add_argument("--model", default=…)`` read as
``args.model``, click's ``@click.option`` and typer's ``typer.Option`` reach the call that reads them."""

from __future__ import annotations

import pytest

from tests.test_crossfile import LIVE, findings, write

HEAD = "import argparse\nfrom google import genai\n\nclient = genai.Client()\n"
CALL = "client.models.generate_content(model={read}, contents='hi')\n"


def script(option: str, read: str = "args.model", parse: str = "args = parser.parse_args()") -> str:
    return HEAD + f"parser = argparse.ArgumentParser()\n{option}\n{parse}\n" + CALL.format(read=read)


def codes_at_option(tmp_path, monkeypatch, source: str):
    write(tmp_path, {"run.py": source})
    return [(f[1], f[2]) for f in findings(tmp_path, monkeypatch) if f[1] == 6]  # the add_argument line


@pytest.mark.parametrize(
    "option, read",
    [
        (f'parser.add_argument("--model", default="{LIVE}")', "args.model"),
        (f'parser.add_argument("-m", "--model-name", default="{LIVE}")', "args.model_name"),
        (f'parser.add_argument("--m", dest="chosen", default="{LIVE}")', "args.chosen"),
        (f'parser.add_argument("model", nargs="?", default="{LIVE}")', "args.model"),  # positional
        (f'parser.add_argument("--model", choices=["gemini-3.8-flash", "{LIVE}"])', "args.model"),
        (f'parser.add_argument("--live", action="store_const", const="{LIVE}")', "args.live"),
    ],
    ids=["default", "long-flag", "dest", "positional", "choices", "const"],
)
def test_an_options_values_reach_the_call_that_reads_it(tmp_path, monkeypatch, option, read):
    assert (6, "GL002") in codes_at_option(tmp_path, monkeypatch, script(option, read))


def test_choices_named_by_a_list_are_its_elements(tmp_path, monkeypatch):
    source = HEAD + (
        f'MODELS = ["gemini-3.8-flash", "{LIVE}"]\n'
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--model", choices=MODELS)\n'
        "args = parser.parse_args()\n" + CALL.format(read="args.model")
    )
    write(tmp_path, {"run.py": source})
    assert ("run.py", 5, "GL002", LIVE, ("run.py",)) in findings(tmp_path, monkeypatch)


def test_a_namespace_parameter_reads_the_files_options(tmp_path, monkeypatch):
    source = HEAD + (
        "def main(args: argparse.Namespace) -> None:\n"
        "    " + CALL.format(read="args.model") + "\n"
        "parser = argparse.ArgumentParser()\n"
        f'parser.add_argument("--model", default="{LIVE}")\n'
        "main(parser.parse_args())\n"
    )
    write(tmp_path, {"run.py": source})
    assert ("run.py", 9, "GL002", LIVE, ("run.py",)) in findings(tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "source",
    [
        script(f'parser.add_argument("--model", default="{LIVE}")', read="args.other"),  # another option
        script(f'parser.add_argument("--model", default="{LIVE}")', parse="args = load_settings()"),  # no parser
        HEAD  # a parameter that is no parsed command line
        + "def main(opts):\n    "
        + CALL.format(read="opts.model")
        + f'parser = argparse.ArgumentParser()\nparser.add_argument("--model", default="{LIVE}")\n',
    ],
    ids=["other-option", "not-parsed", "untyped-parameter"],
)
def test_what_is_no_parsed_option_reads_nothing(tmp_path, monkeypatch, source):
    write(tmp_path, {"run.py": source})
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


CLICK = (
    "import click\nfrom google import genai\n\nclient = genai.Client()\n\n\n"
    "@click.command()\n"
    "OPTION\n"
    "def main(PARAMS):\n"
    "    " + CALL.format(read="READ")
)


@pytest.mark.parametrize(
    "option, params, read",
    [
        (f'@click.option("--model", default="{LIVE}")', "model", "model"),
        (f'@click.option("-m", "--model-name", default="{LIVE}")', "model_name", "model_name"),
        (f'@click.option("--m", "chosen", default="{LIVE}")', "chosen", "chosen"),
        (f'@click.option("--model", type=click.Choice(["gemini-3.8-flash", "{LIVE}"]))', "model", "model"),
        (f'@click.argument("model", default="{LIVE}")', "model", "model"),
        (f'@click.option("--live", "model", flag_value="{LIVE}")', "model", "model"),
    ],
    ids=["default", "long-flag", "named", "choice", "argument", "flag-value"],
)
def test_a_click_options_values_reach_the_parameter_it_names(tmp_path, monkeypatch, option, params, read):
    source = CLICK.replace("OPTION", option).replace("PARAMS", params).replace("READ", read)
    write(tmp_path, {"cli.py": source})
    assert ("cli.py", 8, "GL002", LIVE, ("cli.py",)) in findings(tmp_path, monkeypatch)


def test_a_click_option_reaches_only_its_own_parameter(tmp_path, monkeypatch):
    option = f'@click.option("--voice", default="{LIVE}")\n@click.option("--model", default="gemini-3.8-flash")'
    source = CLICK.replace("OPTION", option).replace("PARAMS", "voice, model").replace("READ", "model")
    write(tmp_path, {"cli.py": source})
    assert [f for f in findings(tmp_path, monkeypatch) if f[2] == "GL002"] == []


@pytest.mark.parametrize(
    "default",
    [f'typer.Option("{LIVE}", help="m")', f'typer.Option(default="{LIVE}")', f'typer.Argument("{LIVE}")'],
    ids=["option", "default-keyword", "argument"],
)
def test_a_typer_options_value_is_the_parameters_default(tmp_path, monkeypatch, default):
    source = (
        "import typer\nfrom google import genai\n\nclient = genai.Client()\n\n\n"
        f"def run(model: str = {default}):\n    " + CALL.format(read="model")
    )
    write(tmp_path, {"cli.py": source})
    assert ("cli.py", 7, "GL002", LIVE, ("cli.py",)) in findings(tmp_path, monkeypatch)
