"""The national registry: importers into a persistent store, its consistency checks, status of law versions.

    lawrefbook  → read a LawRefBook folder (Markdown versions + db.sqlite3 metadata) and join them, reporting gaps
    laws        → one law version (parsed by ingest.lawmd) as quads in the project's data model (ELI)
    documents   → a bureau's list of normative documents (规范性文件目录清单, CSV/XLSX) as quads
    persist     → the store folder: generations of a pyoxigraph store, atomic replacement of one named graph
    verify      → consistency and provenance checks of a store
    status      → the version of a law in force on a date, and the status of a version on a date
"""
