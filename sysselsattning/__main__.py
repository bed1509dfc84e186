"""`python -m sysselsattning` → the command line (which opens the GUI by default)."""

from sysselsattning.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
