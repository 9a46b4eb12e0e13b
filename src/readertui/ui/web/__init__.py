"""The reader in a browser (`readertui serve`), through Textual's own textual-serve."""
