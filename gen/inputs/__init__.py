"""Input files budgetdoc writes: the workbook layout (from the model), YAML and Excel writers, new inputs."""
