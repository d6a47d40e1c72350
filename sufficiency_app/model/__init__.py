"""The planning model: the scenario, the plan, the rules and the numbers they imply.

Scenario and plan contracts, codes, settings, capital, places, finance, travel, validation,
scenario differences and the stress result. Imports only ``infra``; no files, no drawing, no Qt, no solver.
"""
