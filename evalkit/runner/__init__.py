"""Layer 5, the runner: ``catalog`` → ``provenance`` → ``build`` (papermill in worker processes) →
``pages`` (report, error and index pages, manifests); ``overview`` backs the overview notebook."""
