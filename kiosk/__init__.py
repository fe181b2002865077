"""Gópý Kiosk core: the domain, its durable store and every rule of the product. Imports no Qt."""

__version__ = "0.1.0"
