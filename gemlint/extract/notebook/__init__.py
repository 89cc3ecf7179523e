"""Jupyter notebooks: IPython cells, cell magics, SQL cells."""
