"""CLI commands, one module each, discovered by :func:`sysselsattning.cli.build_parser`."""
