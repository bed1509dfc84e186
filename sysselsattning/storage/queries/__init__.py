"""The query layer: SQL the services run, one module per area.

Functions take the caller's session (its unit of work: they never open, commit or close one) and return frozen
row dataclasses (or plain values), never ORM objects that could lazy-load outside their session. A service reads:
check access → open the unit of work → query → domain → write → audit → return rows.

Here so far: the pay runs, the entry list, the work-entry rules, the participant list and the export reads.
The registry writes, users, the audit list, CSV import, scenarios and gallring still build their statements
in their services; they move here when next changed.

- :mod:`.compiled`: the SQLite fast path (statements compiled once, rows straight from the driver).
- :mod:`.payruns`: the pay-run basis, the draft's lines, approval's numbering and linking.
- :mod:`.work`: the questions every part touching work entries asks (locked day? rate in force? hours that day?).
- :mod:`.entries`: the entry list (a page of a million rows, each sort backed by an index), counts, year gross.
- :mod:`.participants`: the participant list in the reader's scope (search, Swedish order).
- :mod:`.exports`: approved runs as plain rows for the export files and statements.
- :mod:`.payrun_reads`: runs, lines, year-to-date and slip rows for screens and documents.
"""
