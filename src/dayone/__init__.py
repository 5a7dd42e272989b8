"""Day One: the Working Backwards operating system in one app.

The public library API is small on purpose::

    from dayone import Workspace, Settings
    ws = Workspace.open(Settings())
    with ws.session() as session:
        ...
"""

from __future__ import annotations

__version__ = "0.1.0"

from dayone.settings import Settings
from dayone.workspace import Workspace

__all__ = ["Settings", "Workspace", "__version__"]
