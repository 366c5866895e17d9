"""`python -m newsbot` runs the command line, like the `newsbot` script."""

from newsbot.cli import main

# Guarded: indexing a large corpus starts worker processes, which import this module again.
if __name__ == "__main__":
    main()
