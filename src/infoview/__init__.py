"""infoview: a terminal companion for students' informational interviews."""

__version__ = "0.1.0"
