"""Day One: the Working Backwards operating system in one app.

The public library API is small on purpose::

    from dayone import Workspace, Settings
    ws = Workspace.open(Settings())
    with ws.session() as session:
        ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Settings", "Workspace", "__version__"]

if TYPE_CHECKING:
    from dayone.settings import Settings
    from dayone.workspace import Workspace


def __getattr__(name: str) -> Any:
    # imported on first use: `import dayone` (and every `dayone` command) must not load
    # SQLAlchemy, Alembic and pydantic-settings unless it opens the workspace
    if name == "Settings":
        from dayone.settings import Settings

        return Settings
    if name == "Workspace":
        from dayone.workspace import Workspace

        return Workspace
    raise AttributeError(f"module 'dayone' has no attribute {name!r}")
