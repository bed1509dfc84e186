"""Demo data (docs/architecture.md §10): a believable, clearly fictional "Sysselsättning först" programme in Helsingborg.

- Five associations with valid-checksum but plainly fictional organisationsnummer (``802999-00NC``);
- worksites and tasks, at least Cykelverkstaden (Cykelreparation per piece, Verkstadspass per hour) and
  Kolonilotten (Trädgårdsarbete per hour), with arvode rates that change on 1 July;
- participants with valid-checksum fictional personnummer (serial numbers 980–999, some samordningsnummer),
  Swedish and foreign names (Ł, ğ, é …), cash or bank payout (valid clearing/account numbers), some with a cap
  (frikort) decision;
- irregular work for every month of the year up to today: some weeks nothing, some days a few hours.

Work entries are written with Core bulk inserts and ONE explicit audit row ("demo: N rader") — per-row auditing
of a quarter of a million generated rows would only slow the demo down. When the payroll service is there,
every past month is computed and approved and the last month is left as a draft run.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from sysselsattning.domain import bank
from sysselsattning.domain.personnummer import with_check_digit
from sysselsattning.domain.timesheet import amount_ore
from sysselsattning.i18n import _
from sysselsattning.services import access, backup, payroll
from sysselsattning.services.context import AppContext
from sysselsattning.storage import audit
from sysselsattning.storage.queries import demo as q
from sysselsattning.storage.tables import db_time

DEFAULT_PARTICIPANTS = 60


class NotEmpty(Exception):
    """The database already holds data; demo data is only put into an empty one."""


@dataclass
class DemoResult:
    organisations: int = 0
    worksites: int = 0
    tasks: int = 0
    participants: int = 0
    entries: int = 0
    approved_runs: list[str] = field(default_factory=list)
    draft_run: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


# name, orgnr base (9 digits), address, worksites: (name, address, [(task, unit, rate kr, rate from 1 July)])
_PROGRAMME = [
    (
        "Hela människan (Ria)",
        "802999001",
        "Södra Storgatan 31",
        "252 23",
        [
            (
                "Cykelverkstaden",
                "Bryggaregatan 5",
                [("Cykelreparation", "piece", 60, 65), ("Verkstadspass", "hour", 50, 52)],
            ),
            (
                "Kafé Rian",
                "Södra Storgatan 31",
                [("Kafépass", "hour", 50, 52), ("Bakning till fika", "occasion", 150, 150)],
            ),
        ],
    ),
    (
        "Frihamnen – Hemlösas hus",
        "802999002",
        "Hamntorget 4",
        "252 21",
        [
            ("Kolonilotten", "Planteringsvägen 120", [("Trädgårdsarbete", "hour", 50, 52)]),
            ("Second hand-butiken", "Drottninggatan 48", [("Sortering av kläder", "hour", 48, 50)]),
        ],
    ),
    (
        "LP-stiftelsen",
        "802999003",
        "Furutorpsgatan 12",
        "252 31",
        [
            (
                "Sportoteket",
                "Fältarpsvägen 9",
                [("Insamling av sportutrustning", "hour", 50, 50), ("Skridskoslipning", "piece", 25, 25)],
            ),
        ],
    ),
    (
        "Verdandi Helsingborg",
        "802999004",
        "Kopparmöllegatan 20",
        "252 58",
        [
            ("Matkassen", "Kopparmöllegatan 20", [("Packning av matkassar", "hour", 50, 52)]),
            ("Snöröjning och gårdsarbete", "Dalhemsvägen 3", [("Gårdspass", "occasion", 200, 220)]),
        ],
    ),
    (
        "Fontänhuset Helsingborg",
        "802999005",
        "Karlsgatan 7",
        "252 24",
        [
            ("Klubbhusets kök", "Karlsgatan 7", [("Lunchservering", "hour", 50, 52)]),
            ("Husets tidning", "Karlsgatan 7", [("Artikel eller foto", "piece", 100, 100)]),
        ],
    ),
]

_FIRST = [
    "Anna",
    "Erik",
    "Lars",
    "Karin",
    "Maria",
    "Johan",
    "Sofia",
    "Björn",
    "Åsa",
    "Per",
    "Ingrid",
    "Mikael",
    "Eva",
    "Göran",
    "Linnéa",
    "Jörgen",
    "Łukasz",
    "Agnieszka",
    "Ayşe",
    "Mehmet",
    "Oğuz",
    "Doğan",
    "Fatma",
    "Émile",
    "Zoë",
    "Ahmed",
    "Fatima",
    "Abdi",
    "Hodan",
    "Mirela",
    "Dragan",
    "Ana",
    "José",
    "Nadia",
    "Tomás",
    "Irena",
    "Søren",
    "Ülkü",
    "Yusuf",
    "Leyla",
    "Sven",
    "Britt",
    "Kerstin",
    "Rolf",
]
_LAST = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Lindqvist",
    "Bengtsson",
    "Ström",
    "Åberg",
    "Öhman",
    "Kowalski",
    "Wiśniewska",
    "Nowak",
    "Łęcka",
    "Yılmaz",
    "Doğan",
    "Öztürk",
    "Çelik",
    "Lefèvre",
    "Moreau",
    "Hassan",
    "Mohamed",
    "Ali",
    "Farah",
    "Hadžić",
    "Petrović",
    "García",
    "Novák",
    "Jensen",
    "Mäkinen",
    "Ibrahim",
]
_STREETS = [
    "Drottninggatan",
    "Kullagatan",
    "Bergaliden",
    "Södra Storgatan",
    "Norra Stenbocksgatan",
    "Järnvägsgatan",
    "Vasatorpsvägen",
    "Ringstorpsvägen",
    "Dalhemsvägen",
    "Planteringsvägen",
    "Furutorpsgatan",
    "Gustav Adolfs gata",
]


def is_empty(ctx: AppContext) -> bool:
    with ctx.db.read() as s:
        return q.is_empty(s)


def _orgnr(base: str) -> str:
    full = with_check_digit(base)
    return f"{full[:6]}-{full[6:]}"


def _personnummer(rng: random.Random, year_now: int, used: set[str]) -> str:
    """A 12-digit canonical number with serial 980–999 (plainly fictional), valid check digit."""
    while True:
        birth = date(rng.randint(1960, year_now - 19), rng.randint(1, 12), rng.randint(1, 28))
        day = birth.day + (60 if rng.random() < 0.06 else 0)  # some samordningsnummer
        serial = f"{rng.randint(980, 999)}"
        ten = with_check_digit(f"{birth:%y%m}{day:02d}{serial}")
        canonical = f"{birth.year // 100:02d}{ten}"
        if canonical not in used:
            used.add(canonical)
            return canonical


def _bank_account(rng: random.Random, canonical: str) -> tuple[str, str]:
    kind = rng.choice(["swedbank8", "swedbank7", "seb", "nordea", "personkonto", "danske"])
    if kind == "personkonto":
        return "3300", canonical[2:]  # Nordea personkonto = the personnummer (Luhn-valid by construction)
    if kind == "swedbank8":
        clearing = rng.choice(["8105-9", "8327-9", "8480-6", "8313-9"])
        return clearing, bank.complete_mod10("".join(str(rng.randint(0, 9)) for _ in range(9)))
    clearing = {
        "swedbank7": "7" + f"{rng.randint(0, 999):03d}",
        "seb": "5" + f"{rng.randint(0, 999):03d}",
        "nordea": "3" + f"{rng.randint(0, 299):03d}",
        "danske": "1" + f"{rng.randint(200, 399)}",
    }[kind]
    if clearing == "3300":
        clearing = "3301"
    while True:
        try:
            return clearing, bank.complete_type1(clearing, f"{rng.randint(0, 999999):06d}")
        except ValueError:
            continue


def _mail_domain(name: str) -> str:
    """A plainly fictional mail domain from an association's name (``.example`` is reserved, RFC 2606)."""
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    return "".join(ch for ch in name.split("(")[0].lower().translate(table) if ch.isalnum()) or "forening"


