"""/privacy shows what is kept about a member and deletes it on request."""

from __future__ import annotations

from tests.conftest import World
from tests.e2e.conftest import Trivia


async def test_privacy_shows_and_forgets_a_members_data(world: World, trivia: Trivia) -> None:
    await world.member.slash(world.general, "seen", seen="yes")
    await trivia.start(questions=1, spoilers="exclude")
    await trivia.click(world.member, trivia.question().right)
    await trivia.close()
    await world.storage.answers.flush()

    shown = await world.member.slash(world.general, "privacy")
    assert shown.ephemeral
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["Seen the film (/seen)"] == "yes"
    assert fields["Trivia"] == "1 answer kept, 150 points, 1 game played"

    done = await world.member.click(shown.response, label="Delete my data in this server")
    assert done.response.content.startswith("Done")
    repo = world.storage.trivia
    assert not await world.storage.settings.has_seen(world.guild.id, world.member.id)
    assert (await repo.member_stats(world.guild.id, world.member.id)).points == 0
    board = await world.other.slash(world.general, "trivia leaderboard")
    assert f"<@{world.member.id}>" not in (board.response.embeds[0].description or "")
