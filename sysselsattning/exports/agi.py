"""Arbetsgivardeklaration på individnivå (AGI) as Skatteverket's XML, schema 1.1.

The file follows the structure of Skatteverket's example file 01 "Vanliga löntagare" (technical description
1.1.9; ``/work/shared/schemas`` in development): ``Skatteverket`` (namespace ``…/da/instans/schema/1.1``) with
``agd:Avsandare``, ``agd:Blankettgemensamt/agd:Arbetsgivare`` and one ``agd:Blankett`` for the huvuduppgift
(HU) followed by one ``agd:Blankett`` per individuppgift (IU).

Fields (docs/rules.md, S19; SFL 26 kap.):

==== ============================ ==========================================================================
code element                      what we put there
==== ============================ ==========================================================================
201  AgRegistreradId              "16" + the association's 10-digit organisationsnummer
006  RedovisningsPeriod           YYYYMM of the month the pay was *paid out* (not the month worked)
487  SummaArbAvgSlf (HU)          the employer charges of the month's lines, whole kronor
497  SummaSkatteavdr (HU)         the sum of the IU fields 001
215  BetalningsmottagarId         the participant's personnummer/samordningsnummer, 12 digits
570  Specifikationsnummer         stable per person (``participants.agi_spec_number``); a later IU with the
                                  same 215 + 006 + 570 *replaces* the earlier one (how corrections are filed)
011  KontantErsattningUlagAG      cash pay that is underlag for arbetsgivaravgifter
131  KontantErsattningEjUlagSA    cash pay that is not (the year's pay to the person is still < 1 000 kr,
                                  2 kap. 14 § SAL)
001  AvdrPrelSkatt                preliminary tax withheld
245  ArbetsplatsensGatuadress     street address of the worksite where most of the pay was earned
246  ArbetsplatsensOrt            its town
==== ============================ ==========================================================================

Amounts are whole kronor; öre are dropped (rounded towards zero), the same way for every field, and the HU sums
are taken over the exact öre amounts before that rounding.

The 1 000-kr rule: a line with employer charges (``employer_fee_base_ore > 0``) reports its gross in 011,
one without in 131. When the threshold is crossed, the charges on the *whole* base (earlier months included,
as in Skatteverket's 950 + 100 → 1 050 example, S16a) are in that month's 487, while each month's pay is
reported once, in the month it was paid — how Skatteverket wants field 011 split in that case is UNCONFIRMED
(docs/rules.md), see docs/exports.md.

Skatteverket's XSD is not shipped (it could not be obtained). :func:`schema_errors` validates automatically as
soon as ``arbetsgivardeklaration_1.1.xsd`` and ``arbetsgivardeklaration_component_1.1.xsd`` are placed in
``resources/schemas/``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from dateutil.relativedelta import relativedelta

from sysselsattning.domain import bankdays

NS_INSTANS = "http://xmls.skatteverket.se/se/skatteverket/da/instans/schema/1.1"
NS_KOMPONENT = "http://xmls.skatteverket.se/se/skatteverket/da/komponent/schema/1.1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{NS_INSTANS} http://xmls.skatteverket.se/se/skatteverket/da/arbetsgivardeklaration/arbetsgivardeklaration_1.1.xsd"
)
XSD_MAIN = "arbetsgivardeklaration_1.1.xsd"
XSD_COMPONENT = "arbetsgivardeklaration_component_1.1.xsd"
PROGRAM_NAME = "Sysselsättning först"


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...


# ----------------------------------------------------------------------------------------------- deadline
# One holiday source for the whole program: the domain's bank-day calendar.
swedish_holidays = bankdays.swedish_holidays
next_business_day = bankdays.next_bank_day


def deadline(period: str, params: Params) -> date:
    """Last day to file (and pay) the AGI for ``period`` ("YYYY-MM", the month the pay was paid out).

    The 12th of the following month, the 17th when that month is January or August
    (parameter ``agi.deklarationsdag``, 26 kap. SFL, S18a), moved to the next weekday if it is a weekend,
    holiday, midsommarafton, julafton or nyårsafton.
    """
    year, month = (int(x) for x in period.split("-"))
    due_month = date(year, month, 1) + relativedelta(months=1)
    days = params.get("agi.deklarationsdag", due_month)
    day = int({1: days["januari"], 8: days["augusti"]}.get(due_month.month, days["normal"]))
    return next_business_day(due_month.replace(day=day))


# ------------------------------------------------------------------------------------------------- model
@dataclass(frozen=True, slots=True)
class Individual:
    """One individuppgift: one person's pay from one employer in one month."""

    personnummer: str  # 12 digits
    spec_number: int
    ulag_ag_ore: int  # field 011
    ej_ulag_ore: int  # field 131
    tax_ore: int  # field 001
    employer_fee_ore: int  # into HU 487
    workplace_address: str = ""  # 245
    workplace_city: str = ""  # 246
    name: str = ""  # not in the file; for the program's own lists


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class Declaration:
    orgnr: str  # NNNNNN-NNNN or 10 digits
    employer_name: str
    period: str  # YYYY-MM
    individuals: tuple[Individual, ...]
    contact: Contact
    created: datetime
    warnings: tuple[str, ...] = field(default=())

    @property
    def fee_total_ore(self) -> int:
        return sum(i.employer_fee_ore for i in self.individuals)

    @property
    def tax_total_ore(self) -> int:
        return sum(i.tax_ore for i in self.individuals)


