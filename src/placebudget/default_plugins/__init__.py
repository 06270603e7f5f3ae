"""The plugins inside placebudget: the case file and Unit Cost Database importers and the
Markdown report. They are registered from
:data:`placebudget.plugin.DEFAULT_PLUGINS` before any third-party plugin."""
