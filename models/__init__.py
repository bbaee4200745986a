"""Input schema of budgetdoc: one department's budget for one year, leaf facts only."""

from models.budget import Budget

__all__ = ["Budget"]
