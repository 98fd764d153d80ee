"""The engine is plain Python: no module in ballots/counting (nor the analysis beside it,
ballots/analysis) may import Django (or numpy)."""

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[3] / "ballots" / "counting"
ANALYSIS = ENGINE.parent / "analysis"
FORBIDDEN = {"django", "numpy"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant):
                yield str(node.args[0].value)


@pytest.mark.parametrize("root", [ENGINE, ANALYSIS], ids=["counting", "analysis"])
def test_no_engine_module_imports_django(root):
    sources = sorted(root.glob("**/*.py"))
    assert sources, root
    offenders = [
        f"{path.name}: {name}" for path in sources for name in _imports(path) if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []
