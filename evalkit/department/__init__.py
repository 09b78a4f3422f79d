"""Layer 3, department tables: ``base`` (what every table shares), ``tables`` (project budget and
score lists), ``lines`` (base-data and itemised tables), ``checks`` (their rules), ``crosscheck``
(the same quantity in two documents), ``workbooks`` (read and check files and folders),
``submission`` (a department's year read together). Builds on ``selfeval``."""
