"""Tables. Times are stored in UTC and shown in office time (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from backend.schemas import Delivery, Role, Unit
from backend.schemas_queue import CounterState, Priority, Source, Status

AT_COUNTER_SQL = "status IN ('called', 'serving')"  # backend/queue/views.py AT_COUNTER


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC out, on SQLite (no time zones) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Office(Base):
    __tablename__ = "offices"
    __table_args__ = (Index("uq_offices_agency_code", "agency_code", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # One office per code: dossier numbers run per agency code (backend/sequences.py).
    agency_code: Mapped[str] = mapped_column(String(40))
    parent_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    hotline: Mapped[str] = mapped_column(String(40), default="")
    # Empty: the server's --public-base-url (or its own address) is used.
    public_base_url: Mapped[str] = mapped_column(String(200), default="")
    queue_mode: Mapped[str] = mapped_column(String(20), default="strict")
    queue_ratio: Mapped[int] = mapped_column(Integer, default=2)
    # Tickets waiting longer count as "over target" in the statistics (revision 0007).
    waiting_target_min: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    # Personal data of closed dossiers is removed this many years after closing
    # (backend/dossiers/retention.py); None keeps it.
    personal_data_years: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # [["07:00","11:30"],["13:30","17:00"]]; null = the calendar's defaults.
    office_hours: Mapped[list[list[str]] | None] = mapped_column(JSON, nullable=True)
    # Bumped on every calendar change: each server compares it to rebuild its calendar.
    calendar_version: Mapped[int] = mapped_column(Integer, default=0)
    # What the receipt's QR carries (counter_app/domain/receipt_qr.py): tracking | circular01.
    receipt_qr: Mapped[str] = mapped_column(String(20), default="tracking",
                                            server_default="tracking")
    # Extra times the counter receives on weekends, [[5,"07:30","11:30"]] (revision 0016).
    reception_sessions: Mapped[list[list[Any]] | None] = mapped_column(JSON, nullable=True)
    # Official yearly schedules imported by the admin, {"2027": {year, source, days}};
    # each wins over the file shipped for the same year (backend/calendars.py).
    official_calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Counter(Base):
    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    state: Mapped[CounterState] = mapped_column(String(10), default="open")
    pause_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    services: Mapped[list[Service]] = relationship(secondary="counter_services",
                                                   order_by="Service.prefix", lazy="selectin")
    clerk: Mapped[User | None] = relationship(foreign_keys=[clerk_id])


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    counter_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # TOTP second factor (admins): base32 secret, and the last 30-second step accepted.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)

    office: Mapped[Office] = relationship(lazy="joined")


class AuthToken(Base):
    __tablename__ = "auth_tokens"

    # Only the SHA-256 of the bearer token is kept: a copied database opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The password login that began the session: a refreshed token inherits it, and the
    # session cannot be refreshed past created_at + session_max_hours (security.py).
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Citizen(Base):
    """Local population registry: stands in for the national database in demo/offline."""

    __tablename__ = "registry_citizens"

    id_number: Mapped[str] = mapped_column(String(12), primary_key=True)
    old_id_number: Mapped[str | None] = mapped_column(String(9), nullable=True)
    full_name: Mapped[str] = mapped_column(String(120))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(3))
    address: Mapped[str] = mapped_column(String(300))
    issue_date: Mapped[date] = mapped_column(Date)
    assurance_level: Mapped[int] = mapped_column(Integer)


class Procedure(Base):
    __tablename__ = "procedures"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(120))
    processing_days: Mapped[int] = mapped_column(Integer)
    processing_unit: Mapped[Unit] = mapped_column(String(20))
    # "HH:MM": received later than this, counting starts the next working day.
    cutoff: Mapped[str | None] = mapped_column(String(5), nullable=True)
    fee: Mapped[int] = mapped_column(Integer)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    result_delivery: Mapped[list[Delivery]] = mapped_column(JSON)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    legal_basis: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Directive 24/CT-TTg: filed on the national portal only; no paper dossier at the counter.
    online_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The resolving agency's e-ID when it is not the receiving office (a counter may receive
    # for other agencies of the province): the dossier code and its sequence are its own.
    agency_code: Mapped[str | None] = mapped_column(String(40), nullable=True)


class AgencyCode(Base):
    """An agency e-ID with the days it is valid (issue 15): codes closed by the 2025
    province mergers (Decision 09/2025) still parse and find their dossiers, while a new
    dossier takes the successor. An agency with no row is valid every day."""

    __tablename__ = "agency_codes"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    successor: Mapped[str | None] = mapped_column(String(40), nullable=True)


class OfficeProcedure(Base):
    """An office's own switch on a procedure of the shared (province) catalogue; no row
    means the procedure is offered. The catalogue itself (names, fees, time limits,
    documents) belongs to the server's operator (backend/catalogue_scope.py)."""

    __tablename__ = "office_procedures"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code"),
                                                primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DossierSequence(Base):
    """Last ledger number used per agency per office-local day (codes restart daily)."""

    __tablename__ = "dossier_sequences"

    agency_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class Dossier(Base):
    __tablename__ = "dossiers"
    __table_args__ = (UniqueConstraint("office_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    code: Mapped[str] = mapped_column(String(60), unique=True)
    ledger_no: Mapped[int] = mapped_column(Integer)
    tracking_token: Mapped[str] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="received")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code"))
    applicant: Mapped[dict[str, Any]] = mapped_column(JSON)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    sets: Mapped[int] = mapped_column(Integer, default=1)
    result_delivery: Mapped[Delivery] = mapped_column(String(20))
    fee: Mapped[int] = mapped_column(Integer)
    identity_outcome: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The queue ticket the applicant came with; a ticket may lead to several dossiers.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True,
                                                  index=True)

    delivery_address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # {"collector_name","collector_id_masked","relation","identity_outcome"}: the full ID
    # number of the person collecting is never stored.
    return_info: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    return_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    return_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Received while the counter was offline, on a number of this lease (issue 7). No
    # foreign key in the database: adding one would rebuild the dossiers table on SQLite.
    offline: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    lease_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # The backend ran the eID check itself because the counter could not.
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime,
                                                                      nullable=True)
    identity_rechecked: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default="0")
    # The counter that received it (the ticket's counter, else the clerk's): statistics
    # by counter (Decision 766 digitisation indicators, issue 14).
    counter_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Statutory life after receipt (issue 15): where the dossier is now, and the one
    # extension the law allows (form 04): the first appointment is kept when it moves.
    current_unit: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # Form 01's authorised person ({"id_number","full_name",...}); personal data, removed
    # with the applicant's after the retention period.
    proxy: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    original_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    extensions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    procedure: Mapped[Procedure] = relationship(lazy="joined")
    received_by: Mapped[User] = relationship(foreign_keys=[received_by_id], lazy="joined")
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id],
                                                    lazy="joined")
    office: Mapped[Office] = relationship(lazy="joined")
    history: Mapped[list[DossierHistory]] = relationship(
        order_by="DossierHistory.id", lazy="selectin")


