"""The data formats the collector and the backend share: one definition each, imported by both sides.

Standard library only: nothing here imports ``backend`` or ``collector``.

- ``samples``: the sample window files (docs/sample-format.md): names, times, the document, reading.
- ``days``: local days of a time zone, and the window files of a day.
- ``identity``: how a viewer's login is stored (lowercase, or a keyed pseudonym) and recognised.
- ``files``: the one atomic file writer.
- ``durations``: durations as the command line reads and writes them (``30s``, ``5m``, ``1h``).
"""
