"""Views of the overview: lists, search, pages, plan versus fact, dashboard (one module each)."""
