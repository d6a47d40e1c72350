"""The PySide6 desktop window. The only package that imports Qt.

Panels subscribe to a :class:`~sufficiency_app.ui.store.ProjectStore`;
long work (solve, import, export) runs through one
:class:`~sufficiency_app.ui.worker.TaskRunner`.

PySide6 is pinned below 6.12 in ``pyproject.toml``: 6.12.0 drops references
to ``None`` and ``True`` on Python 3.11 and the interpreter aborts at exit.
"""
