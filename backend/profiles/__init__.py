"""Viewer profiles: the pure profile math (core) and the reads of stored profiles."""
