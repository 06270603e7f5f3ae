"""asv benchmarks of placebudget (see README.md in this folder)."""
