"""Import of the demo's five-CSV folder: read and validate (csv_files), write to the graph (importer)."""
