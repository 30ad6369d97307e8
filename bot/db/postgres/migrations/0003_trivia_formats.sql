-- 0003: trivia formats (a target score, teams, duels), hints, visible scoring, daily streaks and the
-- season champion role (issue 18); as SQLite's 0019. Additive only.

ALTER TABLE games ADD COLUMN mode text NOT NULL DEFAULT 'solo' CHECK (mode IN ('solo', 'teams', 'duel'));
ALTER TABLE games ADD COLUMN target integer;             -- the first to this many points wins
ALTER TABLE games ADD COLUMN opponent_id bigint;         -- a duel's challenged member
ALTER TABLE games ADD COLUMN lobby_deadline double precision;  -- unix seconds
ALTER TABLE games ADD COLUMN lobby_message_id bigint;
ALTER TABLE games ADD COLUMN winner_id bigint;           -- a duel's or a target game's winner
ALTER TABLE games ADD COLUMN winner_team text CHECK (winner_team IN ('A', 'B'));
ALTER TABLE games ADD COLUMN day text;                   -- a daily question's UTC day (YYYY-MM-DD)

UPDATE games SET day = (
    SELECT to_char(to_timestamp(r.deadline) AT TIME ZONE 'UTC' - interval '1 day', 'YYYY-MM-DD')
    FROM game_rounds r WHERE r.game_id = games.id AND r.round_no = 1
) WHERE kind = 'daily';

CREATE INDEX games_daily ON games(guild_id, id) WHERE kind = 'daily';

ALTER TABLE answers ADD COLUMN speed_bonus integer NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN streak_bonus integer NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN hint_cost integer NOT NULL DEFAULT 0;

CREATE TABLE hints (
    game_id  bigint NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    round_no integer NOT NULL,
    guild_id bigint NOT NULL,
    user_id  bigint NOT NULL,
    PRIMARY KEY (game_id, round_no, user_id)
);
CREATE INDEX hints_member ON hints(guild_id, user_id);

CREATE TABLE game_teams (
    game_id  bigint NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    guild_id bigint NOT NULL,
    user_id  bigint NOT NULL,
    team     text NOT NULL CHECK (team IN ('A', 'B')),
    PRIMARY KEY (game_id, user_id)
);
CREATE INDEX game_teams_member ON game_teams(guild_id, user_id);

ALTER TABLE guild_settings ADD COLUMN champion_role_id bigint;
