"""The PySide6 desktop window. The only package that imports Qt.

Panels subscribe to a :class:`~sufficiency_app.ui.store.ProjectStore`;
long work (solve, import, export) runs through one
:class:`~sufficiency_app.ui.worker.TaskRunner`.
"""

from ._refcount_guard import install as _install_refcount_guard

_install_refcount_guard()
