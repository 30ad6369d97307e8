-- 0017: the search index is merged into one segment at the end of every content load.
--
-- FTS5 writes its index in segments and merges them only now and then: the bench's 100,000 quotes,
-- loaded in one transaction, left 12 segments, and every phrase a search reads (each word's count,
-- the matches, bm25, each highlight) is looked up in every one of them: a highlight of three words
-- cost 55 µs instead of 15, a whole /quote search statement about 15% more. The indexed text
-- changes only when content is loaded, so the load merges the index ('optimize') as its last step,
-- inside its own transaction: the content hash is the last thing it writes (CONTENT_HASH_KEY in
-- bot/db/content_repo.py; tests/search/test_index.py holds the two together). Search results are
-- the same either way; only the work of finding them shrinks.

CREATE TRIGGER search_optimize_ai AFTER INSERT ON meta WHEN NEW.key = 'content_hash' BEGIN
    INSERT INTO search_fts (search_fts) VALUES ('optimize');
END;
CREATE TRIGGER search_optimize_au AFTER UPDATE OF value ON meta WHEN NEW.key = 'content_hash' BEGIN
    INSERT INTO search_fts (search_fts) VALUES ('optimize');
END;

-- A database loaded before this migration.
INSERT INTO search_fts (search_fts) VALUES ('optimize');
