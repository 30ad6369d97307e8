-- 0003: full-text search over quotes, facts and people, kept in step by triggers.
--
-- The placeholder `search_index` of 0001 is replaced by:
--   search_docs   one row per quote, fact and person: the text that is indexed, keyed by an
--                 explicit INTEGER PRIMARY KEY (quotes/facts/people have TEXT ids, and a plain
--                 rowid may change on VACUUM, which would silently break an external-content index);
--   search_fts    FTS5 over search_docs (external content), porter-stemmed, case- and accent-blind;
--   search_state  a generation number that changes whenever indexed text changes (the key of
--                 the typo vocabulary the bot builds from search_docs).
--
-- Apostrophes are removed before indexing (straight, curly, modifier letter, backtick, acute,
-- prime), so "don’t" is indexed as "dont" and "dont", "don't" and "don’t" all find it;
-- bot/search/text.py removes the same characters from queries (a test holds the two together).
--
-- Every insert, update and delete of quotes, facts, fact_people, people and article refreshes the
-- affected documents (`search_refresh`, from the `search_source` view), inside the writer's own transaction: the
-- content loader's one transaction leaves the index consistent, or (on rollback) untouched.

DROP TABLE IF EXISTS search_index;

CREATE TABLE search_docs (
    doc_id    INTEGER PRIMARY KEY,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('quote', 'fact', 'person')),
    item_id   TEXT NOT NULL,
    active    INTEGER NOT NULL,
    body      TEXT NOT NULL,     -- the item's own words (a person: what they do, whom they play)
    names     TEXT NOT NULL,     -- who it is by or about: names and aliases
    evidence  TEXT NOT NULL,     -- the article's words a fact or person rests on ('' for quotes)
    UNIQUE (item_kind, item_id)
);

CREATE VIRTUAL TABLE search_fts USING fts5(
    body, names, evidence,
    content = 'search_docs', content_rowid = 'doc_id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3 4'  -- prefix indexes: "gree"* reads one list instead of merging every word's
);

CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO search_state (id, generation) VALUES (1, 0);

