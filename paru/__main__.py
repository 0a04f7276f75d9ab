"""``python -m paru``: the same command line as ``paru``."""

from paru.cli import main

if __name__ == "__main__":
    main()
