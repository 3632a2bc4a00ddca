"""Project-wide invariants: cogs load, commands fit Discord's limits, the domain stays discord-free."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.client import BallerinaBot, extension_names
from bot.command_sync import command_payload

ROOT = Path(__file__).resolve().parents[1]
NAME_RE = re.compile(r"^[-_\w]{1,32}$")


def walk_options(command: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for option in command.get("options", []):
        found.append((f"{path} {option['name']}", option))
        found.extend(walk_options(option, f"{path} {option['name']}"))
    return found


@pytest.fixture
async def payload(world: Any) -> list[dict[str, Any]]:
    return await command_payload(world.bot.tree, None)


def test_every_cog_module_is_loaded(world: Any) -> None:
    bot: BallerinaBot = world.bot
    assert extension_names(), "cogs/ has no extensions"
    assert sorted(bot.extensions) == extension_names()


def test_command_names_are_unique_across_cogs(world: Any) -> None:
    names: list[str] = []
    for cog in world.bot.cogs.values():
        names.extend(c.name for c in cog.get_app_commands())
    names.extend(c.name for c in world.bot.tree.get_commands() if c.name not in names)
    assert len(names) == len(set(names)), f"duplicate command names: {names}"


def test_every_command_and_option_fits_discords_limits(payload: list[dict[str, Any]]) -> None:
    assert 0 < len(payload) <= 100
    for command in payload:
        name = command["name"]
        assert NAME_RE.match(name) and name == name.lower(), name
        assert 0 < len(command.get("description", "")) <= 100, f"/{name} description"
        assert len(command.get("options", [])) <= 25
        for path, option in walk_options(command, f"/{name}"):
            assert NAME_RE.match(option["name"]) and option["name"] == option["name"].lower(), path
            assert 0 < len(option.get("description", "")) <= 100, f"{path} description"
            assert len(option.get("options", [])) <= 25, path
            assert len(option.get("choices", [])) <= 25, path
            for choice in option.get("choices", []):
                assert 0 < len(choice["name"]) <= 100, path


def test_moderator_commands_are_hidden_from_members_by_default(payload: list[dict[str, Any]]) -> None:
    by_name = {c["name"]: c for c in payload}
    manage_guild = 1 << 5
    for name in ("spoilers", "settings", "server"):
        assert int(by_name[name]["default_member_permissions"]) == manage_guild, name


def imported_modules(file: Path) -> list[str]:
    """Every module a file imports, absolute (relative imports resolved against its package)."""
    package = ".".join(file.relative_to(ROOT).with_suffix("").parts[:-1])
    return imports_in(file.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append(f"{base}.{node.module}" if node.module else base)
            else:
                found.append(node.module or "")
    return found


def files_in(place: str) -> list[Path]:
    files = sorted((ROOT / place).rglob("*.py"))
    assert files, f"{place} has no Python files"
    return files


def within(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


# (where, what it must not import, why)
LAYER_RULES = [
    (
        "bot/domain",
        ("discord", "bot.storage", "bot.services", "bot.ui", "cogs", "bot.client", "bot.tree"),
        "the domain is plain Python: rules only",
    ),
    (
        "bot/content",
        ("discord", "bot.storage", "bot.services", "bot.ui", "cogs", "bot.client", "bot.tree"),
        "content loading is plain Python",
    ),
    (
        "bot/storage",
        ("discord", "bot.services", "bot.ui", "cogs", "bot.client", "bot.tree", "bot.config"),
        "storage runs SQL for the services and knows nothing above it (its settings arrive as values)",
    ),
    (
        "bot/services",
        ("discord.ui", "bot.ui", "cogs", "bot.client", "bot.tree"),
        "services are use cases: no views, no cogs, no calls back up",
    ),
    (
        "bot/ui",
        ("bot.storage", "cogs", "bot.client", "bot.tree"),
        "views and embeds get what they need from services, passed in",
    ),
    ("bot", ("fakes", "bench", "tests"), "the product ships without its fakes, benchmarks and tests"),
    ("cogs", ("fakes", "bench", "tests"), "the product ships without its fakes, benchmarks and tests"),
    ("bench", ("tests",), "the benchmarks stand alone: what they share with the tests lives in fakes/"),
    ("fakes", ("tests", "bench"), "the fakes serve both the tests and the benchmarks"),
]


@pytest.mark.parametrize(("place", "banned", "why"), LAYER_RULES, ids=[rule[0] for rule in LAYER_RULES])
def test_layers_import_only_downwards(place: str, banned: tuple[str, ...], why: str) -> None:
    for file in files_in(place):
        for module in imported_modules(file):
            assert not within(module, *banned), f"{file.relative_to(ROOT)} imports {module}: {why}"


def test_no_cog_imports_another_cog() -> None:
    for file in files_in("cogs"):
        for module in imported_modules(file):
            assert not within(module, "cogs"), (
                f"{file.relative_to(ROOT)} imports {module}: share it via bot/ui"
            )


@pytest.mark.parametrize("place", ["cogs", "bot/ui", "bot/services"])
def test_nothing_reaches_services_or_storage_through_the_bot(place: str) -> None:
    """Dependencies are constructor arguments, visible to a reader: no bot.x_repo, no get_cog."""
    pattern = re.compile(r"\.(settings|trivia|meta)_repo\b|get_cog\(|\.client\.(services|storage)\b")
    for file in files_in(place):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            assert not pattern.search(line), f"{file.relative_to(ROOT)}:{number}: {line.strip()}"


def test_the_import_reader_sees_absolute_and_relative_imports() -> None:
    """So the layer rules above can fail: a relative import is resolved before it is judged."""
    source = "from ..storage import records\nimport discord.ui\nfrom . import text\n"
    assert imports_in(source, "bot.domain") == ["bot.storage", "discord.ui", "bot.domain"]


def module_name(file: Path, root: Path = ROOT) -> str:
    parts = file.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(files: list[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the modules of ``files`` it imports anywhere in it (under TYPE_CHECKING, in a function).

    ``from package import module`` counts as importing the module; ``from module import name`` the
    module.
    """
    modules = {module_name(file, root): file for file in files}
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = imports_in(ast.unparse(node), package)[0]
                for alias in node.names:
                    if f"{base}.{alias.name}" in modules:
                        edges.add(f"{base}.{alias.name}")
                    elif base in modules:
                        edges.add(base)
        graph[name] = edges - {name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another in a circle (strongly connected, 2 or more)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return cycles


# Being untangled on the content branch (question_families); delete this line when it merges.
CYCLE_BEING_FIXED = [
    "bot.domain.question_families.assembly",
    "bot.domain.question_families.index",
    "bot.domain.question_families.names",
]


def test_no_import_cycles_in_bot_or_cogs() -> None:
    """Type-only imports count: a cycle under TYPE_CHECKING is a design loop all the same (use a Protocol)."""
    cycles = [
        c for c in import_cycles(import_graph(files_in("bot") + files_in("cogs"))) if c != CYCLE_BEING_FIXED
    ]
    assert not cycles, "modules that import one another: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_the_cycle_finder_sees_a_cycle_through_type_checking_and_a_package(tmp_path: Path) -> None:
    """So the test above can fail: a circle closed only by a TYPE_CHECKING import is found."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from pkg import b\n", encoding="utf-8")
    (package / "b.py").write_text("from . import c\n", encoding="utf-8")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\n", encoding="utf-8"
    )
    (package / "d.py").write_text("import pkg.a\n", encoding="utf-8")  # imports the circle, not in it
    graph = import_graph(sorted(package.glob("*.py")), root=tmp_path)
    assert import_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


MAX_MODULE_LINES = 450  # past this a module does more than one thing: split it by responsibility


def line_counts_over(files: list[Path], limit: int, root: Path = ROOT) -> list[str]:
    """'path: N lines' (path from ``root``) for every file longer than ``limit`` lines."""
    counts = [(file, len(file.read_text(encoding="utf-8").splitlines())) for file in files]
    return [f"{file.relative_to(root)}: {n} lines" for file, n in counts if n > limit]


# Discord's embed limits: numbers nothing else in the code happens to be, so a copy is easy to see.
EMBED_NUMBERS = {256, 1024, 2048, 2000, 4096, 6000}


def copies_of_discords_limits(source: str) -> list[int]:
    """Lines where a Discord limit is written as a number: ``truncate(x, 4096)``, ``x[:1024]``,
    ``SOMETHING_LIMIT = 2048``; bot/domain/discord_limits.py says each once."""
    found = []
    for node in ast.walk(ast.parse(source)):
        numbers: list[ast.expr] = []
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "truncate":
            numbers = node.args[1:]
        elif isinstance(node, ast.Slice) and node.upper is not None:
            numbers = [node.upper]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith("_LIMIT") for t in node.targets
        ):
            numbers = [node.value]
        found += [n.lineno for n in numbers if isinstance(n, ast.Constant) and n.value in EMBED_NUMBERS]
    return sorted(found)


def test_discords_limits_are_said_once() -> None:
    said_once = ROOT / "bot" / "domain" / "discord_limits.py"
    copies = {
        f"{path.relative_to(ROOT)}:{line}"
        for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "cogs").rglob("*.py")]
        if path != said_once
        for line in copies_of_discords_limits(path.read_text(encoding="utf-8"))
    }
    assert not copies, f"use bot.domain.discord_limits instead: {sorted(copies)}"
    assert copies_of_discords_limits("x = truncate(a, 4096)\ny = b[:1024]\nFOOTER_LIMIT = 2048\n") == [
        1,
        2,
        3,
    ]


def test_no_module_in_bot_or_cogs_is_over_the_line_limit() -> None:
    too_long = line_counts_over(files_in("bot") + files_in("cogs"), MAX_MODULE_LINES)
    assert not too_long, f"over {MAX_MODULE_LINES} lines, split by responsibility: " + ", ".join(too_long)


def test_the_line_limit_names_a_file_one_line_over(tmp_path: Path) -> None:
    """So the limit above can fail: a file one line over is named with its count, one at it is not."""
    (tmp_path / "at_limit.py").write_text("x = 1\n" * 3, encoding="utf-8")
    (tmp_path / "over.py").write_text("x = 1\n" * 4, encoding="utf-8")
    files = sorted(tmp_path.glob("*.py"))
    assert line_counts_over(files, 3, root=tmp_path) == ["over.py: 4 lines"]


def test_vulture_finds_no_dead_code_in_bot_or_cogs() -> None:
    """Code nothing calls is deleted (what only tests need lives in tests/support)."""
    found = subprocess.run(
        [sys.executable, "-m", "vulture", "bot", "cogs", "--min-confidence", "80"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, found.stdout + found.stderr
