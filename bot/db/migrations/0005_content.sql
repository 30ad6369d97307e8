-- 0005: content. Additive only: columns the content loader fills; nothing else changes meaning.

-- A quote whose words repeat part of another quote (the article's headline deck repeats Milo's
-- later "They went in different directions..."). Features can skip a repeat or show it with its source.
ALTER TABLE quotes ADD COLUMN repeat_of TEXT REFERENCES quotes(id);

-- Where the article introduces each occasion ("in a 2017 interview"), so an answer can cite it;
-- occasions are retired like people, quotes and facts, never deleted.
ALTER TABLE occasions ADD COLUMN evidence_start INTEGER;
ALTER TABLE occasions ADD COLUMN evidence_end INTEGER;
ALTER TABLE occasions ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
