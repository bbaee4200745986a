"""The web workbench (`budgetdoc serve`): a Django project whose one app, `workbench`, lets budget
officers upload their inputs and the finance bureau review them, over the same pipeline as the CLI."""
