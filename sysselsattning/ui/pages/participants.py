"""Deltagare: a searchable, sortable list and a form to add or edit a participant.

The list shows personnummer masked (``19850412-****``) for roles that do not need them
(:func:`sysselsattning.services.access.sees_full_pnr`). The form sends the text as typed to
:func:`sysselsattning.services.registry.save_participant`; the domain validates it and each problem is shown
in Swedish under its field. If someone else saved the participant in between (optimistic locking), the form
shows the newer values and what the user had typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.i18n import _, format_date, format_percent
from sysselsattning.rules.parameters import ParameterMissing
from sysselsattning.services.access import AccessDenied
from sysselsattning.ui.models import ROW_ROLE, Column, RowTableModel
from sysselsattning.ui.tasks import run_in_background
from sysselsattning.ui.widgets import (
    DateEdit,
    PercentEdit,
    SearchBox,
    hint_label,
    page_title,
    set_accessible,
    show_problems,
    with_error_label,
)


def _payout(row: Any) -> str:
    return _("Bank") if row.payout_method == "bank" else _("Kontant")


def _tax(row: Any) -> str:
    if row.tax_percent_hundredths is None:
        return _("standard")
    from decimal import Decimal

    return format_percent(Decimal(row.tax_percent_hundredths) / 100, digits=2)


def _cap(row: Any) -> str:
    if row.cap_decision_from is None:
        return ""
    end = format_date(row.cap_decision_to) if row.cap_decision_to else "…"
    return f"{format_date(row.cap_decision_from)} – {end}"


def participant_columns() -> list[Column]:
    return [
        Column(
            "name",
            lambda: _("Namn"),
            lambda r: (r.last_name.casefold(), r.first_name.casefold()),
            display=lambda r: f"{r.last_name}, {r.first_name}",
        ),
        Column("pnr", lambda: _("Personnummer"), lambda r: r.pnr_display),
        Column("city", lambda: _("Ort"), lambda r: r.city),
        Column("phone", lambda: _("Telefon"), lambda r: r.phone),
        Column("payout", lambda: _("Utbetalning"), _payout),
        Column("tax", lambda: _("Skatt"), lambda r: r.tax_percent_hundredths, display=_tax, kind="number"),
        Column("cap", lambda: _("Frikortsbeslut"), lambda r: r.cap_decision_from, display=_cap),
        Column("caseworker", lambda: _("Handläggare"), lambda r: r.caseworker_name),
        Column("active", lambda: _("Aktiv"), lambda r: r.active, kind="bool"),
    ]


class ParticipantForm(QFrame):
    """The add/edit form. ``saved(detail)`` after a successful save."""

    saved = Signal(object)

    FIELDS = (
        "personnummer",
        "first_name",
        "last_name",
        "address",
        "postal_code",
        "city",
        "phone",
        "payout_method",
        "clearing",
        "account",
        "tax_percent",
        "cap_decision_from",
        "cap_decision_to",
        "caseworker_id",
        "organisation_id",
        "consent_date",
        "active",
    )

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: Any = None
        self.setObjectName("participantForm")
        self.heading = QLabel(_("Ny deltagare"))
        self.heading.setObjectName("sectionTitle")

        self.personnummer = QLineEdit()
        self.personnummer.setPlaceholderText(_("ÅÅÅÅMMDD-NNNN"))
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.address = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaximumWidth(90)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.payout_method = QComboBox()
        self.payout_method.addItem(_("Kontant"), "cash")
        self.payout_method.addItem(_("Bank"), "bank")
        self.clearing = QLineEdit()
        self.clearing.setPlaceholderText(_("t.ex. 8327-9"))
        self.clearing.setMaximumWidth(110)
        self.account = QLineEdit()
        self.tax_percent = PercentEdit()
        self.tax_percent.setMaximumWidth(80)
        self.cap_decision_from = DateEdit()
        self.cap_decision_to = DateEdit()
        self.caseworker_id = QComboBox()
        self.organisation_id = QComboBox()
        self.consent_date = DateEdit()
        self.active = QCheckBox(_("Aktiv i programmet"))
        self.active.setChecked(True)
        for edit in (self.cap_decision_from, self.cap_decision_to, self.consent_date):
            edit.setMaximumWidth(120)

        self.fields: dict[str, QWidget] = {name: getattr(self, name) for name in self.FIELDS}
        self.fields["name"] = self.first_name

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        set_accessible(self.postal_code, _("Postnummer"))
        set_accessible(self.city, _("Ort"))
        set_accessible(self.clearing, _("Clearingnummer"))
        set_accessible(self.account, _("Kontonummer"))
        set_accessible(self.tax_percent, _("Skattesats i procent"))
        set_accessible(self.cap_decision_from, _("Frikortsbeslut från"))
        set_accessible(self.cap_decision_to, _("Frikortsbeslut till"))
        form.addRow(_("Personnummer:"), with_error_label(self.personnummer))
        form.addRow(_("Förnamn:"), with_error_label(self.first_name))
        form.addRow(_("Efternamn:"), with_error_label(self.last_name))
        form.addRow(_("Adress:"), with_error_label(self.address))
        post = QHBoxLayout()
        post.setSpacing(6)
        post.addWidget(with_error_label(self.postal_code))
        post.addWidget(with_error_label(self.city), 1)
        form.addRow(_("Postnr och ort:"), post)
        form.addRow(_("Telefon:"), with_error_label(self.phone))
        form.addRow(_("Utbetalning:"), with_error_label(self.payout_method))
        bank = QHBoxLayout()
        bank.setSpacing(6)
        bank.addWidget(with_error_label(self.clearing))
        bank.addWidget(with_error_label(self.account), 1)
        self.bank_label = QLabel(_("Clearing och konto:"))
        form.addRow(self.bank_label, bank)
        tax = QHBoxLayout()
        tax.setSpacing(6)
        tax.addWidget(with_error_label(self.tax_percent))
        tax.addWidget(QLabel("%"))
        tax.addSpacing(6)
        self.tax_hint = hint_label()
        self.tax_hint.setWordWrap(False)
        tax.addWidget(self.tax_hint, 1)
        form.addRow(_("Skattesats:"), tax)
        situation = QHBoxLayout()
        situation.setSpacing(6)
        self.tax_reason = QLabel()
        self.tax_reason.setWordWrap(True)
        self.tax_situation_button = QPushButton(_("Skattesituation…"))
        self.tax_situation_button.clicked.connect(self.edit_tax_situation)
        situation.addWidget(self.tax_situation_button)
        situation.addStretch(1)
        form.addRow(_("Skatt på arvodet:"), situation)
        self.tax_reason.setObjectName("hint")
        form.addRow("", self.tax_reason)
        cap = QHBoxLayout()
        cap.setSpacing(6)
        cap.addWidget(with_error_label(self.cap_decision_from))
        cap.addWidget(QLabel("–"))
        cap.addWidget(with_error_label(self.cap_decision_to))
        cap.addStretch(1)
        form.addRow(_("Frikortsbeslut:"), cap)
        form.addRow(_("Handläggare:"), with_error_label(self.caseworker_id))
        form.addRow(_("Förening:"), with_error_label(self.organisation_id))
        form.addRow(_("Samtycke (datum):"), with_error_label(self.consent_date))
        form.addRow("", self.active)

        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.info = QLabel()
        self.info.setObjectName("info")
        self.info.setWordWrap(True)
        self.info.hide()
        self.save_button = QPushButton(_("Spara"))
        self.save_button.setToolTip(_("Spara deltagaren (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.setMinimumWidth(100)
        self.reset_button = QPushButton(_("Återställ"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.payout_method.currentIndexChanged.connect(self._payout_changed)
        for key in (
            "personnummer",
            "first_name",
            "last_name",
            "clearing",
            "account",
            "tax_percent",
            "cap_decision_from",
            "cap_decision_to",
            "consent_date",
        ):
            widget = getattr(self, key)
            widget.editingFinished.connect(lambda k=key: self.check_field(k))
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(lambda: self.load(self.detail))
        self._payout_changed()
        self._default_tax = ""
        from sysselsattning.services import access

        self.writable = access.can(ctx, "participants.write")
        if not self.writable:
            self._set_read_only()

    def _set_read_only(self) -> None:
        for w in self.fields.values():
            if isinstance(w, QLineEdit):
                w.setReadOnly(True)
            else:
                w.setEnabled(False)
        self.save_button.hide()
        self.reset_button.hide()

    def set_choices(self, caseworkers: list[Any], organisations: list[Any], default_tax: str) -> None:
        self.caseworker_id.clear()
        self.caseworker_id.addItem(_("Ingen"), None)
        for u in caseworkers:
            self.caseworker_id.addItem(u.full_name or u.username, u.id)
        self.organisation_id.clear()
        self.organisation_id.addItem(_("Ingen vald"), None)
        for o in organisations:
            self.organisation_id.addItem(o.name, o.id)
        self._default_tax = default_tax
        self._update_tax_hint()
        if self.detail is not None:
            self._select(self.caseworker_id, self.detail.caseworker_id)
            self._select(self.organisation_id, self.detail.organisation_id)

    def _update_tax_hint(self) -> None:
        default = (self.detail.default_tax_percent if self.detail is not None else "") or self._default_tax
        if default:
            self.tax_percent.setPlaceholderText(default)
            self.tax_hint.setText(_("tomt = standard ({pct} %)").format(pct=default))
        else:
            self.tax_hint.setText(_("tomt = standard"))

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        i = combo.findData(value)
        combo.setCurrentIndex(i if i >= 0 else 0)

    def _payout_changed(self, *_a: Any) -> None:
        bank = self.payout_method.currentData() == "bank"
        self.clearing.setEnabled(bank)
        self.account.setEnabled(bank)

    def check_field(self, key: str) -> None:
        """Live check when leaving a field (pure domain rules, no database): its message or nothing."""
        if not self.writable or not getattr(self, key).text().strip():
            return
        from sysselsattning.domain.registry import check_participant
        from sysselsattning.i18n.messages import problem_text
        from sysselsattning.ui.widgets import set_field_error

        try:
            _clean, problems = check_participant(self.current_input(), today=self.ctx.now_date())
        except ValueError:  # a field that does not parse yet (InputError): the save will report it
            return
        # "bank details missing" waits for the save: the user may be about to type the other number.
        mine = [p for p in problems if p.field == key and p.code != "bank_missing"]
        set_field_error(getattr(self, key), " ".join(problem_text(p) for p in mine))

    def new(self) -> None:
        self.load(None)
        self.personnummer.setFocus()

    def load(self, detail: Any) -> None:
        """Fill the form (``None`` = a new participant)."""
        self.detail = detail
        show_problems([], self.fields)
        self.message.hide()
        self.info.hide()
        d = detail
        self.heading.setText(_("Ny deltagare") if d is None else _("Deltagare: {name}").format(name=d.name))
        self.personnummer.setText(d.personnummer if d else "")
        self.personnummer.setReadOnly(bool(d and "*" in d.personnummer) or not self.writable)
        for name in ("first_name", "last_name", "address", "postal_code", "city", "phone", "clearing", "account"):
            getattr(self, name).setText(getattr(d, name) if d else "")
        self._select(self.payout_method, d.payout_method if d else "cash")
        if d is not None and d.tax_percent_hundredths is not None and d.tax_mode == "percent":
            from decimal import Decimal

            self.tax_percent.set_value(Decimal(d.tax_percent_hundredths) / 100)
        else:
            self.tax_percent.set_value(None)
        self.cap_decision_from.set_value(d.cap_decision_from if d else None)
        self.cap_decision_to.set_value(d.cap_decision_to if d else None)
        self._select(self.caseworker_id, d.caseworker_id if d else None)
        self._select(self.organisation_id, d.organisation_id if d else None)
        self.consent_date.set_value(d.consent_date if d else None)
        self.active.setChecked(d.active if d else True)
        self._update_tax_hint()
        self._payout_changed()
        self._show_tax_reason()

    def _show_tax_reason(self) -> None:
        """The tax mode in force today and why (services.tax_situation), or what to do first."""
        d = self.detail
        self.tax_situation_button.setEnabled(d is not None and self.writable)
        if d is None:
            self.tax_reason.setText(_("Spara deltagaren först och fyll sedan i skattesituationen."))
            return
        from sysselsattning.services import tax_situation

        try:
            _choice, text = tax_situation.current_choice(self.ctx, d.id, self.ctx.now_date())
        except (ParameterMissing, ValidationFailed) as exc:  # a year without tax rules must not stop the form
            text = str(exc)
        self.tax_reason.setText(text)

    def edit_tax_situation(self) -> None:
        d = self.detail
        if d is None:
            return
        from sysselsattning.services.payroll_rows import birth_date_of
        from sysselsattning.ui.tax_situation_dialog import TaxSituationDialog

        orgs = [
            (self.organisation_id.itemData(i), self.organisation_id.itemText(i))
            for i in range(self.organisation_id.count())
            if self.organisation_id.itemData(i) is not None
        ]
        dialog = TaxSituationDialog(
            self.ctx,
            d.id,
            birth_date=birth_date_of(d.personnummer),
            organisation_id=d.organisation_id,
            organisations=orgs,
            parent=self,
        )
        self.tax_dialog = dialog
        if dialog.exec():
            self._show_tax_reason()

    def current_input(self) -> Any:
        from sysselsattning.services.registry import ParticipantInput

        tax_mode = ""
        if (
            self.detail is not None
            and self.detail.tax_mode in ("none", "fixed")
            and not self.tax_percent.text().strip()
        ):
            tax_mode = self.detail.tax_mode
        return ParticipantInput(
            personnummer=self.personnummer.text().strip(),
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            address=self.address.text().strip(),
            postal_code=self.postal_code.text().strip(),
            city=self.city.text().strip(),
            phone=self.phone.text().strip(),
            payout_method=self.payout_method.currentData(),
            clearing=self.clearing.text().strip() if self.payout_method.currentData() == "bank" else "",
            account=self.account.text().strip() if self.payout_method.currentData() == "bank" else "",
            tax_percent=self.tax_percent.text().replace("%", "").strip(),
            cap_decision_from=self.cap_decision_from.text().strip() or None,
            cap_decision_to=self.cap_decision_to.text().strip() or None,
            caseworker_id=self.caseworker_id.currentData(),
            organisation_id=self.organisation_id.currentData(),
            consent_date=self.consent_date.text().strip() or None,
            active=self.active.isChecked(),
            tax_mode=tax_mode,
        )

    def save(self) -> None:
        if not self.writable:
            return
        from sysselsattning.services import registry

        data = self.current_input()
        ctx = self.ctx
        pid = self.detail.id if self.detail is not None else None
        version = self.detail.version if self.detail is not None else None
        self.save_button.setEnabled(False)
        self.message.hide()
        self.info.hide()
        run_in_background(
            lambda: registry.save_participant(ctx, data, participant_id=pid, version=version),
            self._saved,
            lambda exc: self._failed(exc, data),
            parent=self,
            write=True,
            name="spara-deltagare",
        )

    def _saved(self, detail: Any) -> None:
        self.save_button.setEnabled(True)
        self.load(detail)
        self.info.setText(_("Sparat."))
        self.info.show()
        self.saved.emit(detail)

    def _failed(self, exc: BaseException, typed: Any) -> None:
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
            self.message.show()
        elif isinstance(exc, ConflictError):
            newer = exc.current
            lines = [exc.message]
            if newer is not None:
                self.load(newer)
                diffs = self._differences(typed, newer)
                if diffs:
                    lines.append(_("Du hade skrivit:") + " " + "; ".join(diffs))
            self.message.setText("\n".join(lines))
            self.message.show()
        else:
            self.message.setText(error_text(exc))
            self.message.show()

    def _differences(self, typed: Any, newer: Any) -> list[str]:
        labels = {
            "first_name": _("förnamn"),
            "last_name": _("efternamn"),
            "address": _("adress"),
            "postal_code": _("postnummer"),
            "city": _("ort"),
            "phone": _("telefon"),
            "clearing": _("clearing"),
            "account": _("konto"),
        }
        out = []
        for key, label in labels.items():
            mine = getattr(typed, key) or ""
            theirs = getattr(newer, key) or ""
            if mine != theirs:
                out.append(f"{label} ”{mine}” (nu ”{theirs}”)")
        return out


class Page(QWidget):
    """Deltagare (``--page deltagare``)."""

    changed = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.search = SearchBox(_("Sök på namn, personnummer, ort eller telefon…"))
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName(_("Visa"))
        self.show_filter.addItem(_("Aktiva"), True)
        self.show_filter.addItem(_("Alla"), None)
        self.show_filter.addItem(_("Inaktiva"), False)
        self.new_button = QPushButton(_("Ny deltagare"))
        self.new_button.setToolTip(_("Lägg till en deltagare (Ctrl+N)"))
        self.count_label = hint_label()

        self.model = RowTableModel(participant_columns(), self)
        self.model.set_muted(lambda r: not r.active)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move inside it
        set_accessible(
            self.view,
            _("Deltagare"),
            _("Listan över deltagare. Välj en rad med piltangenterna för att visa den i formuläret."),
        )
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, w in enumerate((0, 116, 96, 0, 96, 64, 0, 0, 54)):
            if w:
                self.view.setColumnWidth(i, w)
        for hidden in (3, 6, 7):  # phone, cap decision, caseworker: in the form; keeps the list readable
            self.view.setColumnHidden(hidden, True)

        self.form = ParticipantForm(ctx)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(400)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_filter)
        bar.addWidget(self.new_button)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 400])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(page_title(_("Deltagare")))
        layout.addWidget(splitter, 1)

        self.search.search_changed.connect(lambda _t: self.refresh())
        self.show_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button.clicked.connect(self.form.new)
        self.view.selectionModel().currentRowChanged.connect(self._row_selected)
        self.form.saved.connect(self._saved)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.form.new)
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            activated=self.form.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        from sysselsattning.services import access

        self.new_button.setEnabled(access.can(ctx, "participants.write"))
        self._choices_loaded = False
        self._select_after_load: int | None = None

    def refresh(self) -> None:
        from sysselsattning.services import registry

        ctx = self.ctx
        text = self.search.text().strip()
        active = self.show_filter.currentData()
        load_choices = not self._choices_loaded

        def load() -> tuple[list[Any], Any]:
            rows = registry.list_participants(ctx, text=text, active=active)
            choices = None
            if load_choices:
                try:
                    caseworkers = registry.list_caseworkers(ctx)
                except AccessDenied:  # a role without user access still edits participants
                    caseworkers = []
                try:
                    organisations = registry.list_organisations(ctx, include_inactive=False)
                except AccessDenied:
                    organisations = []
                try:
                    from sysselsattning.domain.registry import percent_text

                    default = percent_text(int(ctx.params().get("skatt.sidoinkomst_procent", ctx.now_date()) * 100))
                except ParameterMissing:  # no rate for today: only the placeholder stays empty
                    default = ""
                choices = (caseworkers, organisations, default)
            return rows, choices

        run_in_background(load, self._loaded, self._load_failed, parent=self, name="deltagare")

    def _load_failed(self, exc: BaseException) -> None:
        """E.g. a role that may not read participants: the reason under the list, no pop-up."""
        from sysselsattning.ui.app import error_text

        self.model.set_rows([])
        self.count_label.setText(error_text(exc))
        self.loaded.emit()

    def _loaded(self, result: tuple[list[Any], Any]) -> None:
        rows, choices = result
        if choices is not None:
            self.form.set_choices(*choices)
            self._choices_loaded = True
        selected = self._select_after_load
        if selected is None:
            current = self.view.currentIndex()
            if current.isValid():
                selected = self.model.data(current, ROW_ROLE).id
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count_label.setText(_("{n} deltagare").format(n=len(rows)))
        self._select_after_load = None
        if selected is not None:
            i = self.model.find_row(lambda r: r.id == selected)
            if i >= 0:
                self.view.selectRow(i)
        self.loaded.emit()

    def _row_selected(self, current: Any, _previous: Any) -> None:
        if not current.isValid():
            return
        row = self.model.data(current, ROW_ROLE)
        if self.form.detail is not None and self.form.detail.id == row.id:
            return
        from sysselsattning.services import registry

        ctx = self.ctx
        run_in_background(
            lambda: registry.get_participant(ctx, row.id), self.form.load, parent=self, name="deltagare-detalj"
        )

    def _saved(self, detail: Any) -> None:
        self._select_after_load = detail.id
        self.changed.emit({"participants"})

    def on_data_changed(self, changes: set[str]) -> None:
        if changes & {"participants", "all", "registry", "users"}:
            if changes & {"all", "registry", "users"}:
                self._choices_loaded = False
            self.refresh()
