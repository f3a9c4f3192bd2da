"""Across the library: text folding, versions and their alignment, changes, and agreed language."""
