"""Core of the one-stop counter client: no Qt, usable from scripts and tests."""

__version__ = "0.1.0"
APP_NAME = "counter-app"
