"""SQLite storage through sqlite-utils: schema, shipped data, payers, history, settings."""
