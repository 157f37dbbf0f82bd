"""Settings package: ``base`` is shared; ``dev``, ``test`` and ``production`` choose from it."""
