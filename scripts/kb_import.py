"""`make kb-import DIR=folder`: import a folder of Markdown articles with front matter into the
knowledge base (see scripts/kb_files.py for the format). A second import of the same files
updates the articles (matched by slug and language) instead of duplicating them.

By default it talks to the running local stack (.local/stack.json and .local/keys.json); give
`--api-url` and `--key` (an admin key) for a deployed stage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from scripts import kb_files

BATCH = 50


def post(api_url: str, key: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(f"{api_url.rstrip('/')}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        raise SystemExit(f"the API refused the import ({error.code}): {detail}") from None
    except urllib.error.URLError as error:
        raise SystemExit(f"cannot reach {api_url} ({error.reason}); is `make run` running?") from None


def import_folder(folder: Path, api_url: str, key: str) -> Counter[str]:
    files = kb_files.read_folder(folder)
    actions: Counter[str] = Counter()
    for start in range(0, len(files), BATCH):
        answer = post(api_url, key, "/kb/import", {"articles": [f.request() for f in files[start:start + BATCH]]})
        for item in answer["imported"]:
            actions[item["action"]] += 1
            print(f"{item['action']:>9}  {item['language']}/{item['slug']}  ({item['status']}, {item['id']})")
    return actions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--api-url")
    parser.add_argument("--key", help="an admin API key")
    args = parser.parse_args(argv)
    state = Path(os.environ.get("LOCAL_STATE_DIR", ".local"))
    stack, keys = state / "stack.json", state / "keys.json"
    api_url = args.api_url or (json.loads(stack.read_text())["api_url"] if stack.exists() else None)
    key = args.key or (json.loads(keys.read_text())["admin"] if keys.exists() else None)
    if not api_url or not key:
        print("no local stack found: start it with `make run`, or give --api-url and --key", file=sys.stderr)
        return 2
    if not args.folder.is_dir():
        print(f"{args.folder} is not a folder", file=sys.stderr)
        return 2
    try:
        actions = import_folder(args.folder, api_url, key)
    except kb_files.ArticleFileError as error:
        print(error, file=sys.stderr)
        return 2
    print(", ".join(f"{n} {a}" for a, n in sorted(actions.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
