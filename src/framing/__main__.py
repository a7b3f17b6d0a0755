"""``python -m framing`` runs the command-line interface."""
import sys

from framing.cli import main

sys.exit(main())
