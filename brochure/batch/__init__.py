"""Personalised copies per recipient (`brochure batch`): recipients, the language choice, a recipient's
own pages over shared pages laid out once, executors (local pool, Dask), manifest, e-mail drafts and
sending. `run.run_batch` is the entry point."""
