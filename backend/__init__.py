"""twitchgraph: Twitch audience-graph analytics (graph store, loader, algorithms, REST API)."""

__version__ = "0.1.0"
