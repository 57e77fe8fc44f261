"""Shared audiences of channels: the overlap of every pair, communities and the atlas map."""
