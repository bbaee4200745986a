"""The workbench's pages, one module per who uses them."""
