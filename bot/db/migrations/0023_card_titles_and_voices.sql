-- 0023: every quote and fact card has a title, and a fact says whose words it rests on.
--
-- `title` (quotes, facts): a short name of what the card is about ("A last serving of pie"), from the
-- content file; /ask names topics by it ("it does talk about things like ...").
-- `facts.speaker_id`, `facts.occasion_id`: whose words the fact's evidence is, derived from the
-- article by the content checker: the speaker and occasion of the quotation that holds it (Milo on the
-- podcast, Milo in the 2017 interview), or both NULL for the article's own narration.
-- PostgreSQL's twin is postgres/migrations/0007.

ALTER TABLE quotes ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN speaker_id TEXT REFERENCES people(id);
ALTER TABLE facts ADD COLUMN occasion_id TEXT REFERENCES occasions(id);
