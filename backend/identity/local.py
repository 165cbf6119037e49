"""Identity checks against the local registry table (seeded in demo mode)."""

from __future__ import annotations

from backend import models
from backend.db import Database
from backend.identity.base import VerifyRequest, VerifyResult, compare, result


class LocalRegistryProvider:
    name = "local"

    def __init__(self, db: Database) -> None:
        self._db = db

    def verify(self, request: VerifyRequest) -> VerifyResult:
        with self._db.read() as s:
            row = s.get(models.Citizen, request.id_number)
        if row is None:
            return result("not_found", self.name)
        fields = compare(request, row.full_name, row.date_of_birth, row.sex)
        level = row.assurance_level
        if fields:
            return result("mismatched", self.name, fields=fields, assurance_level=level)
        return result("matched", self.name, assurance_level=level)
