"""Renderers: turn findings and graphs into text for a target format. They never analyse."""
