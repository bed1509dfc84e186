"""Running work off the UI thread: the ONE helper every screen uses.

The UI thread never waits on the database or reportlab. A page hands a function to
:func:`run_in_background`; it runs on a :class:`~PySide6.QtCore.QThreadPool` thread and its result (or
exception) comes back to the main thread through Qt signals, where ``on_done`` / ``on_error`` run and may
touch widgets::

    from sysselsattning.ui.tasks import run_in_background

    def load(report):                       # runs in a worker thread: no widgets here!
        return registry.list_participants(ctx, text)

    run_in_background(load, self.model.set_rows, parent=self)

Long work reports progress and can be cancelled. ``report(done, total, text="")`` updates the progress
display and raises :class:`Cancelled` once the user has pressed *Avbryt* — call it between units of work
(one pay slip, one participant); the exception unwinds the function (the service's transaction rolls back)
and neither ``on_done`` nor ``on_error`` is called::

    def make_slips(report):
        for i, slip in enumerate(slips):
            report(i, len(slips), _("Lönespecifikation {n}").format(n=i + 1))
            render(slip)
        return path

    run_in_background(make_slips, on_done, on_error, progress=_("Skapar lönespecifikationer…"), parent=self)

``progress`` is either a text (a :class:`ProgressDialog` with a bar and an *Avbryt* button appears after
a short delay, so quick jobs do not flash a dialog) or any object with ``attach(handle)`` such as the
status-bar :class:`StatusProgress` of the main window.

Writes: pass ``write=True`` to queue the job on a single-worker pool, so writes run one at a time in the
order they were started (SQLite has one writer; Anki's ``CollectionOp`` does the same).

Rules for ``fn``: it gets the ``report`` callable (or nothing, if it takes no parameters), it calls
services with the :class:`~sysselsattning.services.context.AppContext`, never a widget, and it returns plain
data (row dataclasses). The acting user (``storage.db.current_user``) is carried into the worker thread so
the audit log names the right person.

When ``on_error`` is omitted, the error is shown in a Swedish message box (a ``ValidationFailed`` as its
sentences, anything else through :func:`sysselsattning.errors.describe`) and logged.

Tests and the ``--screenshot`` option wait for all jobs with :func:`wait_idle` or :func:`active_count`.
"""

from __future__ import annotations

import contextvars
import inspect
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sysselsattning.i18n import _

log = logging.getLogger(__name__)

ReportFn = Callable[..., None]


class Cancelled(Exception):
    """Raised inside the worker by ``report()`` after the user cancelled the job."""


_read_pool: QThreadPool | None = None
_write_pool: QThreadPool | None = None
_active: set[TaskHandle] = set()


def _pools() -> tuple[QThreadPool, QThreadPool]:
    global _read_pool, _write_pool
    if _read_pool is None:
        _read_pool = QThreadPool()
        _read_pool.setMaxThreadCount(4)
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    assert _write_pool is not None
    return _read_pool, _write_pool


class _Signals(QObject):
    """Lives in the main thread; the worker emits, Qt queues the call to the main thread."""

    finished = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    progress = Signal(int, int, str)


