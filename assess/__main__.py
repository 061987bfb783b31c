"""`python -m assess` runs the command-line interface."""

from assess.cli import main

if __name__ == "__main__":
    main()
