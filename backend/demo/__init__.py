"""Seeded synthetic data: ``world`` (the import CSVs of ``twitchgraph demo-data``), ``samples`` (the sample
windows of ``twitchgraph demo-samples``) and the ``vocabulary`` both draw their names from."""
