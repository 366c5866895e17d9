"""`python -m newsbot` runs the command line, like the `newsbot` script."""

from newsbot.cli import main

main()
