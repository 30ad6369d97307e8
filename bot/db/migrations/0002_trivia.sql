-- 0002: trivia. Additive only: the tables of 0001 keep their columns and meaning (moderation reads
-- scores, answers, seasons, questions and members for resets, exports, deletion and reports).

-- What kind of thing a question's answer is ('name', 'character', 'quote', 'year', 'occasion', ...).
-- NULL for curated and community questions; generated questions whose answer is a name, a character
-- or a quote fragment may also be answered by typing it.
ALTER TABLE questions ADD COLUMN answer_kind TEXT;

-- Every answer is one INSERT; this trigger folds it into the member's season score in the same
-- statement, so a click is one atomic write and concurrent clicks can neither lose nor double-count.
-- The season is the game's (a game started before a reset keeps scoring into the season it began in).
CREATE TRIGGER answers_fold_into_scores AFTER INSERT ON answers
BEGIN
    INSERT INTO scores (guild_id, season, user_id, points, answered, correct, streak, best_streak, fastest_ms)
    VALUES (
        NEW.guild_id,
        (SELECT season FROM games WHERE id = NEW.game_id),
        NEW.user_id,
        NEW.points,
        1,
        NEW.correct,
        NEW.correct,
        NEW.correct,
        CASE WHEN NEW.correct THEN NEW.elapsed_ms END
    )
    ON CONFLICT (guild_id, season, user_id) DO UPDATE SET
        points      = points + excluded.points,
        answered    = answered + 1,
        correct     = correct + excluded.correct,
        streak      = CASE WHEN excluded.correct THEN streak + 1 ELSE 0 END,
        best_streak = MAX(best_streak, CASE WHEN excluded.correct THEN streak + 1 ELSE 0 END),
        fastest_ms  = CASE
            WHEN excluded.correct AND (fastest_ms IS NULL OR excluded.fastest_ms < fastest_ms) THEN excluded.fastest_ms
            ELSE fastest_ms
        END;
END;

-- "This week" leaderboards sum a server's recent answers.
CREATE INDEX answers_guild_time ON answers(guild_id, answered_at);

-- Resuming after a restart and the daily schedule look up running games by kind.
CREATE INDEX games_running ON games(status, kind) WHERE status = 'running';
