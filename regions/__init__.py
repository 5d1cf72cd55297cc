"""Regions: the map of the twelve provinces (issue 19 item 5) and the regional maakindustrie platforms and
clusters with a regional overview per province (issue 22 item 5; Werkwijze UPCM 2020 §5.6, Bijlage 9)."""