def kronor(ore: int) -> int:
    """Whole kronor, öre dropped (towards zero)."""
    return int(ore / 100) if ore < 0 else ore // 100


def ag_registered_id(orgnr: str) -> str:
    """Organisationsnummer → the 12-digit form Skatteverket's files use ("16" + 10 digits)."""
    digits = "".join(ch for ch in orgnr if ch.isdigit())
    if len(digits) == 10:
        return "16" + digits
    if len(digits) == 12:
        return digits
    raise ValueError(f"organisationsnummer {orgnr!r}")


@dataclass(frozen=True, slots=True)
class PayFact:
    """What the AGI needs of one pay line (plain values; built by the service from repository rows)."""

    participant_id: int
    personnummer: str
    name: str
    gross_ore: int
    tax_ore: int
    employer_fee_ore: int
    employer_fee_base_ore: int
    workplace_address: str = ""
    workplace_city: str = ""


def individuals_from(facts: Iterable[PayFact], spec_numbers: dict[int, int]) -> tuple[Individual, ...]:
    """Aggregate one employer's lines of one month into one IU per person (several runs may pay in a month)."""
    acc: dict[int, dict[str, Any]] = {}
    for f in facts:
        a = acc.setdefault(
            f.participant_id,
            {
                "pnr": f.personnummer,
                "name": f.name,
                "ulag": 0,
                "ej": 0,
                "tax": 0,
                "fee": 0,
                "addr": "",
                "city": "",
                "best": -1,
            },
        )
        if f.employer_fee_base_ore > 0 or f.employer_fee_ore > 0:
            a["ulag"] += f.gross_ore
        else:
            a["ej"] += f.gross_ore
        a["tax"] += f.tax_ore
        a["fee"] += f.employer_fee_ore
        if f.gross_ore > a["best"] and (f.workplace_address or f.workplace_city):
            a["best"], a["addr"], a["city"] = f.gross_ore, f.workplace_address, f.workplace_city
    out = [
        Individual(
            personnummer=a["pnr"],
            spec_number=spec_numbers[pid],
            ulag_ag_ore=a["ulag"],
            ej_ulag_ore=a["ej"],
            tax_ore=a["tax"],
            employer_fee_ore=a["fee"],
            workplace_address=a["addr"],
            workplace_city=a["city"],
            name=a["name"],
        )
        for pid, a in acc.items()
    ]
    return tuple(sorted(out, key=lambda i: i.spec_number))


# ------------------------------------------------------------------------------------------------ render
def _k(tag: str) -> str:
    return f"{{{NS_KOMPONENT}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | int | None = None, faltkod: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, _k(tag))
    if faltkod:
        el.set("faltkod", faltkod)
    if text is not None:
        el.text = str(text)
    return el


def _contact(parent: ET.Element, contact: Contact) -> None:
    """Name, phone, e-mail — an unknown value is left out rather than written empty (the service warns)."""
    for tag, value in (("Namn", contact.name), ("Telefon", contact.phone), ("Epostadress", contact.email)):
        if value.strip():
            _sub(parent, tag, value.strip())


