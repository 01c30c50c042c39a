"""Output beyond the pages themselves: generated pages, metadata, sitemap, llms.txt, JSON, citations."""
