"""Synthetic inputs for the samples, the tests and the benchmarks: ``formgen`` (自评表 layout
variants) and ``casegen`` (case exports calibrated to the seeds). Builds on ``io`` only."""
