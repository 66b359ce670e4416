"""Presets: the five support regimes of the seeds as data, and the demo that loads them."""
