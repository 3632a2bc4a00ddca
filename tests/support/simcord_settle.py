"""Make SimCord settle in 2 ms steps instead of 50 ms, for the whole test run.

SimCord settles after every action by polling every 50 ms while any callback is queued, which
makes each interaction cost 50 ms of idle waiting. The interval only sets how often it looks
again (settling still waits for all bot work), so a 2 ms interval keeps the suite fast.

SimCord 3.2 has no public way to set it: ``Env.settle(idle=...)`` takes it, but every actor
(``slash``, ``click``, ``send``...) calls the private ``Env._settle_internal`` with its default,
and ``Env(...)`` has no such option. So the default itself is changed, here and nowhere else.
simcord is pinned; if this private default moves, importing this module fails at once rather
than let the suite go slow. Imported once, by ``tests/conftest.py``.
"""

from __future__ import annotations

import simcord

IDLE_SECONDS = 0.002

_defaults = simcord.Env._settle_internal.__kwdefaults__ or {}
assert "idle" in _defaults, "simcord changed: revisit tests/support/simcord_settle.py"
_defaults["idle"] = IDLE_SECONDS
