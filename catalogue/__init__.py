"""The reference catalogue: the lists the programme works with (SBI codes, clusters, provinces, horizons,
pillars, R-ladder, innovation functions F1-F8, critical raw materials and common materials, industry figures
…), each entry with the document and section it comes from.

Where things are
----------------
* `registry.LISTS` declares every list once: its model, its CSV files (`sources.py` vocabulary), the columns
  of its overview, search and API filters. Two lists may share a model (`where=`): the critical raw materials
  (the 34 of the EU list 2023) and the common materials of bills of materials are both `RawMaterial` rows.
* `loader.catalogue_load` reads `data/*.csv` into the models (idempotent, all or nothing).
* `views`, `api`, `admin` and the `regiekamer catalogue` command are built from the registry.

Reference data in the reader's language
---------------------------------------
One mechanism, used by every page, export, command and app that shows an entry:

1. **The texts come from the data files.** Every text a person reads is stored in both languages, in two
   model fields filled from two CSV columns: ``name`` and ``name_en`` where the source is Dutch (clusters,
   horizons, pillars …), ``name_nl`` and ``name`` where the source is English (the EU raw-material lists, the
   R-ladder of Potting et al., Hekkert's innovation functions). No translation of reference data is typed in
   Python; a missing translation is a cell to fill in `data/`, and `data/README.md` says where each column
   comes from.
2. **A model declares its pairs once** with `localized.Localized`::

       localized = Localized(name=("name", "name_en"), description=("description", "description_en"))

3. **Everything reads the active language through it**: ``entry.localized.description``
   (``{{ entry.localized.description }}`` in a template), ``entry.label`` for the entry's name, and
   ``str(entry)``, which is built on `label` (so form choices, links and history rows show it too). Dutch when
   the active language is Dutch (the default), English when the user switches to English; when the wanted
   language is empty, the other one. `localized.localized_ordering` sorts a list by the name the reader sees.

Choices of the models (bands, granularity, landscape …) and every fixed text of the code are gettext strings,
with their Dutch in `locale/nl`. Stored codes (R0, F1, SBI codes, symbols) are the sources' notation and are
shown as such, next to their label.
"""
