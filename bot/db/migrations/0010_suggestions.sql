-- 0010: members' trivia suggestions (issue #9). Additive only. A suggestion waits for a moderator;
-- it never reaches trivia until one approves it, which makes it a community question.

CREATE TABLE suggestions (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,            -- the member who suggested it
    prompt      TEXT NOT NULL,
    answer      TEXT NOT NULL,
    wrong       TEXT NOT NULL DEFAULT '[]',  -- JSON array, up to three
    source      TEXT NOT NULL,               -- why it is right, where it comes from
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    reviewed_by INTEGER,
    reviewed_at TEXT,
    question_id INTEGER REFERENCES questions(id)  -- the community question an approval made
);
-- /config suggestions reads a server's oldest pending ones; the rate limit and /privacy a member's.
CREATE INDEX suggestions_pending ON suggestions(guild_id, id) WHERE status = 'pending';
CREATE INDEX suggestions_member ON suggestions(guild_id, user_id, created_at);

-- The member an approved suggestion credits (created_by is the moderator who approved it).
ALTER TABLE questions ADD COLUMN suggested_by INTEGER;
