"""``python -m bot.i18n extract|update|check``: the translators' tool (pybabel's extract and update).

* ``extract`` writes each domain's template (``bot/i18n/locales/<domain>.pot``) from the code (Babel's
  Python extractor: ``_``, ``N_``, ``ngettext``, ``pgettext``) and, for ``commands``, from the command
  tree (every name, description, option and choice, as Discord is told about them).
* ``update`` merges the templates into every language's ``.po`` (new strings empty, removed ones
  dropped, changed ones marked fuzzy), as ``pybabel update`` does.
* ``check`` fails (exit 1) on a missing, fuzzy or stale string, a placeholder that differs from the
  source, or a translation over its Discord limit; CI runs it as a test.
"""

from __future__ import annotations

import asyncio
import sys

from bot.i18n.tooling import check, extract_all, update_all


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("extract", "update", "check"):
        print(__doc__)
        return 2
    if argv[0] == "check":
        problems = check(asyncio.run(extract_all()))
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    templates = asyncio.run(extract_all(write=True))
    if argv[0] == "update":
        update_all(templates)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
