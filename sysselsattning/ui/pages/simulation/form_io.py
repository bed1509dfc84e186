"""The scenario editor's form ↔ design §6 scenario dict: fill the fields from a dict, read them into one.

A mixin of :class:`~sysselsattning.ui.pages.simulation.editor.ScenarioEditor`, which builds the fields;
this module only maps them. Money fields are read as öre and written to the dict as "1234.50" strings.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from sysselsattning.domain.money import MAX_AMOUNT_ORE, ore_to_str
from sysselsattning.domain.problems import Problem
from sysselsattning.i18n import _, format_money
from sysselsattning.i18n.format import MONTHS_LONG
from sysselsattning.ui.pages.simulation.common import PLAN_HOURS, PLAN_KRONOR, WEEKS_PER_MONTH
from sysselsattning.ui.pages.simulation.common import ore_value as _ore
from sysselsattning.ui.widgets import InputError, MoneyEdit, parse_date_text


class ScenarioFormMixin:
    """``fill`` and ``read`` over the fields that :class:`ScenarioEditor` builds (``self.housing`` …)."""

    def fill(self, scenario: dict, *, recorded: bool = False, participant_label: str = "") -> None:
        """Fill every field from a §6 dict without emitting ``edited``. With ``recorded`` the months before the
        current one are the participant's (``participant_label``) recorded arvode and the plan covers the rest
        of the year."""
        s = scenario
        widgets = [w for w in self.findChildren(QWidget)]
        for w in widgets:
            w.blockSignals(True)
        try:
            self.year_spin.setValue(int(s.get("year", self.year_spin.value())))
            self.offset_combo.setCurrentIndex(max(0, self.offset_combo.findData(int(s.get("income_month_offset", 1)))))
            hh = s.get("household", {})
            adults = hh.get("adults", [])
            self.adult_birth.setText(adults[0].get("birth_date", "") if adults else "")
            self.cohabiting.setChecked(bool(hh.get("cohabiting")) or len(adults) > 1)
            self.partner_birth.setText(adults[1].get("birth_date", "") if len(adults) > 1 else "")
            self.partner_birth.setEnabled(self.cohabiting.isChecked())
            self.children_edit.setText(", ".join(c.get("birth_date", "") for c in hh.get("children", [])))
            costs = hh.get("costs", {})
            for edit, key in (
                (self.housing, "housing"),
                (self.electricity, "electricity"),
                (self.insurance, "home_insurance"),
                (self.other_cost, "other"),
            ):
                edit.set_value(_ore(costs.get(key, "0")))
            oi = s.get("other_income", {})
            for edit, key in (
                (self.se_net, "sjukersattning_net"),
                (self.barnbidrag, "barnbidrag"),
                (self.other_net, "other_net"),
            ):
                edit.set_value(_ore(oi.get(key, "0")))
            fs = s.get("forsorjningsstod", {})
            self.fs_applies.setChecked(bool(fs.get("applies", True)))
            self.fs_months.setValue(int(fs.get("consecutive_months_before_year", 0)))
            btp = s.get("bostadstillagg", {})
            self.btp_applies.setChecked(bool(btp.get("applies", False)))
            self.btp_housing.set_value(_ore(btp.get("housing_cost", "0")))
            self.btp_other.set_value(_ore(btp.get("other_reducing_income_year", "0")))
            self.btp_other_80.set_value(_ore(btp.get("other_income_year", "0")))
            if btp.get("se_ae_year") is None:
                self.btp_se_ae.setText("")
            else:
                self.btp_se_ae.set_value(_ore(btp["se_ae_year"]))
            bb = s.get("bostadsbidrag") if isinstance(s.get("bostadsbidrag"), dict) else {}
            self.bb_applies.setChecked(bool(bb.get("applies", False)) if bb else False)
            self.bb_housing.set_value(_ore(bb.get("housing_cost", costs.get("housing", "0"))))
            self.bb_other_bgi.set_value(_ore(bb.get("other_bgi_year", "0")))
            self.bb_reported.setChecked(bool(bb.get("arvode_reported", True)))
            se = s.get("sjukersattning")
            regime = se.get("regime", "ingen") if isinstance(se, dict) else "ingen"
            self.se_regime.setCurrentIndex(max(0, self.se_regime.findData(regime)))
            degree = se.get("degree", "hel") if isinstance(se, dict) else "hel"
            self.se_degree.setCurrentIndex(max(0, self.se_degree.findData(degree)))
            se = se if isinstance(se, dict) else {}
            if se.get("monthly_gross") is None:
                self.se_gross.setText("")
            else:
                self.se_gross.set_value(_ore(se["monthly_gross"]))
            self.se_vilande_before.setValue(int(se.get("vilande_months_before_year", 0)))
            self._se_extra = {
                k: v
                for k, v in se.items()
                if k not in ("regime", "degree", "monthly_gross", "vilande_months_before_year")
            }
            arv = s.get("arvode", {})
            tax = arv.get("tax", {})
            self.tax_mode.setCurrentIndex(max(0, self.tax_mode.findData(tax.get("mode", "percent"))))
            if tax.get("percent") is not None:
                self.tax_percent.set_value(Decimal(str(tax.get("percent"))))
            self.tax_table.setValue(int(tax["table"]) if isinstance(tax.get("table"), int) else 28)
            pol = s.get("policy", {})
            if pol.get("cap") is not None:
                self.cap_edit.set_value(_ore(pol["cap"]))
            self.cap_basis.setCurrentIndex(max(0, self.cap_basis.findData(pol.get("basis", "gross"))))
            shields = pol.get("shields", ["forsorjningsstod", "bostadstillagg"])
            self.shield_fs.setChecked("forsorjningsstod" in shields)
            self.shield_btp.setChecked("bostadstillagg" in shields)
            self.shield_bb.setChecked("bostadsbidrag" in shields)
            self.tax_free.setChecked(bool(pol.get("tax_free", False)))
            self.decision_from.setText(str(pol.get("decision_from") or ""))
            self.decision_to.setText(str(pol.get("decision_to") or ""))
            gross = list(arv.get("monthly_gross", ["0.00"] * 12))
            for i, e in enumerate(self.fixed_edits):
                v = _ore(gross[i]) if i < len(gross) else 0
                e.setText("" if v == 0 else format_money(v, unit=False))
            today = self._today()
            year = self.year_spin.value()
            # Months already begun hold recorded work; the plan starts with the next month.
            first_open = 0 if year > today.year else 12 if year < today.year else today.month
            if recorded:
                for i, cb in enumerate(self.plan_month_boxes):
                    cb.setChecked(i >= first_open)
                info = _(
                    "Hämtat: {deltagare}. Godkänt och inrapporterat arvode står som fasta belopp per månad."
                ).format(deltagare=participant_label)
                if first_open < 12:
                    info += " " + _("Planen läggs till från och med {manad}.").format(manad=_(MONTHS_LONG[first_open]))
                self.start_info.setText(info)
                self.start_info.show()
            else:
                # A saved scenario carries its months as fixed amounts; the plan starts empty.
                for cb in self.plan_month_boxes:
                    cb.setChecked(False)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.sync_enabled()

    def plan_monthly_ore(self) -> int:
        """The planned gross arvode per month from the plan fields (öre). Raises InputError."""
        mode = self.plan_mode.currentData()
        if mode == PLAN_KRONOR:
            return self.kronor_edit.value() or 0
        rate = self.rate_edit.value() or 0
        if mode == PLAN_HOURS:
            hours = Decimal(str(self.hours_spin.value()))
            return int((Decimal(rate) * hours * WEEKS_PER_MONTH).to_integral_value(rounding=ROUND_HALF_UP))
        return rate * self.pieces_spin.value()

    def _read_money(self, edit: MoneyEdit, key: str, problems: list[Problem], *, default: int = 0) -> int:
        try:
            v = edit.value()
        except InputError as exc:
            problems.append(exc.as_problem(key))
            return default
        if v is None:
            return default
        if v < 0:
            problems.append(Problem(key, "money_negative"))
            return default
        if v > MAX_AMOUNT_ORE:
            problems.append(Problem(key, "amount_too_large", {"max": format_money(MAX_AMOUNT_ORE)}))
            return default
        return v

    def _read_date(self, edit: QLineEdit, key: str, problems: list[Problem], *, required: bool) -> str | None:
        try:
            d = parse_date_text(edit.text())
        except InputError as exc:
            problems.append(exc.as_problem(key))
            return None
        if d is None:
            if required:
                problems.append(Problem(key, "required"))
            return None
        if d > self._today():
            problems.append(Problem(key, "date_future", {"date": d.isoformat()}))
            return None
        return d.isoformat()

    def read(self) -> tuple[dict | None, list[Problem]]:
        """Read the form into a §6 dict; problems name the field keys of :attr:`fields`."""
        problems: list[Problem] = []
        year = self.year_spin.value()
        adults = []
        b = self._read_date(self.adult_birth, "household.adults[0].birth_date", problems, required=True)
        adults.append({"birth_date": b})
        cohab = self.cohabiting.isChecked()
        if cohab:
            b2 = self._read_date(self.partner_birth, "household.adults[1].birth_date", problems, required=True)
            adults.append({"birth_date": b2})
        children = []
        for part in [p.strip() for p in self.children_edit.text().replace(";", ",").split(",") if p.strip()]:
            try:
                d = parse_date_text(part)
            except InputError:
                problems.append(Problem("household.children", "date_invalid"))
                break
            if d is not None and d > self._today():
                problems.append(Problem("household.children", "date_future", {"date": d.isoformat()}))
                break
            children.append({"birth_date": d.isoformat()})
        m = self._read_money
        costs = {
            "housing": ore_to_str(m(self.housing, "household.costs.housing", problems)),
            "electricity": ore_to_str(m(self.electricity, "household.costs.electricity", problems)),
            "home_insurance": ore_to_str(m(self.insurance, "household.costs.home_insurance", problems)),
            "other": ore_to_str(m(self.other_cost, "household.costs.other", problems)),
        }
        other = {
            "sjukersattning_net": ore_to_str(m(self.se_net, "other_income.sjukersattning_net", problems)),
            "barnbidrag": ore_to_str(m(self.barnbidrag, "other_income.barnbidrag", problems)),
            "other_net": ore_to_str(m(self.other_net, "other_income.other_net", problems)),
        }
        tax_mode = self.tax_mode.currentData()
        tax: dict[str, Any] = {"mode": tax_mode}
        if tax_mode == "percent":
            try:
                pct = self.tax_percent.value()
            except InputError as exc:
                problems.append(exc.as_problem("arvode.tax.percent"))
                pct = None
            if pct is None:
                if not any(p.field == "arvode.tax.percent" for p in problems):
                    problems.append(Problem("arvode.tax.percent", "required"))
            elif not (0 <= pct <= 100):
                problems.append(Problem("arvode.tax.percent", "percent_range"))
            else:
                tax["percent"] = f"{pct.normalize():f}"
        if tax_mode != "none" and self.tax_table.value() > self.tax_table.minimum():
            tax["table"] = self.tax_table.value()
        elif tax_mode == "table":
            problems.append(Problem("arvode.tax.table", "required"))
        # plan
        try:
            plan = self.plan_monthly_ore()
        except InputError as exc:
            key = "plan.kronor" if self.plan_mode.currentData() == PLAN_KRONOR else "plan.rate"
            problems.append(exc.as_problem(key))
            plan = 0
        if plan < 0:
            key = "plan.kronor" if self.plan_mode.currentData() == PLAN_KRONOR else "plan.rate"
            problems.append(Problem(key, "money_negative"))
            plan = 0
        gross = []
        for i, e in enumerate(self.fixed_edits):
            fixed = m(e, f"fixed[{i}]", problems)
            gross.append(fixed + (plan if self.plan_month_boxes[i].isChecked() else 0))
        self.plan_ore = plan
        cap = m(self.cap_edit, "policy.cap", problems, default=self.policy_cap)
        shields = [
            k
            for k, cb in (
                ("forsorjningsstod", self.shield_fs),
                ("bostadstillagg", self.shield_btp),
                ("bostadsbidrag", self.shield_bb),
            )
            if cb.isChecked()
        ]
        scenario: dict[str, Any] = {
            "year": year,
            "income_month_offset": int(self.offset_combo.currentData()),
            "household": {"adults": adults, "cohabiting": cohab, "children": children, "costs": costs},
            "other_income": other,
            "forsorjningsstod": {
                "applies": self.fs_applies.isChecked(),
                "consecutive_months_before_year": self.fs_months.value(),
            },
            "bostadstillagg": {
                "applies": self.btp_applies.isChecked(),
                "housing_cost": ore_to_str(m(self.btp_housing, "bostadstillagg.housing_cost", problems)),
                "other_reducing_income_year": ore_to_str(
                    m(self.btp_other, "bostadstillagg.other_reducing_income_year", problems)
                ),
                "other_income_year": ore_to_str(m(self.btp_other_80, "bostadstillagg.other_income_year", problems)),
            },
            "arvode": {"monthly_gross": [ore_to_str(g) for g in gross], "tax": tax},
            "policy": {
                "cap": ore_to_str(cap),
                "basis": self.cap_basis.currentData(),
                "shields": shields,
                "tax_free": self.tax_free.isChecked(),
            },
        }
        for key, edit in (("decision_from", self.decision_from), ("decision_to", self.decision_to)):
            try:
                d = parse_date_text(edit.text())
            except InputError as exc:
                problems.append(exc.as_problem(f"policy.{key}"))
                continue
            if d is not None:
                scenario["policy"][key] = d.isoformat()
        if self.btp_se_ae.text().strip():
            scenario["bostadstillagg"]["se_ae_year"] = ore_to_str(
                m(self.btp_se_ae, "bostadstillagg.se_ae_year", problems)
            )
        if self.bb_applies.isChecked():
            scenario["bostadsbidrag"] = {
                "applies": True,
                "housing_cost": ore_to_str(m(self.bb_housing, "bostadsbidrag.housing_cost", problems)),
                "other_bgi_year": ore_to_str(m(self.bb_other_bgi, "bostadsbidrag.other_bgi_year", problems)),
                "arvode_reported": self.bb_reported.isChecked(),
            }
        regime = self.se_regime.currentData()
        if regime != "ingen":
            scenario["sjukersattning"] = {
                **self._se_extra,
                "regime": regime,
                "degree": self.se_degree.currentData(),
                "vilande_months_before_year": self.se_vilande_before.value(),
            }
            if self.se_gross.text().strip():
                se_gross = m(self.se_gross, "sjukersattning.monthly_gross", problems)
                if se_gross and se_gross < _ore(other["sjukersattning_net"]):
                    problems.append(Problem("sjukersattning.monthly_gross", "se_gross_below_net"))
                scenario["sjukersattning"]["monthly_gross"] = ore_to_str(se_gross)
        return (None if problems else scenario), problems
