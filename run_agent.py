"""Entry point: `python run_agent.py --help`."""

import sys

from agent.cli import main

if __name__ == "__main__":
    sys.exit(main())
