"""Sysselsättning först – arvoden, lönekörningar och förmånssimulering."""

__version__ = "0.1.0"