class TaskHandle(QObject):
    """What :func:`run_in_background` returns: cancel it, watch its signals, ask if it is running.

    Signals (main thread): ``progress(done, total, text)``, ``ended()`` after done, error or cancel.
    """

    progress = Signal(int, int, str)
    ended = Signal()

    def __init__(
        self,
        name: str,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        parent: QObject | None,
    ):
        super().__init__(None)
        self.name = name
        self._on_done = on_done
        self._on_error = on_error
        self._parent_widget = parent
        self._cancel = threading.Event()
        self.running = True
        self.result: Any = None
        self.error: BaseException | None = None
        self.signals = _Signals()
        # Connections to this QObject's methods: the receiver lives in the main thread, so the
        # emissions from the worker are queued and the slots run on the main thread.
        self.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.signals.cancelled.connect(self._cancelled, Qt.ConnectionType.QueuedConnection)
        self.signals.progress.connect(self.progress, Qt.ConnectionType.QueuedConnection)

    # -- called from any thread
    def cancel(self) -> None:
        """Ask the job to stop; ``report()`` raises :class:`Cancelled` at its next call."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    # -- main thread
    def _alive(self) -> bool:
        parent = self._parent_widget
        if parent is None:
            return True
        import shiboken6

        return bool(shiboken6.isValid(parent))

    def _end(self) -> None:
        self.running = False
        _active.discard(self)
        self.ended.emit()

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self.result = result
        try:
            if self._on_done is not None and self._alive():
                self._on_done(result)
        finally:
            self._end()

    @Slot(object, str)
    def _failed(self, exc: BaseException, trace: str) -> None:
        self.error = exc
        try:
            log.error("Bakgrundsjobbet %s misslyckades: %s\n%s", self.name, exc, trace)
            if not self._alive():
                return
            if self._on_error is not None:
                self._on_error(exc)
            else:
                show_error(exc, self._parent_widget if isinstance(self._parent_widget, QWidget) else None)
        finally:
            self._end()

    @Slot()
    def _cancelled(self) -> None:
        self._end()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], handle: TaskHandle, takes_report: bool):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._handle = handle
        self._takes_report = takes_report
        self._context = contextvars.copy_context()

    def run(self) -> None:  # worker thread
        handle = self._handle
        signals = handle.signals
        last = [0.0]

        def report(done: int, total: int, text: str = "") -> None:
            if handle._cancel.is_set():
                raise Cancelled()
            now = time.monotonic()
            # Throttle: at most ~30 updates a second reach the UI, the last one always does.
            if done >= total or now - last[0] > 0.033:
                last[0] = now
                _emit(signals.progress, int(done), int(total), str(text))

        fn = self._fn
        result, exc, trace = _outcome(
            (lambda: self._context.run(fn, report)) if self._takes_report else (lambda: self._context.run(fn))
        )
        if isinstance(exc, Cancelled) or (exc is None and handle._cancel.is_set()):
            _emit(signals.cancelled)
        elif exc is not None:
            _emit(signals.failed, exc, trace)
        else:
            _emit(signals.finished, result)


def _outcome(call: Callable[[], Any]) -> tuple[Any, BaseException | None, str]:
    """``(result, None, "")`` or ``(None, exception, traceback)``.

    The one place where the program catches whatever a job raises: a job's failure must reach the main
    thread — :meth:`TaskHandle._failed` logs the traceback and hands it to ``on_error`` or shows it as a Swedish
    message box. Raised in a worker thread it would vanish, and the handle would stay running for ever
    (``wait_idle``, the progress dialog and the writer queue wait for it). :func:`call_now` uses the same rule
    on the main thread.
    """
    try:
        return call(), None, ""
    except BaseException as exc:  # noqa: BLE001 - the task boundary described above: delivered and logged, never lost
        import traceback

        return None, exc, traceback.format_exc()


def call_now(fn: Callable[[], Any], name: str) -> tuple[Any, BaseException | None]:
    """Run ``fn`` on this (the main) thread with the background jobs' failure rule: ``(result, None)``, or
    ``(None, exception)`` with the traceback logged — for work a model reads at once but reports like a
    background job (the page shows it). KeyboardInterrupt and SystemExit are raised as they are."""
    result, exc, trace = _outcome(fn)
    if exc is None:
        return result, None
    if not isinstance(exc, Exception):
        raise exc
    log.error("Jobbet %s misslyckades: %s\n%s", name, exc, trace)
    return None, exc


def _emit(signal: Any, *args: Any) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the receiver was destroyed (application shutting down): nobody to tell
        log.debug("Bakgrundsjobbets mottagare finns inte längre")


def _takes_report(fn: Callable[..., Any]) -> bool:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return True
    params = [
        p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    return bool(params)


def run_in_background(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    progress: str | ProgressDialog | StatusProgress | None = None,
    parent: QObject | None = None,
    write: bool = False,
    name: str = "",
) -> TaskHandle:
    """Run ``fn(report)`` on a worker thread; call ``on_done(result)`` or ``on_error(exc)`` on the main thread.

    Args:
        fn: the work. Receives ``report(done, total, text="")`` if it takes a parameter.
        on_done: called with the return value (skipped when ``parent`` has been deleted meanwhile).
        on_error: called with the exception; default: a Swedish message box.
        progress: a text → a :class:`ProgressDialog` with *Avbryt*; or an object with ``attach(handle)``.
        parent: the widget the result belongs to (dialogs are centred on it).
        write: run on the single writer queue (one write at a time, in order).
        name: for the log.

    Returns:
        A :class:`TaskHandle` (``cancel()``, ``running``, signals ``progress``/``ended``).
    """
    read_pool, write_pool = _pools()
    handle = TaskHandle(name or getattr(fn, "__name__", "jobb"), on_done, on_error, parent)
    _active.add(handle)
    if isinstance(progress, str):
        dialog = ProgressDialog(progress, parent if isinstance(parent, QWidget) else None)
        dialog.attach(handle)
        handle.progress_ui = dialog  # keep it alive as long as the job
    elif progress is not None:
        progress.attach(handle)
    job = _Job(fn, handle, _takes_report(fn))
    (write_pool if write else read_pool).start(job)
    return handle


#: Jobs asked to start later (:func:`start_later`) whose timer has not fired yet: they count as active.
_pending: set[object] = set()


def start_later(delay_ms: int, owner: QObject, start: Callable[[], Any]) -> None:
    """Call ``start`` (which starts background work) ``delay_ms`` from now on the main thread — e.g. a count that
    should not compete with the first paint. Until then it counts as active for :func:`wait_idle` and
    :func:`active_count`; if ``owner`` is destroyed first, nothing starts."""
    token = object()
    _pending.add(token)

    def fire() -> None:
        if token in _pending:
            _pending.discard(token)
            start()

    owner.destroyed.connect(lambda *_: _pending.discard(token))
    QTimer.singleShot(delay_ms, owner, fire)


def cancel_all() -> None:
    """Ask every running job to stop (window closing, tests)."""
    for handle in list(_active):
        handle.cancel()


def active_count() -> int:
    """Jobs started (or due to start, :func:`start_later`) and not yet delivered to the main thread."""
    return len(_active) + len(_pending)


def wait_idle(timeout: float = 10.0) -> bool:
    """Process events until every background job has delivered its result (tests, screenshots).

    Sleeps in Qt's event loop, so a worker's result is taken the moment it is posted, as the running program
    takes it (a 5 ms polling sleep used to add up to 5 ms per job); a timer wakes the loop to check the
    deadline."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    if app is None:
        while _active or _pending:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True
    app.processEvents()
    if not _active and not _pending:
        app.processEvents()
        return True
    tick = QTimer()
    tick.setInterval(20)
    tick.start()
    try:
        while time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            if not _active and not _pending:
                app.processEvents()
                return True
    finally:
        tick.stop()
    return False


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """A Swedish message box for an exception from a background job."""
    from PySide6.QtWidgets import QMessageBox

    from sysselsattning.ui.app import error_text

    QMessageBox.warning(parent, _("Det gick inte"), error_text(exc))


