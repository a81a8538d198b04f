"""Art. 30 records, the transfer register and the sub-processor list, in the forms auditors use.

``rows`` turns a register and the compliance engine's report into tables; the writers (``xlsx``,
``csv_writer``, ``json_writer``, ``markdown``, ``html``) lay tables out; ``service`` ties them to
files and the audit pack.
"""
