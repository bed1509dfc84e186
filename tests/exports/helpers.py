"""Test helpers: approved pay runs inserted directly with the ORM (independent of the pay-run service).

``build_year`` makes a demo-sized programme year (N participants, 12 approved monthly runs) with the
arithmetic of the real rules done simply: 30 % tax rounded down to whole kronor once the year passes 1 000 kr,
31.42 % employer charges from the first krona once the year reaches 1 000 kr (the whole base charged in the
crossing month), the yearly cap shielding the first 20 000 kr.
"""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from sysselsattning.domain.personnummer import with_check_digit
from sysselsattning.storage.orm import (
    Organisation,
    Participant,
    PayLine,
    PayRun,
    Task,
    User,
    WorkEntry,
    Worksite,
)


def pnr(birth: str, serial: int) -> str:
    """A valid 12-digit personnummer for birth date ``YYYYMMDD`` and a 3-digit serial."""
    ten = with_check_digit(f"{birth[2:]}{serial:03d}")
    return birth[:2] + ten


def make_org(s, name="Föreningen Hela människan", orgnr="802000-1234", **kw) -> Organisation:
    defaults = dict(
        address="Järnvägsgatan 1",
        postal_code="252 24",
        city="Helsingborg",
        contact_name="Åsa Öberg",
        contact_phone="042-10 20 30",
        contact_email="asa@example.org",
        agi_registered=True,
        bank_clearing="83279",
        bank_account="123456789",
        bank_bic="",
    )
    defaults.update(kw)
    org = Organisation(name=name, orgnr=orgnr, **defaults)
    s.add(org)
    s.flush()
    return org


def make_worksite(s, org, name="Cykelverkstaden", address="Södra Storgatan 12", city="Helsingborg") -> Worksite:
    ws = Worksite(organisation_id=org.id, name=name, address=address, postal_code="252 23", city=city)
    s.add(ws)
    s.flush()
    return ws


def make_task(s, ws, name="Verkstadspass", unit="hour") -> Task:
    t = Task(worksite_id=ws.id, name=name, unit=unit)
    s.add(t)
    s.flush()
    return t


def make_user(s, username="handl1", role="handlaggare") -> User:
    u = User(username=username, full_name=username.title(), role=role)
    s.add(u)
    s.flush()
    return u


def make_participant(
    s,
    number: str,
    first="Örjan",
    last="Åkesson",
    payout="cash",
    clearing="",
    account="",
    caseworker_id=None,
    org=None,
    cap_from: date | None = None,
) -> Participant:
    p = Participant(
        personnummer=number,
        first_name=first,
        last_name=last,
        payout_method=payout,
        clearing=clearing,
        account=account,
        caseworker_id=caseworker_id,
        organisation_id=org.id if org else None,
        cap_decision_from=cap_from,
        address="Drottninggatan 5",
        postal_code="252 21",
        city="Helsingborg",
    )
    s.add(p)
    s.flush()
    return p


def make_run(s, label: str, payment_date: date, status="approved", organisation_id=None) -> PayRun:
    y, m = (int(x) for x in label.split("-"))
    start = date(y, m, 1)
    run = PayRun(
        label=label,
        kind="month",
        organisation_id=organisation_id,
        period_start=start,
        period_end=start + relativedelta(months=1),
        payment_date=payment_date,
        status=status,
        approved_by="test" if status != "draft" else None,
    )
    s.add(run)
    s.flush()
    return run


def add_line(
    s,
    run: PayRun,
    participant: Participant,
    org: Organisation,
    *,
    gross: int,
    tax: int,
    fee: int,
    fee_base: int | None = None,
    payout: str | None = None,
    cap_shielded: int = 0,
    task: Task | None = None,
    hours: int = 100,
    ytd: dict | None = None,
    cap: int = 2_000_000,
    correction: int = 0,
) -> PayLine:
    """One pay line (amounts in öre) plus a work entry of ``hours`` hundredths on ``task`` in the run."""
    fee_base = gross if (fee_base is None and fee) else (fee_base or 0)
    ytd = ytd or {}
    line = PayLine(
        pay_run_id=run.id,
        participant_id=participant.id,
        organisation_id=org.id,
        gross_ore=gross,
        correction_ore=correction,
        tax_ore=tax,
        tax_reason="percent" if tax else "under_year_limit",
        employer_fee_ore=fee,
        employer_fee_base_ore=fee_base,
        employer_fee_rate="31.42" if fee else "0",
        net_ore=gross - tax,
        cap_shielded_ore=cap_shielded,
        ytd_gross_ore=ytd.get("gross", gross),
        ytd_tax_ore=ytd.get("tax", tax),
        ytd_employer_fee_ore=ytd.get("fee", fee),
        ytd_net_ore=ytd.get("net", gross - tax),
        ytd_cap_used_ore=ytd.get("cap_used", cap_shielded),
        cap_ore=cap,
        payout_method=payout or participant.payout_method,
        details_json=json.dumps([]),
    )
    if line.payout_method == "bank":  # the account copied at approval, as the pay-run service does
        line.bank_clearing, line.bank_account = participant.clearing, participant.account
    s.add(line)
    if task is not None:
        ws = s.get(Worksite, task.worksite_id)
        s.add(
            WorkEntry(
                participant_id=participant.id,
                worksite_id=ws.id,
                task_id=task.id,
                work_date=run.period_start + relativedelta(days=3),
                hours_hundredths=hours,
                rate_ore=gross * 100 // max(hours, 1),
                amount_ore=gross,
                pay_run_id=run.id,
            )
        )
    s.flush()
    finalize(s, run)  # the run's stored totals always equal its lines (exports refuse otherwise)
    return line


