"""Per-user folders (settings, data, logs) and the rotating log file.

One place decides where the planner keeps things on a user's machine, so
the window, the autosave and the tests agree. Tests point every folder at a
temporary directory with the ``SUFFICIENCY_HOME`` environment variable
instead of touching the real profile.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

APP_NAME = "SufficiencyPlanner"
APP_AUTHOR = "SufficiencyPlanner"
HOME_VARIABLE = "SUFFICIENCY_HOME"
LOG_FILE = "sufficiency.log"


def _dir(kind: str) -> Path:
    override = os.environ.get(HOME_VARIABLE)
    if override:
        path = Path(override) / kind
    else:
        getter = {
            "config": platformdirs.user_config_dir,
            "data": platformdirs.user_data_dir,
            "log": platformdirs.user_log_dir,
        }[kind]
        path = Path(getter(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Folder for user settings (created if missing)."""
    return _dir("config")


def data_dir() -> Path:
    """Folder for user data such as the autosave recovery file (created if missing)."""
    return _dir("data")


def log_dir() -> Path:
    """Folder for the rotating log file (created if missing)."""
    return _dir("log")


def recovery_file() -> Path:
    """The autosave file the window writes while a project has unsaved edits."""
    return data_dir() / "autosave.sufficiency"


def setup_logging(level: int = logging.INFO, max_bytes: int = 1_000_000, backups: int = 3) -> Path:
    """Send the ``sufficiency_app`` loggers to a rotating file in :func:`log_dir`.

    Calling it again replaces the handler (the tests point the folders
    elsewhere between runs). Returns the log file's path, which the About
    dialog shows so a user can send it with a bug report.
    """
    path = log_dir() / LOG_FILE
    logger = logging.getLogger("sufficiency_app")
    for handler in list(logger.handlers):
        if getattr(handler, "_sufficiency", False):
            logger.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._sufficiency = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    return path
