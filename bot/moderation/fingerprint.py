"""What a review button carries besides an id: a short fingerprint of the item it was shown for.

Ids are never given twice (bot/db/migrations/0018), and the fingerprint is the second lock: a
moderator's Approve or Retire acts only when the row it finds still is what the moderator saw (the
same suggestion, word for word; the same reported item). Eight hex digits fit in a custom_id
beside the id; a different item matching by chance is one in four billion.
"""

from __future__ import annotations

import hashlib
import json

FINGERPRINT_HEX = 8


def fingerprint(*parts: object) -> str:
    """The fingerprint of ``parts`` (strings, numbers, lists of them), in :data:`FINGERPRINT_HEX` hex digits."""
    data = json.dumps(parts, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return hashlib.blake2b(data, digest_size=FINGERPRINT_HEX // 2).hexdigest()
