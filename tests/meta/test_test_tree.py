"""The test tree stays easy to find your way in: every test module sits in a folder named for what
it tests, no test module imports another (shared helpers live in tests/support/), names say the
behaviour rather than a ticket, and tests/README.md describes every folder.

Each rule is a function over a folder, run on tests/ and, so it can fail, on a small tree with
one mistake planted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# What may sit at the root of tests/: pytest's shared fixtures and the project-wide invariants.
ROOT_FILES = {"__init__.py", "conftest.py", "test_meta.py"}
# A ticket reference ("issue 14", "issue #12", "issue14", "Issue-7"): a newcomer cannot look it up.
TICKET = re.compile(r"issue[\s_#-]*\d+", re.IGNORECASE)


def python_files(tests: Path) -> list[Path]:
    return sorted(path for path in tests.rglob("*.py") if "__pycache__" not in path.parts)


def modules_of_tests(tests: Path) -> list[Path]:
    return [path for path in python_files(tests) if path.name.startswith("test_")]


def loose_modules(tests: Path) -> list[str]:
    """Python files at the root of ``tests`` other than the shared fixtures and the meta-test."""
    return sorted(path.name for path in tests.glob("*.py") if path.name not in ROOT_FILES)


def folders_without_init(tests: Path) -> list[str]:
    """Test folders that are not packages (two ``test_x.py`` in such folders would collide)."""
    folders = {path.parent for path in modules_of_tests(tests)}
    return sorted(str(f.relative_to(tests)) for f in folders if not (f / "__init__.py").is_file())


def imported_modules(path: Path, tests: Path) -> list[str]:
    """Dotted names this file imports, relative imports resolved against its package."""
    package = [tests.name, *path.parent.relative_to(tests).parts]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]  # `from tests.x import test_y`
    return found


def imports_of_test_modules(tests: Path) -> list[str]:
    """'file -> module' for every import of a test module or a conftest (fixtures are not imported;
    what tests share by name lives in tests/support/)."""
    bad = []
    for path in python_files(tests):
        for module in imported_modules(path, tests):
            parts = module.split(".")
            if parts[0] == tests.name and any(p.startswith("test_") or p == "conftest" for p in parts[1:]):
                bad.append(f"{path.relative_to(tests)} -> {module}")
    return sorted(set(bad))


def ticket_references(tests: Path) -> list[str]:
    """Test files, folders and test names (functions, classes, parametrize ids), docstrings and
    comments that cite a ticket instead of saying the behaviour."""
    names = [str(path.relative_to(tests)) for path in python_files(tests)]
    found = [name for name in names if TICKET.search(name)]
    for path in python_files(tests):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TICKET.search(line):
                found.append(f"{path.relative_to(tests)}:{number}: {line.strip()}")
    return found


def undocumented_folders(tests: Path) -> list[str]:
    """Folders of tests/ that tests/README.md does not name (as `folder/`)."""
    readme = tests / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    folders = sorted(p.name for p in tests.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    return [name for name in folders if f"`{name}/`" not in text]


# -- the real tree ----------------------------------------------------------------------------------


def test_no_test_module_sits_loose_at_the_root_of_tests() -> None:
    loose = loose_modules(TESTS)
    assert not loose, f"move into the folder of what it tests (see tests/README.md): {loose}"


def test_every_test_folder_is_a_package() -> None:
    assert folders_without_init(TESTS) == []


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    bad = imports_of_test_modules(TESTS)
    assert not bad, "move what is shared into tests/support/: " + "; ".join(bad)


def test_no_test_file_or_test_name_carries_a_ticket_number() -> None:
    this_file = str(Path(__file__).relative_to(TESTS))  # its planted examples cite tickets on purpose
    found = [entry for entry in ticket_references(TESTS) if not entry.startswith(this_file)]
    assert not found, "say the behaviour, not the ticket: " + "; ".join(found)


def test_tests_readme_describes_every_folder() -> None:
    missing = undocumented_folders(TESTS)
    assert not missing, f"describe these in tests/README.md (what runs there): {missing}"


# -- each rule fails on a planted mistake ---------------------------------------------------------


def plant(tests: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tests / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tests


def test_a_loose_module_at_the_root_is_named(tmp_path: Path) -> None:
    tests = plant(tmp_path / "tests", {"__init__.py": "", "conftest.py": "", "test_meta.py": ""})
    assert loose_modules(tests) == []
    plant(tests, {"test_config.py": "", "helpers.py": ""})
    assert loose_modules(tests) == ["helpers.py", "test_config.py"]


def test_a_test_folder_without_init_is_named(tmp_path: Path) -> None:
    tests = plant(tmp_path / "tests", {"__init__.py": "", "ui/__init__.py": "", "ui/test_a.py": ""})
    assert folders_without_init(tests) == []
    plant(tests, {"cli/test_a.py": ""})
    assert folders_without_init(tests) == ["cli"]


def test_an_import_of_a_test_module_or_conftest_is_named_however_it_is_written(tmp_path: Path) -> None:
    tests = plant(
        tmp_path / "tests",
        {
            "__init__.py": "",
            "support/__init__.py": "",
            "support/world.py": "",
            "storage/__init__.py": "",
            "storage/test_faults.py": "",
            "e2e/__init__.py": "",
            "e2e/test_fine.py": "from tests.support.world import World\nimport tests.support.world\n",
        },
    )
    assert imports_of_test_modules(tests) == []
    plant(
        tests,
        {
            "e2e/test_a.py": "from tests.storage.test_faults import helper\n",
            "e2e/test_b.py": "from tests.storage import test_faults\n",
            "e2e/test_c.py": "from ..storage.test_faults import helper\n",
            "e2e/test_d.py": "from tests.conftest import World\n",
            "e2e/test_e.py": "def f():\n    import tests.storage.test_faults\n",
        },
    )
    assert imports_of_test_modules(tests) == [
        "e2e/test_a.py -> tests.storage.test_faults",
        "e2e/test_a.py -> tests.storage.test_faults.helper",
        "e2e/test_b.py -> tests.storage.test_faults",
        "e2e/test_c.py -> tests.storage.test_faults",
        "e2e/test_c.py -> tests.storage.test_faults.helper",
        "e2e/test_d.py -> tests.conftest",
        "e2e/test_d.py -> tests.conftest.World",
        "e2e/test_e.py -> tests.storage.test_faults",
    ]


def test_a_ticket_number_in_a_file_or_test_name_or_docstring_is_named(tmp_path: Path) -> None:
    clean = 'def test_the_panel_rechecks_permissions():\n    """Issues are reported by members."""\n'
    tests = plant(tmp_path / "tests", {"__init__.py": "", "ui/__init__.py": "", "ui/test_panel.py": clean})
    assert ticket_references(tests) == []
    plant(
        tests,
        {
            "test_issue14_guards.py": "",
            "ui/test_names.py": "def test_issue_7_fixed():\n    pass\n",
            "ui/test_docs.py": 'def test_x():\n    """Issue 14, item 6."""\n',
            "ui/test_ids.py": "CASES = [pytest.param(1, id='issue #12')]\n",
        },
    )
    assert ticket_references(tests) == [
        "test_issue14_guards.py",
        'ui/test_docs.py:2: """Issue 14, item 6."""',
        "ui/test_ids.py:1: CASES = [pytest.param(1, id='issue #12')]",
        "ui/test_names.py:1: def test_issue_7_fixed():",
    ]


def test_a_folder_missing_from_the_readme_is_named(tmp_path: Path) -> None:
    tests = plant(
        tmp_path / "tests",
        {"__init__.py": "", "ui/__init__.py": "", "cli/__init__.py": "", "README.md": "- `ui/`: views\n"},
    )
    assert undocumented_folders(tests) == ["cli"]
