"""Inställningar: the settings page as one module per tab (see :mod:`.page` for what each tab does)."""

from sysselsattning.ui.pages.settings.audit import AuditDetail, AuditTab, audit_change_text
from sysselsattning.ui.pages.settings.common import action_text, status_text
from sysselsattning.ui.pages.settings.database import DatabaseTab
from sysselsattning.ui.pages.settings.language import LanguageTab
from sysselsattning.ui.pages.settings.page import Page
from sysselsattning.ui.pages.settings.parameters import OverrideDialog, ParametersTab, PolicyTab
from sysselsattning.ui.pages.settings.users import PasswordDialog, RoleDialog, UserDialog, UsersTab

__all__ = [
    "AuditDetail",
    "AuditTab",
    "DatabaseTab",
    "LanguageTab",
    "OverrideDialog",
    "Page",
    "ParametersTab",
    "PasswordDialog",
    "PolicyTab",
    "RoleDialog",
    "UserDialog",
    "UsersTab",
    "action_text",
    "audit_change_text",
    "status_text",
]
