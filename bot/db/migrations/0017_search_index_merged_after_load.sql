-- 0017: the search index is merged into one segment at the end of every content load that changed it.
--
-- FTS5 writes its index in segments and merges them only now and then: the bench's 100,000 quotes,
-- loaded in one transaction, left 12 segments (the real content 16), and every phrase a search
-- reads (each word's count, the matches, bm25, each highlight) is looked up in every one of them: a
-- highlight of three words cost 55 µs instead of 15, a whole /quote search statement about 15%
-- more. The indexed text changes only when content is loaded, so the load merges the index
-- ('optimize') as its last step, inside its own transaction: the content hash is the last thing it
-- writes (CONTENT_HASH_KEY in bot/db/content_repo.py; tests/search/test_index.py holds the two
-- together). Only when the index changed since the last merge (search_state.generation moved): a
-- reload of identical content still writes nothing but the hash. Search results are the same
-- either way; only the work of finding them shrinks.

ALTER TABLE search_state ADD COLUMN merged_generation INTEGER;  -- the generation last merged

CREATE TRIGGER search_optimize_ai AFTER INSERT ON meta
WHEN NEW.key = 'content_hash'
 AND (SELECT generation IS NOT merged_generation FROM search_state WHERE id = 1)
BEGIN
    INSERT INTO search_fts (search_fts) VALUES ('optimize');
    UPDATE search_state SET merged_generation = generation WHERE id = 1;
END;
CREATE TRIGGER search_optimize_au AFTER UPDATE OF value ON meta
WHEN NEW.key = 'content_hash'
 AND (SELECT generation IS NOT merged_generation FROM search_state WHERE id = 1)
BEGIN
    INSERT INTO search_fts (search_fts) VALUES ('optimize');
    UPDATE search_state SET merged_generation = generation WHERE id = 1;
END;

-- A database loaded before this migration.
INSERT INTO search_fts (search_fts) VALUES ('optimize');
UPDATE search_state SET merged_generation = generation WHERE id = 1;
