"""SIE 4 (import variant 4I) vouchers for the bookkeeping: one ``#VER`` per approved pay run.

Format (SIE filformat utgåva 4B, SIE-Gruppen 2008; notes in docs/exports.md): CP437 bytes (``#FORMAT PC8``),
records ending in CRLF, amounts with ``.`` and two decimals, credits negative, dates ``YYYYMMDD``.
A 4I file has no ``#IB``/``#UB``/``#RES``; series and number are left to the receiving program (``""``).

Each voucher of one association's part of a run (BAS accounts, configurable in the ``settings`` table under
``sie.konto.*``)::

    debit   7010 Arvoden (löner)                         gross arvode
    debit   7510 Arbetsgivaravgifter                     employer charges
    credit  2710 Personalskatt                           tax withheld
    credit  2731 Avräkning lagstadgade sociala avgifter  employer charges
    credit  1910 Kassa                                   net paid in cash
    credit  1930 Företagskonto / bank                    net paid to bank accounts

A voucher always balances; an öre difference between gross − tax and the nets (which the pay run should never
produce) is put on 3740 Öres- och kronutjämning rather than written as an unbalanced voucher.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sysselsattning.domain.money import ore_to_str

DEFAULT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "arvode": ("7010", "Löner till kollektivanställda (arvoden)"),
    "arbetsgivaravgifter": ("7510", "Arbetsgivaravgifter"),
    "personalskatt": ("2710", "Personalskatt"),
    "avgifter_skuld": ("2731", "Avräkning lagstadgade sociala avgifter"),
    "kassa": ("1910", "Kassa"),
    "bank": ("1930", "Företagskonto"),
    "oresutjamning": ("3740", "Öres- och kronutjämning"),
}


@dataclass(frozen=True, slots=True)
class Voucher:
    date: date
    text: str
    gross_ore: int
    fee_ore: int
    tax_ore: int
    net_cash_ore: int
    net_bank_ore: int

    def rows(self) -> list[tuple[str, int, str]]:
        """(account role, signed öre, text) — debits positive, credits negative; sums to 0."""
        rows = [
            ("arvode", self.gross_ore, "Arvoden brutto"),
            ("arbetsgivaravgifter", self.fee_ore, "Arbetsgivaravgifter"),
            ("personalskatt", -self.tax_ore, "Avdragen preliminärskatt"),
            ("avgifter_skuld", -self.fee_ore, "Arbetsgivaravgifter att betala"),
            ("kassa", -self.net_cash_ore, "Utbetalt kontant"),
            ("bank", -self.net_bank_ore, "Utbetalt till bankkonto"),
        ]
        diff = sum(r[1] for r in rows)
        if diff:
            rows.append(("oresutjamning", -diff, "Öresutjämning"))
        return [r for r in rows if r[1] != 0]


def quote(text: str) -> str:
    """A SIE string field: quoted, ``"`` escaped, control characters removed, CP437-safe."""
    cleaned = "".join(ch for ch in text if ord(ch) >= 32 and ord(ch) != 127)
    cleaned = cleaned.encode("cp437", errors="replace").decode("cp437")
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def amount(ore: int) -> str:
    return ore_to_str(ore)


def render(
    *,
    company: str,
    orgnr: str,
    year: int,
    generated: date,
    vouchers: list[Voucher],
    accounts: dict[str, tuple[str, str]] | None = None,
    program_version: str = "",
) -> bytes:
    """The SIE 4I file as CP437 bytes."""
    accts = {**DEFAULT_ACCOUNTS, **(accounts or {})}
    used = sorted({role for v in vouchers for role, _, _ in v.rows()}, key=lambda r: accts[r][0])
    lines = [
        "#FLAGGA 0",
        f"#PROGRAM {quote('Sysselsättning först')} {quote(program_version or '1')}",
        "#FORMAT PC8",
        f"#GEN {generated:%Y%m%d}",
        "#SIETYP 4",
        f"#FNAMN {quote(company)}",
    ]
    org = "".join(ch for ch in orgnr if ch.isdigit())
    if len(org) == 10:
        lines.append(f"#ORGNR {org[:6]}-{org[6:]}")
    lines.append(f"#RAR 0 {year}0101 {year}1231")
    seen: set[str] = set()
    for role in used:
        number, name = accts[role]
        if number in seen:
            continue
        seen.add(number)
        lines.append(f"#KONTO {number} {quote(name)}")
    for v in sorted(vouchers, key=lambda v: v.date):
        lines.append(f'#VER "" "" {v.date:%Y%m%d} {quote(v.text)}')
        lines.append("{")
        for role, ore, text in v.rows():
            lines.append(f"#TRANS {accts[role][0]} {{}} {amount(ore)} {v.date:%Y%m%d} {quote(text)}")
        lines.append("}")
    return ("\r\n".join(lines) + "\r\n").encode("cp437", errors="replace")
