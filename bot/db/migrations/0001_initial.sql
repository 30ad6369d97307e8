-- 0001: the whole first schema. Content tables are (re)written by the content loader in one
-- transaction; everything keyed by guild_id is per server and never shared between servers.

-- ---------------------------------------------------------------- bot-wide bookkeeping
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,          -- e.g. 'content_hash', 'commands_hash'
    value TEXT NOT NULL
);

-- ---------------------------------------------------------------- content (from data/)
CREATE TABLE article (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    headline    TEXT NOT NULL,
    body        TEXT NOT NULL,       -- verbatim; every *_start/*_end offset below indexes into it
    source_note TEXT NOT NULL
);

CREATE TABLE episode (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    podcast  TEXT NOT NULL,
    host_id  TEXT NOT NULL REFERENCES people(id),
    guest_id TEXT NOT NULL REFERENCES people(id),
    topic    TEXT NOT NULL,
    aired    TEXT                    -- NULL: not stated in the source
);

CREATE TABLE occasions (
    id         TEXT PRIMARY KEY,     -- 'podcast', 'interview-2017'
    label      TEXT NOT NULL,
    is_episode INTEGER NOT NULL CHECK (is_episode IN (0, 1))
);

CREATE TABLE people (
    id             TEXT PRIMARY KEY, -- stable slug from the content file
    name           TEXT NOT NULL,
    aliases        TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    description    TEXT NOT NULL,    -- what they do in the episode / article
    plays          TEXT,             -- character on Gilmore Girls; NULL if the article does not say
    evidence_start INTEGER,          -- article offsets of the words that say who they are
    evidence_end   INTEGER,
    active         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE quotes (
    id           TEXT PRIMARY KEY,   -- stable slug from the content file
    body         TEXT NOT NULL,      -- exactly as the article prints it, without the outer marks
    speaker_id   TEXT NOT NULL REFERENCES people(id),
    occasion_id  TEXT NOT NULL REFERENCES occasions(id),
    kind         TEXT NOT NULL CHECK (kind IN ('own', 'voiced')),  -- voiced: words put in another's mouth
    passage_id   TEXT NOT NULL,      -- parts split by narration share the id of their first part
    part         INTEGER NOT NULL DEFAULT 1,
    parent_id    TEXT REFERENCES quotes(id),   -- a quote nested inside another quote
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    CHECK (start_offset < end_offset)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id) WHERE active = 1;

CREATE TABLE facts (
    id             TEXT PRIMARY KEY,
    body           TEXT NOT NULL,    -- the fact in our words, resting on the sentence below
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL, -- the exact words of the sentence it rests on
    evidence_end   INTEGER NOT NULL,
    question       TEXT,             -- optional trivia prompt with a one-word-kind answer
    answer         TEXT,
    answer_kind    TEXT CHECK (answer_kind IN ('year', 'number', 'name', 'title', 'place', 'character')),
    active         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE fact_people (
    fact_id   TEXT NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (fact_id, person_id)
);

-- Full-text search over quotes and facts (kept in step by the content loader).
CREATE VIRTUAL TABLE search_index USING fts5(
    item_kind UNINDEXED,             -- 'quote' | 'fact'
    item_id UNINDEXED,
    body,
    tokenize = "unicode61 remove_diacritics 2"
);

-- ---------------------------------------------------------------- per-server settings
CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    spoilers          INTEGER NOT NULL DEFAULT 0,
    trivia_timer      INTEGER NOT NULL DEFAULT 20 CHECK (trivia_timer BETWEEN 10 AND 60),
    trivia_rounds     INTEGER NOT NULL DEFAULT 5 CHECK (trivia_rounds BETWEEN 1 AND 20),
    typed_answers     INTEGER NOT NULL DEFAULT 1,
    hints             INTEGER NOT NULL DEFAULT 0,
    daily_channel_id  INTEGER,
    daily_hour        INTEGER CHECK (daily_hour BETWEEN 0 AND 23),
    daily_last_date   TEXT,          -- UTC date (YYYY-MM-DD) of the last daily question posted
    season            INTEGER NOT NULL DEFAULT 1,
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE guild_features (
    guild_id INTEGER NOT NULL,
    feature  TEXT NOT NULL CHECK (feature IN ('trivia', 'quotes', 'facts', 'ask')),
    enabled  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, feature)
);

CREATE TABLE game_channels (        -- none listed for a guild: games may run everywhere
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,        -- e.g. 'cog', 'channels.add', 'spoilers'
    detail     TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX audit_log_guild ON audit_log(guild_id, id DESC);

CREATE TABLE members (              -- display names, so leaderboards need no member cache
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (guild_id, user_id)
);

-- ---------------------------------------------------------------- trivia
CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,   -- stable: 'who-said:<quote id>', 'curated:<id>', 'community:<guild>:<n>'
    guild_id     INTEGER,                -- NULL: the episode's bank; set: a server's community question
    category     TEXT NOT NULL,          -- 'quotes', 'people', 'facts', 'occasions', 'community'
    form         TEXT NOT NULL CHECK (form IN ('choice', 'true_false', 'typed')),
    prompt       TEXT NOT NULL,
    answer       TEXT NOT NULL,
    wrong        TEXT NOT NULL DEFAULT '[]',  -- JSON array of distractors
    accepted     TEXT NOT NULL DEFAULT '[]',  -- JSON array of other accepted typed answers (aliases)
    explanation  TEXT,
    quote_id     TEXT REFERENCES quotes(id),
    fact_id      TEXT REFERENCES facts(id),
    evidence_start INTEGER,
    evidence_end   INTEGER,
    created_by   INTEGER,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    active       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX questions_bank ON questions(guild_id, category) WHERE active = 1;

CREATE TABLE games (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    started_by      INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'stopped', 'abandoned')),
    kind            TEXT NOT NULL DEFAULT 'game' CHECK (kind IN ('game', 'daily')),
    rounds          INTEGER NOT NULL,
    timer           INTEGER NOT NULL,
    category        TEXT,
    current_round   INTEGER NOT NULL DEFAULT 0,
    season          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ended_at        TEXT
);
CREATE UNIQUE INDEX games_one_running_per_channel ON games(channel_id) WHERE status = 'running' AND kind = 'game';

CREATE TABLE game_rounds (
    game_id     INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    round_no    INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id),
    choices     TEXT NOT NULL DEFAULT '[]',   -- JSON array, in the order shown
    message_id  INTEGER,
    started_at  REAL NOT NULL,                -- unix seconds
    deadline    REAL NOT NULL,
    revealed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (game_id, round_no)
);

CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    game_id     INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    round_no    INTEGER NOT NULL,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    given       TEXT NOT NULL,
    correct     INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    elapsed_ms  INTEGER NOT NULL,
    answered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (game_id, round_no, user_id)       -- one answer per member per question
);
CREATE INDEX answers_member ON answers(guild_id, user_id);

CREATE TABLE scores (
    guild_id     INTEGER NOT NULL,
    season       INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    points       INTEGER NOT NULL DEFAULT 0,
    answered     INTEGER NOT NULL DEFAULT 0,
    correct      INTEGER NOT NULL DEFAULT 0,
    streak       INTEGER NOT NULL DEFAULT 0,
    best_streak  INTEGER NOT NULL DEFAULT 0,
    fastest_ms   INTEGER,
    PRIMARY KEY (guild_id, season, user_id)
);
CREATE INDEX scores_rank ON scores(guild_id, season, points DESC);

CREATE TABLE seasons (               -- archived seasons after /config reset-scores
    guild_id    INTEGER NOT NULL,
    season      INTEGER NOT NULL,
    ended_at    TEXT NOT NULL,
    ended_by    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, season)
);

-- ---------------------------------------------------------------- reports
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    item_kind   TEXT NOT NULL CHECK (item_kind IN ('question', 'quote', 'fact')),
    item_id     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'retired')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    resolved_by INTEGER,
    resolved_at TEXT
);
CREATE INDEX reports_open ON reports(guild_id, status);

CREATE TABLE retired_items (         -- never asked or shown again on that server
    guild_id  INTEGER NOT NULL,
    item_kind TEXT NOT NULL,
    item_id   TEXT NOT NULL,
    PRIMARY KEY (guild_id, item_kind, item_id)
);
