-- 0024: the fandom's own names for things, which /ask reads as the article's words.
--
-- The content file's [[fan_words]] ("ayitl", "the revival" -> "A Year in the Life"; "luke's nephew"
-- -> "Jess"), each leading to words the article prints (the loader checks it). Like `synonyms`, read
-- only by /ask and replaced whole at a content load; local to each process (a search_ table: never
-- copied to PostgreSQL). A change bumps the search generation, which rebuilds /ask's lexicon.

CREATE TABLE search_fan_words (
    id    INTEGER PRIMARY KEY,  -- the entry's place in the content file
    says  TEXT NOT NULL,        -- JSON array of what fans say, as written
    means TEXT NOT NULL         -- the article's words for it
);
CREATE TRIGGER search_fan_words_ai AFTER INSERT ON search_fan_words BEGIN
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER search_fan_words_ad AFTER DELETE ON search_fan_words BEGIN
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;
