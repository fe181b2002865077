"""The ``gopy`` console script: a dispatcher above the layers."""
