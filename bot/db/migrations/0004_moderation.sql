-- 0004: moderation. Additive only: indexes for reports, privacy look-ups and point restoration,
-- and a record of the points a retired question gave back to its reporter.

-- One open report per member per item: a second report of the same thing is answered, not stored.
CREATE UNIQUE INDEX reports_one_open_per_member ON reports(guild_id, item_kind, item_id, user_id) WHERE status = 'open';
-- /privacy finds and deletes a member's reports on one server.
CREATE INDEX reports_member ON reports(guild_id, user_id);
-- Retiring a question finds the rounds that asked it, then the reporter's answers to them.
CREATE INDEX game_rounds_question ON game_rounds(question_id);

ALTER TABLE reports ADD COLUMN points_restored INTEGER NOT NULL DEFAULT 0;
