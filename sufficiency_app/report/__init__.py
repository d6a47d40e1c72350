"""Cabinet-ready exports of a plan: PDF, Word and Excel, with small-number suppression.

:func:`content.build` decides every figure, sentence and table once;
:mod:`.pdf`, :mod:`.docx` and :mod:`.xlsx` only lay them out.
"""