def render(decl: Declaration) -> bytes:
    """The declaration as UTF-8 XML bytes."""
    ET.register_namespace("agd", NS_KOMPONENT)
    ET.register_namespace("xsi", NS_XSI)
    ag_id = ag_registered_id(decl.orgnr)
    period = decl.period.replace("-", "")
    root = ET.Element(
        f"{{{NS_INSTANS}}}Skatteverket",
        {"omrade": "Arbetsgivardeklaration", f"{{{NS_XSI}}}schemaLocation": SCHEMA_LOCATION},
    )
    sender = _sub(root, "Avsandare")
    _sub(sender, "Programnamn", PROGRAM_NAME)
    _sub(sender, "Organisationsnummer", ag_id)
    tech = _sub(sender, "TekniskKontaktperson")
    _contact(tech, decl.contact)
    _sub(sender, "Skapad", decl.created.replace(microsecond=0).isoformat())
    common = _sub(root, "Blankettgemensamt")
    employer = _sub(common, "Arbetsgivare")
    _sub(employer, "AgRegistreradId", ag_id)
    _contact(_sub(employer, "Kontaktperson"), decl.contact)

    def blankett() -> ET.Element:
        b = _sub(root, "Blankett")
        info = _sub(b, "Arendeinformation")
        _sub(info, "Arendeagare", ag_id)
        _sub(info, "Period", period)
        return _sub(b, "Blankettinnehall")

    hu = _sub(blankett(), "HU")
    _sub(_sub(hu, "ArbetsgivareHUGROUP"), "AgRegistreradId", ag_id, "201")
    _sub(hu, "RedovisningsPeriod", period, "006")
    _sub(hu, "SummaArbAvgSlf", kronor(decl.fee_total_ore), "487")
    _sub(hu, "SummaSkatteavdr", sum(kronor(i.tax_ore) for i in decl.individuals), "497")
    for ind in decl.individuals:
        iu = _sub(blankett(), "IU")
        _sub(_sub(iu, "ArbetsgivareIUGROUP"), "AgRegistreradId", ag_id, "201")
        choice = _sub(_sub(iu, "BetalningsmottagareIUGROUP"), "BetalningsmottagareIDChoice")
        _sub(choice, "BetalningsmottagarId", ind.personnummer, "215")
        _sub(iu, "RedovisningsPeriod", period, "006")
        _sub(iu, "Specifikationsnummer", f"{ind.spec_number:03d}", "570")
        if ind.ulag_ag_ore:
            _sub(iu, "KontantErsattningUlagAG", kronor(ind.ulag_ag_ore), "011")
        if ind.ej_ulag_ore:
            _sub(iu, "KontantErsattningEjUlagSA", kronor(ind.ej_ulag_ore), "131")
        _sub(iu, "AvdrPrelSkatt", kronor(ind.tax_ore), "001")
        if ind.workplace_address:
            _sub(iu, "ArbetsplatsensGatuadress", ind.workplace_address[:70], "245")
        if ind.workplace_city:
            _sub(iu, "ArbetsplatsensOrt", ind.workplace_city[:35], "246")
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + _serialise(root) + b"\n"


def _serialise(root: ET.Element) -> bytes:
    from sysselsattning.exports import XML_LOCK

    with XML_LOCK:
        ET.register_namespace("", NS_INSTANS)
        return ET.tostring(root, encoding="utf-8")


def schema_errors(xml: bytes, schema_dir) -> list[str] | None:
    """Validate against Skatteverket's XSD when both files are in ``schema_dir``; ``None`` when they are not.

    Needs lxml (the ``xml`` extra); without it the check is skipped (``None``).
    """
    from pathlib import Path

    main = Path(schema_dir) / XSD_MAIN
    if not main.exists() or not (Path(schema_dir) / XSD_COMPONENT).exists():
        return None
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml is in the test and xml extras
        return None
    schema = etree.XMLSchema(etree.parse(str(main)))
    doc = etree.fromstring(xml)
    if schema.validate(doc):
        return []
    return [f"rad {e.line}: {e.message}" for e in schema.error_log]
