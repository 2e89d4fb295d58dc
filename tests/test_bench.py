"""The benchmark runs and reports every figure it promises (a smoke run on
a tiny corpus; its timings are printed, never asserted)."""

import json
import subprocess
import sys

from .conftest import ROOT


def test_bench_writes_its_table_as_json(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--docs", "5",
                          "--repeat", "1", "--jobs", "2", "--no-memory", "--turtle-triples", "0",
                          "--json", str(out)], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows["documents"] == 5 and rows["words"] > 0
    for key in ("extract_mb_per_s", "extract_words_per_s", "build_1_job_mb_per_s",
                "build_2_jobs_mb_per_s", "build_speedup", "turtle_triples_per_s"):
        assert rows[key] > 0, key
    assert "extract_mb_per_s" in run.stdout and rows["machine"] in run.stdout
