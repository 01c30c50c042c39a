"""Cross-document state: the ``qt`` domain, the library loaded into a build, links and backlinks."""
