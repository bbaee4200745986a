"""budgetdoc's pipeline: load → validate → compute → compose → render → write."""
