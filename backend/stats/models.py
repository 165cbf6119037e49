"""Satisfaction ratings (revision 0004) and the stored figures of closed days (0004, 0007)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models import Base, Dossier, UtcDateTime

LEVELS = ("very_satisfied", "satisfied", "not_satisfied")


class Rating(Base):
    __tablename__ = "ticket_ratings"
    __table_args__ = (Index("ix_ticket_ratings_office_day", "office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    # One rating per ticket: the unique constraint answers a second one (409).
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    day: Mapped[date] = mapped_column(Date)  # office-local day of the rating
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    level: Mapped[str] = mapped_column(String(20))  # very_satisfied | satisfied | not_satisfied
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    counter_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The clerk who served the ticket (statistics by clerk) and the account that rated.
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class TicketFact(Base):
    """A closed day's ticket figures (counter_app/domain/stats.py), computed once.

    Events of a day that has ended no longer change, and recomputing a year of them
    (1.5 M events) takes ~20 s: ranges read these rows instead. Today is always computed
    from its events.
    """

    __tablename__ = "stats_ticket_facts"
    __table_args__ = (Index("ix_stats_ticket_facts_office_day", "office_id", "day"),)

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    day: Mapped[date] = mapped_column(Date)
    month: Mapped[int] = mapped_column(Integer)  # yyyymm of the issue day
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday, office-local issue time
    hour: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counter_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(10))
    called: Mapped[bool] = mapped_column(Boolean)
    transferred: Mapped[bool] = mapped_column(Boolean)
    waiting: Mapped[float | None] = mapped_column(Float, nullable=True)  # seconds
    walk: Mapped[float | None] = mapped_column(Float, nullable=True)
    service: Mapped[float | None] = mapped_column(Float, nullable=True)
    on_site: Mapped[float | None] = mapped_column(Float, nullable=True)


class CounterDay(Base):
    """A closed day's open and serving time per counter (idle = open - serving)."""

    __tablename__ = "stats_counter_days"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    counter_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    idle_s: Mapped[float] = mapped_column(Float)


class StatsDay(Base):
    """Which closed days are in the two tables above."""

    __tablename__ = "stats_days"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tickets: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The day's tickets as one packed row (backend/stats/pack.py), revision 0007.
    pack: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


# Ranges of dossiers by time (statistics): declared here, on the dossiers table, so the
# metadata matches the revisions whenever statistics are loaded. Covering (0007): a year's
# counts come from the index alone, not from 140k dossier rows with their JSON.
Index("ix_dossiers_office_received", Dossier.office_id, Dossier.received_at,
      Dossier.procedure_code)
Index("ix_dossiers_office_returned", Dossier.office_id, Dossier.returned_at, Dossier.due_at)
Index("ix_dossiers_office_status_due", Dossier.office_id, Dossier.status, Dossier.due_at)