class DossierHistory(Base):
    """One row per event of the dossier's life; the first is "received", written with the
    dossier. `status` is the status after the event."""

    __tablename__ = "dossier_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Null: a step made on the server's command line without --by.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # status | handover | extension: a hand-over (form 06) and an extension (form 04) are
    # events of the dossier's life without a change of status.
    kind: Mapped[str] = mapped_column(String(20), default="status", server_default="status")
    # The time this step must be done by: the appointment for a status step, the step's
    # own due time for a hand-over, the new appointment for an extension.
    due_by: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    from_unit: Mapped[str | None] = mapped_column(String(120), nullable=True)
    to_unit: Mapped[str | None] = mapped_column(String(120), nullable=True)
    form_no: Mapped[str | None] = mapped_column(String(30), nullable=True)  # forms 04, 05

    user: Mapped[User | None] = relationship(lazy="joined")


class FormSequence(Base):
    """Last number used per form kind (BS, TC) per office per office-local day."""

    __tablename__ = "form_sequences"

    kind: Mapped[str] = mapped_column(String(2), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class FormRecord(Base):
    """A supplement request (form 02, kind BS) or a refusal (form 03, kind TC).

    One table for both: they share numbering, idempotency and what statistics count.
    """

    __tablename__ = "form_records"
    __table_args__ = (UniqueConstraint("office_id", "number"),
                      UniqueConstraint("office_id", "idempotency_key"),
                      Index("ix_form_records_office_day", "office_id", "day", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    kind: Mapped[str] = mapped_column(String(2))  # BS | TC
    day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code"))
    applicant: Mapped[dict[str, Any]] = mapped_column(JSON)
    missing: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime,
                                                                      nullable=True)

    procedure: Mapped[Procedure] = relationship(lazy="joined")
    created_by: Mapped[User] = relationship(lazy="joined")


class CalendarOverride(Base):
    """A date the office treats as a day off or a working day against the package."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))  # off | working


class Service(Base):
    """A queue: its tickets share a prefix and a number band that restarts daily."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(2))
    number_start: Mapped[int] = mapped_column(Integer, default=1)
    number_end: Mapped[int] = mapped_column(Integer, default=999)
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CounterService(Base):
    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)


class TicketSequence(Base):
    """Last number used per service per office-local day (the same upsert as dossiers)."""

    __tablename__ = "ticket_sequences"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("issued_service_id", "day", "seq"),
        UniqueConstraint("office_id", "idempotency_key"),
        Index("ix_tickets_queue", "office_id", "day", "status", "service_id"),
        # call-next reads the head of the queue in calling order: LIMIT 1 on this index.
        Index("ix_tickets_order", "office_id", "day", "status", "issued_at", "id"),
        # Who is at a counter now (any day: a case left open): the few tickets called or
        # being served, not a province's years of history.
        Index("ix_tickets_at_counter", "office_id", "counter_id",
              sqlite_where=text(AT_COUNTER_SQL), postgresql_where=text(AT_COUNTER_SQL)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)  # office-local issue day
    # The number belongs to the service it was issued for; service_id follows transfers.
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(10))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    priority: Mapped[Priority | None] = mapped_column(String(20), nullable=True)
    status: Mapped[Status] = mapped_column(String(20), default="waiting")
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    # Set by a transfer to a counter: only that counter calls the ticket.
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"),
                                                          nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[Source] = mapped_column(String(10))
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    transferred_from: Mapped[str | None] = mapped_column(String(20), nullable=True)
    transferred_from_counter: Mapped[int | None] = mapped_column(Integer, nullable=True)

    service: Mapped[Service] = relationship(foreign_keys=[service_id], lazy="joined")
    # Counters are few and stay in the session's identity map: plain lazy loads.
    counter: Mapped[Counter | None] = relationship(foreign_keys=[counter_id])
    target_counter: Mapped[Counter | None] = relationship(foreign_keys=[target_counter_id])


