from readertui.cli import run

run()
