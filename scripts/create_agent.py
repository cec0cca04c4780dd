"""Add an agent straight into a stack (how the first admin agent is made; later ones through
`POST /admin/agents`). The stack's outputs name the table, the pool and its client.

    TABLE_NAME=<table> COGNITO_USER_POOL_ID=<AgentPoolId> COGNITO_CLIENT_ID=<AgentPoolClientId> \
    AWS_REGION=<region> python -m scripts.create_agent --email lea@shop.example --name "Lea Lead" --tier admin
"""

from __future__ import annotations

import argparse
import sys

from chalicelib.services import agents
from chalicelib.services.context import desk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--email", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--tier", required=True, choices=["1", "2", "3", "admin"])
    parser.add_argument("--language", default="en")
    parser.add_argument("--password", help="leave out to have one generated")
    args = parser.parse_args(argv)
    tier = args.tier if args.tier == "admin" else int(args.tier)
    agent, password = agents.create(desk(), args.email, args.name, tier, args.language, args.password)
    print(f"{agent.name} <{agent.email}>, {agent.role}: password {password}")
    print("Hand the password over now: it is not kept anywhere readable.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
