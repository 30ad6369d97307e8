-- 0006: the trivia bank's topics, and content fields for its answers and choices. Additive only.

-- What each question is about: a JSON array of 'quote:<id>', 'fact:<id>' and 'person:<id>'. A game
-- never asks two questions that share one; the bank never holds two with the same topic and answer.
ALTER TABLE questions ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';

-- Content fields for typed answers and wrong choices the content file may give: the fan forms of a
-- character's name ("Jess Mariano"), accepted when typed and never shown; a fact's own wrong choices
-- and accepted typed forms.
ALTER TABLE people ADD COLUMN plays_accepted TEXT NOT NULL DEFAULT '[]';
ALTER TABLE facts ADD COLUMN wrong TEXT NOT NULL DEFAULT '[]';
ALTER TABLE facts ADD COLUMN accepted TEXT NOT NULL DEFAULT '[]';
