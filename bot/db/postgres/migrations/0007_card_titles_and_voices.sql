-- 0007: every quote and fact card has a title, and a fact says whose words it rests on (SQLite's
-- migration 0023 says why).

ALTER TABLE quotes ADD COLUMN title text NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN title text NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN speaker_id text REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE facts ADD COLUMN occasion_id text REFERENCES occasions(id) DEFERRABLE INITIALLY DEFERRED;