-- What each document should hold. Apostrophes are removed by the nested replace() calls
-- (' ’ ‘ ʼ ` ´ ′); aliases that are not a JSON array are ignored rather than failing the writer.
CREATE VIEW search_source (item_kind, item_id, active, body, names, evidence) AS
SELECT 'quote', q.id, q.active,
       replace(replace(replace(replace(replace(replace(replace(
           q.body, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    p.name || ' ' || coalesce((SELECT group_concat(a.value, ' ') FROM json_each(
                        CASE WHEN json_valid(p.aliases) AND json_type(p.aliases) = 'array' THEN p.aliases ELSE '[]' END) a), ''),
                    '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM people p WHERE p.id = q.speaker_id), ''),
       ''
FROM quotes q
UNION ALL
SELECT 'fact', f.id, f.active,
       replace(replace(replace(replace(replace(replace(replace(
           f.body, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    group_concat(p.name || ' ' || coalesce((SELECT group_concat(a.value, ' ') FROM json_each(
                        CASE WHEN json_valid(p.aliases) AND json_type(p.aliases) = 'array' THEN p.aliases ELSE '[]' END) a), ''), ' '),
                    '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM fact_people fp JOIN people p ON p.id = fp.person_id WHERE fp.fact_id = f.id), ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    substr(ar.body, f.evidence_start + 1, f.evidence_end - f.evidence_start),
                    '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM article ar WHERE ar.id = 1), '')
FROM facts f
UNION ALL
SELECT 'person', p.id, p.active,
       replace(replace(replace(replace(replace(replace(replace(
           p.description || coalesce(' Plays ' || p.plays || '.', ''), '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', ''),
       replace(replace(replace(replace(replace(replace(replace(
           p.name || ' ' || coalesce((SELECT group_concat(a.value, ' ') FROM json_each(
               CASE WHEN json_valid(p.aliases) AND json_type(p.aliases) = 'array' THEN p.aliases ELSE '[]' END) a), ''),
           '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    substr(ar.body, p.evidence_start + 1, p.evidence_end - p.evidence_start),
                    '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM article ar WHERE ar.id = 1 AND p.evidence_start IS NOT NULL AND p.evidence_end IS NOT NULL), '')
FROM people p;

-- ---------------------------------------------------------------- search_docs -> search_fts
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, body, names, evidence) VALUES (NEW.doc_id, NEW.body, NEW.names, NEW.evidence);
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, body, names, evidence)
        VALUES ('delete', OLD.doc_id, OLD.body, OLD.names, OLD.evidence);
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

-- An `active` flip leaves the index alone: searches filter on search_docs.active.
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs
WHEN (OLD.doc_id, OLD.body, OLD.names, OLD.evidence) IS NOT (NEW.doc_id, NEW.body, NEW.names, NEW.evidence)
BEGIN
    INSERT INTO search_fts (search_fts, rowid, body, names, evidence)
        VALUES ('delete', OLD.doc_id, OLD.body, OLD.names, OLD.evidence);
    INSERT INTO search_fts (rowid, body, names, evidence) VALUES (NEW.doc_id, NEW.body, NEW.names, NEW.evidence);
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

-- ---------------------------------------------------------------- content -> search_docs
-- `INSERT INTO search_refresh VALUES (kind, id)` makes that item's document match search_source:
-- created, updated (only if something changed: no needless FTS churn) or, when the item is gone,
-- deleted. Every content trigger below is one such insert.
CREATE VIEW search_refresh (item_kind, item_id) AS SELECT item_kind, item_id FROM search_docs;

CREATE TRIGGER search_refresh_doc INSTEAD OF INSERT ON search_refresh BEGIN
    DELETE FROM search_docs
    WHERE item_kind = NEW.item_kind AND item_id = NEW.item_id
      AND NOT EXISTS (SELECT 1 FROM search_source s WHERE s.item_kind = NEW.item_kind AND s.item_id = NEW.item_id);
    INSERT INTO search_docs (item_kind, item_id, active, body, names, evidence)
        SELECT item_kind, item_id, active, body, names, evidence FROM search_source
        WHERE item_kind = NEW.item_kind AND item_id = NEW.item_id
    ON CONFLICT (item_kind, item_id) DO UPDATE SET
        active = excluded.active, body = excluded.body, names = excluded.names, evidence = excluded.evidence
    WHERE (search_docs.active, search_docs.body, search_docs.names, search_docs.evidence)
        IS NOT (excluded.active, excluded.body, excluded.names, excluded.evidence);
END;

CREATE TRIGGER search_quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO search_refresh VALUES ('quote', NEW.id);
END;
CREATE TRIGGER search_quotes_au AFTER UPDATE OF id, body, speaker_id, active ON quotes BEGIN
    INSERT INTO search_refresh SELECT 'quote', OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO search_refresh VALUES ('quote', NEW.id);
END;
CREATE TRIGGER search_quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO search_refresh VALUES ('quote', OLD.id);
END;

CREATE TRIGGER search_facts_ai AFTER INSERT ON facts BEGIN
    INSERT INTO search_refresh VALUES ('fact', NEW.id);
END;
CREATE TRIGGER search_facts_au AFTER UPDATE OF id, body, evidence_start, evidence_end, active ON facts BEGIN
    INSERT INTO search_refresh SELECT 'fact', OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO search_refresh VALUES ('fact', NEW.id);
END;
CREATE TRIGGER search_facts_ad AFTER DELETE ON facts BEGIN
    INSERT INTO search_refresh VALUES ('fact', OLD.id);
END;

-- Who a fact is about is part of its document (the `names` column).
CREATE TRIGGER search_fact_people_ai AFTER INSERT ON fact_people BEGIN
    INSERT INTO search_refresh VALUES ('fact', NEW.fact_id);
END;
CREATE TRIGGER search_fact_people_au AFTER UPDATE ON fact_people BEGIN
    INSERT INTO search_refresh SELECT 'fact', OLD.fact_id WHERE OLD.fact_id IS NOT NEW.fact_id;
    INSERT INTO search_refresh VALUES ('fact', NEW.fact_id);
END;
CREATE TRIGGER search_fact_people_ad AFTER DELETE ON fact_people BEGIN
    INSERT INTO search_refresh VALUES ('fact', OLD.fact_id);
END;

-- A person's names are also in their quotes' and facts' documents.
CREATE TRIGGER search_people_ai AFTER INSERT ON people BEGIN
    INSERT INTO search_refresh VALUES ('person', NEW.id);
END;
CREATE TRIGGER search_people_au
AFTER UPDATE OF id, name, aliases, description, plays, evidence_start, evidence_end, active ON people BEGIN
    INSERT INTO search_refresh SELECT 'person', OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO search_refresh VALUES ('person', NEW.id);
    INSERT INTO search_refresh SELECT 'quote', id FROM quotes WHERE speaker_id IN (OLD.id, NEW.id);
    INSERT INTO search_refresh SELECT DISTINCT 'fact', fact_id FROM fact_people WHERE person_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER search_people_ad AFTER DELETE ON people BEGIN
    INSERT INTO search_refresh VALUES ('person', OLD.id);
END;

-- Facts and people cite the article's words as evidence.
CREATE TRIGGER search_article_ai AFTER INSERT ON article BEGIN
    INSERT INTO search_refresh SELECT 'fact', id FROM facts UNION ALL SELECT 'person', id FROM people;
END;
CREATE TRIGGER search_article_au AFTER UPDATE OF body ON article BEGIN
    INSERT INTO search_refresh SELECT 'fact', id FROM facts UNION ALL SELECT 'person', id FROM people;
END;
CREATE TRIGGER search_article_ad AFTER DELETE ON article BEGIN
    INSERT INTO search_refresh SELECT 'fact', id FROM facts UNION ALL SELECT 'person', id FROM people;
END;

-- Index what is already there (a database that had content before this migration).
INSERT INTO search_docs (item_kind, item_id, active, body, names, evidence)
    SELECT item_kind, item_id, active, body, names, evidence FROM search_source WHERE true;
