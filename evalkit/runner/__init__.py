"""Layer 5, the runner: ``catalog`` → ``provenance`` → ``build`` → ``worker`` (long-lived worker
processes, one per job slot) → ``serve`` (in a worker: ``kernel``, its warm kernel, reset between
reports by ``session``; ``export``, the page) → ``pages`` (report, error and index pages,
manifests); ``overview`` backs the overview notebook."""
