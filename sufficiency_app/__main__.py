"""``python -m sufficiency_app`` and the frozen app's entry point.

With no command (a double-click, or only options such as ``--smoke``) it
opens the window, so the Windows shortcut needs no arguments.
"""

import multiprocessing
import sys

from sufficiency_app.cli import main


def run() -> int:
    args = sys.argv[1:]
    if not args or args[0].startswith("-") and args[0] not in ("-h", "--help", "--version"):
        args = ["gui", *args]
    return main(args)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # the solver runs each solve in a child process
    sys.exit(run())