class TicketEvent(Base):
    """Every transition, in commit order: statistics and the display's replay read these.

    id is the event's `seq`; AUTOINCREMENT on SQLite so a number is never reused.
    """

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_office_day", "office_id", "day", "id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True,
                                                  index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    counter_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    # The Event as sent (without seq), so a replay shows what the display saw then.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class DossierLease(Base):
    """A block of one day's ledger numbers handed to a counter in advance, so it can
    print final dossier codes while the backend is unreachable (docs/api-offline.md)."""

    __tablename__ = "dossier_leases"
    __table_args__ = (UniqueConstraint("office_id", "idempotency_key"),
                      Index("ix_dossier_leases_user_day", "user_id", "day"),
                      Index("ix_dossier_leases_office_day", "office_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_code: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))


class DossierFile(Base):
    """One document component of a dossier, digitised at the counter (issue 14): its signed
    PDF lives in the file store by its SHA-256 (backend/dossiers/file_store.py), encrypted;
    this row says what it is. An exempt component has a reason and no file."""

    __tablename__ = "dossier_files"
    __table_args__ = (UniqueConstraint("dossier_id", "component"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    component: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    signer: Mapped[str] = mapped_column(String(200), default="")
    exempt_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    digitised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    digitised_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The citizen, as a keyed hash of the ID number (FileStore.applicant_key): finds an
    # earlier digitised paper to reuse without keeping the number here.
    applicant_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    reused_from_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AssistedFiling(Base):
    """A citizen helped at the counter to file an online-only procedure on the national
    portal (docs/domain.md, "Online-only procedures"): the portal's dossier code, who helped,
    which ticket; no personal data (the portal holds the dossier)."""

    __tablename__ = "assisted_filings"
    __table_args__ = (UniqueConstraint("office_id", "idempotency_key"),
                      Index("ix_assisted_filings_office_day", "office_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedures.code"))
    portal_code: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    day: Mapped[date] = mapped_column(Date)  # office-local
    idempotency_key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))

    user: Mapped[User] = relationship(lazy="joined")


class AuditEntry(Base):
    """Who received, returned or changed what, and when; written in the transaction of
    the change itself. `detail` never holds names, ID numbers or addresses."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_office_at", "office_id", "at"),
                      Index("ix_audit_log_code", "code"),
                      Index("ix_audit_log_office_seq", "office_id", "seq", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    # Null: done on the server's command line.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    code: Mapped[str | None] = mapped_column(String(60), nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(45), nullable=True)
    request_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Tamper evidence (backend/audit_chain.py): the row's place in its office's chain and
    # the SHA-256 over the previous row's hash and this row's content.
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)

    user: Mapped[User | None] = relationship(lazy="joined")


class ServerKey(Base):
    """Secrets the server makes for itself once (hex), e.g. the key under which the audit
    log keeps an HMAC of an ID number instead of the number (backend/identity/guard.py)."""

    __tablename__ = "server_keys"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class AuditChainHead(Base):
    """The last link of an office's audit chain; locked while a row is appended, so two
    transactions never link to the same predecessor."""

    __tablename__ = "audit_chain"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class BackendMeta(Base):
    """Facts about this database itself. `database_id`: a random UUID made once, by the
    migration that created this table, so that a counter can tell this database from
    another one behind the same address (leases are bound to it, docs/api-offline.md)."""

    __tablename__ = "backend_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
