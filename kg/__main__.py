"""``python -m kg`` runs the command line, for environments without the console script."""

from kg.cli import main

main()
