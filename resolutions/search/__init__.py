"""Search: queries, the full-text index SQL, quoted phrases, spelling and the search page."""
