"""Date formats where the UN's usage differs from Django's defaults for a language."""
