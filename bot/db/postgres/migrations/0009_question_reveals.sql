-- 0009: what a question's reveal cites and who says it, as SQLite's 0025.
ALTER TABLE questions ADD COLUMN citation text;
ALTER TABLE questions ADD COLUMN credit text;