def _months(year: int, today: date) -> list[date]:
    last = 12 if year < today.year else today.month
    return [date(year, m, 1) for m in range(1, last + 1)]


def create_demo(
    ctx: AppContext,
    *,
    participants: int = DEFAULT_PARTICIPANTS,
    seed: int = 1,
    year: int | None = None,
    run_payroll: bool = True,
    progress=None,
) -> DemoResult:
    """Fill an EMPTY database with the demo programme. Raises :class:`NotEmpty` otherwise."""
    access.require(ctx, "registry.write")
    access.require(ctx, "participants.write")
    access.require(ctx, "time.write")
    started = time.perf_counter()
    today = ctx.now_date()
    year = year or today.year
    if year > today.year:
        raise ValueError(
            _("Året {year} har inte börjat – välj {now} eller tidigare.").format(year=year, now=today.year)
        )
    if participants < 1:
        raise ValueError(_("Antalet deltagare måste vara minst 1."))
    rng = random.Random(seed)
    result = DemoResult()
    end_day = min(today, date(year, 12, 31))
    july = date(year, 7, 1)

    with ctx.db.unit_of_work() as s:
        if not q.is_empty(s):
            raise NotEmpty(_("Databasen innehåller redan uppgifter – demodata läggs bara in i en tom databas."))
        tasks: list[tuple[int, int, int, str, int, int]] = []  # task id, worksite id, org id, unit, rate before, after
        org_ids: list[int] = []
        for name, base, address, postal, sites in _PROGRAMME:
            # The association's own account pays the bank file (pain.001 debtor); contact details go in the AGI.
            org_clearing, org_account = "5" + f"{rng.randint(0, 999):03d}", ""  # SEB: type 1, 7-digit account
            while not org_account:
                try:
                    org_account = bank.complete_type1(org_clearing, f"{rng.randint(0, 999999):06d}")
                except ValueError:
                    continue
            contact = rng.choice(_FIRST) + " " + rng.choice(_LAST[:16])
            org_id = q.add_organisation(
                s,
                {
                    "name": name,
                    "orgnr": _orgnr(base),
                    "address": address,
                    "postal_code": postal,
                    "city": "Helsingborg",
                    "contact_name": contact,
                    "contact_phone": f"042-{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    "contact_email": f"ekonomi@{_mail_domain(name)}.example",
                    "bank_clearing": org_clearing,
                    "bank_account": org_account,
                    "agi_registered": True,
                    "pay_frequency": "month",
                    "payment_day": 25,
                },
            )
            org_ids.append(org_id)
            result.organisations += 1
            for ws_name, ws_address, ws_tasks in sites:
                ws_id = q.add_worksite(
                    s,
                    {
                        "organisation_id": org_id,
                        "name": ws_name,
                        "address": ws_address,
                        "postal_code": postal,
                        "city": "Helsingborg",
                    },
                )
                result.worksites += 1
                for t_name, unit, before, after in ws_tasks:
                    rates = [
                        {
                            "valid_from": date(year - 1, 1, 1),
                            "valid_to": july - timedelta(days=1) if after != before else None,
                            "rate_ore": before * 100,
                        }
                    ]
                    if after != before:
                        rates.append({"valid_from": july, "rate_ore": after * 100})
                    task_id = q.add_task(s, {"worksite_id": ws_id, "name": t_name, "unit": unit}, rates)
                    tasks.append((task_id, ws_id, org_id, unit, before * 100, after * 100))
                    result.tasks += 1

        # ---- participants (bulk) ----
        used: set[str] = set()
        people = []
        for _i in range(participants):
            canonical = _personnummer(rng, year, used)
            payout = "bank" if rng.random() < 0.55 else "cash"
            clearing = account = ""
            if payout == "bank":
                clearing, account = _bank_account(rng, canonical)
                acc = bank.parse(clearing, account)  # never store an invalid number
                clearing, account = acc.clearing, acc.account
            has_cap = rng.random() < 0.3
            cap_from = date(year, rng.choice([1, 1, 1, 2, 3, 4]), 1) if has_cap else None
            tax_pct = rng.choice([None] * 8 + [3250, 0])
            people.append(
                {
                    "personnummer": canonical,
                    "first_name": rng.choice(_FIRST),
                    "last_name": rng.choice(_LAST),
                    "address": f"{rng.choice(_STREETS)} {rng.randint(1, 80)}",
                    "postal_code": f"25{rng.randint(1, 9)} {rng.randint(10, 99)}",
                    "city": "Helsingborg",
                    "phone": f"07{rng.choice('02369')}-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    "payout_method": payout,
                    "clearing": clearing,
                    "account": account,
                    "tax_mode": "percent" if tax_pct is not None else "default",
                    "tax_percent_hundredths": tax_pct,
                    "cap_decision_from": cap_from,
                    "cap_decision_to": date(year, 12, 31) if has_cap else None,
                    "organisation_id": rng.choice(org_ids),
                    "consent_date": date(year - 1, rng.randint(1, 12), rng.randint(1, 28)),
                    "active": True,
                    "version": 1,
                }
            )
        ids = q.insert_participants(s, people)
        result.participants = len(people)

        # ---- work entries (bulk, irregular) ----
        by_org: dict[int, list[tuple[int, int, int, str, int, int]]] = {}
        for t in tasks:
            by_org.setdefault(t[2], []).append(t)
        first_day = date(year, 1, 1)
        n_days = (end_day - first_day).days + 1
        batch: list[dict] = []
        total = 0
        created_at = db_time(ctx.now())
        for k, person in enumerate(people):
            pid = ids[person["personnummer"]]
            home = by_org[person["organisation_id"]]
            own_tasks = rng.sample(home, k=min(len(home), rng.choice([1, 2, 2, 3])))
            if rng.random() < 0.2:  # some also help out at another association
                extra = rng.choice(tasks)
                if extra not in own_tasks:
                    own_tasks.append(extra)
            intensity = rng.uniform(0.65, 1.0)
            start = 0 if rng.random() < 0.75 else rng.randint(0, 200)  # some join during the year
            stop = n_days if rng.random() < 0.85 else rng.randint(start + 30, max(start + 31, n_days))
            day_index = start - ((first_day + timedelta(days=start)).weekday())
            while day_index < min(stop, n_days):
                week_start = day_index
                day_index += 7
                if rng.random() > intensity:
                    continue  # a week with nothing
                days = rng.sample(range(7), k=rng.choice([3, 4, 5, 5, 6, 6, 7]))
                for wd in days:
                    di = week_start + wd
                    if di < max(start, 0) or di >= min(stop, n_days):
                        continue
                    d = first_day + timedelta(days=di)
                    picks = [rng.choice(own_tasks)]
                    if len(own_tasks) > 1 and rng.random() < 0.4:
                        picks.append(rng.choice([t for t in own_tasks if t is not picks[0]]))
                    for task_id, ws_id, _org, unit, before, after in picks:
                        rate = after if d >= july else before
                        if unit == "hour":
                            qty = rng.choice([100, 150, 150, 200, 200, 250, 300])
                            hours, pieces = qty, None
                        elif unit == "piece":
                            qty = rng.choice([100, 100, 200, 200, 300, 400])
                            hours, pieces = None, qty
                        else:
                            qty = 100
                            hours, pieces = None, qty
                        batch.append(
                            {
                                "participant_id": pid,
                                "worksite_id": ws_id,
                                "task_id": task_id,
                                "work_date": d,
                                "hours_hundredths": hours,
                                "quantity_hundredths": pieces,
                                "rate_ore": rate,
                                "amount_ore": amount_ore(rate, qty),
                                "comment": "",
                                "created_by": ctx.username,
                                "created_at": created_at,
                                "version": 1,
                            }
                        )
                if len(batch) >= 10000:
                    q.insert_work_entries(s, batch)
                    total += len(batch)
                    batch = []
            if progress is not None and k % 50 == 0:
                progress(k, len(people))
        if batch:
            q.insert_work_entries(s, batch)
            total += len(batch)
        result.entries = total
        audit.record(
            s,
            "demo",
            "work_entries",
            detail=f"demo: {total} rader ({len(people)} deltagare, "
            f"{result.organisations} föreningar, år {year}, frö {seed})",
        )

    if run_payroll:
        _run_payroll(ctx, year, today, result)
    result.seconds = time.perf_counter() - started
    return result


def _run_payroll(ctx: AppContext, year: int, today: date, result: DemoResult) -> None:
    """Every month of ``year`` up to today approved, the last one left as a draft (the command line's contract)."""
    months = _months(year, today)
    for i, first in enumerate(months):
        label = f"{first:%Y-%m}"
        payroll.compute_run(ctx, label)
        if i < len(months) - 1:
            # History: paid then (a passed pay date is expected); one backup at the end, not one per month.
            payroll.approve_run(ctx, label, backup=False, confirm_past_pay_date=True)
            result.approved_runs.append(label)
        else:
            result.draft_run = label
    if result.approved_runs and ctx.db.is_sqlite:
        try:
            backup.backup_now(ctx.db, "demo")
        except (backup.BackupError, OSError) as exc:  # a failed backup does not undo the demo
            result.warnings.append(_("Säkerhetskopian efter demodata kunde inte tas: {error}").format(error=exc))


def demo_if_empty(ctx: AppContext, **kwargs) -> DemoResult | None:
    """For the GUI's "offer demo data on first start": fill the database only when it is empty."""
    if not is_empty(ctx):
        return None
    try:
        return create_demo(ctx, **kwargs)
    except NotEmpty:
        return None
