-- 0001: the schema of SQLite's migrations 0001-0015, for the server state in PostgreSQL.
--
-- The same tables, columns, constraints and indexes as SQLite's (bot/db/migrations), so that every
-- repository behaves alike on both (tests/db/test_backends.py holds the two column lists together).
-- What differs, on purpose:
--   * flags are boolean, ids are identities, Discord snowflakes are bigint;
--   * timestamps stay text in SQLite's format (2024-05-01T12:34:56.789Z, UTC), so that they sort,
--     compare and export exactly as on SQLite and copy over from it unchanged (utc_text());
--   * JSON columns stay text holding JSON, as the repositories read and write them;
--   * the content tables carry no search index: full-text search reads each process's local SQLite
--     (docs/architecture.md, "Storage"). They are here for the joins of server state with content
--     (a reveal's evidence, a report's item, the bank's filters); synonyms, which only /ask reads,
--     are not.

CREATE FUNCTION utc_text(at timestamptz) RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
CREATE FUNCTION utc_now_text() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT utc_text(now()) $$;

-- ---------------------------------------------------------------- bot-wide bookkeeping
CREATE TABLE meta (
    key   text PRIMARY KEY,          -- content_hash, trivia_bank_hash, commands_hash:<app>:<scope>
    value text NOT NULL
);

-- ---------------------------------------------------------------- content (from data/, loaded once under a lock)
-- References between content rows are checked at COMMIT: the loader writes them in one transaction,
-- in which a quote may point at a quote stored after it.
CREATE TABLE article (
    id          integer PRIMARY KEY CHECK (id = 1),
    headline    text NOT NULL,
    body        text NOT NULL,
    source_note text NOT NULL
);

CREATE TABLE people (
    id             text PRIMARY KEY,
    name           text NOT NULL,
    aliases        text NOT NULL DEFAULT '[]',
    description    text NOT NULL,
    plays          text,
    evidence_start integer,
    evidence_end   integer,
    active         boolean NOT NULL DEFAULT true,
    plays_accepted text NOT NULL DEFAULT '[]',
    role           text CHECK (role IN ('cast', 'writer')),
    asks           text NOT NULL DEFAULT '[]'
);

CREATE TABLE episode (
    id       integer PRIMARY KEY CHECK (id = 1),
    podcast  text NOT NULL,
    host_id  text NOT NULL REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED,
    guest_id text NOT NULL REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED,
    topic    text NOT NULL,
    aired    text
);

CREATE TABLE occasions (
    id             text PRIMARY KEY,
    label          text NOT NULL,
    is_episode     boolean NOT NULL,
    evidence_start integer,
    evidence_end   integer,
    active         boolean NOT NULL DEFAULT true
);

CREATE TABLE quotes (
    id           text PRIMARY KEY,
    body         text NOT NULL,
    speaker_id   text NOT NULL REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED,
    occasion_id  text NOT NULL REFERENCES occasions(id) DEFERRABLE INITIALLY DEFERRED,
    kind         text NOT NULL CHECK (kind IN ('own', 'voiced')),
    passage_id   text NOT NULL,
    part         integer NOT NULL DEFAULT 1,
    parent_id    text REFERENCES quotes(id) DEFERRABLE INITIALLY DEFERRED,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    active       boolean NOT NULL DEFAULT true,
    repeat_of    text REFERENCES quotes(id) DEFERRABLE INITIALLY DEFERRED,
    asks         text NOT NULL DEFAULT '[]',
    CHECK (start_offset < end_offset)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id) WHERE active;

CREATE TABLE facts (
    id             text PRIMARY KEY,
    body           text NOT NULL,
    sentence_start integer NOT NULL,
    sentence_end   integer NOT NULL,
    evidence_start integer NOT NULL,
    evidence_end   integer NOT NULL,
    question       text,
    answer         text,
    answer_kind    text CHECK (answer_kind IN ('year', 'number', 'name', 'title', 'place', 'character')),
    active         boolean NOT NULL DEFAULT true,
    wrong          text NOT NULL DEFAULT '[]',
    accepted       text NOT NULL DEFAULT '[]',
    asks           text NOT NULL DEFAULT '[]'
);

CREATE TABLE fact_people (
    fact_id   text NOT NULL REFERENCES facts(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    person_id text NOT NULL REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (fact_id, person_id)
);

-- ---------------------------------------------------------------- per-server settings
CREATE TABLE guild_settings (
    guild_id         bigint PRIMARY KEY,
    spoilers         boolean NOT NULL DEFAULT false,
    trivia_timer     integer NOT NULL DEFAULT 20 CHECK (trivia_timer BETWEEN 10 AND 60),
    trivia_rounds    integer NOT NULL DEFAULT 5 CHECK (trivia_rounds BETWEEN 1 AND 20),
    typed_answers    boolean NOT NULL DEFAULT true,
    hints            boolean NOT NULL DEFAULT false,
    daily_channel_id bigint,
    daily_hour       integer CHECK (daily_hour BETWEEN 0 AND 23),
    daily_last_date  text,           -- UTC date (YYYY-MM-DD) of the last daily question posted
    season           integer NOT NULL DEFAULT 1,
    updated_at       text NOT NULL DEFAULT utc_now_text()
);

CREATE TABLE guild_features (
    guild_id bigint NOT NULL,
    feature  text NOT NULL CHECK (feature IN ('trivia', 'quotes', 'facts', 'ask')),
    enabled  boolean NOT NULL,
    PRIMARY KEY (guild_id, feature)
);

CREATE TABLE game_channels (
    guild_id   bigint NOT NULL,
    channel_id bigint NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE audit_log (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    guild_id   bigint NOT NULL,
    actor_id   bigint NOT NULL,
    actor_name text NOT NULL,
    action     text NOT NULL,
    detail     text NOT NULL,
    created_at text NOT NULL DEFAULT utc_now_text()
);
CREATE INDEX audit_log_guild ON audit_log(guild_id, id DESC);

CREATE TABLE members (
    guild_id     bigint NOT NULL,
    user_id      bigint NOT NULL,
    display_name text NOT NULL,
    updated_at   text NOT NULL DEFAULT utc_now_text(),
    PRIMARY KEY (guild_id, user_id)
);

-- ---------------------------------------------------------------- trivia
CREATE TABLE questions (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    key            text NOT NULL UNIQUE,
    guild_id       bigint,           -- NULL: the episode's bank; set: a server's community question
    category       text NOT NULL,
    form           text NOT NULL CHECK (form IN ('choice', 'true_false', 'typed')),
    prompt         text NOT NULL,
    answer         text NOT NULL,
    wrong          text NOT NULL DEFAULT '[]',
    accepted       text NOT NULL DEFAULT '[]',
    explanation    text,
    quote_id       text REFERENCES quotes(id) DEFERRABLE INITIALLY DEFERRED,
    fact_id        text REFERENCES facts(id) DEFERRABLE INITIALLY DEFERRED,
    evidence_start integer,
    evidence_end   integer,
    created_by     bigint,
    created_at     text NOT NULL DEFAULT utc_now_text(),
    active         boolean NOT NULL DEFAULT true,
    answer_kind    text,
    topics         text NOT NULL DEFAULT '[]',
    suggested_by   bigint
);
CREATE INDEX questions_bank ON questions(guild_id, category) WHERE active;

CREATE TABLE games (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    guild_id      bigint NOT NULL,
    channel_id    bigint NOT NULL,
    started_by    bigint NOT NULL,
    status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'finished', 'stopped', 'abandoned')),
    kind          text NOT NULL DEFAULT 'game' CHECK (kind IN ('game', 'daily')),
    rounds        integer NOT NULL,
    timer         integer NOT NULL,
    category      text,
    current_round integer NOT NULL DEFAULT 0,
    season        integer NOT NULL DEFAULT 1,
    created_at    text NOT NULL DEFAULT utc_now_text(),
    ended_at      text
);
CREATE UNIQUE INDEX games_one_running_per_channel ON games(channel_id) WHERE status = 'running' AND kind = 'game';
CREATE INDEX games_running ON games(status, kind) WHERE status = 'running';

CREATE TABLE game_rounds (
    game_id     bigint NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    round_no    integer NOT NULL,
    question_id bigint NOT NULL REFERENCES questions(id),
    choices     text NOT NULL DEFAULT '[]',
    message_id  bigint,
    started_at  double precision NOT NULL,  -- unix seconds
    deadline    double precision NOT NULL,
    revealed    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (game_id, round_no)
);
CREATE INDEX game_rounds_question ON game_rounds(question_id);

CREATE TABLE answers (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    game_id     bigint NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    round_no    integer NOT NULL,
    guild_id    bigint NOT NULL,
    user_id     bigint NOT NULL,
    given       text NOT NULL,
    correct     boolean NOT NULL,
    points      integer NOT NULL,
    elapsed_ms  integer NOT NULL,
    answered_at text NOT NULL DEFAULT utc_now_text(),
    UNIQUE (game_id, round_no, user_id)      -- one answer per member per question
);
CREATE INDEX answers_member ON answers(guild_id, user_id);
CREATE INDEX answers_guild_time ON answers(guild_id, answered_at);

CREATE TABLE scores (
    guild_id    bigint NOT NULL,
    season      integer NOT NULL,
    user_id     bigint NOT NULL,
    points      integer NOT NULL DEFAULT 0,
    answered    integer NOT NULL DEFAULT 0,
    correct     integer NOT NULL DEFAULT 0,
    streak      integer NOT NULL DEFAULT 0,
    best_streak integer NOT NULL DEFAULT 0,
    fastest_ms  integer,
    PRIMARY KEY (guild_id, season, user_id)
);
CREATE INDEX scores_rank ON scores(guild_id, season, points DESC);

-- As SQLite's trigger of 0002: every answer is one INSERT, and this folds it into the member's
-- season score within that same statement, so a click is one atomic write. Concurrent answers of
-- one member wait on the score row's lock and each adds to what the other left.
CREATE FUNCTION fold_answer_into_scores() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO scores AS s (guild_id, season, user_id, points, answered, correct, streak, best_streak, fastest_ms)
    VALUES (
        NEW.guild_id,
        (SELECT season FROM games WHERE id = NEW.game_id),
        NEW.user_id,
        NEW.points,
        1,
        NEW.correct::integer,
        NEW.correct::integer,
        NEW.correct::integer,
        CASE WHEN NEW.correct THEN NEW.elapsed_ms END
    )
    ON CONFLICT (guild_id, season, user_id) DO UPDATE SET
        points      = s.points + excluded.points,
        answered    = s.answered + 1,
        correct     = s.correct + excluded.correct,
        streak      = CASE WHEN NEW.correct THEN s.streak + 1 ELSE 0 END,
        best_streak = greatest(s.best_streak, CASE WHEN NEW.correct THEN s.streak + 1 ELSE 0 END),
        fastest_ms  = CASE
            WHEN NEW.correct AND (s.fastest_ms IS NULL OR NEW.elapsed_ms < s.fastest_ms) THEN NEW.elapsed_ms
            ELSE s.fastest_ms
        END;
    RETURN NULL;
END;
$$;
CREATE TRIGGER answers_fold_into_scores AFTER INSERT ON answers
    FOR EACH ROW EXECUTE FUNCTION fold_answer_into_scores();

CREATE TABLE seasons (
    guild_id bigint NOT NULL,
    season   integer NOT NULL,
    ended_at text NOT NULL,
    ended_by bigint NOT NULL,
    PRIMARY KEY (guild_id, season)
);

CREATE TABLE question_asks (
    guild_id    bigint NOT NULL,
    question_id bigint NOT NULL REFERENCES questions(id),
    asked_at    double precision NOT NULL,  -- unix seconds
    PRIMARY KEY (guild_id, question_id)
);

-- ---------------------------------------------------------------- reports and suggestions
CREATE TABLE reports (
    id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    guild_id        bigint NOT NULL,
    user_id         bigint NOT NULL,
    item_kind       text NOT NULL CHECK (item_kind IN ('question', 'quote', 'fact')),
    item_id         text NOT NULL,
    reason          text NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'retired')),
    created_at      text NOT NULL DEFAULT utc_now_text(),
    resolved_by     bigint,
    resolved_at     text,
    points_restored integer NOT NULL DEFAULT 0
);
CREATE INDEX reports_open ON reports(guild_id, status);
CREATE UNIQUE INDEX reports_one_open_per_member ON reports(guild_id, item_kind, item_id, user_id) WHERE status = 'open';
CREATE INDEX reports_member ON reports(guild_id, user_id);

CREATE TABLE retired_items (
    guild_id  bigint NOT NULL,
    item_kind text NOT NULL,
    item_id   text NOT NULL,
    PRIMARY KEY (guild_id, item_kind, item_id)
);

CREATE TABLE suggestions (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    guild_id    bigint NOT NULL,
    user_id     bigint NOT NULL,
    prompt      text NOT NULL,
    answer      text NOT NULL,
    wrong       text NOT NULL DEFAULT '[]',
    source      text NOT NULL,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at  text NOT NULL DEFAULT utc_now_text(),
    reviewed_by bigint,
    reviewed_at text,
    question_id bigint REFERENCES questions(id)
);
CREATE INDEX suggestions_pending ON suggestions(guild_id, id) WHERE status = 'pending';
CREATE INDEX suggestions_member ON suggestions(guild_id, user_id, created_at);
