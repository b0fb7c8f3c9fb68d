"""Stage 4, reasoning: HermiT (owlready2) over the ontology and the asserted statements; inferred triples kept in their own graph.

Nothing is imported here, so importing one module of the stage stays cheap."""
