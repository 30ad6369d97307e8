"""Keyed hashes of members, for what must outlive a /privacy delete without naming the member.

The daily limits on suggestions and reports count what a member filed in the last day
(``member_filings``); /privacy deletes the suggestions and reports themselves, and the count must
not start over with them. So each filing is stored under HMAC-SHA256(install secret, server and
member) rather than the member's id: the same member on the same server always gets the same key,
which matches their next filing, and nothing in the row is their id, nor the same on two servers.
The secret is made once per install (``meta``, shared by every process of a PostgreSQL set-up) from
``secrets.token_hex``, and never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from bot.db.meta import MetaRepo

SECRET_META_KEY = "member_key_secret"  # noqa: S105 (the name of the meta row, not a secret)
KEY_HEX = 32  # 128 bits of the HMAC: no two members of a server meet by chance


class MemberKeys:
    """``await keys.of(guild_id, user_id)``: the member's key on that server."""

    def __init__(self, meta: MetaRepo) -> None:
        self._meta = meta
        self._secret: bytes | None = None

    async def of(self, guild_id: int, user_id: int) -> str:
        if self._secret is None:
            stored = await self._meta.get_or_create(SECRET_META_KEY, secrets.token_hex(32))
            self._secret = bytes.fromhex(stored)
        message = f"{guild_id}:{user_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:KEY_HEX]
