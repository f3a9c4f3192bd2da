"""Browsing the library: the library page, instruments, votes, States, subjects and downloads."""
