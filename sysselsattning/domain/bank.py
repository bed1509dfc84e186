"""Swedish bank account numbers: clearing number ranges and check-digit rules.

Source: Bankgirot, "Bankernas kontonummeruppbyggnad" (the banks' joint list, maintained for
Bankföreningen / Svenska Bankföreningen's clearing; user manual, edition 2024). Two kinds of account:

- **Type 1**: 4-digit clearing + 7-digit account (written with leading zeros). Check digit modulus 11 over
  - *comment 1*: the clearing number's last three digits + the account (10 digits);
  - *comment 2*: the whole clearing number + the account (11 digits).
- **Type 2**: the account number alone carries the check digit:
  - *comment 1*: 10 digits, modulus 10 (Luhn) — Danske Bank 9180, Nordea personkonto 3300/3782, Sparbanken
    Syd, Swedbank f.d. Sparbanken Öresund, Riksgälden 9890;
  - *comment 2*: Handelsbanken, 9 digits, modulus 11;
  - *comment 3*: Swedbank 8xxx-x and Nordea/Plusgirot 95xx: up to 10 digits (zero-filled to 10), modulus 10.
    Swedbank's 8-series clearing has a fifth digit, a modulus-10 check digit over the first four.

The list changes a few times a year; new ranges are added here with the manual's date.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BankRange:
    first: int
    last: int
    bank: str
    type: int  # 1 or 2
    comment: int  # 1, 2 or 3 (see module docstring)


#: Clearing ranges (Bankgirot, Bankernas kontonummeruppbyggnad, 2024).
RANGES: tuple[BankRange, ...] = (
    BankRange(1100, 1199, "Nordea", 1, 1),
    BankRange(1200, 1399, "Danske Bank", 1, 1),
    BankRange(1400, 2099, "Nordea", 1, 1),
    BankRange(2300, 2399, "Ålandsbanken", 1, 2),
    BankRange(2400, 2499, "Danske Bank", 1, 1),
    BankRange(3000, 3299, "Nordea", 1, 1),
    BankRange(3300, 3300, "Nordea (personkonto)", 2, 1),
    BankRange(3301, 3399, "Nordea", 1, 1),
    BankRange(3400, 3409, "Länsförsäkringar Bank", 1, 1),
    BankRange(3410, 3781, "Nordea", 1, 1),
    BankRange(3782, 3782, "Nordea (personkonto)", 2, 1),
    BankRange(3783, 3999, "Nordea", 1, 1),
    BankRange(4000, 4999, "Nordea", 1, 2),
    BankRange(5000, 5999, "SEB", 1, 1),
    BankRange(6000, 6999, "Handelsbanken", 2, 2),
    BankRange(7000, 7999, "Swedbank", 1, 1),
    BankRange(8000, 8999, "Swedbank", 2, 3),
    BankRange(9020, 9029, "Länsförsäkringar Bank", 1, 2),
    BankRange(9040, 9049, "Citibank", 1, 2),
    BankRange(9060, 9069, "Länsförsäkringar Bank", 1, 1),
    BankRange(9070, 9079, "Multitude Bank", 1, 1),
    BankRange(9100, 9109, "Nordnet Bank", 1, 2),
    BankRange(9120, 9124, "SEB", 1, 1),
    BankRange(9130, 9149, "SEB", 1, 1),
    BankRange(9150, 9169, "Skandiabanken", 1, 2),
    BankRange(9170, 9179, "Ikano Bank", 1, 1),
    BankRange(9180, 9189, "Danske Bank", 2, 1),
    BankRange(9190, 9199, "DNB Bank", 1, 2),
    BankRange(9230, 9239, "Marginalen Bank", 1, 1),
    BankRange(9250, 9259, "SBAB Bank", 1, 1),
    BankRange(9260, 9269, "DNB Bank", 1, 2),
    BankRange(9270, 9279, "ICA Banken", 1, 1),
    BankRange(9280, 9289, "Resurs Bank", 1, 1),
    BankRange(9300, 9349, "Swedbank (f.d. Sparbanken Öresund)", 2, 1),
    BankRange(9390, 9399, "Landshypotek", 1, 2),
    BankRange(9400, 9449, "Forex Bank", 1, 1),
    BankRange(9460, 9469, "Santander Consumer Bank", 1, 1),
    BankRange(9470, 9479, "BNP Paribas", 1, 2),
    BankRange(9500, 9549, "Nordea (Plusgirot)", 2, 3),
    BankRange(9550, 9569, "Avanza Bank", 1, 2),
    BankRange(9570, 9579, "Sparbanken Syd", 2, 1),
    BankRange(9580, 9589, "Aion Bank", 1, 1),
    BankRange(9590, 9599, "Erik Penser", 1, 2),
    BankRange(9630, 9639, "Lån & Spar Bank", 1, 1),
    BankRange(9640, 9649, "Nordax Bank", 1, 2),
    BankRange(9660, 9669, "Svea Bank", 1, 2),
    BankRange(9670, 9679, "JAK Medlemsbank", 1, 2),
    BankRange(9680, 9689, "Bluestep Finans", 1, 1),
    BankRange(9700, 9709, "Ekobanken", 1, 2),
    BankRange(9710, 9719, "Lunar Bank", 1, 2),
    BankRange(9750, 9759, "Northmill Bank", 1, 2),
    BankRange(9780, 9789, "Klarna Bank", 1, 2),
    BankRange(9880, 9889, "Riksgälden", 1, 2),
    BankRange(9890, 9899, "Riksgälden", 2, 1),
    BankRange(9960, 9969, "Nordea (Plusgirot)", 2, 3),
)


class BankAccountError(ValueError):
    """``code`` is ``clearing_invalid`` or ``account_invalid`` (the Problem codes of i18n.messages)."""

    def __init__(self, code: str, text: str = ""):
        self.code = code
        self.text = text
        super().__init__(f"{code}: {text}")


@dataclass(frozen=True, slots=True)
class BankAccount:
    clearing: str  # 4 digits, or 5 for Swedbank 8xxx-x
    account: str  # digits only, zero-filled to the bank's length
    bank: str

    def formatted(self) -> str:
        c = f"{self.clearing[:4]}-{self.clearing[4]}" if len(self.clearing) == 5 else self.clearing
        return f"{c}, {self.account}"


def digits(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch in "0123456789")  # not isdigit(): "²" is a digit to it


def mod10_ok(number: str) -> bool:
    """Luhn: weights 2,1,2,1… from the second digit from the right."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        n = int(ch) * (2 if i % 2 == 1 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def mod11_ok(number: str) -> bool:
    """Modulus 11: weights 1, 2, 3, … 10, 1, … from the right; the weighted sum divisible by 11."""
    total = sum(int(ch) * ((i % 10) + 1) for i, ch in enumerate(reversed(number)))
    return total % 11 == 0


