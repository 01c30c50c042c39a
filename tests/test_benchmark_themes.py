"""The theme benchmark (benchmarks/themes.py) runs end to end on a tiny corpus and writes sane numbers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "themes.py"


def load_benchmark() -> ModuleType:
    """Import the script by path: benchmarks/ is not a package, and the script puts its folder on sys.path."""
    spec = importlib.util.spec_from_file_location("bench_themes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def test_basic_theme_on_a_tiny_corpus(tmp_path: Path) -> None:
    benchmark = load_benchmark()
    out = tmp_path / "themes.json"
    benchmark.main(["--sizes", "15", "--themes", "basic", "--workdir", str(tmp_path / "work"), "--json", str(out)])

    data = json.loads(out.read_text(encoding="utf-8"))
    [build] = data["builds"]
    assert (build["size"], build["variant"], build["returncode"]) == (15, "basic", 0)
    assert build["pages"] > 15  # one page per article, plus the index pages
    [size] = data["summary"]["sizes"]
    [row] = size["rows"]
    assert (row["theme"], row["pages"], row["wall_ratio"], row["cpu_ratio"]) == ("basic", build["pages"], 1.0, 1.0)
    assert size["pages_match"] and size["skipped"] == {}
    assert size["target"]["met"] is None  # quicktakes was not asked for
    assert data["environment"]["theme_versions"]["basic"].startswith("sphinx ")
    assert (tmp_path / "work" / "n15" / "theme-basic" / "conf.py").read_text(encoding="utf-8").count(
        'html_theme = "basic"'
    ) == 1
