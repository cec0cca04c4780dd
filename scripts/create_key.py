"""Issue an API key straight into a stack's table (how the first admin key is made).

    TABLE_NAME=<table> AWS_REGION=<region> python -m scripts.create_key --role admin --label ops
"""

from __future__ import annotations

import argparse
import sys

from chalicelib.domain.access import ROLES
from chalicelib.services import apikeys
from chalicelib.services.context import desk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    key, caller = apikeys.issue_key(desk(), args.role, args.label)
    print(f"{caller.role} key {caller.key_id}: {key}")
    print("Store it now: only its hash is kept.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
