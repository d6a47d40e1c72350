"""Plumbing with no planning knowledge: atomic saves, app folders, bundled resources, error
records, cell parsing and number wording, formula guarding, cancel tokens. Imports nothing
of the package.
"""
