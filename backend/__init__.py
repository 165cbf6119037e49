"""Reference one-stop backend (FastAPI + SQLAlchemy); run with `python -m backend serve`."""

__version__ = "0.1.0"
