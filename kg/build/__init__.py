"""Stage 3, build: statements + ontology + corpus -> the RDF dataset with evidence, written atomically to disk (:mod:`kg.build.buildstore`), validated (SHACL + data checks) and counted.

Nothing is imported here, so importing one module of the stage stays cheap."""
