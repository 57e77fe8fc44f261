"""Storage on disk beside the graph: where the profile store's files and a sample folder's archives live.

Both the day pipeline (which writes) and the read side (profiles, API) use it; it imports neither.
"""
