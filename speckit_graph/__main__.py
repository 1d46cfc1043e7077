"""``python -m speckit_graph``: the same as the ``speckit-graph`` command."""

from speckit_graph.cli import main

main()
