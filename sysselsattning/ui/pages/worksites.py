"""Arbetsplatser och uppgifter: associations → worksites → tasks, with a form for each and the rate history.

The tree on the left holds every association, its worksites and their tasks. Selecting a node opens its form
on the right; a task's form also shows its arvode history (rate per hour, piece or occasion, each valid from a
date, optionally to a date) and lets the user add a rate. All saving goes through
:mod:`sysselsattning.services.registry` in the background; problems are shown in Swedish at the fields.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _, format_money
from sysselsattning.ui import theme
from sysselsattning.ui.models import ROW_ROLE, Column, RowTableModel
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    DateEdit,
    InputError,
    MoneyEdit,
    Placeholder,
    hint_label,
    labelled,
    page_title,
    set_accessible,
    show_problems,
    with_error_label,
)

KIND_ORG, KIND_WORKSITE, KIND_TASK = "org", "worksite", "task"


def unit_label(unit: str) -> str:
    return {"hour": _("per timme"), "piece": _("per styck"), "occasion": _("per tillfälle")}.get(unit, unit)


class _Form(QFrame):
    """Common parts: heading, a form layout, messages, Spara. Subclasses fill ``self.form``."""

    saved = Signal(object)  # (kind, row)

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.row: Any = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(6)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.info = QLabel()
        self.info.setObjectName("info")
        self.info.hide()
        self.save_button = QPushButton(_("Spara"))
        self.save_button.setMinimumWidth(100)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 12)
        self.body.setSpacing(8)
        self.body.addWidget(self.heading)
        self.body.addLayout(self.form)
        self.body.addWidget(self.message)
        self.body.addWidget(self.info)
        self.body.addLayout(self.buttons)
        self.body.addStretch(1)
        self.fields: dict[str, QWidget] = {}
        from sysselsattning.services import access

        self.writable = access.can(ctx, "registry.write")
        self.save_button.setVisible(self.writable)

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.fields[key] = widget
        self.form.addRow(label, with_error_label(widget))
        return widget

    def _clear_messages(self) -> None:
        show_problems([], self.fields)
        self.message.hide()
        self.info.hide()

    def run_save(self, fn: Callable[[], Any], kind: str) -> None:
        self._clear_messages()
        self.save_button.setEnabled(False)

        def done(row: Any) -> None:
            self.save_button.setEnabled(True)
            self.load(row)
            self.info.setText(_("Sparat."))
            self.info.show()
            self.saved.emit((kind, row))

        run_in_background(fn, done, self.failed, parent=self, write=True, name=f"spara-{kind}")

    def failed(self, exc: BaseException) -> None:
        from sysselsattning.domain.problems import ValidationFailed
        from sysselsattning.i18n.messages import problem_text
        from sysselsattning.services.errors import ConflictError
        from sysselsattning.ui.app import error_text

        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            rest = show_problems(exc.problems, self.fields)
            text = _("Rätta de markerade fälten – inget sparades.")
            if rest:
                text += "\n" + "\n".join(problem_text(p) for p in rest)
            self.message.setText(text)
        elif isinstance(exc, ConflictError):
            if exc.current is not None:
                self.load(exc.current)
            self.message.setText(exc.message)
        else:
            self.message.setText(error_text(exc))
        self.message.show()

    def load(self, row: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class OrganisationForm(_Form):
    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.name = self.add("name", _("Namn:"), QLineEdit())
        self.orgnr = self.add("orgnr", _("Organisationsnummer:"), QLineEdit())
        self.orgnr.setPlaceholderText("NNNNNN-NNNN")
        self.address = self.add("address", _("Adress:"), QLineEdit())
        self.postal_code = self.add("postal_code", _("Postnummer:"), QLineEdit())
        self.city = self.add("city", _("Ort:"), QLineEdit())
        self.contact_name = self.add("contact_name", _("Kontaktperson:"), QLineEdit())
        self.contact_phone = self.add("contact_phone", _("Telefon:"), QLineEdit())
        self.contact_email = self.add("contact_email", _("E-post:"), QLineEdit())
        self.pay_frequency = QComboBox()
        for value, label in (("month", _("Per månad")), ("week", _("Per vecka")), ("occasion", _("Per tillfälle"))):
            self.pay_frequency.addItem(label, value)
        self.add("pay_frequency", _("Utbetalning:"), self.pay_frequency)
        self.payment_day = QSpinBox()
        self.payment_day.setRange(1, 28)
        self.payment_day.setMaximumWidth(80)
        self.add("payment_day", _("Utbetalningsdag:"), self.payment_day)
        self.payment_month_offset = QComboBox()
        self.payment_month_offset.addItem(_("samma månad som arbetet"), 0)
        self.payment_month_offset.addItem(_("månaden efter arbetet"), 1)
        self.payment_month_offset.setToolTip(_("Infaller dagen på en helg eller helgdag betalas lönen bankdagen före."))
        self.add("payment_month_offset", _("Betalas ut:"), self.payment_month_offset)
        self.agi_registered = QCheckBox(_("Registrerad som arbetsgivare (AGI)"))
        self.form.addRow("", self.agi_registered)
        self.active = QCheckBox(_("Aktiv"))
        self.form.addRow("", self.active)
        self.load(None)

    def load(self, row: Any) -> None:
        self.row = row
        self._clear_messages()
        self.heading.setText(_("Ny förening") if row is None else _("Förening: {name}").format(name=row.name))
        for key in (
            "name",
            "orgnr",
            "address",
            "postal_code",
            "city",
            "contact_name",
            "contact_phone",
            "contact_email",
        ):
            getattr(self, key).setText(getattr(row, key) if row else "")
        i = self.pay_frequency.findData(row.pay_frequency if row else "month")
        self.pay_frequency.setCurrentIndex(max(0, i))
        self.payment_day.setValue(row.payment_day if row else 25)
        j = self.payment_month_offset.findData(int(getattr(row, "payment_month_offset", 0)) if row else 0)
        self.payment_month_offset.setCurrentIndex(max(0, j))
        self.agi_registered.setChecked(bool(row.agi_registered) if row else False)
        self.active.setChecked(bool(row.active) if row else True)

    def save(self) -> None:
        from sysselsattning.services import registry

        data = registry.OrganisationInput(
            name=self.name.text().strip(),
            orgnr=self.orgnr.text().strip(),
            address=self.address.text().strip(),
            postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip(),
            contact_name=self.contact_name.text().strip(),
            contact_phone=self.contact_phone.text().strip(),
            contact_email=self.contact_email.text().strip(),
            agi_registered=self.agi_registered.isChecked(),
            pay_frequency=self.pay_frequency.currentData(),
            payment_day=self.payment_day.value(),
            payment_month_offset=int(self.payment_month_offset.currentData()),
            active=self.active.isChecked(),
        )
        ctx, row = self.ctx, self.row
        self.run_save(
            lambda: registry.save_organisation(
                ctx, data, organisation_id=row.id if row else None, version=row.version if row else None
            ),
            KIND_ORG,
        )


class WorksiteForm(_Form):
    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.organisation_id = QComboBox()
        self.add("organisation_id", _("Förening:"), self.organisation_id)
        self.name = self.add("name", _("Namn:"), QLineEdit())
        self.address = self.add("address", _("Adress:"), QLineEdit())
        self.postal_code = self.add("postal_code", _("Postnummer:"), QLineEdit())
        self.city = self.add("city", _("Ort:"), QLineEdit())
        self.active = QCheckBox(_("Aktiv"))
        self.form.addRow("", self.active)
        self.body.insertWidget(2, hint_label(_("Adressen behövs i arbetsgivardeklarationen (AGI).")))
        self.load(None)

    def set_organisations(self, organisations: list[Any]) -> None:
        current = self.organisation_id.currentData()
        self.organisation_id.clear()
        for o in organisations:
            self.organisation_id.addItem(o.name, o.id)
        i = self.organisation_id.findData(self.row.organisation_id if self.row else current)
        self.organisation_id.setCurrentIndex(max(0, i))

    def load(self, row: Any, organisation_id: int | None = None) -> None:
        self.row = row
        self._clear_messages()
        self.heading.setText(_("Ny arbetsplats") if row is None else _("Arbetsplats: {name}").format(name=row.name))
        for key in ("name", "address", "postal_code", "city"):
            getattr(self, key).setText(getattr(row, key) if row else "")
        org = row.organisation_id if row else organisation_id
        if org is not None:
            self.organisation_id.setCurrentIndex(max(0, self.organisation_id.findData(org)))
        self.active.setChecked(bool(row.active) if row else True)

    def save(self) -> None:
        from sysselsattning.services import registry

        data = registry.WorksiteInput(
            organisation_id=self.organisation_id.currentData(),
            name=self.name.text().strip(),
            address=self.address.text().strip(),
            postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip(),
            active=self.active.isChecked(),
        )
        ctx, row = self.ctx, self.row
        self.run_save(
            lambda: registry.save_worksite(
                ctx, data, worksite_id=row.id if row else None, version=row.version if row else None
            ),
            KIND_WORKSITE,
        )


def rate_columns() -> list[Column]:
    return [
        Column("valid_from", lambda: _("Gäller från"), lambda r: r.valid_from, kind="date"),
        Column(
            "valid_to",
            lambda: _("Gäller till"),
            lambda r: r.valid_to,
            kind="date",
            display=lambda r: r.valid_to.isoformat() if r.valid_to else _("tills vidare"),
        ),
        Column("rate", lambda: _("Arvode"), lambda r: r.rate_ore, kind="money"),
    ]


class TaskForm(_Form):
    rates_changed = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.worksite_id = QComboBox()
        self.add("worksite_id", _("Arbetsplats:"), self.worksite_id)
        self.name = self.add("name", _("Namn:"), QLineEdit())
        self.unit = QComboBox()
        for value in ("hour", "piece", "occasion"):
            self.unit.addItem(unit_label(value), value)
        self.add("unit", _("Arvode räknas:"), self.unit)
        self.counts_as_employment = QCheckBox(_("Räknas som inkomst av anställning (jobbstimulans)"))
        self.form.addRow("", self.counts_as_employment)
        self.active = QCheckBox(_("Aktiv"))
        self.form.addRow("", self.active)

        # rate history
        self.rates_box = QFrame()
        rates_layout = QVBoxLayout(self.rates_box)
        rates_layout.setContentsMargins(0, 10, 0, 0)
        rates_layout.setSpacing(6)
        title = QLabel(_("Arvoden"))
        title.setObjectName("sectionTitle")
        rates_layout.addWidget(title)
        rates_layout.addWidget(
            hint_label(_("Arvodet som gäller på arbetsdagen används. Redan registrerade rader behåller sitt arvode."))
        )
        self.rate_model = RowTableModel(rate_columns(), self)
        self.rate_view = QTableView()
        self.rate_view.setModel(self.rate_model)
        self.rate_view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        set_accessible(self.rate_view, _("Arvoden"), _("Uppgiftens arvoden med datum de gäller från och till."))
        self.rate_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rate_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rate_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rate_view.verticalHeader().setVisible(False)
        self.rate_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rate_view.setMinimumHeight(130)
        self.rate_view.setMaximumHeight(190)
        rates_layout.addWidget(self.rate_view)
        add_row = QHBoxLayout()
        add_row.setSpacing(6)
        self.rate_from = DateEdit()
        self.rate_to = DateEdit()
        self.rate_amount = MoneyEdit()
        for w in (self.rate_from, self.rate_to):
            w.setFixedWidth(110)
        self.rate_amount.setFixedWidth(100)
        self.rate_fields: dict[str, QWidget] = {
            "valid_from": self.rate_from,
            "valid_to": self.rate_to,
            "rate": self.rate_amount,
        }
        self.rate_from.setAccessibleName(_("Nytt arvode gäller från"))
        self.rate_to.setAccessibleName(_("Nytt arvode gäller till"))
        self.rate_amount.setAccessibleName(_("Nytt arvode i kronor"))
        add_row.addWidget(labelled(_("Från:"), self.rate_from))
        add_row.addWidget(with_error_label(self.rate_from))
        add_row.addWidget(labelled(_("Till:"), self.rate_to))
        add_row.addWidget(with_error_label(self.rate_to))
        add_row.addWidget(labelled(_("Arvode:"), self.rate_amount))
        add_row.addWidget(with_error_label(self.rate_amount))
        add_row.addWidget(QLabel(_("kr")))
        add_row.addStretch(1)
        rates_layout.addLayout(add_row)
        rate_buttons = QHBoxLayout()
        self.remove_rate_button = QPushButton(_("Ta bort arvode"))
        self.add_rate_button = QPushButton(_("Lägg till arvode"))
        rate_buttons.addStretch(1)
        rate_buttons.addWidget(self.remove_rate_button)
        rate_buttons.addWidget(self.add_rate_button)
        rates_layout.addLayout(rate_buttons)
        self.rate_message = QLabel()
        self.rate_message.setObjectName("error")
        self.rate_message.setWordWrap(True)
        self.rate_message.hide()
        rates_layout.addWidget(self.rate_message)
        self.body.insertWidget(self.body.count() - 1, self.rates_box)
        self.add_rate_button.clicked.connect(self.add_rate)
        self.remove_rate_button.clicked.connect(self.remove_rate)
        self.add_rate_button.setVisible(self.writable)
        self.remove_rate_button.setVisible(self.writable)
        self.load(None)

    def set_worksites(self, worksites: list[Any]) -> None:
        current = self.worksite_id.currentData()
        self.worksite_id.clear()
        for w in worksites:
            self.worksite_id.addItem(f"{w.name} ({w.organisation_name})", w.id)
        i = self.worksite_id.findData(self.row.worksite_id if self.row else current)
        self.worksite_id.setCurrentIndex(max(0, i))

    def load(self, row: Any, worksite_id: int | None = None) -> None:
        self.row = row
        self._clear_messages()
        self.rate_message.hide()
        show_problems([], self.rate_fields)
        self.heading.setText(_("Ny uppgift") if row is None else _("Uppgift: {name}").format(name=row.name))
        self.name.setText(row.name if row else "")
        ws = row.worksite_id if row else worksite_id
        if ws is not None:
            self.worksite_id.setCurrentIndex(max(0, self.worksite_id.findData(ws)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(row.unit if row else "hour")))
        self.counts_as_employment.setChecked(bool(row.counts_as_employment) if row else True)
        self.active.setChecked(bool(row.active) if row else True)
        self.rate_model.set_rows(list(row.rates) if row else [])
        self.rates_box.setVisible(row is not None)
        self.rate_from.set_value(None)
        self.rate_to.set_value(None)
        self.rate_amount.set_value(None)

    def save(self) -> None:
        from sysselsattning.services import registry

        data = registry.TaskInput(
            worksite_id=self.worksite_id.currentData(),
            name=self.name.text().strip(),
            unit=self.unit.currentData(),
            counts_as_employment=self.counts_as_employment.isChecked(),
            active=self.active.isChecked(),
        )
        ctx, row = self.ctx, self.row
        self.run_save(
            lambda: registry.save_task(
                ctx, data, task_id=row.id if row else None, version=row.version if row else None
            ),
            KIND_TASK,
        )

    def add_rate(self) -> None:
        from sysselsattning.domain.problems import Problem

        if self.row is None:
            return
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        for key, edit in (("valid_from", self.rate_from), ("valid_to", self.rate_to)):
            try:
                values[key] = edit.value()
            except InputError as exc:
                problems.append(exc.as_problem(key))
        if "valid_from" in values and values["valid_from"] is None:
            problems.append(Problem("valid_from", "required"))
        rate_text = self.rate_amount.text().strip()
        if not rate_text:
            problems.append(Problem("rate", "required"))
        self.rate_message.hide()
        if problems:
            show_problems(problems, self.rate_fields)
            return
        show_problems([], self.rate_fields)
        from sysselsattning.services import registry

        ctx, task_id = self.ctx, self.row.id
        valid_from: date = values["valid_from"]
        valid_to: date | None = values.get("valid_to")
        run_in_background(
            lambda: (
                registry.add_rate(ctx, task_id, valid_from, rate_text, valid_to=valid_to),
                registry.get_task(ctx, task_id),
            )[1],
            self._rates_saved,
            self._rate_failed,
            parent=self,
            write=True,
            name="arvode",
        )

    def remove_rate(self) -> None:
        index = self.rate_view.currentIndex()
        if self.row is None or not index.isValid():
            return
        rate = self.rate_model.data(index, ROW_ROLE)
        from sysselsattning.services import registry

        ctx, task_id = self.ctx, self.row.id
        run_in_background(
            lambda: (registry.delete_rate(ctx, rate.id), registry.get_task(ctx, task_id))[1],
            self._rates_saved,
            self._rate_failed,
            parent=self,
            write=True,
            name="ta-bort-arvode",
        )

    def _rates_saved(self, task: Any) -> None:
        self.load(task)
        self.info.setText(
            _("Arvodet är sparat. Nu gäller {rate} {unit}.").format(
                rate=format_money(task.current_rate_ore) if task.current_rate_ore is not None else "–",
                unit=unit_label(task.unit),
            )
        )
        self.info.show()
        self.saved.emit((KIND_TASK, task))

    def _rate_failed(self, exc: BaseException) -> None:
        from sysselsattning.domain.problems import ValidationFailed
        from sysselsattning.i18n.messages import problem_text
        from sysselsattning.ui.app import error_text

        if isinstance(exc, ValidationFailed):
            rest = show_problems(exc.problems, self.rate_fields)
            text = "\n".join(problem_text(p) for p in rest)
        else:
            text = error_text(exc)
        if text:
            self.rate_message.setText(text)
            self.rate_message.show()


class Page(QWidget):
    """Arbetsplatser och uppgifter (``--page arbetsplatser``)."""

    changed = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tree = QTreeWidget()
        set_accessible(
            self.tree,
            _("Föreningar, arbetsplatser och uppgifter"),
            _("Välj med piltangenterna; vänster- och högerpil fäller ihop och ut. Formuläret visar det valda."),
        )
        self.tree.setHeaderLabels([_("Namn"), _("Arvode i dag")])
        self.tree.setColumnWidth(0, 300)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(True)
        self.new_org = QPushButton(_("Ny förening"))
        self.new_worksite = QPushButton(_("Ny arbetsplats"))
        self.new_task = QPushButton(_("Ny uppgift"))
        from sysselsattning.services import access

        for b in (self.new_org, self.new_worksite, self.new_task):
            b.setEnabled(access.can(ctx, "registry.write"))
        self.new_org.setEnabled(access.can(ctx, "*") or ctx.role == "administrator")

        self.org_form = OrganisationForm(ctx)
        self.worksite_form = WorksiteForm(ctx)
        self.task_form = TaskForm(ctx)
        self.empty = Placeholder(
            _("Välj i listan"), _("Välj en förening, arbetsplats eller uppgift till vänster, eller lägg till en ny.")
        )
        self.forms = QStackedWidget()
        for w in (self.empty, self.org_form, self.worksite_form, self.task_form):
            self.forms.addWidget(w)
        scroll = QScrollArea()
        scroll.setWidget(self.forms)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(500)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.new_org)
        bar.addWidget(self.new_worksite)
        bar.addWidget(self.new_task)
        bar.addStretch(1)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.tree, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([470, 530])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(page_title(_("Arbetsplatser och uppgifter")))
        layout.addWidget(splitter, 1)

        self.tree.currentItemChanged.connect(self._selected)
        self.new_org.clicked.connect(self._new_org)
        self.new_worksite.clicked.connect(self._new_worksite)
        self.new_task.clicked.connect(self._new_task)
        for form in (self.org_form, self.worksite_form, self.task_form):
            form.saved.connect(self._saved)
        self._select_after: tuple[str, int] | None = None
        self._orgs: list[Any] = []
        self._worksites: list[Any] = []
        self._tasks: list[Any] = []

    def refresh(self) -> None:
        from sysselsattning.services import registry

        ctx = self.ctx

        def load() -> tuple[list[Any], list[Any], list[Any]]:
            return registry.list_organisations(ctx), registry.list_worksites(ctx), registry.list_tasks(ctx)

        run_in_background(load, self._loaded, self._load_failed, parent=self, name="register")

    def _load_failed(self, exc: BaseException) -> None:
        """E.g. a role without access to the registry: say so in the panel, no pop-up."""
        from sysselsattning.ui.app import error_text

        self.forms.setCurrentWidget(self.empty)
        self.empty.findChildren(QLabel)[1].setText(error_text(exc))
        self.loaded.emit()

    def _loaded(self, result: tuple[list[Any], list[Any], list[Any]]) -> None:
        orgs, worksites, tasks = result
        self._orgs, self._worksites, self._tasks = orgs, worksites, tasks
        self.worksite_form.set_organisations(orgs)
        self.task_form.set_worksites(worksites)
        wanted = self._select_after or self._current_key()
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[tuple[str, int], QTreeWidgetItem] = {}
        for o in orgs:
            item = QTreeWidgetItem([o.name, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, (KIND_ORG, o))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            items[(KIND_ORG, o.id)] = item
            self.tree.addTopLevelItem(item)
        for w in worksites:
            parent = items.get((KIND_ORG, w.organisation_id))
            item = QTreeWidgetItem([w.name, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, (KIND_WORKSITE, w))
            items[(KIND_WORKSITE, w.id)] = item
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
        for t in tasks:
            parent = items.get((KIND_WORKSITE, t.worksite_id))
            rate = (
                f"{format_money(t.current_rate_ore)} {unit_label(t.unit)}"
                if t.current_rate_ore is not None
                else _("saknar arvode")
            )
            item = QTreeWidgetItem([t.name, rate])
            item.setData(0, Qt.ItemDataRole.UserRole, (KIND_TASK, t))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items[(KIND_TASK, t.id)] = item
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
        for item in items.values():
            row = item.data(0, Qt.ItemDataRole.UserRole)[1]
            if not getattr(row, "active", True):
                for c in range(2):
                    item.setForeground(c, theme.color("muted", self.tree))
                item.setText(0, item.text(0) + " " + _("(inaktiv)"))
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, max(260, min(self.tree.columnWidth(0) + 12, 360)))
        self.tree.blockSignals(False)
        self._select_after = None
        if wanted is None and orgs and self.forms.currentWidget() is self.empty:
            wanted = (KIND_ORG, orgs[0].id)  # open on the first association rather than an empty panel
        if wanted is not None and wanted in items:
            self.tree.setCurrentItem(items[wanted])
        elif self.forms.currentWidget() is not self.empty and self._current_form_row() is not None:
            self.forms.setCurrentWidget(self.empty)
        if not orgs:
            self.empty.findChildren(QLabel)[1].setText(
                _("Det finns inga föreningar ännu. Börja med Ny förening, lägg sedan till arbetsplatser och uppgifter.")
            )
        self.loaded.emit()

    def _current_form_row(self) -> Any:
        form = self.forms.currentWidget()
        return getattr(form, "row", None)

    def _current_key(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        kind, row = item.data(0, Qt.ItemDataRole.UserRole)
        return kind, row.id

    def _selected(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        if current is None:
            return
        kind, row = current.data(0, Qt.ItemDataRole.UserRole)
        form: _Form = {KIND_ORG: self.org_form, KIND_WORKSITE: self.worksite_form}.get(kind, self.task_form)
        same = form.row is not None and form.row.id == row.id and self.forms.currentWidget() is form
        info = form.info.text() if same and form.info.isVisible() else ""
        form.load(row)
        if info:  # the tree was rebuilt after our own save: keep "Sparat."
            form.info.setText(info)
            form.info.show()
        self.forms.setCurrentWidget(form)

    def select(self, kind: str, row_id: int) -> None:
        """Select a node (tests and links)."""
        it = self.tree.invisibleRootItem()
        stack = [it.child(i) for i in range(it.childCount())]
        while stack:
            item = stack.pop()
            k, row = item.data(0, Qt.ItemDataRole.UserRole)
            if k == kind and row.id == row_id:
                self.tree.setCurrentItem(item)
                return
            stack.extend(item.child(i) for i in range(item.childCount()))

    def _context_ids(self) -> tuple[int | None, int | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        kind, row = item.data(0, Qt.ItemDataRole.UserRole)
        if kind == KIND_ORG:
            return row.id, None
        if kind == KIND_WORKSITE:
            return row.organisation_id, row.id
        return row.organisation_id, row.worksite_id

    def _new_org(self) -> None:
        self.org_form.load(None)
        self.forms.setCurrentWidget(self.org_form)
        self.org_form.name.setFocus()

    def _new_worksite(self) -> None:
        org, _ws = self._context_ids()
        self.worksite_form.load(None, organisation_id=org)
        self.forms.setCurrentWidget(self.worksite_form)
        self.worksite_form.name.setFocus()

    def _new_task(self) -> None:
        _org, ws = self._context_ids()
        self.task_form.load(None, worksite_id=ws)
        self.forms.setCurrentWidget(self.task_form)
        self.task_form.name.setFocus()

    def _saved(self, saved: tuple[str, Any]) -> None:
        kind, row = saved
        self._select_after = (kind, row.id)
        self.changed.emit({"registry"})

    def on_data_changed(self, changes: set[str]) -> None:
        if changes & {"registry", "all"}:
            self.refresh()
