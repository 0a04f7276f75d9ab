"""The admin's web tests run against the same real server as the bot's: Paru on 127.0.0.1 with a fake LINE API."""

from tests.bot.conftest import fake_line, paru  # noqa: F401 - fixtures shared with tests/bot
