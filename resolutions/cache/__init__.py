"""Caches: whole pages kept per version token, and reader parts shared between pages."""