def find_range(clearing4: int) -> BankRange | None:
    for r in RANGES:
        if r.first <= clearing4 <= r.last:
            return r
    return None


def bank_name(clearing: str) -> str | None:
    d = digits(clearing)
    if len(d) < 4:
        return None
    r = find_range(int(d[:4]))
    return r.bank if r else None


def parse(clearing_text: str, account_text: str) -> BankAccount:
    """Validate a clearing + account number pair; raise :class:`BankAccountError` naming which is wrong.

    Separators (space, ``-``, ``.``, ``,``) are ignored: ``8327-9, 123 456 789-5`` is fine.
    """
    clearing = digits(clearing_text)
    account = digits(account_text)
    if len(clearing) not in (4, 5):
        raise BankAccountError("clearing_invalid", clearing_text)
    rng = find_range(int(clearing[:4]))
    if rng is None:
        raise BankAccountError("clearing_invalid", clearing_text)
    # Only Swedbank's 8-series has a fifth digit. It is a check digit over the first four, but the
    # manual says payments are routed on the first four and banks do not validate the fifth, and real
    # numbers with a "wrong" fifth digit exist — so it is kept, not checked.
    if len(clearing) == 5 and not (rng.type == 2 and rng.comment == 3 and clearing[0] == "8"):
        raise BankAccountError("clearing_invalid", clearing_text)
    if not account:
        raise BankAccountError("account_invalid", account_text)
    if rng.type == 1:
        # Leading zeros beyond seven digits are tolerated; anything else is too long.
        if len(account) > 7 and account[:-7].strip("0"):
            raise BankAccountError("account_invalid", account_text)
        account = account[-7:].rjust(7, "0")
        number = (clearing[1:4] if rng.comment == 1 else clearing[:4]) + account
        if not mod11_ok(number):
            raise BankAccountError("account_invalid", account_text)
    elif rng.comment == 1:
        if len(account) != 10:
            raise BankAccountError("account_invalid", account_text)
        if not mod10_ok(account):
            raise BankAccountError("account_invalid", account_text)
    elif rng.comment == 2:
        if len(account) > 9 and account[:-9].strip("0"):
            raise BankAccountError("account_invalid", account_text)
        account = account[-9:].rjust(9, "0")
        if not mod11_ok(account):
            raise BankAccountError("account_invalid", account_text)
    else:  # type 2 comment 3
        if len(account) > 10 and account[:-10].strip("0"):
            raise BankAccountError("account_invalid", account_text)
        account = account[-10:].rjust(10, "0")
        if not mod10_ok(account):
            raise BankAccountError("account_invalid", account_text)
    return BankAccount(clearing=clearing, account=account, bank=rng.bank)


def is_valid(clearing: str, account: str) -> bool:
    try:
        parse(clearing, account)
    except BankAccountError:
        return False
    return True


def complete_type1(clearing: str, first_six: str) -> str:
    """Append the modulus-11 check digit to a type-1 account's first six digits (demo data).

    Returns the 7-digit account, or raises ValueError when no digit fits (remainder 10): pick other digits.
    """
    c = digits(clearing)
    rng = find_range(int(c[:4]))
    if rng is None or rng.type != 1:
        raise ValueError(clearing)
    prefix = (c[1:4] if rng.comment == 1 else c[:4]) + first_six
    for d in range(10):
        if mod11_ok(prefix + str(d)):
            return first_six + str(d)
    raise ValueError(first_six)


def complete_mod10(first: str) -> str:
    """Append the Luhn check digit (type-2 accounts, Swedbank clearing check digit)."""
    for d in range(10):
        if mod10_ok(first + str(d)):
            return first + str(d)
    raise AssertionError("unreachable")
