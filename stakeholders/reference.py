"""The sources of the stakeholder analysis (werkwijze UPCM 2020, Bijlage 4, 'Gebruikte bronnen/methoden').

Reference data, kept here so the loader (`sources_ensure`) and the tests share one list. Migration 0002 holds
a frozen copy, as migrations must."""

SECTION = "Werkwijze UPCM 2020, Bijlage 4, Categorisering 7 (gebruikte bronnen/methoden)"
MANUAL_SECTION = "Bijlage 4, Fase 2 (aanvullen vanuit eigen netwerk)"
SOURCES = [
    ("slimme-tool", "Slimme tool (zelflerend algoritme)", 1),
    ("media-analyse", "Media-analyse", 2),
    ("programma", "Gegevens van het Uitvoeringsprogramma", 3),
    ("tno", "Analyserapport TNO", 4),
    ("telefonisch", "Telefonische gesprekken change-agents", 5),
    ("rvo", "Database RVO", 6),
    ("handmatig", "Handmatig toegevoegd", 7),
]
