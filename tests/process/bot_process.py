"""Run the real bot (``ballerina-bot run``) against a loopback fake of Discord given in FAKE_DISCORD.

Used by the SIGKILL test: the bot is its own process, so it can be killed for real.
"""

from __future__ import annotations

import os
import sys

import discord
import yarl

from bot.cli import main

base = os.environ["FAKE_DISCORD"]  # http://127.0.0.1:PORT
discord.http.Route.BASE = f"{base}/api/v10"
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base.replace("http://", "ws://") + "/gateway")

if __name__ == "__main__":
    sys.exit(main(["run"]))
