"""Numbers and words made from a scenario and a plan for every face: the map, the charts,
the command line and the reports (figures, map data and labels, plan words, symbols).
Imports ``model`` and ``infra``; no Qt.
"""
