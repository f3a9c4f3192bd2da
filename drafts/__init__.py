"""Negotiation drafts: the next text, proposals by delegation, status per paragraph, revisions."""
