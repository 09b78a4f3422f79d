"""Layer 2, policy: ``profile`` (validated TOML rule profiles in ``profiles/``), ``formulas`` (execution
score, indicator scores, grades, total agreement), ``metrics`` (the rates of DOMAIN.md)."""
