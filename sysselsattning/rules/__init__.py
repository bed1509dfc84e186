"""Dated legal parameters read from ``resources/rules/`` (see :mod:`sysselsattning.rules.parameters`)."""

from sysselsattning.rules.parameters import (
    ParameterError,
    ParameterFileError,
    ParameterMissing,
    ParameterSet,
    ParamValue,
    default_parameters,
    load_parameters,
)

__all__ = [
    "ParamValue",
    "ParameterError",
    "ParameterFileError",
    "ParameterMissing",
    "ParameterSet",
    "default_parameters",
    "load_parameters",
]
