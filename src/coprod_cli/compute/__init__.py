"""Figures computed from the models: no I/O, no printing."""
