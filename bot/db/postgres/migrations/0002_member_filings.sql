-- 0002 (issue 19; SQLite's 0018): members' daily limits outlive a /privacy delete without naming
-- the member. What a member filed in the last day, keyed by a keyed hash of server and member
-- (HMAC-SHA256 with this install's secret, meta 'member_key_secret', made on first use), never
-- their id. (SQLite's 0018 also rebuilds reports and suggestions with AUTOINCREMENT: identity
-- columns here never give an id twice.)
CREATE TABLE member_filings (
    guild_id   bigint NOT NULL,
    member_key text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('suggestion', 'report')),
    filed_at   text COLLATE "C" NOT NULL DEFAULT utc_now_text()  -- compared bytewise, as SQLite does
);
CREATE INDEX member_filings_member ON member_filings(guild_id, member_key, kind, filed_at);
