"""Diagrams of the graph: the view model and its DOT, SVG, Mermaid, GraphML and JSON renderers."""
