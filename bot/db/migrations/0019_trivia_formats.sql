-- 0019: trivia formats (a target score, teams, duels), hints, visible scoring, daily streaks and the
-- season champion role (issue 18). Additive only.

-- How a game is played: 'solo' (everyone for themself), 'teams' (Team A against Team B) or 'duel'
-- (two members head to head). A team game or a duel waits before its first question (current_round
-- 0) until lobby_deadline, until its starter starts it or the challenged member answers;
-- lobby_message_id is the message holding its team or Accept / Decline buttons.
ALTER TABLE games ADD COLUMN mode TEXT NOT NULL DEFAULT 'solo' CHECK (mode IN ('solo', 'teams', 'duel'));
ALTER TABLE games ADD COLUMN target INTEGER;            -- the first to this many points wins
ALTER TABLE games ADD COLUMN opponent_id INTEGER;       -- a duel's challenged member
ALTER TABLE games ADD COLUMN lobby_deadline REAL;       -- unix seconds
ALTER TABLE games ADD COLUMN lobby_message_id INTEGER;
ALTER TABLE games ADD COLUMN winner_id INTEGER;         -- a duel's or a target game's winner
ALTER TABLE games ADD COLUMN winner_team TEXT CHECK (winner_team IN ('A', 'B'));
ALTER TABLE games ADD COLUMN day TEXT;                  -- a daily question's UTC day (YYYY-MM-DD)

-- The day of the daily questions posted so far: each one's window closed a day after its day, at the hour.
UPDATE games SET day = (
    SELECT date(r.deadline, 'unixepoch', '-1 day') FROM game_rounds r WHERE r.game_id = games.id AND r.round_no = 1
) WHERE kind = 'daily';

-- A server's daily questions in order (daily streaks), and the last day posted (/config daily).
CREATE INDEX games_daily ON games(guild_id, id) WHERE kind = 'daily';

-- What each answer's points are made of, shown on the reveal: a right answer's speed bonus, streak
-- bonus and the hint it cost (points = 100 + speed_bonus + streak_bonus - hint_cost); a wrong one's
-- points are 0 or the early-click penalty.
ALTER TABLE answers ADD COLUMN speed_bonus INTEGER NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN streak_bonus INTEGER NOT NULL DEFAULT 0;
ALTER TABLE answers ADD COLUMN hint_cost INTEGER NOT NULL DEFAULT 0;

-- The hints members took, one per member and question: a right answer after one costs points.
CREATE TABLE hints (
    game_id  INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    round_no INTEGER NOT NULL,
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    PRIMARY KEY (game_id, round_no, user_id)
);
CREATE INDEX hints_member ON hints(guild_id, user_id);

-- Who plays for which team in a team game.
CREATE TABLE game_teams (
    game_id  INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    team     TEXT NOT NULL CHECK (team IN ('A', 'B')),
    PRIMARY KEY (game_id, user_id)
);
CREATE INDEX game_teams_member ON game_teams(guild_id, user_id);

-- The role a moderator chose for each season's champion (given at /config reset-scores).
ALTER TABLE guild_settings ADD COLUMN champion_role_id INTEGER;