# ------------------------------------------------------------------------------------------ progress UI
class ProgressDialog(QDialog):
    """A small window with a text, a progress bar and *Avbryt*; shown only if the job takes > 400 ms."""

    SHOW_AFTER_MS = 400

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Arbetar…"))
        self.setModal(True)
        self.setMinimumWidth(420)
        self._label = QLabel(text)
        self._label.setWordWrap(True)
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)
        self._button = QPushButton(_("Avbryt"))
        self._button.clicked.connect(self._cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addLayout(buttons)
        self._handle: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._maybe_show)

    def attach(self, handle: TaskHandle) -> None:
        self._handle = handle
        handle.progress.connect(self.set_progress)
        handle.ended.connect(self._ended)
        self._timer.start(self.SHOW_AFTER_MS)

    @Slot(int, int, str)
    def set_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
        if text:
            self._label.setText(text)

    def _maybe_show(self) -> None:
        if self._handle is not None and self._handle.running:
            self.show()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._button.setEnabled(False)
        self._label.setText(_("Avbryter…"))

    def reject(self) -> None:  # Esc / window close = Avbryt
        self._cancel()

    def _ended(self) -> None:
        self._timer.stop()
        self.hide()
        self.deleteLater()


class StatusProgress(QWidget):
    """A progress bar with *Avbryt* for the status bar; hidden when nothing runs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._label = QLabel()
        self._bar = QProgressBar()
        self._bar.setMaximumWidth(180)
        self._bar.setMaximumHeight(16)
        self._button = QPushButton(_("Avbryt"))
        self._button.setFlat(True)
        self._button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addWidget(self._button)
        self._handles: list[TaskHandle] = []
        self.hide()

    def attach(self, handle: TaskHandle, text: str = "") -> None:
        self._handles.append(handle)
        self._label.setText(text or _("Arbetar…"))
        self._bar.setRange(0, 0)
        handle.progress.connect(self.set_progress)
        handle.ended.connect(lambda h=handle: self._ended(h))
        self._button.setEnabled(True)
        self.show()

    @Slot(int, int, str)
    def set_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self._bar.setRange(0, total)
            self._bar.setValue(min(done, total))
        if text:
            self._label.setText(text)

    def _cancel(self) -> None:
        for handle in self._handles:
            handle.cancel()
        self._button.setEnabled(False)

    def _ended(self, handle: TaskHandle) -> None:
        if handle in self._handles:
            self._handles.remove(handle)
        if not self._handles:
            self.hide()
