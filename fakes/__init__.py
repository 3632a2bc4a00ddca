"""Fakes of what the bot talks to, shared by the tests and the benchmarks (never shipped: the
wheel packages only ``bot`` and ``cogs``)."""
