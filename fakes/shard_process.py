"""A bot process for the multi-process test: production's ``ballerina-bot run``, nothing else.

    python -m fakes.shard_process http://127.0.0.1:PORT

Its settings come from the environment as in production (DISCORD_TOKEN, DATABASE_URL,
SHARD_COUNT, SHARD_IDS, ...); only discord.py's Discord address is pointed at the fake Discord.
"""

from __future__ import annotations

import sys

from bot.cli import main
from fakes.fake_discord import point_discord_py_at

if __name__ == "__main__":
    point_discord_py_at(sys.argv[1])
    sys.exit(main(["run"]))
