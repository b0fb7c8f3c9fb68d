"""Export writers, one module per format family; ``kg.exports.rdf`` is the entry point."""
