"""Presentation: Danish formatting, narrative, tables and fact sheets."""
