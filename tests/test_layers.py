"""The architecture, enforced: every module imports only from its own layer and layers below,
no import circles, few floors, no evalkit imports hidden inside functions."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import evalkit

PACKAGE = Path(evalkit.__file__).parent
# module (dotted, relative to evalkit) or folder prefix → layer
LAYERS = {"errors": 0, "rulebook": 0, "findings": 0, "labels": 0, "version": 0, "lazy": 0, "browser": 0, "io": 1, "rules": 2,
          "testing": 3, "prose": 3, "selfeval": 3, "department": 3, "cases": 3, "reports": 4, "project": 5, "samples": 5,
          "loaders": 5, "runner": 5, "cli": 6, "": 6}
# within one layer, what may import what (a folder may always import itself)
SIDEWAYS = {("findings", "rulebook"), ("department", "selfeval"), ("runner", "project"), ("loaders", "project"),
            ("samples", "project"), ("samples", "testing"), ("loaders", "samples"),
            ("department", "prose"), ("selfeval", "prose"), ("cases", "prose")}
FORBIDDEN = {("cases", "selfeval"), ("cases", "department"), ("testing", "rules")}


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def group(module: str) -> str:
    return module.split(".")[0]


def layer(module: str) -> int:
    return LAYERS[group(module)]


@cache
def imports(module: str) -> tuple[tuple[str, bool], ...]:
    """(imported evalkit module, whether at module level) for every import of ``module``."""
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    top_level = {id(node) for node in tree.body}
    type_only = {id(n) for node in tree.body if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                 for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "evalkit":
                target = node.module[len("evalkit."):] if "." in node.module else ""
            else:
                continue
            names = [f"{target}.{a.name}".strip(".") for a in node.names]
            targets = [n for n in names if n in modules()] or [target]
        elif isinstance(node, ast.Import):
            targets = [a.name[len("evalkit."):] for a in node.names if a.name.startswith("evalkit.")]
        else:
            continue
        if id(node) in type_only:  # annotations only: no runtime edge
            continue
        found += [(t, id(node) in top_level) for t in targets if t in modules()]
    return tuple(found)


def test_every_module_imports_only_from_its_layer_and_below():
    wrong = []
    for module in modules():
        for target, _ in imports(module):
            a, b = group(module), group(target)
            if a == b or not module:
                continue
            if (a, b) in FORBIDDEN or layer(target) > layer(module) or (
                    layer(target) == layer(module) and (a, b) not in SIDEWAYS):
                wrong.append(f"{module} → {target}")
    assert not wrong, wrong


def test_no_evalkit_import_inside_functions_outside_the_cli():
    hidden = [f"{m} → {t}" for m in modules() for t, top in imports(m)
              if not top and m != "cli" and not modules()[m].name == "__init__.py"]
    assert not hidden, hidden


def test_no_import_circle_and_at_most_ten_floors():
    graph = {m: {t for t, top in imports(m) if top and t != m} for m in modules() if m}
    floors: dict[str, int] = {}

    def floor(m: str, path: tuple[str, ...] = ()) -> int:
        assert m not in path, "import circle: " + " → ".join((*path, m))
        if m not in floors:
            floors[m] = 1 + max((floor(t, (*path, m)) for t in graph.get(m, ()) if t), default=0)
        return floors[m]

    deepest = max(floor(m) for m in graph)
    assert deepest <= 10, deepest


def test_modules_stay_small():
    big = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not big, big


def test_the_face_imports_neither_pandas_nor_matplotlib():
    import subprocess
    import sys

    code = ("import sys, evalkit, evalkit.cli; heavy = [m for m in ('pandas', 'matplotlib', 'IPython', 'openpyxl', "
            "'pyarrow') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
