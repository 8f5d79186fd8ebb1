"""The citizen-reception register of a session (Sổ tiếp công dân, Mẫu 03, Thông tư 04/2021/TT-TTCP):
one row per visitor, the columns and their headings from the catalogue.

The register is kept by the reception office (``reception.handle``). A visitor who raised a
denunciation appears without name, address or ID to anyone lacking ``reception.view_denouncer``.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neuguong.accounts.scoping import ensure_permission_on
from neuguong.catalogues import selectors as catalogue
from neuguong.core import crypto
from neuguong.core.docx import PartyDocument

from .models import PetitionStatus, ReceptionSession, Visit
from .selectors import session_visits, visit_identity_visible


@dataclass(frozen=True)
class Register:
    session: ReceptionSession
    headings: list[str]
    codes: list[str]
    rows: list[list[Any]]

    def printable_rows(self) -> list[list[str]]:
        """The rows as text, dates written dd/mm/yyyy."""
        return [[date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, dt.date) else str(value)
                 for value in row] for row in self.rows]


def _handling(petition: Any) -> str:
    if petition.outcome is None:
        return _("Not yet decided")
    text = str(petition.outcome)
    if petition.forwarded_to:
        text += f" ({petition.forwarded_to}{', ' + petition.forward_document if petition.forward_document else ''})"
    return text


def _follow_up(petition: Any) -> str:
    label = PetitionStatus(petition.status).label
    return f"{label}: {petition.result}" if petition.result else str(label)


def _joined(values: list[str]) -> str:
    return "\n".join(value for value in values if value)


COLUMNS: dict[str, Callable[[Visit, bool], Any]] = {
    "number": lambda visit, shown: visit.number,
    "reception_date": lambda visit, shown: visit.session.held_on,
    "name_address": lambda visit, shown: f"{visit.full_name}, {visit.address}" if shown
    else _("Protected identity (denunciation)"),
    "identity_document": lambda visit, shown: crypto.decrypt(visit.citizen_id_encrypted) if shown else "",
    "summary": lambda visit, shown: _joined([f"{p.subject}: {p.content}" for p in visit.petitions.all()]),
    "classification": lambda visit, shown: ", ".join(
        [*dict.fromkeys(str(p.kind) for p in visit.petitions.all()),
         ngettext("%(n)d person", "%(n)d people", visit.group_size) % {"n": visit.group_size}]),
    "resolved_by": lambda visit, shown: _joined(
        list(dict.fromkeys(p.previously_resolved_by for p in visit.petitions.all()))),
    "handling": lambda visit, shown: _joined([_handling(p) for p in visit.petitions.all()]),
    "result_follow_up": lambda visit, shown: _joined([_follow_up(p) for p in visit.petitions.all()]),
    "remarks": lambda visit, shown: _joined([
        _("Reception refused: %(reason)s") % {"reason": visit.refusal_reason} if visit.refused else "",
        visit.note]),
}


def session_register(user: Any, session: ReceptionSession) -> Register:
    """The register of a session the user sees; only its keepers (reception.handle) open it."""
    ensure_permission_on(user, "reception.handle", session)
    columns = list(catalogue.register_columns())
    rows = []
    for visit in session_visits(user, session):
        visit.session = session
        shown = visit_identity_visible(user, visit)
        rows.append([COLUMNS[column.code](visit, shown) if column.code in COLUMNS else "" for column in columns])
    return Register(session, [str(column) for column in columns], [column.code for column in columns], rows)


def register_docx(book: Register) -> bytes:
    """The register as a Word file in the Party layout, on a landscape page for its ten columns."""
    session = book.session
    document = PartyDocument(landscape=True)
    parent = session.unit.parent
    document.header(issuer=session.unit.name, superior=parent.name if parent else "",
                    place=session.location or session.unit.name, day=session.held_on)
    document.title(_("CITIZEN RECEPTION REGISTER"), session.title)
    numbers = [f"({n})" for n in range(1, len(book.headings) + 1)]
    document.table(book.headings, [numbers, *book.printable_rows()])
    document.signature(authority=session.unit.name, post=_("Register keeper"), recipients=[_("Filed.")])
    return document.to_bytes()
