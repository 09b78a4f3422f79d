"""Layer 1, input: bytes → cells. ``cells`` parses one cell, ``workbook`` reads sheets into grids,
``layout`` is the one header matcher and cell reader of every table kind, ``sidetable`` reads the
small tables that come with an export, ``atomic`` writes files atomically."""
