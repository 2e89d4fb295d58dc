"""The README is the front door: its two commands come first, .ci/run calls
the test one, and every `$ kg …` example in a console block gives the output
shown (the Python examples run as doctests through pytest's doctest-glob)."""

import re
import shlex
import subprocess
import sys

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_first_two_commands_build_and_test():
    first = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()
    assert [ln.split("#")[0].strip() for ln in first[:2]] == ["make build", "make test"]
    assert README.index("```sh") < README.index("\n## ")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci


def console_examples():
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        cmd, out = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if cmd:
                    yield cmd, out
                cmd, out = line[2:], []
            else:
                out.append(line)
        if cmd:
            yield cmd, out


EXAMPLES = list(console_examples())


def test_there_are_console_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("cmd,expected", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_console_example(cmd, expected):
    stages = [shlex.split(part) for part in cmd.split(" | ")]
    assert stages[0][0] == "kg"
    text = subprocess.run([sys.executable, "-m", "graph", *stages[0][1:]], capture_output=True,
                          text=True, cwd=ROOT, check=True).stdout
    for stage in stages[1:]:
        text = subprocess.run(stage, input=text, capture_output=True, text=True,
                              check=False).stdout
    assert [ln.rstrip() for ln in text.splitlines()] == [ln.rstrip() for ln in expected]
