"""The core is the ground floor: it imports no other app of the project (ARCHITECTURE.md).

Every module under ``src/aftersales/core/`` is parsed (AST, not imported) and each ``import``,
``from … import``, relative import reaching above the core, and dotted name in a string literal
(``import_string`` targets) is checked against the other apps of the package. The apps reach the
core through its registries instead (capabilities, roles, reference data, jobs, menu, demo).
"""

from __future__ import annotations

import ast
from pathlib import Path

import aftersales

PACKAGE = Path(aftersales.__file__).parent
CORE = PACKAGE / "core"
OTHER_APPS = sorted(
    p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name != "core"
)


def foreign(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 2 and parts[0] == "aftersales" and parts[1] in OTHER_APPS


def imports_of(path: Path, where: Path | None = None) -> list[tuple[int, str]]:
    """Modules named by ``path``; ``where`` is its place in the package (for relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = where or path.relative_to(PACKAGE)
    depth = len(where.parts) - 1  # package levels above the module
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # ``from ..x import y`` seen from core/a/b.py: resolve against the package.
                base = where.parts[: depth - node.level + 1]
                if node.level > depth:
                    module = ".".join(["aftersales", *(node.module or "").split(".")])
                else:
                    module = ".".join(["aftersales", *base, *(node.module or "").split(".")])
                found.append((node.lineno, module.rstrip(".")))
            else:
                module = node.module or ""
                found.append((node.lineno, module))
                if module == "aftersales":
                    found += [(node.lineno, f"aftersales.{a.name}") for a in node.names]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("aftersales.")
        ):
            found.append((node.lineno, node.value))
    return found


def test_the_other_apps_are_found():
    assert {"accounts", "estates", "tickets", "api"} <= set(OTHER_APPS)


def test_the_core_imports_no_other_app():
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 20
    offences = [
        f"{path.relative_to(PACKAGE)}:{line} {name}"
        for path in modules
        for line, name in imports_of(path)
        if foreign(name)
    ]
    assert offences == []


def test_the_check_sees_an_offence(tmp_path):
    bad = tmp_path / "probe.py"
    sample = "from aftersales.tickets import models\nimport aftersales.estates.selectors\n"
    sample += "from ..accounts import scoping\nX = 'aftersales.notify.tasks.send'\n"
    bad.write_text(sample, encoding="utf-8")
    names = [name for _, name in imports_of(bad, Path("core/probe.py")) if foreign(name)]
    assert names == [
        "aftersales.tickets",
        "aftersales.estates.selectors",
        "aftersales.accounts",
        "aftersales.notify.tasks.send",
    ]
