"""Stage 4, questions: the named SPARQL queries, name resolution, why an answer is empty, and the guards and error explanations every SPARQL text passes through.

Nothing is imported here, so importing one module of the stage stays cheap."""
