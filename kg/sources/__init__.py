"""Stage 1, sources: the corpus documents, the ontology files, the YAML reader they share, the content hash of every build input, and synthetic SIDER-shaped sources for benchmarks.

Nothing is imported here, so importing one module of the stage stays cheap."""
