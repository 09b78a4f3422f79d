"""Layer 3, 数字城管 case exports (never imports ``selfeval`` or ``department``): ``reader``,
``assess`` (monthly assessment and rankings), ``funnel`` (stages and published counts),
``sampling`` (audit samples), ``overall`` (a unit's overall score), ``report`` (all of it for one
export)."""
