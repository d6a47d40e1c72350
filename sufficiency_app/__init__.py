"""SEND Sufficiency Planner: plan specialist school places for a council.

The package root is the screen-free core (data model, file formats,
validation, travel, finance); ``solver`` holds the optimiser and ``ui`` the
PySide6 desktop window. Nothing outside ``ui`` imports Qt.
"""

__version__ = "0.1.0"
