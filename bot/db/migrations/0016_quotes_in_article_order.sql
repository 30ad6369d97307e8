-- 0016: a speaker's quotes in article order, read from an index.
--
-- "What did Milo say?" (/ask) wants a speaker's first quotes in article order; with only
-- quotes_speaker (0001) SQLite read and sorted all of them for that: 27 ms at 50,000 quotes of one
-- speaker, against 0.02 ms from this index. It also serves everything quotes_speaker did (the
-- speaker is its first column), so that one goes.

CREATE INDEX quotes_speaker_order ON quotes (speaker_id, start_offset, id) WHERE active = 1;
DROP INDEX quotes_speaker;
