"""The diagram defaults the CLI shows in ``--help``, apart from the view model.

The model's dataclasses cost start-up time that ``check`` and ``--help`` do not need to pay.
"""

from __future__ import annotations

#: Nodes a diagram draws before it collapses groups.
DEFAULT_MAX_NODES = 300
#: Seconds a Graphviz engine may run before the drawing gives up.
DEFAULT_TIMEOUT = 60.0
