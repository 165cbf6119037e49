"""Office configuration shared by the admin API and `python -m backend admin`: every check
lives here once, so both refuse the same things with the same Vietnamese sentence (a
DomainError from backend/errors.py: 404 unknown, 409 conflict, 422 invalid value)."""
