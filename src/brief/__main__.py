"""Entry point: checks what must be right before any heavy import, then runs the CLI."""

from __future__ import annotations

import os
import sys


def main() -> None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not epoch.isdigit():
        # numpy reads it while being imported and fails obscurely on anything else
        print(f"Error: SOURCE_DATE_EPOCH={epoch!r}: set whole seconds since 1970, or unset it",
              file=sys.stderr)
        sys.exit(2)
    from brief.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
