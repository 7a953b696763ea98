# %% [markdown]
# # Build a briefing from a notebook
#
# The cells of this file (``# %%``) run one by one in Jupyter (through jupytext), VS Code or
# Spyder, or all at once as a script: `python docs/api_example.py`, from the folder holding
# `config.yaml`. `tests/test_api.py` runs it as it stands. See docs/api.md.

# %%
from briefing import BriefingError, build, load_config

# %% [markdown]
# Read and check the config: every problem is listed, each naming the key it is about.

# %%
try:
    cfg = load_config("config.yaml")
except BriefingError as exc:
    raise SystemExit(f"error: {exc}") from None
print(f"{cfg.title}: {len(cfg.sources)} sources, {len(cfg.key_facts)} key facts")

# %% [markdown]
# Build the Markdown and facts.json into the config's output folder (`build/` unless it names
# another; pass a folder to choose). All four outputs when `formats` is left out. Nothing is
# rebuilt when nothing changed since the last build into that folder.

# %%
result = build(cfg, formats=("md", "json"))
for fmt, path in result.outputs.items():
    print(f"{fmt}: {path}")
for warning in result.warnings:
    print(f"warning: {warning}")

# %% [markdown]
# The briefing itself is data: each key-facts row with its values, every value with the
# sources that give it.

# %%
briefing = result.briefing
for row in briefing.key_facts:
    if not row.found:
        print(f"{row.label}: not found in sources")
        continue
    cited = "; ".join(f"{value} [{', '.join(str(c.number) for c in cites)}]" for value, cites in row.values)
    print(f"{row.label}: {cited} ({row.confidence} confidence)")

# %%
for source in briefing.sources:
    print(f"[{source.number}] {source.outlet or source.path}: {source.title or source.headline}")
