"""`python -m cxm`: the command line."""

from .cli.main import main

main()
