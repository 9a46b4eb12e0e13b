"""`python -m readertui`."""

from readertui.cli.main import run

# Guarded: worker processes started with "spawn" import this module again as `__mp_main__`.
if __name__ == "__main__":
    run()
