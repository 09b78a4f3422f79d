"""Layer 3, self-evaluation tables (自评表): ``form`` reads one, ``rescore`` recomputes it by a rule
profile, ``checks`` are its spot-check rules."""
