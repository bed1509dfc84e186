"""The query layer: SQL the services run, one module per area.

Functions take the caller's session (its unit of work: they never open, commit or close one) and return frozen
row dataclasses (or plain values), never ORM objects that could lazy-load outside their session. A service reads:
check access → open the unit of work → query → domain → write → audit → return rows.

Every service reaches the database through these modules (import-linter keeps SQLAlchemy out of services):

- :mod:`.compiled`: the SQLite fast path (statements compiled once, rows straight from the driver).
- :mod:`.payruns`: the pay-run basis, the draft's lines, approval's numbering and linking.
- :mod:`.payrun_reads`: runs, lines, year-to-date and slip rows for screens and documents.
- :mod:`.work`: the questions every part touching work entries asks (locked day? rate in force? hours that day?).
- :mod:`.entries`: the entry list (a page of a million rows, each sort backed by an index), counts, year gross.
- :mod:`.timesheet`: the task and people of a form or the week grid, the week's entries, entry and week writes.
- :mod:`.participants`: the participant list in the reader's scope (search, Swedish order).
- :mod:`.registry`: associations, worksites, tasks with dated rates, the participant record and its writes.
- :mod:`.csv_io`: the CSV imports' look-ups and writes, the CSV exports' reads.
- :mod:`.exports`: approved runs as plain rows for the export files and statements.
- :mod:`.users`: accounts, coordinators' associations, login state.
- :mod:`.audit`: the audit log's filtered list and filter values.
- :mod:`.overrides`: administrators' parameter overrides and the settings table.
- :mod:`.scenarios`: the simulator's reads and the saved scenarios.
- :mod:`.gallring`: who is due for anonymisation, and the anonymisation.
- :mod:`.demo`: is the database empty; demo data's bulk inserts.
"""
