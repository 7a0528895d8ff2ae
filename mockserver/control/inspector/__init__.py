"""The browser inspector at /_mock/ui: one server-rendered page over the control plane's reads, whose buttons call
the existing /_mock endpoints (`reads.py` gathers, `sections.py` renders, `page.py` serves)."""
