"""The stress engine: a fixed plan in many simulated demand futures (min-cost flows, Dask).

Above the optimiser: it allocates with the checker's rules (``solver.check``) and writes
a :class:`~sufficiency_app.model.stress_result.StressResult`; nothing below imports it.
"""
