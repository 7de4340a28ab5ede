"""CCHC oversight: read, validate and assess the administrative-reform communication plan."""

__version__ = "0.1.0"
