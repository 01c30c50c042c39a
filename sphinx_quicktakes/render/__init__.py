"""Doctree nodes for articles, answers and paper cards, and their HTML and LaTeX visitors."""
