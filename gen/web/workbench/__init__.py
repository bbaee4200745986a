"""The workbench app: departments, their yearly submissions and uploaded versions, review, audit."""
