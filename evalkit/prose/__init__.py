"""Layer 3, prose: what a report states in its text, checked against its tables — ``claims``
(the figures stated: amounts, rates, counts, scores, grades), ``plain`` (paragraphs of an
extracted plain text), ``names`` (name keys and measures), ``match`` (claims against the
tables' :class:`~evalkit.prose.match.Quantity` figures), ``derived`` (a rate against the figures
stated beside it), ``check`` (all of it for one report's text)."""
