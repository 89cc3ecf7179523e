"""``gemlint sweep``: scan many repositories and summarise which models they use and what breaks when.

One step per module: ``sources`` (what to sweep, shards, credential-free names), ``gitops`` (safe git: shallow
clones with hooks off, commits), ``scanrepo`` (one repository in a worker process: reports and a record),
``engine`` (bounded workers, resumability, failures recorded), ``summary`` (records -> one summary, the same
from one run or merged shards), ``render`` (Markdown, CSV), ``html`` (the single static page) and ``command``
(the click commands). Documentation: docs/sweep.md.
"""

RECORD_SCHEMA = 1
