-- 0015: what /ask needs beyond the article's words, and a person's role.
--
-- `asks` (quotes, facts, people): a JSON array of the content file's fan questions, the ways fans
-- ask for the entry ("did jess and rory end up together"). Never shown: they route a question to
-- the entry, whose card is still the article's own words. Indexed as a fourth FTS5 column.
-- `people.role`: what they are in the show ('cast' or 'writer'; NULL: the content file says not).
-- `synonyms`: groups of interchangeable words and phrases ("break up" ~ "didn't work out"), each
-- anchored in the article by the loader; replaced whole at every content load.
--
-- search_fts gains the `asks` column: FTS5 tables cannot add columns, so it is rebuilt from
-- search_docs, and the view, triggers and refresh that name its columns are recreated.

ALTER TABLE quotes ADD COLUMN asks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE facts ADD COLUMN asks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN asks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN role TEXT CHECK (role IN ('cast', 'writer'));

CREATE TABLE synonyms (
    id    INTEGER PRIMARY KEY,  -- the group's place in the content file
    words TEXT NOT NULL         -- JSON array of the group's words and phrases, as written
);
-- Synonyms shape every question's words: the typo and weighting vocabulary is keyed by this.
CREATE TRIGGER synonyms_ai AFTER INSERT ON synonyms BEGIN
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER synonyms_ad AFTER DELETE ON synonyms BEGIN
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER synonyms_au AFTER UPDATE ON synonyms BEGIN
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

ALTER TABLE search_docs ADD COLUMN asks TEXT NOT NULL DEFAULT '';

DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;

CREATE VIRTUAL TABLE search_fts USING fts5(
    body, names, evidence, asks,
    content = 'search_docs', content_rowid = 'doc_id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3 4'
);

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, body, names, evidence, asks)
        VALUES (NEW.doc_id, NEW.body, NEW.names, NEW.evidence, NEW.asks);
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, body, names, evidence, asks)
        VALUES ('delete', OLD.doc_id, OLD.body, OLD.names, OLD.evidence, OLD.asks);
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs
WHEN (OLD.doc_id, OLD.body, OLD.names, OLD.evidence, OLD.asks) IS NOT (NEW.doc_id, NEW.body, NEW.names, NEW.evidence, NEW.asks)
BEGIN
    INSERT INTO search_fts (search_fts, rowid, body, names, evidence, asks)
        VALUES ('delete', OLD.doc_id, OLD.body, OLD.names, OLD.evidence, OLD.asks);
    INSERT INTO search_fts (rowid, body, names, evidence, asks)
        VALUES (NEW.doc_id, NEW.body, NEW.names, NEW.evidence, NEW.asks);
    UPDATE search_state SET generation = generation + 1 WHERE id = 1;
END;

-- As in 0003, with `asks`: the fan questions joined by ' / ', apostrophes removed.
DROP VIEW search_source;
CREATE VIEW search_source (item_kind, item_id, active, body, names, evidence, asks) AS
SELECT 'quote', q.id, q.active,
       replace(replace(replace(replace(replace(replace(replace(
           q.body, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    p.name || ' ' || coalesce((SELECT group_concat(a.value, ' ') FROM json_each(
                        CASE WHEN json_valid(p.aliases) AND json_type(p.aliases) = 'array' THEN p.aliases ELSE '[]' END) a), ''),
                    '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM people p WHERE p.id = q.speaker_id), ''),
       '',
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    group_concat(a.value, ' / '), '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM json_each(CASE WHEN json_valid(q.asks) AND json_type(q.asks) = 'array' THEN q.asks ELSE '[]' END) a), '')
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
                 FROM article ar WHERE ar.id = 1), ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    group_concat(a.value, ' / '), '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM json_each(CASE WHEN json_valid(f.asks) AND json_type(f.asks) = 'array' THEN f.asks ELSE '[]' END) a), '')
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
                 FROM article ar WHERE ar.id = 1 AND p.evidence_start IS NOT NULL AND p.evidence_end IS NOT NULL), ''),
       coalesce((SELECT replace(replace(replace(replace(replace(replace(replace(
                    group_concat(a.value, ' / '), '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '′', '')
                 FROM json_each(CASE WHEN json_valid(p.asks) AND json_type(p.asks) = 'array' THEN p.asks ELSE '[]' END) a), '')
FROM people p;

DROP TRIGGER search_refresh_doc;
CREATE TRIGGER search_refresh_doc INSTEAD OF INSERT ON search_refresh BEGIN
    DELETE FROM search_docs
    WHERE item_kind = NEW.item_kind AND item_id = NEW.item_id
      AND NOT EXISTS (SELECT 1 FROM search_source s WHERE s.item_kind = NEW.item_kind AND s.item_id = NEW.item_id);
    INSERT INTO search_docs (item_kind, item_id, active, body, names, evidence, asks)
        SELECT item_kind, item_id, active, body, names, evidence, asks FROM search_source
        WHERE item_kind = NEW.item_kind AND item_id = NEW.item_id
    ON CONFLICT (item_kind, item_id) DO UPDATE SET
        active = excluded.active, body = excluded.body, names = excluded.names, evidence = excluded.evidence,
        asks = excluded.asks
    WHERE (search_docs.active, search_docs.body, search_docs.names, search_docs.evidence, search_docs.asks)
        IS NOT (excluded.active, excluded.body, excluded.names, excluded.evidence, excluded.asks);
END;

-- Changing an entry's fan questions refreshes its document too.
DROP TRIGGER search_quotes_au;
CREATE TRIGGER search_quotes_au AFTER UPDATE OF id, body, speaker_id, active, asks ON quotes BEGIN
    INSERT INTO search_refresh SELECT 'quote', OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO search_refresh VALUES ('quote', NEW.id);
END;
DROP TRIGGER search_facts_au;
CREATE TRIGGER search_facts_au AFTER UPDATE OF id, body, evidence_start, evidence_end, active, asks ON facts BEGIN
    INSERT INTO search_refresh SELECT 'fact', OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO search_refresh VALUES ('fact', NEW.id);
END;
DROP TRIGGER search_people_au;
CREATE TRIGGER search_people_au
AFTER UPDATE OF id, name, aliases, description, plays, evidence_start, evidence_end, active, asks ON people BEGIN
    INSERT INTO search_refresh SELECT 'person', OLD.id WHERE OLD.id IS NOT NEW.id;
    INSERT INTO search_refresh VALUES ('person', NEW.id);
    INSERT INTO search_refresh SELECT 'quote', id FROM quotes WHERE speaker_id IN (OLD.id, NEW.id);
    INSERT INTO search_refresh SELECT DISTINCT 'fact', fact_id FROM fact_people WHERE person_id IN (OLD.id, NEW.id);
END;

-- The new index holds what search_docs holds (their `asks` are all '' until content is loaded).
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
