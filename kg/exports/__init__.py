"""Export writers, one module per format family; ``kg.export`` is the entry point."""
