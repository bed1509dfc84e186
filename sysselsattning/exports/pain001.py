"""ISO 20022 ``pain.001.001.09`` credit transfers (SEK) for the bank-paid lines of an approved run.

Conventions (Swedish domestic credit transfers as described in the public ISO 20022 implementation guides of
the large Swedish banks — Nordea, SEB, Swedbank, Handelsbanken — for pain.001; checked here against the
ISO schema only, not against a bank's test service):

- one ``PmtInf`` per paying association (its own debtor account), ``PmtMtd`` ``TRF``;
- ``PmtTpInf/CtgyPurp/Cd`` = ``SALA`` (salary) so the bank treats the batch as pay: no amounts shown per
  payee on the debtor's statement;
- debtor account: the association's IBAN (``organisations.bank_iban``) if set, else its clearing + account
  as ``Othr/Id`` with ``SchmeNm/Cd`` ``BBAN``; debtor agent by BIC if set, else the clearing number
  (``ClrSysMmbId``, ``SESBA``);
- creditor account: the participant's clearing number + account number (digits only) as ``Othr/Id`` with
  ``SchmeNm/Cd`` ``BBAN``, and the creditor agent by clearing number (``ClrSysId/Cd`` ``SESBA``,
  ``MmbId`` = clearing number) — the form the banks accept for domestic account transfers;
- the beneficiary's name (``Cdtr/Nm``) is always given; amounts in SEK with two decimals; ``NbOfTxs`` and
  ``CtrlSum`` in the group header and in each ``PmtInf``.

Version 03 (``pain.001.001.03``) can be written for banks that still ask for it; the structure is the same
apart from ``ReqdExctnDt`` (a plain date) and ``BIC`` (``BICFI`` in 09). Both XSDs ship in ``resources/schemas/``;
:func:`schema_errors` validates with lxml.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime

from sysselsattning.domain.money import ore_to_str

NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
XSD_NAME = "pain.001.001.09.xsd"
VERSIONS = ("09", "03")


def namespace(version: str) -> str:
    return f"urn:iso:std:iso:20022:tech:xsd:pain.001.001.{version}"


def xsd_name(version: str) -> str:
    return f"pain.001.001.{version}.xsd"


@dataclass(frozen=True, slots=True)
class Transfer:
    end_to_end_id: str  # ≤ 35 characters
    name: str
    clearing: str
    account: str
    amount_ore: int
    remittance: str


@dataclass(frozen=True, slots=True)
class Debtor:
    name: str
    orgnr: str
    iban: str = ""
    bic: str = ""
    clearing: str = ""
    account: str = ""


@dataclass(frozen=True, slots=True)
class Batch:
    payment_id: str
    debtor: Debtor
    execution_date: date
    transfers: tuple[Transfer, ...]

    @property
    def control_sum_ore(self) -> int:
        return sum(t.amount_ore for t in self.transfers)


def digits(text: str) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


def bban(clearing: str, account: str) -> str:
    """Clearing number followed by account number, digits only (``8327-9`` + ``123 456 789-0``)."""
    return digits(clearing) + digits(account)


def _ns_of(el: ET.Element) -> str:
    return el.tag[1 : el.tag.index("}")]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child in the parent's namespace (so one document never mixes versions, even across threads)."""
    el = ET.SubElement(parent, f"{{{_ns_of(parent)}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _clean(text: str, limit: int) -> str:
    """Names: control characters out, within the schema's length (Max140Text etc.)."""
    cleaned = " ".join((text or "").split())
    return cleaned[:limit] or "-"


def _agent_by_clearing(parent: ET.Element, tag: str, clearing: str, bic: str = "") -> None:
    fin = _sub(_sub(parent, tag), "FinInstnId")
    if bic:
        _sub(fin, "BIC" if _ns_of(fin).endswith(".03") else "BICFI", bic.strip().upper())
    elif digits(clearing):
        mmb = _sub(fin, "ClrSysMmbId")
        _sub(_sub(mmb, "ClrSysId"), "Cd", "SESBA")
        _sub(mmb, "MmbId", digits(clearing))
    else:
        _sub(_sub(fin, "Othr"), "Id", "NOTPROVIDED")


def _bban_account(parent: ET.Element, tag: str, number: str) -> None:
    othr = _sub(_sub(_sub(parent, tag), "Id"), "Othr")
    _sub(othr, "Id", number)
    _sub(_sub(othr, "SchmeNm"), "Cd", "BBAN")


def render(message_id: str, created: datetime, initiator: str, batches: list[Batch], *, version: str = "09") -> bytes:
    """The pain.001 document (version ``09`` or ``03``, for banks that still want V03) as UTF-8 bytes."""
    if version not in VERSIONS:
        raise ValueError(version)
    ns = namespace(version)
    doc = ET.Element(f"{{{ns}}}Document")
    root = _sub(doc, "CstmrCdtTrfInitn")
    hdr = _sub(root, "GrpHdr")
    _sub(hdr, "MsgId", message_id[:35])
    _sub(hdr, "CreDtTm", created.replace(microsecond=0).isoformat())
    _sub(hdr, "NbOfTxs", str(sum(len(b.transfers) for b in batches)))
    _sub(hdr, "CtrlSum", ore_to_str(sum(b.control_sum_ore for b in batches)))
    _sub(_sub(hdr, "InitgPty"), "Nm", _clean(initiator, 140))
    for b in batches:
        pmt = _sub(root, "PmtInf")
        _sub(pmt, "PmtInfId", b.payment_id[:35])
        _sub(pmt, "PmtMtd", "TRF")
        _sub(pmt, "NbOfTxs", str(len(b.transfers)))
        _sub(pmt, "CtrlSum", ore_to_str(b.control_sum_ore))
        tp = _sub(pmt, "PmtTpInf")
        _sub(_sub(tp, "CtgyPurp"), "Cd", "SALA")
        if version == "03":
            _sub(pmt, "ReqdExctnDt", b.execution_date.isoformat())
        else:
            _sub(_sub(pmt, "ReqdExctnDt"), "Dt", b.execution_date.isoformat())
        dbtr = _sub(pmt, "Dbtr")
        _sub(dbtr, "Nm", _clean(b.debtor.name, 140))
        org = digits(b.debtor.orgnr)
        if org:
            _sub(_sub(_sub(_sub(dbtr, "Id"), "OrgId"), "Othr"), "Id", org)
        if b.debtor.iban:
            acct = _sub(pmt, "DbtrAcct")
            _sub(_sub(acct, "Id"), "IBAN", b.debtor.iban.replace(" ", "").upper())
            _sub(acct, "Ccy", "SEK")
        else:
            _bban_account(pmt, "DbtrAcct", bban(b.debtor.clearing, b.debtor.account))
        _agent_by_clearing(pmt, "DbtrAgt", b.debtor.clearing, b.debtor.bic)
        for t in b.transfers:
            tx = _sub(pmt, "CdtTrfTxInf")
            pid = _sub(tx, "PmtId")
            _sub(pid, "InstrId", t.end_to_end_id[:35])
            _sub(pid, "EndToEndId", t.end_to_end_id[:35])
            _sub(_sub(tx, "Amt"), "InstdAmt", ore_to_str(t.amount_ore), Ccy="SEK")
            _agent_by_clearing(tx, "CdtrAgt", t.clearing)
            _sub(_sub(tx, "Cdtr"), "Nm", _clean(t.name, 140))
            _bban_account(tx, "CdtrAcct", bban(t.clearing, t.account))
            _sub(_sub(tx, "RmtInf"), "Ustrd", _clean(t.remittance, 140))
    ET.indent(doc, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + _serialise(doc, ns) + b"\n"


def _serialise(doc: ET.Element, ns: str) -> bytes:
    from sysselsattning.exports import XML_LOCK

    with XML_LOCK:
        ET.register_namespace("", ns)
        return ET.tostring(doc, encoding="utf-8")


def schema_errors(xml: bytes, xsd_path) -> list[str]:
    """Validation errors against a pain.001 XSD (empty list = valid). Needs lxml."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(xsd_path)))
    if schema.validate(etree.fromstring(xml)):
        return []
    return [f"rad {e.line}: {e.message}" for e in schema.error_log]
