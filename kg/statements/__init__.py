"""Stage 2, statements: the curated statement files (the single source of truth for facts). Machine proposals come from :mod:`kg.ingest`; people review them with :mod:`kg.curation`.

Nothing is imported here, so importing one module of the stage stays cheap."""
