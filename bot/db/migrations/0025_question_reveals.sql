-- 0025: what a question's reveal cites, decided when the bank is built. Additive only.
--
-- `citation`: the article's words as the reveal shows them (curly marks, [sic] where the article is
-- ungrammatical). `credit`: who says those words, read off the article: the speaker and occasion of
-- the quotation they sit in, or the article's own narration. A reveal used to credit the speaker of
-- the quote a question linked to, whatever words it cited, and so gave the article's narration to
-- Milo. Both are NULL for community questions, which cite nothing.
ALTER TABLE questions ADD COLUMN citation TEXT;
ALTER TABLE questions ADD COLUMN credit TEXT;
