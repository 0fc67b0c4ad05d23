"""tools/experiment's subcommands: one module each, plus what they share (common.py)."""
