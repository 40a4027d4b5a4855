"""Sample data for the demo: the generated files (``2023/``) and their generator.

Nothing on the app's runtime path imports this package; ``make sample`` and the tests do.
"""
