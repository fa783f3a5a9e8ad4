"""Run infoview as ``python -m infoview``."""

from infoview.cli import main

if __name__ == "__main__":
    main()
