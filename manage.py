#!/usr/bin/env python
"""Django's command-line utility; the installed `regiekamer` command does the same."""

from regiekamer.cli import main

if __name__ == "__main__":
    main()
