"""`python -m devstack.reset` (`make reset`): empty the local stack's state directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import statedir
from .stack import ROOT


def main() -> int:
    state_dir = Path(os.environ.get("LOCAL_STATE_DIR", ROOT / ".local"))
    try:
        statedir.reset(state_dir)
    except statedir.Busy as busy:
        print(f"devstack: {busy}", file=sys.stderr)
        return statedir.EXIT_BUSY
    print(f"emptied {state_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
