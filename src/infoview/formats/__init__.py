"""Readers and writers of files other programs open (sheets, calendars, contacts...)."""
