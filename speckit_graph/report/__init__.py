"""Release views over a graph: readiness reports, impact sets and build order, plus their renderers."""
