"""Reading and writing files: case files, unit cost workbooks, atomic output."""

__all__: list[str] = []