def finalize(s, run: PayRun) -> PayRun:
    """Set the run's totals from its lines (as the pay-run service does)."""
    lines = s.query(PayLine).filter(PayLine.pay_run_id == run.id).all()
    run.gross_ore = sum(ln.gross_ore for ln in lines)
    run.tax_ore = sum(ln.tax_ore for ln in lines)
    run.employer_fee_ore = sum(ln.employer_fee_ore for ln in lines)
    run.net_ore = sum(ln.net_ore for ln in lines)
    run.participant_count = len({ln.participant_id for ln in lines})
    if s.get_bind().dialect.name == "postgresql" and run.status != "draft":
        # history made by the test's superuser: the database refuses changes to an approved run (#15), so the
        # fixture sets the totals with triggers off, as a restore would
        from sqlalchemy import text

        s.execute(text("SET LOCAL session_replication_role = replica"))
        s.flush()
        s.execute(text("SET LOCAL session_replication_role = origin"))
    s.flush()
    return run


def _pct(ore: int, percent: str) -> int:
    return int((Decimal(ore) * Decimal(percent) / 100).to_integral_value(rounding=ROUND_HALF_UP))


def build_year(
    db,
    *,
    year: int = 2026,
    participants: int = 200,
    seed: int = 1,
    months: int = 12,
    caseworker_username: str | None = None,
) -> dict:
    """A demo-sized programme year: 3 associations, 6 worksites, ``months`` approved runs."""
    rng = random.Random(seed)
    with db.unit_of_work() as s:
        cw = make_user(s, caseworker_username, "handlaggare") if caseworker_username else None
        orgs = [
            make_org(s, "Hela människan (Ria)", "802000-1111"),
            make_org(s, "Frihamnen – Hemlösas hus", "802000-2222", bank_clearing="6000", bank_account="123456789"),
            make_org(
                s, "Fontänhuset Helsingborg", "802000-3333", bank_iban="SE4550000000058398257466", bank_bic="ESSESESS"
            ),
        ]
        sites = [
            make_worksite(s, orgs[0], "Cykelverkstaden", "Södra Storgatan 12"),
            make_worksite(s, orgs[0], "Kolonilotten", "Planteringsvägen 4"),
            make_worksite(s, orgs[1], "Caféet", "Hamntorget 2"),
            make_worksite(s, orgs[1], "Second hand", "Bergaliden 9"),
            make_worksite(s, orgs[2], "Köket", "Ringstorpsvägen 3", "Höganäs"),
            make_worksite(s, orgs[2], "Vaktmästeriet", "Ringstorpsvägen 3", "Höganäs"),
        ]
        tasks = [make_task(s, ws, f"Pass {ws.name}") for ws in sites]
        people = []
        for i in range(participants):
            birth = date(1960, 1, 1) + relativedelta(days=rng.randrange(0, 40 * 365))
            bank = rng.random() < 0.5
            people.append(
                make_participant(
                    s,
                    pnr(birth.strftime("%Y%m%d"), 100 + i % 900),
                    first=rng.choice(["Åsa", "Örjan", "Ärla", "Nils", "Fatima", "Jonas"]),
                    last=f"Testsson{i}",
                    payout="bank" if bank else "cash",
                    clearing="83279" if bank else "",
                    account=f"{9000000 + i}" if bank else "",
                    caseworker_id=cw.id if cw and i % 4 == 0 else None,
                    cap_from=date(year, 1, 1) if i % 5 < 3 else None,
                )
            )  # 60 % hold a cap decision
        home = {p.id: rng.randrange(len(sites)) for p in people}
        rate = {p.id: rng.choice([60, 60, 60, 90, 120, 250]) for p in people}  # kr per hour; some reach the cap
        ytd: dict[int, dict] = {p.id: {"gross": 0, "tax": 0, "fee": 0, "net": 0, "cap_used": 0} for p in people}
        runs = []
        for m in range(1, months + 1):
            run = make_run(s, f"{year}-{m:02d}", date(year, m, 25))
            for p in people:
                if rng.random() < 0.3:
                    continue
                hours = rng.choice([200, 400, 600, 800, 1200])
                gross = hours * rate[p.id]  # kr/h × hundredths of an hour = öre
                y = ytd[p.id]
                before = y["gross"]
                tax = (gross * 30 // 100) // 100 * 100 if before + gross >= 100_000 else 0
                base = (before + gross) if before < 100_000 <= before + gross else (gross if before >= 100_000 else 0)
                fee = _pct(base, "31.42")
                shield = max(0, min(gross, 2_000_000 - y["cap_used"])) if p.cap_decision_from else 0
                y["gross"] += gross
                y["tax"] += tax
                y["fee"] += fee
                y["net"] += gross - tax
                y["cap_used"] += shield
                site = sites[home[p.id]]
                org = next(o for o in orgs if o.id == site.organisation_id)
                add_line(
                    s,
                    run,
                    p,
                    org,
                    gross=gross,
                    tax=tax,
                    fee=fee,
                    fee_base=base,
                    cap_shielded=shield,
                    task=tasks[home[p.id]],
                    hours=hours,
                    ytd=dict(y),
                )
            finalize(s, run)
            runs.append(run.id)
        return {
            "orgs": [o.id for o in orgs],
            "runs": runs,
            "participants": [p.id for p in people],
            "caseworker_id": cw.id if cw else None,
        }
