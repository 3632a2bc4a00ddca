"""Benchmarks for issue 6: what ballerina-bot adds on top of discord.py's own floor.

Run ``.venv/bin/python -m bench`` (or ``--quick``). See BENCHMARKS.md for the method and
the latest figures; bench/harness.py is the only module touching discord.py internals.
"""
