-- 0007: a per-server rotation through the trivia bank. Additive only.

-- When each server was last asked each question (games, daily questions and practice questions):
-- a server is asked its least-recently-asked questions first, and a question it was never asked (a
-- new community question) comes before all of them. Written when a round starts, never on a click.
CREATE TABLE question_asks (
    guild_id    INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id),
    asked_at    REAL NOT NULL,            -- unix seconds
    PRIMARY KEY (guild_id, question_id)
);

-- The history so far, so that servers do not start the rotation over.
INSERT INTO question_asks (guild_id, question_id, asked_at)
SELECT g.guild_id, r.question_id, MAX(r.started_at)
FROM game_rounds r JOIN games g ON g.id = r.game_id
GROUP BY g.guild_id, r.question_id;
