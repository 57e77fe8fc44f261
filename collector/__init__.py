"""The collector: Twitch (Helix + chat) into the import format and into 5-minute samples."""

from collector.config import CollectorConfig, load_config
from collector.helix import CredentialsError, HelixClient, HelixError

__all__ = ["CollectorConfig", "CredentialsError", "HelixClient", "HelixError", "load_config"]
