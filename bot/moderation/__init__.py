"""Moderation rules as plain data: community questions, their import/export files, the scores CSV and
the daily-question schedule. Never imports discord; the SQL lives in ``bot.db.moderation_repo``."""
