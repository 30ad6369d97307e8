-- 0018 (issue 19): report and suggestion ids are never given twice, and members' daily limits
-- outlive a /privacy delete without naming the member.
--
-- A rowid table gives a new row max(id) + 1: after /privacy deleted the newest report, the next one
-- got its id, and a "Retire #1" still on a moderator's screen retired it. AUTOINCREMENT never hands
-- out an id again (sqlite_sequence keeps the highest ever used), which SQLite allows only at CREATE
-- TABLE: both tables are rebuilt, rows, ids, columns (in their order) and indexes kept. Nothing
-- references either table. PostgreSQL's identity columns never reuse ids (its 0002 adds only the
-- filings). Answers are deleted by /privacy too, but no button or page carries an answer's id.

CREATE TABLE reports_0018 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    item_kind   TEXT NOT NULL CHECK (item_kind IN ('question', 'quote', 'fact')),
    item_id     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'retired')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    resolved_by INTEGER,
    resolved_at TEXT,
    points_restored INTEGER NOT NULL DEFAULT 0
);
INSERT INTO reports_0018 (id, guild_id, user_id, item_kind, item_id, reason, status, created_at, resolved_by,
                          resolved_at, points_restored)
SELECT id, guild_id, user_id, item_kind, item_id, reason, status, created_at, resolved_by, resolved_at, points_restored
FROM reports;
DROP TABLE reports;
ALTER TABLE reports_0018 RENAME TO reports;
CREATE INDEX reports_open ON reports(guild_id, status);
CREATE UNIQUE INDEX reports_one_open_per_member ON reports(guild_id, item_kind, item_id, user_id) WHERE status = 'open';
CREATE INDEX reports_member ON reports(guild_id, user_id);

CREATE TABLE suggestions_0018 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO suggestions_0018 (id, guild_id, user_id, prompt, answer, wrong, source, status, created_at, reviewed_by,
                              reviewed_at, question_id)
SELECT id, guild_id, user_id, prompt, answer, wrong, source, status, created_at, reviewed_by, reviewed_at, question_id
FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE suggestions_0018 RENAME TO suggestions;
CREATE INDEX suggestions_pending ON suggestions(guild_id, id) WHERE status = 'pending';
CREATE INDEX suggestions_member ON suggestions(guild_id, user_id, created_at);

-- What a member filed (a suggestion, a report) in the last day, for the daily limits: /privacy
-- deletes the suggestions and reports themselves, and the limit must not start over with them.
-- The member is a keyed hash of server and member (HMAC-SHA256 with this install's secret, meta
-- 'member_key_secret', made on first use): it matches their next filing, and it is not their id.
-- Rows older than a day are deleted whenever the server files again. (Filings from before this
-- migration still count: the limit also counts the member's suggestions of the last day as stored.)
CREATE TABLE member_filings (
    guild_id   INTEGER NOT NULL,
    member_key TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('suggestion', 'report')),
    filed_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX member_filings_member ON member_filings(guild_id, member_key, kind, filed_at);

