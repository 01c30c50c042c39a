"""The directives: ``quicktake``, ``paper-card`` and ``quicktake-list``, on one shared base."""
