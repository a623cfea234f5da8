"""Registers the commands that live in their own modules (delivery, checks, …) on the app."""
