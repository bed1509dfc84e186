"""Files for the outside world: AGI XML to Skatteverket, ISO 20022 pain.001 to the bank, SIE 4 to the
bookkeeping. Formats and conventions are described in docs/exports.md.

Modules here are pure formatters over plain dataclasses (no Qt, no database); the services read the data
through :mod:`sysselsattning.storage.queries.exports`.
"""

import threading

#: ElementTree's namespace prefixes are process-global; renders that register a default namespace hold this
#: lock from registration to serialisation, so an AGI and a bank file made at the same time never mix them up.
XML_LOCK = threading.Lock()
