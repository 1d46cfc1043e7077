"""``python -m speckit_graph``: the same as the ``speckit-graph`` command."""

from speckit_graph.cli import main

if __name__ == "__main__":  # worker processes started with spawn import this module again
    main()
